"""The runtime: one way from settings to the store and the context, opened only when asked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import locale
from sellerdesk.services.runtime import build_runtime
from sellerdesk.services.tracker import transaction
from sellerdesk.settings import Settings

FIXED = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def _settings(tmp_path: Path, url: str, **more: object) -> Settings:
    return Settings(home=tmp_path, database_url=url, **more)  # type: ignore[arg-type]


def test_a_runtime_opens_nothing_until_a_command_asks_for_the_store(tmp_path: Path):
    runtime = build_runtime(_settings(tmp_path, f"sqlite:///{tmp_path / 'never.db'}"))
    runtime.close()
    assert "engine" not in runtime.__dict__ and "ctx" not in runtime.__dict__
    assert not (tmp_path / "never.db").exists()


def test_a_runtime_opens_a_migrated_store_once_and_hands_its_clock_to_the_use_cases(
    tmp_path: Path, database_url: str
):
    runtime = build_runtime(_settings(tmp_path, database_url), clock=lambda: FIXED)
    try:
        assert runtime.sessions is runtime.sessions and runtime.engine is runtime.engine
        with transaction(runtime.sessions) as session:
            assert session.execute(text("SELECT count(*) FROM stores")).scalar_one() == 0
        assert runtime.clock() == FIXED
    finally:
        runtime.close()


def test_the_context_acts_as_the_adapter_that_built_it_and_counts_in_the_teams_zone(
    tmp_path: Path,
):
    settings = _settings(
        tmp_path, "sqlite://", timezone="Europe/Berlin", team_timezone="Asia/Shanghai"
    )
    ctx = build_runtime(settings, actor="api").ctx
    assert ctx.actor == "api" and ctx.team_zone == "Asia/Shanghai"
    assert "na" in ctx.desks and ctx.attachments_dir == tmp_path / "attachments"


def test_the_deprecated_timezone_key_is_read_as_the_team_zone_while_team_timezone_is_unset(
    tmp_path: Path,
):
    from sellerdesk.settings import load_settings

    (tmp_path / "config.toml").write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    settings = load_settings({"SELLERDESK_HOME": str(tmp_path)})
    assert locale.team_zone_name(settings) == "Europe/Berlin" and settings.timezone is None
    assert build_runtime(settings).ctx.team_zone == "Europe/Berlin"
    both = 'timezone = "Europe/Berlin"\n"team.timezone" = "Asia/Tokyo"\n'
    (tmp_path / "config.toml").write_text(both, encoding="utf-8")
    assert locale.team_zone_name(load_settings({"SELLERDESK_HOME": str(tmp_path)})) == "Asia/Tokyo"


def test_pages_show_the_users_own_zone_else_the_teams(tmp_path: Path):
    # SELLERDESK_TZ (settings.timezone) is the CLI's own zone: pages never read it
    both = _settings(tmp_path, "sqlite://", timezone="UTC", team_timezone="Asia/Tokyo")
    assert str(build_runtime(both).display_zone()) == "Asia/Tokyo"
    assert str(build_runtime(both).display_zone("Europe/London")) == "Europe/London"


def test_the_command_line_shows_the_flag_else_sellerdesk_tz_else_the_teams_zone(tmp_path: Path):
    settings = _settings(tmp_path, "sqlite://", timezone="Europe/Berlin", team_timezone="UTC")
    assert str(locale.cli_zone(settings, "Asia/Shanghai")) == "Asia/Shanghai"
    assert str(locale.cli_zone(settings)) == "Europe/Berlin"
    assert str(locale.cli_zone(_settings(tmp_path, "sqlite://", team_timezone="UTC"))) == "UTC"


@pytest.mark.parametrize(
    ("more", "flag", "field"),
    [
        ({}, "Mars/Olympus", "timezone"),  # the CLI spells it --tz (tests/cli/test_run.py)
        ({"timezone": "Mars/Olympus"}, None, "SELLERDESK_TZ"),
        ({"team_timezone": "Mars/Olympus"}, None, "team.timezone"),
    ],
)
def test_a_zone_that_does_not_exist_is_refused_naming_where_it_came_from(
    tmp_path: Path, more: dict[str, str], flag: str | None, field: str
):
    settings = _settings(tmp_path, "sqlite://", **more)
    with pytest.raises(InvalidInput) as refused:
        locale.cli_zone(settings, flag)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (("zh", "en"), "zh"),
        ((None, "zh_CN.UTF-8"), "zh"),
        (("klingon", None, "en_US.UTF-8"), "en"),
        ((None, None, None), "en"),
        (("", "C.UTF-8"), "en"),
    ],
)
def test_the_language_is_the_first_choice_that_names_one(
    choices: tuple[str | None, ...], expected: str
):
    assert locale.language(*choices) == expected
