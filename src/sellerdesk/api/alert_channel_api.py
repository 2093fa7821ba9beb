"""``/api/v1/alerts/channels``: the chat robots and mail accounts alerts go out by (admin).

The same use cases as Admin › Alert channels and ``sellerdesk alerts channel``
(``services/alerts/channels.py``, by id: ``channels_by_id.py``). Secrets are write-only:
a channel answers only whether its webhook, signing secret and SMTP password are set.
``POST …/{id}/test`` sends a test message now and answers what the vendor said, in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from sellerdesk.api.alert_models import (
    ChannelCreate,
    ChannelOut,
    ChannelPatch,
    ChannelRemoved,
    TestResult,
)
from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.idempotent import respond
from sellerdesk.api.models import Error
from sellerdesk.api.state import State
from sellerdesk.core.alerts.delivery import Outcome
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.alerts import channels, channels_by_id
from sellerdesk.services.alerts.channel_input import ChannelInput

router = APIRouter(prefix="/api/v1/alerts/channels", tags=["alerts"])
ChannelId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The channel's id.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 413, 422)
}


# the channel checks name the CLI's options (--format, --secret, --smtp-to); the API names
# its body's fields
FIELDS = {"format": "message_format", "secret": "signing_secret"}


def _body_field(field: str | None) -> str | None:
    if field is not None and field.startswith("smtp-"):
        return field.replace("-", "_")
    return FIELDS.get(field or "", field)


@contextmanager
def _body_fields() -> Iterator[None]:
    try:
        yield
    except InvalidInput as refused:
        named = _body_field(refused.field)
        if named == refused.field:
            raise
        raise refused.recast(InvalidInput, field=named) from None


def _input(body: ChannelCreate | ChannelPatch) -> ChannelInput:
    given = body.model_dump(exclude_none=True)
    for enum_field in ("kind", "message_format", "smtp_security"):
        if enum_field in given:
            given[enum_field] = str(given[enum_field])
    if "smtp_to" in given:
        given["smtp_to"] = ", ".join(given["smtp_to"])
    return ChannelInput(**given)


@router.get("", response_model=list[ChannelOut], responses=ERRORS)
def list_channels(state: State, principal: CurrentPrincipal) -> list[ChannelOut]:
    """Every channel, secrets never shown."""
    views = channels.list_channels(sessions=state.sessions, principal=principal)
    return [ChannelOut.of(view) for view in views]


@router.post("", status_code=201, response_model=ChannelOut, responses=ERRORS)
def add_channel(
    request: Request, state: State, principal: CurrentPrincipal, body: ChannelCreate
) -> JSONResponse:
    """Add a channel (a name taken: 409). ``Idempotency-Key`` supported."""

    def work() -> tuple[int, dict[str, Any]]:
        with _body_fields():
            view = channels.add(
                sessions=state.sessions,
                now=state.clock(),
                ctx=state.context_for(principal),
                data=_input(body),
                principal=principal,
            )
        return 201, ChannelOut.of(view).model_dump(mode="json")

    return respond(
        request,
        principal,
        body.model_dump(mode="json"),
        work,
        lambda out: f"/api/v1/alerts/channels/{out['id']}",
    )


@router.get("/{channel_id}", response_model=ChannelOut, responses=ERRORS)
def show_channel(state: State, principal: CurrentPrincipal, channel_id: ChannelId) -> ChannelOut:
    """One channel, with its last Send test."""
    view = channels_by_id.show(sessions=state.sessions, channel_id=channel_id, principal=principal)
    return ChannelOut.of(view)


@router.patch("/{channel_id}", response_model=ChannelOut, responses=ERRORS)
def edit_channel(
    state: State, principal: CurrentPrincipal, channel_id: ChannelId, body: ChannelPatch
) -> ChannelOut:
    """Change the fields given (``enabled: false`` turns it off; a secret given as ``""`` is
    cleared); the kind never changes. A name another channel has: 409."""
    with _body_fields():
        view = channels_by_id.edit(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            channel_id=channel_id,
            changes=_input(body),
            principal=principal,
        )
    return ChannelOut.of(view)


@router.delete("/{channel_id}", response_model=ChannelRemoved, responses=ERRORS)
def remove_channel(
    state: State, principal: CurrentPrincipal, channel_id: ChannelId
) -> ChannelRemoved:
    """Remove the channel (its alerts stay in the outbox; its routes name it ``#id``)."""
    gone = channels_by_id.remove(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        channel_id=channel_id,
        principal=principal,
    )
    return ChannelRemoved(removed=ChannelOut.of(gone))


@router.post("/{channel_id}/test", response_model=TestResult, responses=ERRORS)
def send_test(
    request: Request,
    state: State,
    principal: CurrentPrincipal,
    channel_id: ChannelId,
    lang: Annotated[Literal["zh", "en"], Query(description="The words' language.")] = "en",
) -> TestResult:
    """Send a test message now; the answer says whether the vendor took it and, if not,
    why in words (a refusal is a 200 with ``delivered: false``, not an error)."""
    answer = channels_by_id.send_test(
        sessions=state.sessions,
        now=state.clock(),
        channel_id=channel_id,
        lang=lang,
        principal=principal,
        base_url=str(request.base_url),
    )
    result = answer.result
    return TestResult(
        delivered=result.outcome is Outcome.DELIVERED,
        outcome=result.outcome,
        words=answer.words,
        vendor_code=result.vendor_code,
        http_status=result.http_status,
        retry_after_seconds=result.retry_after_seconds,
        detail=result.detail,
        channel=ChannelOut.of(answer.channel),
    )
