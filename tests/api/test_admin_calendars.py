"""The admin's Holiday calendars page (web/admin_calendars.py): a notice pasted, previewed as a
calendar, saved and used by every schedule at once; refusals on the same page; admins only
(404 for anyone else), CSRF checked; the dashboard's December banner and the pages' notes
about an estimated year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from sellerdesk.core.hours.calendars import use_saved_years
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

NOTICE = (
    "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。二、春节：2月5日（农历除夕、周五）至"
    "13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。"
)
# Friday 12 February 2027, 10:00 in Beijing: a day off only in the official arrangement
FRIDAY = datetime(2027, 2, 12, 2, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 5, 4, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_saved_years_after() -> Iterator[None]:
    yield
    use_saved_years(None)  # the loader's folder is process-wide: leave none behind


def _preview(client, text: str = NOTICE, year: str = "2027"):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/admin/calendars").text)
    form = {"csrf_token": token, "kind": "notice", "action": "preview", "year": year}
    return client.post("/admin/calendars", data={**form, "notice": text})


def test_an_admin_previews_saves_and_every_schedule_uses_the_year_at_once(api: Api) -> None:
    api.state.clock = lambda: DECEMBER
    client = browser(api, "root")
    assert api.state.ctx.desks["cn"].schedule("case").is_open(FRIDAY)  # the guess: open
    page = client.get("/admin/calendars")
    assert page.status_code == 200 and "estimate by rule" in page.text
    shown = _preview(client)
    assert shown.status_code == 200
    assert 'class="working' in shown.text and "春节" in shown.text  # the grid marks 2027-02-20
    assert "/admin/calendars" in shown.text and 'name="confirm" value="yes"' in shown.text
    assert not (api.state.settings.home / "calendars").exists()  # a preview saves nothing
    form = {
        "csrf_token": csrf_of(shown.text),
        "kind": "notice",
        "action": "save",
        "confirm": "yes",
        "year": "2027",
        "notice": NOTICE,
        "as_of": "2026-11-12",
    }
    done = client.post("/admin/calendars", data=form, follow_redirects=False)
    assert done.status_code == 303 and "saved=CN-2027" in done.headers["location"]
    assert (api.state.settings.home / "calendars" / "cn-2027.toml").exists()
    assert not api.state.ctx.desks["cn"].schedule("case").is_open(FRIDAY)  # no restart
    year = client.get("/admin/calendars/CN/2027")
    assert year.status_code == 200 and "2026-11-12" in year.text
    # no banner in December once next year is there
    assert "/admin/calendars" not in client.get("/").text.split("<main>")[1]
    asked = client.post(
        "/admin/calendars",
        data={
            "csrf_token": form["csrf_token"],
            "action": "remove",
            "calendar": "CN",
            "year": "2027",
        },
    )
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.text
    removed = client.post(
        "/admin/calendars",
        data={
            "csrf_token": form["csrf_token"],
            "action": "remove",
            "calendar": "CN",
            "year": "2027",
            "confirm": "yes",
        },
        follow_redirects=False,
    )
    assert removed.status_code == 303
    assert api.state.ctx.desks["cn"].schedule("case").is_open(FRIDAY)


def test_a_bad_notice_is_answered_on_the_page_with_the_text_kept(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh"})
    text = "一、元旦：2026年12月31日至2027年1月2日放假调休，共3天。"
    refused = _preview(client, text)
    assert refused.status_code == 422
    assert "2026-12-31 不在 2027 年内" in refused.text and "2026年12月31日" in refused.text
    typed = client.post(
        "/admin/calendars",
        data={
            "csrf_token": csrf_of(refused.text),
            "kind": "days",
            "action": "preview",
            "calendar": "US",
            "year": "2027",
            "closed": "2027-03-10",
            "working": "2027-03-13",
        },
    )
    assert typed.status_code == 422 and "调休上班日只属于中国日历" in typed.text
    assert 'id="days-working" name="working" rows="2" class="bad"' in typed.text


def test_the_page_is_admins_only_and_checks_csrf(api: Api) -> None:
    agent = browser(api, "agent_n")
    assert agent.get("/admin/calendars").status_code == 404
    assert agent.get("/admin/calendars/CN/2027").status_code == 404
    posted = agent.post("/admin/calendars", data={"action": "preview", "kind": "notice"})
    assert posted.status_code == 404
    admin = browser(api, "root")
    forged = admin.post(
        "/admin/calendars",
        data={"csrf_token": "forged", "kind": "notice", "action": "preview", "year": "2027"},
    )
    assert forged.status_code == 403
    assert admin.get("/admin/calendars/XX/2027").status_code == 404
    assert 'href="/admin/calendars"' in admin.get("/admin").text


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        (DECEMBER, True),
        (datetime(2026, 11, 30, 12, tzinfo=UTC), False),  # 20:00 on 30 November in Beijing
        (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), True),  # already 1 December in Beijing
        (datetime(2027, 1, 4, 4, tzinfo=UTC), False),  # January: 2027 is "this year" now
    ],
)
def test_the_dashboard_banner_shows_in_december_only(api: Api, now: datetime, shown: bool) -> None:
    api.state.clock = lambda: now
    admin = browser(api, "root").get("/").text
    agent = browser(api, "agent_n").get("/").text
    assert ("cal-banner" in admin) is shown and ("cal-banner" in agent) is shown
    if shown:
        assert 'href="/admin/calendars"' in admin.split("cal-banner")[1].split("</p>")[0]
        assert "Ask an admin" in agent and "/admin/calendars" not in agent


def test_pages_say_when_their_answers_rest_on_an_estimated_year(api: Api) -> None:
    api.state.clock = lambda: datetime(2027, 1, 5, 2, tzinfo=UTC)
    client = browser(api, "agent_n")
    for path in ("/hours", "/"):
        page = client.get(path).text
        assert "official China holidays of 2027 are not in Seller Desk yet" in page, path
    api.state.clock = lambda: datetime(2026, 3, 3, 2, tzinfo=UTC)
    assert "cal-estimated" not in client.get("/hours").text
