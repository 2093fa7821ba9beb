"""indexes for the case list's views and sorts (issue 15, point 4)

``ix_cases_assignee_status_breach`` serves "My cases" and "Unassigned" (each open status
walked by next breach, and their counts read from the index alone) and the sort by
assignee; ``ix_cases_updated``, ``ix_cases_priority`` and ``ix_cases_marketplace`` the
sorts by those columns (one index walk, no sort of the whole table on a 1,000,000-case
store); ``ix_cases_resolved`` "Resolved this week" and its count.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_cases_assignee_status_breach": ["assignee", "status", "next_breach_at", "id"],
    "ix_cases_updated": ["updated_at", "id"],
    "ix_cases_priority": ["priority", "id"],
    "ix_cases_marketplace": ["marketplace", "id"],
    "ix_cases_resolved": ["resolved_at"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="cases")
