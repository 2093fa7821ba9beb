"""Seller accounts (stores)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import StoreRow


def get(session: Session, store_id: int) -> StoreRow | None:
    return session.get(StoreRow, store_id)


def get_by_name(session: Session, name: str) -> StoreRow | None:
    return session.scalars(select(StoreRow).where(StoreRow.name == name)).first()


def list_all(session: Session) -> list[StoreRow]:
    return list(session.scalars(select(StoreRow).order_by(StoreRow.name)))


def names(session: Session) -> list[str]:
    return list(session.scalars(select(StoreRow.name).order_by(StoreRow.name)))


def add(session: Session, row: StoreRow) -> StoreRow:
    session.add(row)
    session.flush()  # assigns the id; a duplicate name fails here, inside the transaction
    return row


def delete(session: Session, row: StoreRow) -> None:
    session.delete(row)
    session.flush()  # a case added meanwhile fails the foreign key here, inside the transaction


def lock(session: Session, store_id: int) -> None:
    """Row-lock the store (PostgreSQL) so that creates in one store run one at a time and the
    duplicate check sees every case committed before it; SQLite's BEGIN IMMEDIATE does this."""
    session.execute(select(StoreRow.id).where(StoreRow.id == store_id).with_for_update())
