"""What the Admin form pages (alert channels, routes and outbox, mailboxes) do alike: admit
an admin only, read a posted form once its CSRF token matches, show a page or a 404, and
answer a refused change with its status. Each page keeps its own fields and actions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sellerdesk.core.errors import NotFound, SellerDeskError
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    csrf_refused,
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in_admin,
)
from sellerdesk.web.session import CSRF_FIELD, same


def admin_page(request: Request, show: Callable[[WebSession], Response]) -> Response:
    """``show`` for a signed-in admin; a thing it does not find answers 404 (and anyone
    but an admin gets the sign-in page or 404: an admin page is not admitted to exist)."""
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    try:
        return show(found)
    except NotFound:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))


async def admin_post(
    request: Request, act: Callable[[WebSession, FormData], Response], *, max_fields: int = 40
) -> Response:
    """``act`` on the form an admin posted, in a worker thread (it reaches the database); or
    the answer refusing it: not an admin, or a CSRF token that does not match (403)."""
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=max_fields)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    return await run_in_threadpool(act, found, raw)


def texts(raw: FormData, names: Iterable[str]) -> dict[str, str]:
    """The named text fields ("" for a missing one)."""
    return {name: str(raw.get(name) or "") for name in names}


def ticked(raw: FormData, names: Iterable[str]) -> dict[str, bool]:
    """The named check boxes: ticked when sent as "yes"."""
    return {name: raw.get(name) == "yes" for name in names}


def check_lengths(form: Mapping[str, str], limit: int) -> None:
    """InvalidInput naming the first field longer than ``limit``."""
    for name, value in form.items():
        check_length(value, name, limit)


def refusal_status(exc: SellerDeskError) -> int:
    """404 for a thing not found, 409 for a conflict, 422 for any other refusal."""
    if isinstance(exc, NotFound):
        return 404
    return 409 if exc.exit_code == 3 else 422


@dataclass(frozen=True)
class Refusal:
    """What a page says when a change is refused: the HTTP status, the words (what is wrong
    and how to fix it, in the page's language) and the form input to mark. The default says
    nothing: a page shown as asked."""

    status: int = 200
    error: str = ""
    bad: str = ""

    @classmethod
    def of(
        cls, request: Request, exc: SellerDeskError, input_of: Mapping[str, str] | None = None
    ) -> Refusal:
        """``exc`` said on its page; ``input_of`` maps the service's field names to the form's
        inputs (without it the field names are the inputs')."""
        field = exc.field or ""
        bad = field if input_of is None else input_of.get(field, "")
        return cls(refusal_status(exc), problem_text(request, exc), bad)

    @classmethod
    def not_found(cls, request: Request, exc: NotFound) -> Refusal:
        """A thing gone: 404 and the words, no input marked."""
        return cls(404, problem_text(request, exc))


SHOWN = Refusal()


def notices(request: Request, limit: int = 80) -> dict[str, str]:
    """``saved`` and ``removed`` of the redirect after a change, for the page to say."""
    return {
        "saved": request.query_params.get("saved", "")[:limit],
        "removed": request.query_params.get("removed", "")[:limit],
    }


def refused_page(
    request: Request, found: WebSession, page: str, refused: Refusal, **values: Any
) -> Response:
    """``page`` for the admin, saying ``refused`` (``error``, and ``bad`` marks the input)."""
    return render(
        request, page, refused.status, current=found, error=refused.error, bad=refused.bad,
        **values,
    )  # fmt: skip
