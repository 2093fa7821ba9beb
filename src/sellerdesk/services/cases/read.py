"""Reading cases back: one case with everything it carries (:func:`show`) and the list,
sorted by next breach (:func:`list_cases`).

Both read with SQLAlchemy Core on a read-only connection (``storage/reading.py``), never
through the ORM: the CLI runs them dozens of times a day, and importing and mapping the ORM
cost more than the query. ``sessions`` is the app's session factory (inside a joined
transaction its own writes are read) or, from the CLI, the engine itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.status import check_status
from sellerdesk.core.cases.tags import normalise_tag
from sellerdesk.core.cases.views import (
    PRIORITIES,
    UNASSIGNED,
    VIEWS,
    ViewFilter,
    check_sort,
    view_filter,
)
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import access
from sellerdesk.services.cases.clocks import clock_states_of, estimated_years_of
from sellerdesk.services.cases.errors import not_found
from sellerdesk.services.cases.models import (
    AttachmentView,
    CaseView,
    ClockView,
    event_view,
)
from sellerdesk.services.list_cache import Item as ListItem
from sellerdesk.services.list_cache import ListCache, with_breach
from sellerdesk.storage.reading import ReadSource, Row, reading
from sellerdesk.storage.repositories import case_reads

if TYPE_CHECKING:
    from sellerdesk.services.context import TrackerContext
    from sellerdesk.storage.records import CaseRow


def case_view(case: CaseRow | Row[Any], store: str, **more: Any) -> CaseView:
    """The case's own fields (``more``: its Case IDs, identifiers, events and clocks)."""
    return CaseView(
        id=case.id,
        store=store,
        marketplace=case.marketplace,
        desk=case.desk,
        category=case.category,
        subject=case.subject,
        priority=case.priority,
        language=case.language,
        channel=case.channel,
        status=case.status,
        amazon_label=case.amazon_label,
        assignee=case.assignee,
        tags=tuple(case.tags or ()),
        merged_into_id=case.merged_into_id,
        version=case.version,
        created_at=case.created_at,
        updated_at=case.updated_at,
        submitted_at=case.submitted_at,
        resolved_at=case.resolved_at,
        waiting_on=case.waiting_on,
        next_breach_at=case.next_breach_at,
        **more,
    )


def show(
    *,
    sessions: ReadSource,
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    principal: Principal | None = None,
) -> CaseView:
    """The case with its Case IDs, identifiers, events (with attachments) and both clocks."""
    with reading(sessions) as conn:
        case = case_reads.case_by_id(conn, case_id)
        if case is None:
            raise not_found(case_id)
        access.check_read(principal, case.store_id, lambda: not_found(case_id))
        identifiers: dict[str, list[str]] = {}
        for kind, value in case_reads.identifiers_of(conn, case.id):
            identifiers.setdefault(kind, []).append(value)
        events = case_reads.events_of(conn, case.id)
        files = case_reads.attachments_of(conn, [e.id for e in events])
        # the status history is among the events just read (same order): no second query
        moves = [(e.occurred_at, e.data or {}) for e in events if e.direction == "status"]
        states = clock_states_of(ctx, case.desk, moves, now)
        guessed = estimated_years_of(ctx, case.desk, moves, states, now)
        return case_view(
            case,
            case_reads.store_name(conn, case.store_id) or "",
            body=case.body,
            case_ids=tuple(case_reads.amazon_case_ids_of(conn, case.id)),
            identifiers={k: tuple(v) for k, v in identifiers.items()},
            events=tuple(
                event_view(
                    e,
                    tuple(
                        AttachmentView(
                            f.file_name,
                            f.sha256,
                            f.size,
                            f.media_type,
                            ((e.data or {}).get("file_checks") or {}).get(f.file_name),
                        )
                        for f in files.get(e.id, [])
                    ),
                )
                for e in events
            ),
            clocks={side: ClockView.of(s, now, guessed[side]) for side, s in states.items()},
        )


def list_cases(
    *,
    sessions: ReadSource,
    now: datetime,
    store: str | None = None,
    status: str | None = None,
    breaching: bool = False,
    tag: str | None = None,
    limit: int = 100,
    principal: Principal | None = None,
    cache: ListCache | None = None,
    view: str | None = None,
    me: str | None = None,
    zone: tzinfo = UTC,
    assignee: str | None = None,
    priority: str | None = None,
    marketplace: str | None = None,
    sort: str = "next_breach",
    descending: bool = False,
) -> list[dict[str, Any]]:
    """Cases sorted by next breach (soonest first; cases with no running clock last), or by
    ``sort``. ``view``: one of :data:`~sellerdesk.core.cases.views.VIEWS` for the user
    ``me`` (the principal's name by default) in the team's ``zone``; ``assignee``: that
    user's cases (``UNASSIGNED``: nobody's). With a ``cache``, a page read before at the
    same data version is reused (exact: see :mod:`sellerdesk.services.list_cache`);
    ``breaching`` pages depend on ``now`` and are always read."""
    if status is not None:
        check_status(status, field="status")
    wanted_tag = normalise_tag(tag, field="tag") if tag is not None else None
    if not 1 <= limit <= 10_000:
        raise InvalidInput.of("case.limit_out_of_range", field="limit", limit=limit)
    where = list_where(
        view=view,
        me=me or (principal.name if principal else None),
        now=now,
        zone=zone,
        assignee=assignee,
        priority=priority,
        marketplace=marketplace,
    )
    check_sort(sort)
    readable = access.readable_store_ids(principal)
    if breaching:
        cache = None  # which cases have breached depends on now
    with reading(sessions) as conn:
        _check_users_named(conn, me=me, assignee=assignee)
        # the version first: rows read after it are as new or newer (see data_version)
        version = case_reads.data_version(conn) if cache is not None else None
        store_id = access.readable_store_id(conn, principal, store) if store else None
        key = (version, store_id, readable, status, wanted_tag, limit, where, sort, descending)
        page = cache.get(key) if cache is not None else None
        if page is None:
            rows = case_reads.list_filtered(
                conn,
                store_id=store_id,
                store_ids=readable,
                status=status,
                breaching_at=now if breaching else None,
                tag=wanted_tag,
                limit=limit,
                where=where,
                sort=sort,
                descending=descending,
            )
            page = [_list_item(row) for row in rows]
            if cache is not None:
                cache.put(key, page)
    return [with_breach(item, now) for item in page]


