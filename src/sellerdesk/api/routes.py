"""``/healthz`` and ``/api/v1``: stores, desks, search and reminders (cases: case_routes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.case_routes import ERRORS, Name
from sellerdesk.api.idempotent import respond
from sellerdesk.api.models import (
    DESK_CHANNELS,
    DeskBoard,
    DeskWindows,
    Health,
    Reminders,
    SearchResult,
    Store,
    StoreCreate,
    StorePatch,
    StoreRemoved,
    StoreUpdated,
)
from sellerdesk.api.state import State
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import CoverageNote
from sellerdesk.core.jsonable import jsonable
from sellerdesk.core.zones import zone_named
from sellerdesk.services import desk_hours, stores
from sellerdesk.services import search as search_service
from sellerdesk.services.cases import followups as reminders

health = APIRouter(tags=["health"])
router = APIRouter(prefix="/api/v1")
Zone = Annotated[str | None, Query(max_length=64, description="IANA zone (default: UTC).")]
Channel = Annotated[str, Query(max_length=20, json_schema_extra={"enum": list(DESK_CHANNELS)})]


@health.get("/healthz", response_model=Health, responses={503: {"model": Health}})
def healthz(state: State) -> Response:
    """For probes: the app is up and its database answers."""
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/stores", response_model=list[Store], tags=["stores"], responses=ERRORS)
def list_stores(state: State, principal: CurrentPrincipal) -> list[Store]:
    """The stores you may read (every store for an admin)."""
    views = stores.list_stores(sessions=state.sessions, principal=principal)
    return [Store.model_validate(view) for view in views]


@router.post("/stores", status_code=201, response_model=Store, tags=["stores"], responses=ERRORS)
def add_store(
    request: Request, state: State, principal: CurrentPrincipal, store: StoreCreate
) -> Response:
    """Add a store (admin). ``Idempotency-Key`` supported."""

    def work() -> tuple[int, dict[str, Any]]:
        added = stores.add(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            name=store.name,
            region=store.region,
            marketplaces=store.marketplaces,
            plan=store.plan,
            verified=store.verified,
            support_plan=store.support_plan,
            principal=principal,
        )
        return 201, Store.model_validate(added).model_dump(mode="json")

    return respond(request, principal, store.model_dump(), work)


StoreName = Annotated[str, Path(max_length=200, pattern=r"^[^\x00]*$")]


@router.patch("/stores/{name:path}", response_model=StoreUpdated, tags=["stores"], responses=ERRORS)
def update_store(
    state: State, principal: CurrentPrincipal, name: StoreName, patch: StorePatch
) -> StoreUpdated:
    """Change a store's region, marketplaces, plan, verification or support plan (admin),
    with ``store update``'s rules: marketplaces must fit the region, one with open cases
    stays; an agent or viewer of the store gets 403 (a store not granted: 404)."""
    updated = stores.update(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        name=name,
        principal=principal,
        **patch.model_dump(exclude_none=True),
    )
    return StoreUpdated.model_validate(updated)


@router.delete(
    "/stores/{name:path}", response_model=StoreRemoved, tags=["stores"], responses=ERRORS
)
def remove_store(state: State, principal: CurrentPrincipal, name: StoreName) -> StoreRemoved:
    """Remove a store that has no cases and no Account Health records (admin); one that has
    any stays (409), to keep their history; an agent or viewer of the store gets 403 (a
    store not granted: 404)."""
    gone = stores.remove(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        name=name,
        principal=principal,
    )
    return StoreRemoved(removed=Store.model_validate(gone))


def _zone(tz: str | None) -> Any:
    return zone_named(tz or "UTC", field="tz")


def _estimated(notes: Iterable[CoverageNote]) -> list[dict[str, object]]:
    """``estimated_years`` as the CLI's JSON has it: each guessed calendar year once, sorted."""
    once = {(n.calendar, n.year): n for n in reversed(list(notes))}
    return [
        {"calendar": n.calendar, "year": n.year, "reason": n.reason}
        for _key, n in sorted(once.items())
    ]


def _iso(moment: datetime | None, zone: Any) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat()


