"""Who may own a case of a store: the enabled admins, and the enabled agents granted it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import StoreGrantRow, UserRow


def _may_work(store_ids: Iterable[int] | None) -> ColumnElement[bool]:
    """Enabled, and an admin or an agent granted one of ``store_ids`` (None: any store)."""
    grants = exists().where(StoreGrantRow.user_id == UserRow.id)
    if store_ids is not None:
        grants = grants.where(StoreGrantRow.store_id.in_(sorted(store_ids)))
    return and_(
        UserRow.active.is_(True),
        or_(UserRow.role == "admin", and_(UserRow.role == "agent", grants)),
    )


def names_for_stores(session: Session, store_ids: Iterable[int] | None) -> list[str]:
    """The users who may be assigned a case of one of ``store_ids`` (None: of any), by name."""
    query = select(UserRow.name).where(_may_work(store_ids)).order_by(UserRow.name)
    return list(session.scalars(query))


def has_grant(session: Session, user_id: int, store_id: int) -> bool:
    query = select(StoreGrantRow.user_id).where(
        StoreGrantRow.user_id == user_id, StoreGrantRow.store_id == store_id
    )
    return session.scalar(query) is not None
