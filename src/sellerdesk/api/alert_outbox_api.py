"""``/api/v1/alerts/outbox``: every alert with its state and reason, one with its attempts,
and "send again" for a failed or dropped one (admin; ``services/alerts/outbox_views.py`` as
Admin › Alert outbox and ``sellerdesk alerts outbox`` use it; filters: ``outbox_search.py``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from sellerdesk.api.alert_models import AlertDetail, AlertOut, AlertState, OutboxPageOut, Trigger
from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.models import Error
from sellerdesk.api.state import State
from sellerdesk.services.alerts import outbox_search, outbox_views

router = APIRouter(prefix="/api/v1/alerts/outbox", tags=["alerts"])
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The alert's id.")]
Id = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
KNOWN_STATES = frozenset(s.value for s in AlertState)
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 413, 422)
}


@router.get("", response_model=OutboxPageOut, responses=ERRORS)
def list_outbox(
    state: State,
    principal: CurrentPrincipal,
    status: Annotated[list[AlertState] | None, Query(description="Repeat for several.")] = None,
    channel_id: Id = None,
    trigger: Trigger | None = None,
    case_id: Id = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> OutboxPageOut:
    """Alerts newest first, of the states, channel, trigger and case given; ``total`` counts
    every match, ``counts`` every alert per state."""
    found = outbox_search.search(
        sessions=state.sessions,
        states=[str(s) for s in status or ()],
        channel_id=channel_id,
        trigger=str(trigger) if trigger else None,
        case_id=case_id,
        limit=limit,
        offset=offset,
        principal=principal,
    )
    return OutboxPageOut(
        alerts=[AlertOut.model_validate(a) for a in found.alerts],
        total=found.total,
        offset=found.offset,
        limit=found.limit,
        counts={AlertState(k): n for k, n in found.counts.items() if k in KNOWN_STATES},
    )


@router.get("/{alert_id}", response_model=AlertDetail, responses=ERRORS)
def show_alert(state: State, principal: CurrentPrincipal, alert_id: AlertId) -> AlertDetail:
    """One alert with every attempt to send it."""
    view = outbox_views.alert(sessions=state.sessions, alert_id=alert_id, principal=principal)
    return AlertDetail.model_validate(view)


@router.post("/{alert_id}/retry", response_model=AlertDetail, responses=ERRORS)
def retry_alert(state: State, principal: CurrentPrincipal, alert_id: AlertId) -> AlertDetail:
    """Queue a failed or dropped alert again, now (one waiting or sent: 409)."""
    view = outbox_views.retry(
        sessions=state.sessions,
        now=state.clock(),
        actor=principal.name,
        alert_id=alert_id,
        principal=principal,
    )
    return AlertDetail.model_validate(view)
