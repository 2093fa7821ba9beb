"""``/api/v1/alerts/routes``: which triggers, of which store and whose cases, go to which
channel, in which language, with or without an @mention (admin; ``services/alerts/routes.py``
as Admin › Alert routes and ``sellerdesk alerts route`` use it; edits: ``route_edit.py``).
A route naming a channel, store or user that does not exist is refused with 422 naming the
field (the route is what is not found: 404)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse

from sellerdesk.api.alert_models import RouteCreate, RouteOut, RoutePatch, RouteRemoved
from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.idempotent import respond
from sellerdesk.api.models import Error
from sellerdesk.api.state import State
from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services.alerts import route_edit, routes

router = APIRouter(prefix="/api/v1/alerts/routes", tags=["alerts"])
RouteId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The route's id.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 413, 422)
}


@contextmanager
def _body_refs() -> Iterator[None]:
    """A store named in the body that does not exist is a bad field of the body (422), as an
    unknown channel or user is, not a missing resource (404)."""
    try:
        yield
    except NotFound as missing:
        if missing.field != "store":
            raise
        raise missing.recast(InvalidInput, field="store") from None


@router.get("", response_model=list[RouteOut], responses=ERRORS)
def list_routes(state: State, principal: CurrentPrincipal) -> list[RouteOut]:
    """Every route, oldest first."""
    views = routes.list_routes(sessions=state.sessions, principal=principal)
    return [RouteOut.model_validate(view) for view in views]


@router.post("", status_code=201, response_model=RouteOut, responses=ERRORS)
def add_route(
    request: Request, state: State, principal: CurrentPrincipal, body: RouteCreate
) -> JSONResponse:
    """Add a route. ``Idempotency-Key`` supported."""

    def work() -> tuple[int, dict[str, Any]]:
        with _body_refs():
            view = routes.add_route(
                sessions=state.sessions,
                now=state.clock(),
                actor=principal.name,
                triggers=[str(t) for t in body.triggers],
                channel=body.channel,
                store=body.store,
                assignee=body.assignee,
                mention=body.mention,
                lang=str(body.lang),
                enabled=body.enabled,
                principal=principal,
            )
        return 201, RouteOut.model_validate(view).model_dump(mode="json")

    return respond(request, principal, body.model_dump(mode="json"), work)


@router.patch("/{route_id}", response_model=RouteOut, responses=ERRORS)
def edit_route(
    state: State, principal: CurrentPrincipal, route_id: RouteId, body: RoutePatch
) -> RouteOut:
    """Change the fields given; ``store: null`` is every store, ``assignee: null`` anyone's."""
    given = body.model_dump(mode="json", exclude_unset=True)
    for kept_when_null in ("triggers", "channel", "mention", "lang", "enabled"):
        if given.get(kept_when_null, "") is None:
            del given[kept_when_null]
    with _body_refs():
        view = route_edit.edit_route(
            sessions=state.sessions,
            now=state.clock(),
            actor=principal.name,
            route_id=route_id,
            changes=route_edit.RouteChanges.of(given),
            principal=principal,
        )
    return RouteOut.model_validate(view)


@router.delete("/{route_id}", response_model=RouteRemoved, responses=ERRORS)
def remove_route(state: State, principal: CurrentPrincipal, route_id: RouteId) -> RouteRemoved:
    """Remove the route (the alerts it made stay in the outbox)."""
    gone = routes.remove_route(
        sessions=state.sessions,
        now=state.clock(),
        actor=principal.name,
        route_id=route_id,
        principal=principal,
    )
    return RouteRemoved(removed=gone)
