"""Triggers put alerts in the outbox from inside the change that causes them (SQLite and
PostgreSQL): by route (trigger, store, whose case), in the recipient's language, with the case
page's link, once per event; a refused change leaves no alert of its change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import accounts, cases, stores
from sellerdesk.services.alerts import outbox_views, routes
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.alerts.triggers_breach import scan_breaches
from sellerdesk.services.cases import followups
from sellerdesk.services.tracker import TrackerContext
from tests.services.alert_fixtures import add_channel
from tests.services.case_fixtures import NOW
from tests.services.owners import add_owners


def alerts(sessions: sessionmaker[Session]) -> list[Any]:
    return list(reversed(outbox_views.outbox(sessions=sessions, limit=500).alerts))


def route(sessions: sessionmaker[Session], *triggers: str, **kw: Any) -> routes.RouteView:
    kw.setdefault("channel", "ops")
    return routes.add_route(sessions=sessions, now=NOW, actor="boss", triggers=triggers, **kw)


@pytest.fixture
def ops(sessions: sessionmaker[Session]) -> int:
    return add_channel(sessions, NOW, "ops")


def submitted(sessions: Any, ctx: TrackerContext, new_case: Callable[..., int]) -> int:
    case_id = new_case()
    cases.move(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="submitted",
        amazon_case_id="19999999999",
    )  # fmt: skip
    return case_id


def test_amazons_reply_alerts_the_owner_in_their_language_with_the_case_link(
    sessions, ctx, new_case, ops
):
    add_owners(sessions, "lena")
    accounts.set_own_settings(sessions=sessions, now=NOW, name="lena", language="en", time_zone="")
    route(sessions, "amazon-reply", assignee="@assignee", lang="recipient")
    case_id = submitted(sessions, ctx, new_case)
    cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="lena")
    out = cases.log_event(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, direction="in", body="Send invoices"
    )
    [alert] = alerts(sessions)
    assert (alert.trigger, alert.recipient, alert.lang) == ("amazon-reply", "lena", "en")
    assert alert.title == f"Amazon replied on case {case_id}"
    assert alert.link == f"/cases/{case_id}" and alert.channel == "ops"
    assert out.event_id is not None
    # our own answer alerts nobody; a note neither
    cases.log_event(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, direction="out", body="Sent"
    )
    assert len(alerts(sessions)) == 1


def test_amazons_reply_that_makes_the_case_need_action_pings_a_route_taking_both_once(
    sessions, ctx, new_case, ops
):
    add_owners(sessions, "lena")
    add_channel(sessions, NOW, "leads")
    route(sessions, "amazon-reply", "needs-action", assignee="@assignee", lang="en")
    route(sessions, "needs-action", channel="leads", lang="en")
    case_id = submitted(sessions, ctx, new_case)
    cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="lena")
    cases.log_event(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, direction="in", body="Send invoices"
    )
    got = sorted((a.channel, a.trigger) for a in alerts(sessions))
    assert got == [("leads", "needs-action"), ("ops", "amazon-reply")]
    # a person moving the case there is news of its own, on both routes
    cases.log_event(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, direction="out", body="Sent"
    )
    cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="needs-action")
    moved = sorted((a.channel, a.trigger) for a in alerts(sessions)[2:])
    assert moved == [("leads", "needs-action"), ("ops", "needs-action")]


def test_a_route_in_chinese_for_one_store_leaves_other_stores_alone(sessions, ctx, new_case, ops):
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="other", region="na", marketplaces=["US"])
    route(sessions, "needs-action", store="acme", lang="zh")
    route(sessions, "needs-action", store="other", lang="en")
    case_id = submitted(sessions, ctx, new_case)
    cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="needs-action")
    [alert] = alerts(sessions)
    assert alert.title == f"案例 {case_id} 需要处理" and alert.lang == "zh"


def test_a_route_for_one_person_takes_only_their_cases(sessions, ctx, new_case, ops):
    add_owners(sessions, "lena", "wang")
    route(sessions, "needs-action", assignee="wang")
    case_id = submitted(sessions, ctx, new_case)
    cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="lena")
    cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="needs-action")
    assert alerts(sessions) == []


def test_a_refused_move_leaves_no_alert(sessions, ctx, new_case, ops):
    route(sessions, "needs-action")
    case_id = new_case()  # a draft cannot move to needs-action
    with pytest.raises(InvalidInput):
        cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="needs-action")
    assert alerts(sessions) == []


def test_a_refused_duplicate_is_alerted_once_per_person_and_hour(sessions, ctx, new_case, ops):
    route(sessions, "duplicate-refused", lang="en")
    first = new_case(order_ids=["111-1111111-1111111"])
    for _ in range(2):
        with pytest.raises(Conflict):
            new_case("Same order again", order_ids=["111-1111111-1111111"])
    [alert] = alerts(sessions)
    assert alert.trigger == "duplicate-refused" and str(first) in alert.text
    assert alert.link == f"/cases/{first}"


def test_a_delivered_reminder_is_alerted_with_its_note(sessions, ctx, new_case, ops):
    route(sessions, "reminder-due", lang="en")
    case_id = submitted(sessions, ctx, new_case)
    due = NOW + timedelta(days=30)
    [claimed, *_] = followups.claim_due(sessions, now=due, worker_id="w")
    done = followups.deliver(sessions, claimed, now=due, ctx=ctx, worker_id="w")
    assert done is not None
    [alert] = alerts(sessions)
    assert alert.trigger == "reminder-due" and alert.case_id == case_id
    assert alert.text == done.text


def test_a_clock_about_to_breach_is_alerted_once_per_deadline(sessions, ctx, new_case, ops):
    route(sessions, "breach-soon", lang="en")
    case_id = submitted(sessions, ctx, new_case)
    breach = cases.show(sessions=sessions, case_id=case_id, now=NOW, ctx=ctx).next_breach_at
    assert breach is not None
    assert scan_breaches(sessions, ctx, now=breach - timedelta(hours=3)) == 0
    assert scan_breaches(sessions, ctx, now=breach - timedelta(hours=1)) == 1
    assert scan_breaches(sessions, ctx, now=breach - timedelta(minutes=30)) == 0
    [alert] = alerts(sessions)
    assert alert.title.startswith(f"Case {case_id}: Amazon's reply time due in")


def test_mail_that_could_not_be_filed_is_enqueued_through_enqueue_for(sessions, ops):
    route(sessions, "mail-unfiled", lang="en")
    with sessions.begin() as s:
        made = alert_triggers.enqueue_for(
            s,
            trigger="mail-unfiled",
            now=NOW,
            key="mail:42",
            facts={"subject": "Your case 123", "sender": "x@amazon.com", "link": "/mail/unfiled"},
        )
        again = alert_triggers.enqueue_for(
            s, trigger="mail-unfiled", now=NOW, key="mail:42", facts={"subject": "", "sender": ""}
        )
    assert len(made) == 1 and again == []
    [alert] = alerts(sessions)
    assert alert.link == "/mail/unfiled" and "x@amazon.com" in alert.text


def test_routes_refuse_unknown_triggers_channels_and_languages_naming_the_field(sessions, ops):
    for kw, field in (
        ({"triggers": ("no-such",)}, "triggers"),
        ({"triggers": ()}, "triggers"),
        ({"triggers": ("needs-action",), "channel": "nope"}, "channel"),
        ({"triggers": ("needs-action",), "lang": "fr"}, "lang"),
        ({"triggers": ("needs-action",), "assignee": "ghost"}, "assignee"),
    ):
        kw.setdefault("channel", "ops")
        with pytest.raises(InvalidInput) as refused:
            routes.add_route(sessions=sessions, now=NOW, actor="boss", **kw)
        assert refused.value.field == field
    made = route(sessions, "needs-action,amazon-reply", channel=str(ops))
    assert made.triggers == ("needs-action", "amazon-reply") and made.store is None
    assert [r.id for r in routes.list_routes(sessions=sessions)] == [made.id]
    routes.remove_route(sessions=sessions, now=NOW, actor="boss", route_id=made.id)
    assert routes.list_routes(sessions=sessions) == ()


def test_a_health_metric_crossing_its_target_is_alerted_once_per_snapshot(sessions, ctx, ops):
    from sellerdesk.core.health.rules import builtin_health_path, load_health_rules
    from sellerdesk.services import account_health

    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="shop", region="na", marketplaces=["US"])
    route(sessions, "health-crossed", lang="en")
    rules = load_health_rules([builtin_health_path()])

    def figures(late: float, at: Any) -> None:
        account_health.set_figures(
            sessions=sessions, now=at, ctx=ctx, rules=rules, store="shop",
            figures={"late_shipment": late},
        )  # fmt: skip

    figures(1.0, NOW)  # on target: nothing crossed
    assert alerts(sessions) == []
    figures(4.2, NOW + timedelta(hours=1))  # over the 4 % target
    [alert] = alerts(sessions)
    assert alert.title == "shop US: late-shipment is now off target" and alert.urgent
    figures(4.5, NOW + timedelta(hours=2))  # still off target: no new crossing
    figures(1.0, NOW + timedelta(hours=3))  # back on target
    assert [a.title for a in alerts(sessions)][1] == "shop US: late-shipment is now on target"


def test_mail_that_could_not_be_filed_alerts_its_route_with_the_mail(sessions, ctx, acme, ops):
    from sellerdesk.services.mail.importing import ingest_one
    from sellerdesk.services.mail.models import MailSource

    route(sessions, "mail-unfiled", lang="en")
    raw = (
        b"From: Amazon <seller-support@sellercentral.amazon.com>\r\nTo: ops@example.cn\r\n"
        b"Subject: Nothing named here\r\nDate: Wed, 15 Apr 2026 09:00:00 +0000\r\n"
        b"Message-ID: <unfiled-1@amazon.com>\r\n\r\nHello.\r\n"
    )
    got = ingest_one(sessions, raw=raw, source=MailSource("upload", store_id=1), now=NOW, ctx=ctx)
    again = ingest_one(sessions, raw=raw, source=MailSource("upload", store_id=1), now=NOW, ctx=ctx)
    assert got.state == "unfiled" and again.duplicate
    [alert] = alerts(sessions)
    assert alert.trigger == "mail-unfiled" and alert.link == f"/mail/unfiled#mail-{got.mail_id}"
    assert "Nothing named here" in alert.text and "seller-support@" in alert.text
