"""The case-list cache is exact: after every kind of write — from this process or another
one — a cached list equals a fresh read; unchanged data is served from the cache; what
moves with the clock alone (breached, overdue) is computed per request (SQLite and PG)."""

from __future__ import annotations

from datetime import timedelta

from sellerdesk.core.access import Principal
from sellerdesk.services import cases, stores
from sellerdesk.services.list_cache import ListCache
from sellerdesk.storage.engine import make_engine, make_session_factory
from tests.services.case_fixtures import NOW, later
from tests.services.owners import add_owners


def lists_agree(sessions, cache, now, **kwargs):  # type: ignore[no-untyped-def]
    cached = cases.list_cases(sessions=sessions, now=now, cache=cache, **kwargs)
    fresh = cases.list_cases(sessions=sessions, now=now, **kwargs)
    assert cached == fresh
    return cached


def test_every_kind_of_write_is_seen_by_the_cached_list(sessions, ctx, new_case, database_url):
    cache = ListCache()
    add_owners(sessions, "amy")
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="beta", region="na", marketplaces=["US"])
    beta = stores.list_stores(sessions=sessions)[-1].id
    only_beta = Principal(name="v", role="viewer", store_ids=frozenset({beta}))
    shapes = [{}, {"limit": 2}, {"status": "draft"}, {"store": "acme"}, {"principal": only_beta}]
    first, second = new_case("Refund not received"), new_case("Listing suppressed again")
    steps = [
        lambda: cases.move(
            status="submitted",
            sessions=sessions,
            now=later(1),
            ctx=ctx,
            case_id=first,
            amazon_case_id="1234567890",
        ),
        lambda: cases.log_event(
            sessions=sessions, now=later(2), ctx=ctx, case_id=first, direction="in", body="hi"
        ),
        lambda: cases.tag(sessions=sessions, now=later(3), ctx=ctx, case_id=second, add=["x"]),
        lambda: cases.assign(sessions=sessions, now=later(4), ctx=ctx, case_id=second, user="amy"),
        lambda: cases.move(
            sessions=sessions, now=later(5), ctx=ctx, case_id=first, status="resolved"
        ),
        lambda: cases.create(
            sessions=sessions, now=later(6), ctx=ctx, store="beta", marketplace="US", subject="B"
        ),
        lambda: cases.move(
            status="merged", sessions=sessions, now=later(7), ctx=ctx, case_id=second, into=first
        ),
    ]
    seen = [lists_agree(sessions, cache, later(8), **shape) for shape in shapes]
    for step in steps:
        step()
        after = [lists_agree(sessions, cache, later(8), **shape) for shape in shapes]
        assert after != seen  # each step changed at least one of the lists
        seen = after


def test_a_write_by_another_process_is_seen_at_once(sessions, new_case, database_url, ctx):
    cache = ListCache()
    case_id = new_case()
    add_owners(sessions, "bo")
    before = lists_agree(sessions, cache, NOW)
    other = make_engine(database_url)  # another server process: its own engine and pool
    try:
        cases.assign(
            sessions=make_session_factory(other),
            now=later(1),
            ctx=ctx,
            case_id=case_id,
            user="bo",
        )
    finally:
        other.dispose()
    after = lists_agree(sessions, cache, NOW)
    assert before[0]["assignee"] is None and after[0]["assignee"] == "bo"


def test_unchanged_data_is_served_from_the_cache_with_breaches_computed_now(
    sessions, ctx, new_case
):
    case_id = new_case()
    cases.move(
        status="submitted",
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        case_id=case_id,
        amazon_case_id="1234567890",
    )
    cache = ListCache()
    due = cases.list_cases(sessions=sessions, now=NOW, cache=cache)[0]["next_breach_at"]
    assert due is not None and cache.misses == 1
    from datetime import datetime

    after_due = datetime.fromisoformat(due) + timedelta(minutes=5)
    page = cases.list_cases(sessions=sessions, now=after_due, cache=cache)
    assert cache.hits == 1
    assert page[0]["breached"] is True and page[0]["overdue_seconds"] == 300
    again = cases.list_cases(sessions=sessions, now=NOW, cache=cache)
    assert again[0]["breached"] is False and again[0]["overdue_seconds"] is None


def test_a_breaching_filter_is_never_cached(sessions, new_case):
    new_case()
    cache = ListCache()
    for _ in range(2):
        cases.list_cases(sessions=sessions, now=NOW, breaching=True, cache=cache)
    assert (cache.hits, cache.misses) == (0, 0)


def test_the_cache_keeps_only_its_newest_pages():
    cache = ListCache(max_pages=2)
    for key in ("a", "b", "c"):
        cache.put(key, [])
    assert cache.get("a") is None and cache.get("b") == [] and cache.get("c") == []
