"""Rows of ``alert_routes`` and ``alert_handles`` (who is @mentioned as what). Never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.alert_channel_rows import alert_channels as C
from sellerdesk.storage.alert_tables import alert_handles as H
from sellerdesk.storage.alert_tables import alert_routes as R
from sellerdesk.storage.schema import stores, users


def add(session: Session, **values: Any) -> int:
    return int(session.execute(insert(R).values(**values).returning(R.c.id)).scalar_one())


def get(session: Session, route_id: int) -> RowMapping | None:
    return session.execute(select(R).where(R.c.id == route_id)).mappings().first()


def listed(session: Session) -> list[RowMapping]:
    """Every route with its store's name (NULL: every store)."""
    query = (
        select(R, stores.c.name.label("store_name"))
        .select_from(R.outerjoin(stores, stores.c.id == R.c.store_id))
        .order_by(R.c.id)
    )
    return list(session.execute(query).mappings())


def enabled_for(session: Session, *, store_id: int | None) -> list[RowMapping]:
    """The enabled routes of every store and of ``store_id`` (triggers filtered by the caller:
    they are a JSON list)."""
    scope: Any = R.c.store_id.is_(None)
    if store_id is not None:
        scope = scope | (R.c.store_id == store_id)
    return list(
        session.execute(select(R).where(R.c.enabled.is_(True), scope).order_by(R.c.id)).mappings()
    )


def set_enabled(session: Session, route_id: int, enabled: bool) -> bool:
    result = session.execute(update(R).where(R.c.id == route_id).values(enabled=enabled))
    return bool(getattr(result, "rowcount", 0))


def change(session: Session, route_id: int, values: dict[str, Any]) -> bool:
    """Set the columns given (an edit through the API); False when there is no such route."""
    result = session.execute(update(R).where(R.c.id == route_id).values(**values))
    return bool(getattr(result, "rowcount", 0))


def remove(session: Session, route_id: int) -> bool:
    result = session.execute(delete(R).where(R.c.id == route_id))
    return bool(getattr(result, "rowcount", 0))


def handle_of(session: Session, user_name: str, channel_kind: str) -> str | None:
    return session.scalar(
        select(H.c.handle)
        .join(users, users.c.id == H.c.user_id)
        .where(users.c.name == user_name, H.c.channel_kind == channel_kind)
    )


def handles_of(session: Session, user_id: int) -> dict[str, str]:
    rows = session.execute(select(H.c.channel_kind, H.c.handle).where(H.c.user_id == user_id))
    return {str(kind): str(handle) for kind, handle in rows}


def set_handle(session: Session, user_id: int, channel_kind: str, handle: str | None) -> None:
    """Set (or, with None, clear) the user's handle for one channel kind."""
    session.execute(delete(H).where(H.c.user_id == user_id, H.c.channel_kind == channel_kind))
    if handle:
        session.execute(insert(H).values(user_id=user_id, channel_kind=channel_kind, handle=handle))


def user_settings(session: Session, name: str) -> RowMapping | None:
    """The user's own language and zone (None: no such user)."""
    query = select(users.c.id, users.c.language, users.c.time_zone).where(users.c.name == name)
    return session.execute(query).mappings().first()


def channel(
    session: Session, *, channel_id: int | None = None, name: str | None = None
) -> RowMapping | None:
    """A channel's id, name, kind and on/off (never its secrets), by id or by name."""
    query = select(C.c.id, C.c.name, C.c.kind, C.c.enabled)
    if channel_id is not None:
        query = query.where(C.c.id == channel_id)
    else:
        query = query.where(C.c.name == name)
    return session.execute(query).mappings().first()


def channel_names(session: Session) -> dict[int, str]:
    return {int(i): str(n) for i, n in session.execute(select(C.c.id, C.c.name).order_by(C.c.id))}
