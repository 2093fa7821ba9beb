"""The outbox with filters and a total, a page at a time (the API's outbox list). Admins only.

``outbox_views.outbox`` serves the Admin page and the CLI (newest alerts, counts per state);
this adds the filters a program asks for: state, channel, trigger and case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden
from sellerdesk.services.alerts.outbox_views import AlertView
from sellerdesk.services.tracker import read_transaction
from sellerdesk.storage.repositories import alert_outbox as rows
from sellerdesk.storage.repositories import alert_outbox_search as search_rows
from sellerdesk.storage.repositories import alert_routes as route_rows
from sellerdesk.storage.session import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class OutboxSearch:
    alerts: tuple[AlertView, ...]
    total: int  # alerts matching the filters (all pages)
    offset: int
    limit: int
    counts: dict[str, int]  # every alert of the outbox per state, filters aside


def search(
    *,
    sessions: sessionmaker[Session],
    states: Sequence[str] = (),
    channel_id: int | None = None,
    trigger: str | None = None,
    case_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    principal: Principal | None = None,
) -> OutboxSearch:
    """The matching alerts, newest first (without their attempts: ``outbox_views.alert``)."""
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("alerts.admin_only", field="role")
    where: dict[str, Any] = {
        "states": states,
        "channel_id": channel_id,
        "trigger": trigger,
        "case_id": case_id,
    }
    with read_transaction(sessions) as session:
        names = route_rows.channel_names(session)
        found = search_rows.page(session, limit=limit, offset=offset, **where)
        return OutboxSearch(
            alerts=tuple(AlertView.of(row, names) for row in found),
            total=search_rows.total(session, **where),
            offset=offset,
            limit=limit,
            counts=rows.counts(session),
        )
