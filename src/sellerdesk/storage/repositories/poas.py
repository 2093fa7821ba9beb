"""Rows of ``case_poas``: a case's Plan of Action, one row per saved version. Never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, func, insert, select
from sqlalchemy.orm import Session

from sellerdesk.storage.schema import case_poas


def latest(session: Session, case_id: int) -> RowMapping | None:
    """The newest saved version of the case's POA, or None."""
    return (
        session.execute(
            select(case_poas)
            .where(case_poas.c.case_id == case_id)
            .order_by(case_poas.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )


def latest_of(session: Session, case_ids: Iterable[int]) -> dict[int, RowMapping]:
    """The newest version of each case's POA (cases without one are left out)."""
    ids = list(case_ids)
    if not ids:
        return {}
    newest = (
        select(case_poas.c.case_id, func.max(case_poas.c.version).label("version"))
        .where(case_poas.c.case_id.in_(ids))
        .group_by(case_poas.c.case_id)
        .subquery()
    )
    rows = session.execute(
        select(case_poas).join(
            newest,
            (newest.c.case_id == case_poas.c.case_id) & (newest.c.version == case_poas.c.version),
        )
    ).mappings()
    return {row["case_id"]: row for row in rows}


def versions(session: Session, case_id: int) -> Sequence[RowMapping]:
    """Every saved version, oldest first (without the POA itself: the history's lines)."""
    columns = (case_poas.c.version, case_poas.c.kind, case_poas.c.saved_at, case_poas.c.saved_by)
    return (
        session.execute(
            select(*columns).where(case_poas.c.case_id == case_id).order_by(case_poas.c.version)
        )
        .mappings()
        .all()
    )


def add(
    session: Session,
    *,
    case_id: int,
    version: int,
    kind: str,
    lang: str,
    data: dict[str, Any],
    now: datetime,
    actor: str,
) -> None:
    session.execute(
        insert(case_poas).values(
            case_id=case_id,
            version=version,
            kind=kind,
            lang=lang,
            data=data,
            saved_at=now,
            saved_by=actor,
        )
    )
