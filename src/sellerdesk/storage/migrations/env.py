"""Alembic environment: the connection is handed in by :mod:`sellerdesk.storage.migrate`."""

from __future__ import annotations

from alembic import context

from sellerdesk.storage.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand without our wrapper
    raise RuntimeError("run migrations through `sellerdesk migrate`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
