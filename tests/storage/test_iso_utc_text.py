"""The database renders a stored UTC time exactly as ``datetime.isoformat()`` does, so a list
page can skip parsing and re-formatting every timestamp (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, literal, select

from sellerdesk.storage.types import UTCDateTime, iso_utc_text

NAMED = [
    datetime(2026, 11, 28, 9, 4, 0, tzinfo=UTC),  # no microseconds: no fraction at all
    datetime(2026, 3, 8, 2, 30, 0, 1, tzinfo=UTC),  # one microsecond
    datetime(2026, 10, 25, 1, 0, 0, 500000, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, 0, 120000, tzinfo=timezone(timedelta(hours=8))),  # not UTC
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
]


def rendered(engine: Engine, value: datetime | None) -> str | None:
    column = literal(value, UTCDateTime())
    with engine.connect() as conn:
        return conn.execute(select(iso_utc_text(column, engine.dialect.name))).scalar_one()


def test_named_times_render_as_python_isoformat_in_utc(engine: Engine) -> None:
    for value in NAMED:
        assert rendered(engine, value) == value.astimezone(UTC).isoformat()


def test_a_missing_time_stays_missing(engine: Engine) -> None:
    assert rendered(engine, None) is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.datetimes(
        min_value=datetime(1971, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
        max_value=datetime(2099, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_any_time_renders_as_python_isoformat(engine: Engine, value: datetime) -> None:
    assert rendered(engine, value) == value.isoformat()