def _check_users_named(conn: Any, *, me: str | None, assignee: str | None) -> None:
    """A ``me`` or ``assignee`` the caller named (not the principal) is one of the team's
    users: a typo would otherwise list "no cases" as if the person had none."""
    for field, value in (("user", me), ("assignee", assignee)):
        name = " ".join(value.split()) if value else ""
        if name and name != UNASSIGNED and not case_reads.user_exists(conn, name):
            raise InvalidInput.of("cli_mend.unknown_user", field=field, name=name)


def list_where(
    *,
    view: str | None,
    me: str | None,
    now: datetime,
    zone: tzinfo,
    assignee: str | None = None,
    priority: str | None = None,
    marketplace: str | None = None,
) -> case_reads.ListWhere | None:
    """The list query's filters of a view and the page's assignee, priority and marketplace
    (None: none of them)."""
    if priority is not None and priority not in PRIORITIES:
        raise InvalidInput.of("case.bad_priority", field="priority", value=priority)
    if marketplace is not None:
        marketplace = marketplace.strip().upper()
        if not marketplace.isalpha() or len(marketplace) > 4:
            raise InvalidInput.of(
                "case_views.bad_marketplace", field="marketplace", value=marketplace
            )
    owner = " ".join(assignee.split()) if assignee is not None else None
    if view is None and owner is None and priority is None and marketplace is None:
        return None
    chosen = ViewFilter()
    if view is not None:
        if view == "mine" and not me:
            raise InvalidInput.of("case_views.mine_needs_user", field="user")
        chosen = view_filter(view, me=me or "", now=now, zone=zone)
    if owner is not None and chosen.assignee is not None and owner != chosen.assignee:
        owner = NO_ONE  # a view's owner and another: no case has both (an empty list)
    owner = owner if owner is not None else chosen.assignee
    return case_reads.ListWhere(
        assignee=None if owner == UNASSIGNED else owner,
        unassigned=owner == UNASSIGNED,
        statuses=chosen.statuses,
        breach_by=chosen.breach_by,
        resolved_since=chosen.resolved_since,
        priority=priority,
        marketplace=marketplace,
    )


NO_ONE = " "  # a user name no case carries (names are trimmed): "nobody matches"


@dataclass(frozen=True)
class ViewCount:
    """How many cases a view of the case list holds for the user asking."""

    view: str
    count: int


def view_counts(
    *,
    sessions: ReadSource,
    now: datetime,
    zone: tzinfo = UTC,
    me: str | None = None,
    principal: Principal | None = None,
    cache: ListCache | None = None,
) -> tuple[ViewCount, ...]:
    """Each view's count (``me``: whose "My cases", the principal by default). Cached like
    list pages, under the data version and each view's bounds (the "Breaching soon" bound
    moves once a minute: :func:`~sellerdesk.core.cases.views.soon_bound`)."""
    who = me or (principal.name if principal else "")
    wheres = [list_where(view=v, me=who or NO_ONE, now=now, zone=zone) for v in VIEWS]
    readable = access.readable_store_ids(principal)
    with reading(sessions) as conn:
        version = case_reads.data_version(conn) if cache is not None else None
        key = ("counts", version, readable, tuple(wheres))
        found = cache.get_counts(key) if cache is not None else None
        if found is None:
            found = tuple(case_reads.counts(conn, [w for w in wheres if w], readable))
            if cache is not None:
                cache.put_counts(key, found)
    return tuple(ViewCount(v, n) for v, n in zip(VIEWS, found, strict=True))


def _list_item(row: Sequence[Any]) -> ListItem:
    """A list row (the :class:`CaseView` own fields, positionally, times already ISO text) as
    JSON-ready values and its next breach. Positional on purpose: a named lookup per field
    was most of a 100-row page's cost."""
    item = dict(zip(case_reads.LIST_KEYS, row, strict=True))
    item["tags"] = list(item["tags"] or [])
    due_text = row[-1]
    return item, datetime.fromisoformat(due_text) if due_text is not None else None
