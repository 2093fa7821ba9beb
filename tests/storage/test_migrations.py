"""Migrations build the schema the tables describe, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from sellerdesk.storage.migrate import current_revision, ensure_current, head_revision
from sellerdesk.storage.tables import Base
from tests.conftest import SKIP_PG


def test_a_migrated_store_is_at_the_head_revision(engine):
    assert current_revision(engine) == head_revision()
    assert ensure_current(engine) is False


def test_the_migrated_schema_has_every_table_and_column_of_the_models(engine):
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_an_empty_store_is_migrated_on_first_use(tmp_path):
    from sellerdesk.storage.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'sellerdesk.db'}")
    assert current_revision(engine) is None
    assert ensure_current(engine) is True
    assert current_revision(engine) == head_revision()


def test_sqlite_stores_use_write_ahead_logging(tmp_path):
    from sellerdesk.storage.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_newest_migration_file_is_alembics_head():
    from alembic.script import ScriptDirectory

    from sellerdesk.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == head_revision()
    assert len(script.get_heads()) == 1  # one linear chain, as head_revision assumes


@pytest.mark.skipif(SKIP_PG, reason="SELLERDESK_TEST_SKIP_PG=1")
def test_postgresql_connections_plan_every_statement_for_its_values(pg_url):
    from sellerdesk.storage.engine import make_engine

    engine = make_engine(pg_url)
    with engine.connect() as conn:  # psycopg prepares repeated statements: no generic plans
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
        conn.rollback()
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
    engine.dispose()
