"""A long case timeline stays readable on the case page: oldest first, the first event and
the latest five shown, the middle folded behind one line that opens in place (a
``<details>``, no script), and a link at the top that jumps to the latest. A short timeline
shows everything; the dossier always shows everything."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.services.cases import EventView
from sellerdesk.web.case_timeline import fold_timeline
from tests.api.conftest import Api
from tests.api.web_support import browser

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _case_with_events(api: Api, total: int) -> int:
    """A case whose timeline holds ``total`` events, each body saying its place ("event 7")."""
    case_id = int(api.new_case(subject="Listing removed")["id"])
    have = len(api.call("root", "GET", f"/api/v1/cases/{case_id}").json()["events"])
    for n in range(have + 1, total + 1):
        kind = "in" if n % 2 else "out"
        body = {"direction": kind, "body": f"event {n}"}
        made = api.call("root", "POST", f"/api/v1/cases/{case_id}/events", json=body)
        assert made.status_code == 201, made.text
    return case_id


def _parts(page: str) -> tuple[str, str, str]:
    """The case page's timeline split at its fold: before, inside and after the <details>."""
    timeline = page.split('<ol class="timeline">', 1)[1]
    before, rest = timeline.split("<details>", 1)
    inside, after = rest.split("</details>", 1)
    return before, inside, after


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<div class="body-text">event (\d+)</div>', html)]


@pytest.mark.parametrize(
    ("lang", "fold_line", "jump"),
    [
        ("en", "Show 24 earlier events", "Jump to latest"),
        ("zh-CN", "显示较早的 24 条记录", "跳到最新"),
    ],
)
def test_a_case_with_30_events_shows_the_first_and_the_latest_five_and_folds_24(
    api: Api, lang: str, fold_line: str, jump: str
) -> None:
    case_id = _case_with_events(api, 30)
    page = browser(api, "root", **{"Accept-Language": lang}).get(f"/cases/{case_id}")
    assert page.status_code == 200
    before, inside, after = _parts(page.text)
    # the case as it was opened (its first event), then the fold's own line
    assert before.count('<li class="') == 2 and _shown(before) == []
    assert fold_line in inside.split("</summary>", 1)[0]
    assert _shown(inside) == list(range(2, 26))
    assert _shown(after) == [26, 27, 28, 29, 30]  # the latest five, still oldest first
    assert f'<a href="#latest">{jump}' in page.text
    assert page.text.count('id="latest"') == 1
    assert re.search(
        r'id="latest"><div class="muted">[^<]*</div>\s*<div class="body-text">'
        r"event 30<",
        after,
    )
    assert "<script" not in inside  # the fold opens with no script of its own


def test_a_case_with_four_events_folds_nothing(api: Api) -> None:
    case_id = _case_with_events(api, 4)
    for lang, words in (("en", "earlier events"), ("zh-CN", "较早的")):
        page = browser(api, "root", **{"Accept-Language": lang}).get(f"/cases/{case_id}").text
        timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
        assert "<details" not in timeline and words not in page
        assert timeline.count('<li class="') == 4
        assert timeline.count('id="latest"') == 1


def test_the_dossier_keeps_every_event_of_a_long_timeline(api: Api) -> None:
    case_id = _case_with_events(api, 30)
    dossier = api.call("root", "GET", f"/api/v1/cases/{case_id}/dossier?lang=en&format=html").text
    assert all(f"event {n}" in dossier for n in range(2, 31))
    assert "<details" not in dossier


def _event(n: int) -> EventView:
    at = START + timedelta(hours=n)
    return EventView(n, 1, "in", None, None, at, at, f"event {n}", {})


def test_folding_keeps_order_and_starts_only_past_eight_events() -> None:
    eight = fold_timeline([_event(n) for n in range(1, 9)])
    assert [e.id for e in eight.first] == list(range(1, 9)) and not eight.folded
    assert eight.newest is not None and eight.newest.id == 8
    nine = fold_timeline([_event(n) for n in range(1, 10)])
    assert [e.id for e in nine.first] == [1]
    assert [e.id for e in nine.folded] == [2, 3, 4]
    assert [e.id for e in nine.latest] == [5, 6, 7, 8, 9]
    assert nine.newest is not None and nine.newest.id == 9 and nine.count == 9
    assert fold_timeline([]).newest is None
