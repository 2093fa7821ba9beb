"""duplicate candidates: trigram index of open cases' subjects

The duplicate guard compared a new subject with up to 5,000 open subjects of the store in
Python (38-50 ms p95 at 200,000 cases, and blind beyond the 5,000th). ``case_subject_shingles``
holds the subject trigrams of every open case with the size of its trigram set, so the guard
fetches only subjects that can reach the threshold (storage/duplicate_candidates.py). The
rows are computed in Python (the same normalisation as the comparison), here from the cases
already stored, then by ORM events on every change of a case.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OPEN_STATUSES = ("draft", "submitted", "waiting-amazon", "needs-action", "reopened")  # frozen
BATCH = 5000


def upgrade() -> None:
    table = op.create_table(
        "case_subject_shingles",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("shingle", sa.String(length=3), nullable=False),
        sa.Column("shingle_count", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "store_id", "shingle", "shingle_count", "case_id", name="pk_case_subject_shingles"
        ),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_case_subject_shingles_case", "case_subject_shingles", ["case_id"])
    # the trigram function is the application's own: the index must match what it compares
    from sellerdesk.core.cases.duplicates import shingles

    conn = op.get_bind()
    cases = sa.table(
        "cases", sa.column("id"), sa.column("store_id"), sa.column("subject"), sa.column("status")
    )
    found = conn.execute(
        sa.select(cases.c.id, cases.c.store_id, cases.c.subject).where(
            cases.c.status.in_(OPEN_STATUSES)
        )
    ).all()
    rows = []
    for case_id, store_id, subject in found:
        grams = shingles(subject)
        rows += [
            {"store_id": store_id, "shingle": g, "shingle_count": len(grams), "case_id": case_id}
            for g in grams
        ]
        if len(rows) >= BATCH:
            op.bulk_insert(table, rows)
            rows = []
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_case_subject_shingles_case", table_name="case_subject_shingles")
    op.drop_table("case_subject_shingles")
