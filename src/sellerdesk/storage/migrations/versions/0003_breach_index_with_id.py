"""breach indexes end with id

`case list` sorts by next breach, then id. Closed and resolved cases have no breach, so on
PostgreSQL the whole NULL group was sorted by id after the index walk (90 ms p95 at
460,000 cases, bench/store_bench.py); with id in the index the walk returns them in order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cases_store_status_breach", table_name="cases")
    op.drop_index("ix_cases_status_breach", table_name="cases")
    op.create_index(
        "ix_cases_store_status_breach", "cases", ["store_id", "status", "next_breach_at", "id"]
    )
    op.create_index("ix_cases_status_breach", "cases", ["status", "next_breach_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_cases_store_status_breach", table_name="cases")
    op.drop_index("ix_cases_status_breach", table_name="cases")
    op.create_index(
        "ix_cases_store_status_breach", "cases", ["store_id", "status", "next_breach_at"]
    )
    op.create_index("ix_cases_status_breach", "cases", ["status", "next_breach_at"])
