"""Admin: People. The team's users; adding one (with a one-time password shown once),
and per person: role, disable/enable, password reset (a one-time password that expires),
store access, and removal with their open cases handed to someone else, confirmed on a
page of its own (no script needed). Admins only; anyone else gets 404.

Every change calls one service of ``services/users.py`` or ``services/accounts.py``, the
same the CLI's ``user`` commands call, so the rules (the last active admin, who may take
over cases) are the same everywhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.access import ROLES
from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import accounts, stores, users
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.services.user_views import OneTimePassword
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in_admin,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
PERSON_ACTIONS = ("role", "disable", "enable", "reset", "access")
MAX_FIELDS = 500  # the store check-list has one field per store ticked
DONE = ("role", "disable", "enable", "access", "removed")
ADD_FIELDS = {"name": "web.user.col_name", "role": "web.user.col_role"}  # the add form's words


def _link(name: str) -> str:
    return "/admin/users/" + quote(name, safe="")


def _people(
    request: Request,
    state: Runtime,
    found: WebSession,
    status: int = 200,
    *,
    error: str = "",
    made: OneTimePassword | None = None,
    form: dict[str, str] | None = None,
    add_error: str = "",
    bad: str = "",
) -> Response:
    done = request.query_params.get("done", "")
    return render(
        request,
        "admin_users",
        status,
        current=found,
        users=users.list_users(sessions=state.sessions),
        roles=ROLES,
        now=state.clock(),
        made=made,
        error=error,
        add_error=add_error,
        bad=bad,
        form=form or {},
        done=done if done in DONE else "",
        done_name=request.query_params.get("name", "")[:80],
        link=_link,
    )


def _person(
    request: Request,
    state: Runtime,
    found: WebSession,
    name: str,
    status: int = 200,
    *,
    error: str = "",
    made: OneTimePassword | None = None,
    page: str = "admin_users_person",
) -> Response:
    try:
        shown = users.person(sessions=state.sessions, name=name)
    except NotFound:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    done = request.query_params.get("done", "")
    heirs = [
        u
        for u in users.list_users(sessions=state.sessions)
        if u.active and u.name != shown.user.name and u.role != "viewer"
    ]
    return render(
        request,
        page,
        status,
        current=found,
        person=shown.user,
        open_cases=shown.open_case_ids,
        stores=stores.list_stores(sessions=state.sessions),
        heirs=heirs,
        roles=ROLES,
        now=state.clock(),
        made=made,
        error=error,
        done=done if done in DONE else "",
        me=found.principal.name == shown.user.name,
        link=_link,
    )


@router.get("/admin/users")
def people_page(request: Request, state: State) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _people(request, state, found)


@router.get("/admin/users/{name}")
def person_page(request: Request, state: State, name: str) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _person(request, state, found, name)


@router.get("/admin/users/{name}/remove")
def remove_page(request: Request, state: State, name: str) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    return _person(request, state, found, name, page="admin_users_remove")


async def _form(request: Request) -> tuple[WebSession | Response, dict[str, str]]:
    """The signed-in admin and the posted fields (the ticked stores joined by a newline,
    which no store name holds); a response instead when either is wrong."""
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found, {}
    raw = await request.form(max_files=0, max_fields=MAX_FIELDS)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found), {}
    form = {k: v for k, v in raw.items() if isinstance(v, str) and k != "store"}
    form["store"] = "\n".join(v for v in raw.getlist("store") if isinstance(v, str))
    return found, form


def _checked(form: dict[str, str]) -> dict[str, str]:
    for key, value in form.items():  # no field of these forms is longer
        if key != "store":
            check_length(value, key, 200)
    for store in form.get("store", "").split("\n"):
        check_length(store, "store", 200)
    return form


def _refused(exc: InvalidInput | Conflict | NotFound) -> int:
    return 409 if isinstance(exc, Conflict) else 404 if isinstance(exc, NotFound) else 422


@router.post("/admin/users")
async def add_person(request: Request, state: State) -> Response:
    found, form = await _form(request)
    if isinstance(found, Response):
        return found
    try:
        made = await run_in_threadpool(
            lambda: accounts.add_with_one_time_password(
                sessions=state.sessions,
                now=state.clock(),
                name=_checked(form).get("name", ""),
                role=form.get("role", ""),
                actor=found.principal.name,
            )
        )
    except (InvalidInput, Conflict) as exc:
        bad = exc.field if exc.field in ADD_FIELDS else ""
        text = problem_text(request, exc)
        if bad:  # named at its field, which the form marks: "Name: the value is empty"
            lang = page_lang(request)
            text = t("setup.named", lang, field=t(ADD_FIELDS[bad], lang), text=text)
        status = _refused(exc)
        return _people(request, state, found, status, add_error=text, bad=bad, form=form)
    # shown on this answer only (the page is never cached): a reload does not show it again
    return _people(request, state, found, made=made)


def _change(
    state: Runtime, found: WebSession, name: str, action: str, form: dict[str, str]
) -> OneTimePassword | None:
    _checked(form)
    common: dict[str, Any] = {
        "sessions": state.sessions,
        "now": state.clock(),
        "name": name,
        "actor": found.principal.name,
    }
    if action == "reset":
        return accounts.reset_password(**common)
    if action in ("disable", "enable"):
        me = found.principal.name
        accounts.set_active(**common, active=action == "enable", signed_in_as=me)
    elif action == "role":
        accounts.set_role(**common, role=form.get("role", ""))
    elif action == "access":
        ticked = [s for s in form.get("store", "").split("\n") if s]
        users.set_access(**common, stores=ticked)
        state.token_cache.clear()  # this process sees the new grants at once
    else:
        raise InvalidInput.of("web.bad_action", field="action", value=action)
    return None


@router.post("/admin/users/{name}")
async def change_person(request: Request, state: State, name: str) -> Response:
    found, form = await _form(request)
    if isinstance(found, Response):
        return found
    action = form.get("action", "")
    try:
        made = await run_in_threadpool(_change, state, found, name, action, form)
    except (InvalidInput, Conflict, NotFound) as exc:
        text = problem_text(request, exc)
        return _person(request, state, found, name, _refused(exc), error=text)
    if made is not None:  # the one-time password: on this answer only
        return _person(request, state, found, name, made=made)
    if found.principal.name == name and action == "role":
        return to("/")  # one's own role changed: that session has ended
    return to(f"{_link(name)}?done={action}")


@router.post("/admin/users/{name}/remove")
async def remove_person(request: Request, state: State, name: str) -> Response:
    found, form = await _form(request)
    if isinstance(found, Response):
        return found
    if form.get("confirm") != "yes":  # only the confirmation page's button says yes
        return to(f"{_link(name)}/remove")
    try:
        await run_in_threadpool(
            lambda: accounts.remove(
                sessions=state.sessions,
                now=state.clock(),
                name=name,
                reassign_to=_checked(form).get("reassign_to") or None,
                actor=found.principal.name,
                signed_in_as=found.principal.name,
            )
        )
    except (InvalidInput, Conflict, NotFound) as exc:
        text = problem_text(request, exc)
        page = "admin_users_remove"
        return _person(request, state, found, name, _refused(exc), error=text, page=page)
    state.token_cache.clear()
    return to("/admin/users?done=removed&name=" + quote(name, safe=""))
