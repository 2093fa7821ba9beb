"""Editing an alert route in place (the REST API's PATCH): the fields given change, checked as
``routes.add_route`` checks them; the route keeps its id. Admins only; audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services.access import store_named
from sellerdesk.services.alerts.routes import (
    RouteView,
    _admin,
    _assignee,
    _channel_id,
    _triggers,
    _view,
)
from sellerdesk.services.alerts.triggers import LANGS, RECIPIENT_LANG
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.repositories import alert_routes as rows
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker

UNSET: Any = object()  # a field not given: kept as it is


@dataclass(frozen=True, slots=True)
class RouteChanges:
    """What to change; ``store=None`` is every store, ``assignee=None`` anyone's cases."""

    triggers: Sequence[str] | Any = UNSET
    channel: str | int | Any = UNSET
    store: str | Any | None = UNSET
    assignee: str | Any | None = UNSET
    mention: bool | Any = UNSET
    lang: str | Any = UNSET
    enabled: bool | Any = UNSET

    @classmethod
    def of(cls, given: Mapping[str, Any]) -> RouteChanges:
        return cls(**given)


def _values(session: Session, changes: RouteChanges) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if changes.triggers is not UNSET:
        values["triggers"] = _triggers(changes.triggers)
    if changes.lang is not UNSET:
        if changes.lang not in (*LANGS, RECIPIENT_LANG):
            raise InvalidInput.of("alerts.bad_lang", field="lang", value=changes.lang)
        values["lang"] = changes.lang
    if changes.channel is not UNSET:
        values["channel_id"] = _channel_id(session, changes.channel)
    if changes.store is not UNSET:
        store = changes.store
        values["store_id"] = store_named(session, store, field="store").id if store else None
    if changes.assignee is not UNSET:
        values["assignee"] = _assignee(session, changes.assignee)
    for flag in ("mention", "enabled"):
        if getattr(changes, flag) is not UNSET:
            values[flag] = bool(getattr(changes, flag))
    return values


def edit_route(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    actor: str,
    route_id: int,
    changes: RouteChanges,
    principal: Principal | None = None,
) -> RouteView:
    """The route after the change; refused naming the field, as adding one is."""
    _admin(principal)
    with transaction(sessions) as session:
        before = rows.get(session, route_id)
        if before is None:
            raise NotFound.of("alerts.no_route", field="id", id=route_id)
        values = _values(session, changes)
        changed = {k: v for k, v in values.items() if v != before[k]}
        if changed:
            rows.change(session, route_id, changed)
            audit.record(
                session,
                at=now,
                actor=actor,
                entity="alert_route",
                entity_id=route_id,
                action="edit",
                detail=changed,
            )
        return _view(session, route_id)
