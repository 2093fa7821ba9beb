"""Users and the stores granted to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.storage.tables import ApiTokenRow, CaseRow, StoreGrantRow, StoreRow, UserRow


def get(session: Session, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def get_by_name(session: Session, name: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.name == name)).first()


def add(session: Session, row: UserRow) -> UserRow:
    session.add(row)
    session.flush()  # a taken name fails here, inside the transaction
    return row


def list_all(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))


def any_user(session: Session) -> bool:
    return session.scalar(select(UserRow.id).limit(1)) is not None


def any_admin(session: Session) -> bool:
    """Whether someone active may run the team (an admin who can sign in)."""
    query = select(UserRow.id).where(UserRow.role == "admin", UserRow.active.is_(True))
    return session.scalar(query.limit(1)) is not None


def granted_store_ids(session: Session, user_id: int) -> list[int]:
    return list(
        session.scalars(
            select(StoreGrantRow.store_id)
            .where(StoreGrantRow.user_id == user_id)
            .order_by(StoreGrantRow.store_id)
        )
    )


def grants_by_user(session: Session) -> dict[int, list[str]]:
    """Store names granted to each user, by user id."""
    rows = session.execute(
        select(StoreGrantRow.user_id, StoreRow.name)
        .join(StoreRow, StoreRow.id == StoreGrantRow.store_id)
        .order_by(StoreRow.name)
    ).all()
    out: dict[int, list[str]] = {}
    for user_id, name in rows:
        out.setdefault(user_id, []).append(name)
    return out


def has_grant(session: Session, user_id: int, store_id: int) -> bool:
    found = session.scalar(
        select(StoreGrantRow.user_id).where(
            StoreGrantRow.user_id == user_id, StoreGrantRow.store_id == store_id
        )
    )
    return found is not None


def grant(session: Session, user_id: int, store_id: int, now: datetime) -> None:
    session.add(StoreGrantRow(user_id=user_id, store_id=store_id, created_at=now))
    session.flush()


def revoke(session: Session, user_id: int, store_id: int) -> int:
    result = session.execute(
        delete(StoreGrantRow).where(
            StoreGrantRow.user_id == user_id, StoreGrantRow.store_id == store_id
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def open_cases_assigned_to(session: Session, name: str) -> list[tuple[int, int]]:
    """(case id, store id) of the open cases assigned to ``name``, oldest first."""
    rows = session.execute(
        select(CaseRow.id, CaseRow.store_id)
        .where(CaseRow.assignee == name, CaseRow.status.in_(OPEN_STATUSES))
        .order_by(CaseRow.id)
    ).all()
    return [(case_id, store_id) for case_id, store_id in rows]


def remove(session: Session, user: UserRow) -> int:
    """Delete the user; their grants, sessions, tokens, calendar feeds and idempotency keys
    go with them (ON DELETE CASCADE). The number of their API tokens, for the audit."""
    owned = select(ApiTokenRow.id).where(ApiTokenRow.user_id == user.id)
    tokens = len(list(session.scalars(owned)))
    session.delete(user)
    session.flush()
    return tokens
