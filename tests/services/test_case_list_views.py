"""The case list's views and their counts at fixed instants (SQLite and PostgreSQL): which
case is in which view, "Resolved this week" by the team's zone, "Breaching soon" by its
window, counts equal to the lists, and counts kept in the list cache only while exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sellerdesk.core.cases.views import BREACHING_SOON, soon_bound, week_start
from sellerdesk.services import cases
from sellerdesk.services.list_cache import ListCache
from tests.services.case_fixtures import NOW, later
from tests.services.owners import add_owners

SHANGHAI = ZoneInfo("Asia/Shanghai")


def listed(sessions, now, view, me="amy", **kw):  # type: ignore[no-untyped-def]
    rows = cases.list_cases(sessions=sessions, now=now, view=view, me=me, zone=SHANGHAI, **kw)
    return [r["id"] for r in rows]


def counted(sessions, now, me="amy", cache=None):  # type: ignore[no-untyped-def]
    got = cases.view_counts(sessions=sessions, now=now, zone=SHANGHAI, me=me, cache=cache)
    return {c.view: c.count for c in got}


def test_a_week_starts_on_monday_midnight_in_the_teams_zone() -> None:
    sunday_night_utc = datetime(2026, 4, 19, 17, 0, tzinfo=UTC)  # Monday 01:00 in Shanghai
    assert week_start(sunday_night_utc, SHANGHAI) == datetime(2026, 4, 20, tzinfo=SHANGHAI)
    assert week_start(sunday_night_utc, UTC) == datetime(2026, 4, 13, tzinfo=UTC)
    assert soon_bound(NOW) == NOW + BREACHING_SOON
    assert soon_bound(NOW + timedelta(seconds=1)) == NOW + BREACHING_SOON + timedelta(minutes=1)


def test_each_view_holds_its_cases_and_counts_them(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    add_owners(sessions, "amy", "bo")
    mine, other, nobody, resolved, waiting = (new_case(f"Case number {i} here") for i in range(5))
    common = {"sessions": sessions, "ctx": ctx}
    cases.assign(**common, now=NOW, case_id=mine, user="amy")
    cases.assign(**common, now=NOW, case_id=other, user="bo")
    for case_id, amazon in (
        (mine, "11111111111"),
        (resolved, "22222222222"),
        (waiting, "33333333333"),
    ):
        cases.move(
            **common, now=later(1), case_id=case_id, status="submitted", amazon_case_id=amazon
        )
    cases.log_event(
        **common, now=later(2), case_id=mine, direction="in", body="Please send the invoice."
    )
    cases.move(**common, now=later(3), case_id=resolved, status="resolved")
    cases.move(**common, now=later(3), case_id=waiting, status="waiting-amazon")
    now = later(4)
    assert listed(sessions, now, "mine") == [mine]
    assert listed(sessions, now, "mine", me="bo") == [other]
    assert listed(sessions, now, "unassigned") == [waiting, nobody]  # running clock first
    assert listed(sessions, now, "needs-action") == [mine]
    assert listed(sessions, now, "waiting-amazon") == [waiting]
    assert listed(sessions, now, "resolved-week") == [resolved]
    assert listed(sessions, later(24 * 7), "resolved-week") == []  # the week after
    shown = {c: cases.show(sessions=sessions, now=now, ctx=ctx, case_id=c) for c in (mine, waiting)}
    first_due = min(v.next_breach_at for v in shown.values() if v.next_breach_at)
    before = first_due - BREACHING_SOON - timedelta(minutes=2)
    assert listed(sessions, before, "breaching-soon") == []
    soon = listed(sessions, first_due - timedelta(hours=1), "breaching-soon")
    assert soon and soon[0] in (mine, waiting)
    assert set(listed(sessions, later(24 * 60), "breaching-soon")) == {mine, waiting}
    for at in (now, later(24 * 7), first_due, later(24 * 60)):
        counts = counted(sessions, at)
        assert counts == {v: len(listed(sessions, at, v)) for v in counts}, at
    assert counted(sessions, now)["mine"] == 1 and counted(sessions, now, me="nobody")["mine"] == 0


def test_counts_from_the_cache_follow_every_write(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    add_owners(sessions, "amy")
    cache = ListCache()
    case_id = new_case()
    assert counted(sessions, NOW, cache=cache)["unassigned"] == 1
    assert counted(sessions, NOW, cache=cache)["unassigned"] == 1  # served from the cache
    cases.assign(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id, user="amy")
    after = counted(sessions, NOW, cache=cache)
    assert (after["unassigned"], after["mine"]) == (0, 1)
    assert after == counted(sessions, NOW)


def test_bulk_changes_each_case_in_its_own_transaction(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    add_owners(sessions, "amy")
    first, second = new_case("First case subject"), new_case("Second case subject")
    result = cases.bulk_change(
        sessions=sessions,
        now=later(1),
        ctx=ctx,
        action="assign",
        value="amy",
        cases=[(first, 1), (second, 7), (999_999, None)],
    )
    assert [o.id for o in result.done] == [first]
    assert [(f.case_id, f.error.key) for f in result.failed] == [
        (second, "case.stale"),
        (999_999, "case.not_found"),
    ]
    assert cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=second).assignee is None
    refused = cases.bulk_change(
        sessions=sessions, now=later(2), ctx=ctx, action="assign", value="ghost", cases=[(first, 2)]
    )
    assert refused.failed[0].error.field == "assignee"
