"""``case show``'s clock lines in words (zh, en): time used is an amount ("none yet", never
the countdown's "now"), and turns are counted without "turn(s)"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.cli.case_render import clock_line
from sellerdesk.services.cases.models import ClockView

NOW = datetime(2026, 12, 8, 2, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class View:
    lang: str
    now: datetime = NOW
    zone: ZoneInfo = SHANGHAI


def clock(**kw) -> ClockView:  # type: ignore[no-untyped-def]
    values = dict(
        running=False, started_at=None, due_at=None, budget_seconds=86_400,
        turn_elapsed_seconds=0, total_seconds=0, turns=1, breached=False, overdue_seconds=None,
    )  # fmt: skip
    return ClockView(**{**values, **kw})


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "paused (business time used: none yet; turns: 1)"),
        ("zh", "已暂停（已用工作时间：尚无；共 1 轮）"),
    ],
)
def test_a_paused_clock_with_no_time_used_says_none_yet(lang: str, said: str) -> None:
    assert clock_line(clock(), View(lang)) == said  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "used"), [("en", "business time used: none yet)"), ("zh", "已用工作时间：尚无）")]
)
def test_a_clock_just_started_says_no_time_used_yet_not_now(lang: str, used: str) -> None:
    line = clock_line(
        clock(running=True, started_at=NOW, due_at=NOW + timedelta(hours=5)),
        View(lang),  # type: ignore[arg-type]
    )
    assert line.endswith(used)
    assert "现在" not in line and " now" not in line


def test_time_used_over_two_turns_is_an_amount() -> None:
    line = clock_line(clock(total_seconds=5 * 3600 + 1200, turns=2), View("en"))  # type: ignore[arg-type]
    assert line == "paused (business time used: 5h 20m; turns: 2)"
