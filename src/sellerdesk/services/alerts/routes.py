"""Alert routes: which triggers, of which store and whose cases, go to which channel, in
which language, with or without an @mention of the case's owner. Admins only; audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, InvalidInput, NotFound
from sellerdesk.services.access import store_named
from sellerdesk.services.alerts.triggers import (
    ASSIGNEE,
    LANGS,
    RECIPIENT_LANG,
    TRIGGERS,
    check_trigger,
)
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.storage.repositories import alert_routes as rows
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class RouteView:
    id: int
    triggers: tuple[str, ...]
    store: str | None  # None: every store
    assignee: str | None  # None: anyone's cases; "@assignee": the case's owner; else a user
    channel_id: int
    channel: str  # its name ("#id" when it was removed)
    enabled: bool
    mention: bool
    lang: str  # zh | en | recipient

    @classmethod
    def of(cls, row: Any, names: dict[int, str]) -> RouteView:
        return cls(
            id=row["id"],
            triggers=tuple(row["triggers"] or ()),
            store=row["store_name"],
            assignee=row["assignee"],
            channel_id=row["channel_id"],
            channel=names.get(row["channel_id"], f"#{row['channel_id']}"),
            enabled=bool(row["enabled"]),
            mention=bool(row["mention"]),
            lang=row["lang"],
        )


def _admin(principal: Principal | None) -> None:
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("alerts.admin_only", field="role")


def _triggers(names: Sequence[str]) -> list[str]:
    picked = [n.strip() for raw in names for n in raw.split(",") if n.strip()]
    if not picked:
        raise InvalidInput.of("alerts.no_trigger", field="triggers", allowed=", ".join(TRIGGERS))
    return list(dict.fromkeys(check_trigger(n, field="triggers") for n in picked))


def _channel_id(session: Session, channel: str | int) -> int:
    text = str(channel).strip()
    found = rows.channel(session, channel_id=int(text)) if text.isdigit() else None
    found = found or rows.channel(session, name=" ".join(text.split()))
    if found is None:
        raise InvalidInput.of("alerts.no_channel", field="channel", value=text)
    return int(found["id"])


def _assignee(session: Session, assignee: str | None) -> str | None:
    name = (assignee or "").strip()
    if not name:
        return None
    if name == ASSIGNEE:
        return ASSIGNEE
    if rows.user_settings(session, name) is None:
        raise InvalidInput.of("alerts.bad_assignee", field="assignee", value=name)
    return name


def add_route(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    actor: str,
    triggers: Sequence[str],
    channel: str | int,
    store: str | None = None,
    assignee: str | None = None,
    mention: bool = True,
    lang: str = RECIPIENT_LANG,
    enabled: bool = True,
    principal: Principal | None = None,
) -> RouteView:
    """A new route; refused naming the field when a trigger, channel, store, user or
    language is unknown."""
    _admin(principal)
    picked = _triggers(triggers)
    if lang not in (*LANGS, RECIPIENT_LANG):
        raise InvalidInput.of("alerts.bad_lang", field="lang", value=lang)
    with transaction(sessions) as session:
        store_id = store_named(session, store, field="store").id if store else None
        values = {
            "triggers": picked,
            "store_id": store_id,
            "assignee": _assignee(session, assignee),
            "channel_id": _channel_id(session, channel),
            "enabled": enabled,
            "mention": mention,
            "lang": lang,
            "created_at": now,
            "created_by": actor[:80],
        }
        route_id = rows.add(session, **values)
        detail = {k: v for k, v in values.items() if k != "created_at"}
        audit.record(
            session,
            at=now,
            actor=actor,
            entity="alert_route",
            entity_id=route_id,
            action="add",
            detail=detail,
        )
        return _view(session, route_id)


def _view(session: Session, route_id: int) -> RouteView:
    names = rows.channel_names(session)
    for row in rows.listed(session):
        if row["id"] == route_id:
            return RouteView.of(row, names)
    raise NotFound.of("alerts.no_route", field="id", id=route_id)


def list_routes(
    *, sessions: sessionmaker[Session], principal: Principal | None = None
) -> tuple[RouteView, ...]:
    _admin(principal)
    with read_transaction(sessions) as session:
        names = rows.channel_names(session)
        return tuple(RouteView.of(row, names) for row in rows.listed(session))


def remove_route(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    actor: str,
    route_id: int,
    principal: Principal | None = None,
) -> int:
    """Remove the route (alerts it already made stay in the outbox)."""
    _admin(principal)
    with transaction(sessions) as session:
        if not rows.remove(session, route_id):
            raise NotFound.of("alerts.no_route", field="id", id=route_id)
        audit.record(
            session,
            at=now,
            actor=actor,
            entity="alert_route",
            entity_id=route_id,
            action="remove",
            detail={},
        )
        return route_id