@router.get("/desks", response_model=DeskBoard, tags=["desks"], responses=ERRORS)
def desk_board(
    state: State,
    principal: CurrentPrincipal,
    tz: Zone = None,
    channel: Annotated[
        list[str] | None,
        Query(max_length=10, json_schema_extra={"items": {"enum": list(DESK_CHANNELS)}}),
    ] = None,
) -> dict[str, Any]:
    """Every desk and channel: open now?, and when it next opens or closes (in ``tz``)."""
    for asked in channel or ():  # an unknown channel is refused, not silently matched by none
        if asked not in DESK_CHANNELS:
            allowed = ", ".join(DESK_CHANNELS)
            raise InvalidInput.of(
                "input.unknown_value", field="channel", value=asked, allowed=allowed
            )
    zone, now = _zone(tz), state.clock()
    board = desk_hours.status_board(state.ctx.desks, now, channels=channel)
    # the answers rest on the calendars up to the latest change shown
    horizon = max((s.next_change for s in board if s.next_change is not None), default=now)
    notes = desk_hours.coverage_notes(state.ctx.desks.values(), channel, now, horizon)
    return {
        "now": now.astimezone(zone).isoformat(),
        "tz": zone.key,
        "channels": [
            {
                "desk": s.desk.key,
                "channel": s.channel,
                "open_now": s.open_now,
                "next_open": _iso(s.next_open, zone),
                "next_close": _iso(s.next_close, zone),
                "requires_plan": s.requires_plan,
                "source": s.fact.source,
                "as_of": str(s.fact.as_of),
                "confidence": s.fact.confidence,
            }
            for s in board
        ],
        "estimated_years": _estimated(note for _desk, note in notes),
    }


@router.get("/desks/{desk}/windows", response_model=DeskWindows, tags=["desks"], responses=ERRORS)
def desk_windows(
    state: State,
    principal: CurrentPrincipal,
    desk: Annotated[str, Path(max_length=32)],
    start: Annotated[date | None, Query(alias="from", description="First day (in tz).")] = None,
    days: Annotated[int, Query(ge=1, le=366)] = 7,
    tz: Zone = None,
    channel: Channel = "case",
) -> dict[str, Any]:
    """The open windows intersecting ``days`` days from ``from`` (today) on ``tz``'s clock."""
    zone = _zone(tz)
    (chosen,) = desk_hours.pick_desks(state.ctx.desks, [desk])
    chosen.channel(channel)
    first = start or state.clock().astimezone(zone).date()
    if not date(1971, 1, 1) <= first <= date(2999, 1, 1):
        raise InvalidInput(f"{first} is out of range.", field="from", fix="give a nearer date.")
    begin, end = desk_hours.local_day_range(first, days, zone)
    windows = desk_hours.list_windows(chosen, channel, begin, end)
    return {
        "desk": chosen.key,
        "channel": channel,
        "tz": zone.key,
        "windows": [{"start": _iso(w.start, zone), "end": _iso(w.end, zone)} for w in windows],
        "estimated_years": _estimated(
            note for _desk, note in desk_hours.coverage_notes([chosen], [channel], begin, end)
        ),
    }


@router.get("/search", response_model=SearchResult, tags=["search"], responses=ERRORS)
def search(
    state: State,
    principal: CurrentPrincipal,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$")],
    store: Name = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Cases by Case ID, order ID, ASIN, shipment ID, SKU or words, in the stores you may read."""
    hits = search_service.search_in(
        state.sessions, q, store=store, limit=limit, principal=principal
    )
    return {"query": q, "count": len(hits), "cases": jsonable(hits)}


@router.get("/reminders", response_model=Reminders, tags=["reminders"], responses=ERRORS)
def list_reminders(
    state: State, principal: CurrentPrincipal, due: bool = False, tz: Zone = None
) -> dict[str, Any]:
    """Pending reminders of the cases you may read (only those due now with ``due``)."""
    zone, now = _zone(tz), state.clock()
    items = reminders.reminders_due(
        state.sessions, now=now, ctx=state.ctx, upcoming=not due, principal=principal
    )
    return {
        "now": now.astimezone(zone).isoformat(),
        "team_open": state.ctx.team.is_open(now),
        "reminders": [
            {
                "id": i.reminder.id,
                "case_id": i.reminder.case_id,
                "kind": i.reminder.kind,
                "due_at": i.reminder.due_at.astimezone(zone).isoformat(),
                "overdue_seconds": int(i.overdue_by.total_seconds()),
                "claimed_by": i.reminder.claimed_by,
                "case_subject": i.case_subject,
                "case_status": i.case_status,
            }
            for i in items
        ],
    }
