"""Apply Alembic migrations programmatically (``sellerdesk migrate``, and on first use).

Every tracker command asks "is the store current?" first. Alembic costs ~145 ms to import,
so that question is answered with one query and the migration file names (revisions are
numbered ``NNNN_name.py``, one linear chain; a test checks the newest file is Alembic's
head); Alembic is imported only when something has to be applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest revision, from the file names in ``migrations/versions``."""
    numbers = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")]
    return max(numbers) if numbers else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def downgrade(engine: Engine, target: str) -> None:
    """Back to revision ``target`` (tests of the migrations that follow it)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, target)


def ensure_current(engine: Engine) -> bool:
    """Upgrade when the store is behind; True when anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True
