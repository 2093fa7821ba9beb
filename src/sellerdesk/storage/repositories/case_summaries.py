"""The few columns a list of found cases shows (search results), read in two queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, StoreRow


def cases_with_store(session: Session, ids: Sequence[int]) -> dict[int, tuple[CaseRow, str]]:
    """``{case id: (case row, store name)}`` for the ids that exist."""
    rows = session.execute(
        select(CaseRow, StoreRow.name)
        .join(StoreRow, StoreRow.id == CaseRow.store_id)
        .where(CaseRow.id.in_(list(ids)))
    ).all()
    return {case.id: (case, store_name) for case, store_name in rows}


def amazon_case_ids(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """``{case id: its Amazon Case IDs, oldest first}`` (cases without one are absent)."""
    out: dict[int, list[str]] = {}
    for case_id, amazon_case_id in session.execute(
        select(AmazonCaseIdRow.case_id, AmazonCaseIdRow.amazon_case_id)
        .where(AmazonCaseIdRow.case_id.in_(list(ids)))
        .order_by(AmazonCaseIdRow.added_at, AmazonCaseIdRow.id)
    ):
        out.setdefault(case_id, []).append(amazon_case_id)
    return out
