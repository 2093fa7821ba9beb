"""a change counter for the case list cache (SQLite)

A server keeps recently built case-list pages and must know, cheaply and exactly, whether
anything a list shows has changed since. On SQLite, triggers count every committed change
to ``cases`` and to ``stores`` (a list shows the store's name) in one row of
``data_versions``; SQLite has one writer at a time, so the row costs no concurrency.
PostgreSQL needs no table: its transaction snapshot already identifies what a reader sees
(``storage.repositories.versions``), and a counter row there would serialise every writer.

The table is not in the ORM's metadata on purpose: backup, restore and copy-db copy the
model tables, and a restored counter must never go back to a value a server has cached.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WATCHED = {"cases": ("INSERT", "UPDATE", "DELETE"), "stores": ("UPDATE", "DELETE")}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE data_versions (name VARCHAR(40) PRIMARY KEY, version INTEGER NOT NULL)"
    )
    op.execute("INSERT INTO data_versions (name, version) VALUES ('cases', 0)")
    for table, events in WATCHED.items():
        for event in events:
            op.execute(
                f"CREATE TRIGGER data_version_{table}_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'cases'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, events in WATCHED.items():
        for event in events:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{event.lower()}")
    op.execute("DROP TABLE data_versions")
