"""``sellerdesk alerts route …`` and ``alerts outbox …``: a reminder the worker delivers goes
out to a WeCom robot on loopback through a route, once, inside the team's hours, with a full
link when web.base_url is set; every try is listed; a refused alert can be sent again."""

from __future__ import annotations

import pytest

from sellerdesk.services.cases import followups
from sellerdesk.services.runtime import build_runtime
from tests.receivers.vendors import WeComReceiver
from tests.services.reminder_fixtures import add_case, la, move

IN_HOURS = "2026-04-22T09:30+08:00"  # the reminder fires at 09:00 Beijing that Wednesday


@pytest.fixture
def wecom():  # type: ignore[no-untyped-def]
    receiver = WeComReceiver()
    with receiver.running():
        yield receiver


@pytest.fixture
def case_id(cli, database_url, monkeypatch, wecom):  # type: ignore[no-untyped-def]
    """A submitted case, a WeCom channel ``ops`` and the team in Beijing; the case's id."""
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("OPS_HOOK", wecom.url)
    assert cli("config", "set", "team.timezone", "Asia/Shanghai").exit_code == 0
    added = cli("alerts", "channel", "add", "ops", "--kind", "wecom", "--webhook-env", "OPS_HOOK")
    assert added.exit_code == 0, added.stderr
    tracker = build_runtime()
    with tracker.sessions.begin() as s:
        case = add_case(s, at=la(17, 17), subject="Listing suppressed")
        move(s, case, "submitted", la(17, 17))
        followups.refresh(s, tracker.ctx, case, la(17, 17))
        found = case.id
    tracker.engine.dispose()
    return found


def test_a_route_sends_the_workers_reminder_to_the_robot_once_with_the_case_link(
    cli, case_id, wecom
):
    added = cli(
        "alerts", "route", "add", "--trigger", "reminder-due", "--channel", "ops",
        "--alert-lang", "en", "--lang", "en",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "Route 1 added." in added.stdout and "A reminder is due" in added.stdout
    assert cli("config", "set", "web.base_url", "https://desk.example.com/").exit_code == 0
    first = cli("worker", "--once", "--at", IN_HOURS, "--worker-id", "w1")
    assert first.exit_code == 0, first.stderr
    second = cli("worker", "--once", "--at", IN_HOURS, "--worker-id", "w2")
    assert second.exit_code == 0, second.stderr
    # the reminder is delivered by the first round and its alert sent by the second
    [got] = wecom.accepted()
    content = got.json["markdown"]["content"]
    assert f"https://desk.example.com/cases/{case_id}" in content
    listed = cli("alerts", "outbox", "--json").json()
    [alert] = listed["alerts"]
    assert (alert["state"], alert["trigger"], alert["case_id"]) == (
        "delivered",
        "reminder-due",
        case_id,
    )
    shown = cli("alerts", "outbox", "show", str(alert["id"]), "--lang", "en")
    assert "delivered" in shown.stdout and "HTTP 200" in shown.stdout
    third = cli("worker", "--once", "--at", "2026-04-22T10:30+08:00", "--worker-id", "w3")
    assert third.exit_code == 0 and len(wecom.accepted()) == 1


def test_a_refused_alert_shows_the_vendors_words_and_can_be_sent_again(cli, case_id, wecom):
    assert (
        cli("alerts", "route", "add", "--trigger", "reminder-due", "--channel", "1").exit_code == 0
    )
    cli("worker", "--once", "--at", IN_HOURS)  # the reminder becomes an alert
    wecom.plan("bad_key")
    cli("worker", "--once", "--at", IN_HOURS)
    [alert] = cli("alerts", "outbox", "list", "--state", "failed", "--json").json()["alerts"]
    assert "93000" in alert["reason"]
    shown = cli("alerts", "outbox", "show", str(alert["id"]), "--lang", "zh")
    assert "被拒绝（不再重试）" in shown.stdout
    again = cli("alerts", "outbox", "retry", str(alert["id"]), "--lang", "en", "--at", IN_HOURS)
    assert again.exit_code == 0 and f"Alert {alert['id']} queued" in again.stdout
    refused = cli("alerts", "outbox", "retry", str(alert["id"]), "--lang", "zh", "--at", IN_HOURS)
    assert refused.exit_code == 3 and "当前为“等待发送”" in refused.stderr
    assert "queued" not in refused.stderr
    cli("worker", "--once", "--at", "2026-04-22T09:40+08:00")
    assert len(wecom.accepted()) == 1


def test_a_routes_language_is_listed_in_words_in_the_clis_language(cli, case_id):
    for alert_lang in ("en", "zh", "recipient"):
        made = cli(
            "alerts", "route", "add", "--trigger", "reminder-due", "--channel", "ops",
            "--alert-lang", alert_lang,
        )  # fmt: skip
        assert made.exit_code == 0, made.stderr

    chinese = cli("alerts", "route", "list", "--lang", "zh").stdout
    english = cli("alerts", "route", "list", "--lang", "en").stdout

    assert all(w in chinese for w in ("英文", "中文", "收件人的语言", "何时提醒"))
    assert all(w in english for w in ("English", "Chinese", "the recipient's language"))
    rows = [line.split() for line in english.splitlines()[1:]]
    assert not any(cell in ("en", "zh") for row in rows for cell in row)


def test_routes_are_listed_in_words_and_removed(cli, case_id):
    made = cli(
        "alerts", "route", "add", "--trigger", "amazon-reply,needs-action", "--channel", "ops",
        "--assignee", "@assignee", "--no-mention", "--lang", "zh",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    listed = cli("alerts", "route", "list", "--lang", "zh")
    assert "亚马逊回复、案例需要处理" in listed.stdout and "案例负责人" in listed.stdout
    english = cli("alerts", "route", "list", "--lang", "en")
    assert "Amazon replied, A case needs action" in english.stdout
    assert "sends when" in english.stdout and "triggers" not in english.stdout
    bad = cli("alerts", "route", "add", "--trigger", "nope", "--channel", "ops", "--lang", "en")
    assert bad.exit_code == 2 and "nope is not an alert trigger" in bad.stderr
    assert cli("alerts", "route", "remove", "1").exit_code == 0
    assert cli("alerts", "route", "list", "--json").json() == []
    assert cli("alerts", "route", "remove", "1").exit_code == 2


EVENING = "2026-04-22T20:30+08:00"  # after the team's 18:00


def _held_alert(cli) -> int:  # type: ignore[no-untyped-def]
    route = cli("alerts", "route", "add", "--trigger", "reminder-due", "--channel", "1")
    assert route.exit_code == 0
    cli("worker", "--once", "--at", IN_HOURS)  # the reminder becomes an alert
    cli("worker", "--once", "--at", EVENING)  # sent no sooner than now: held until 09:00
    [alert] = cli("alerts", "outbox", "list", "--state", "held", "--json").json()["alerts"]
    return int(alert["id"])


def test_a_held_alert_goes_out_once_the_team_hours_are_changed_to_cover_now(cli, case_id, wecom):
    alert_id = _held_alert(cli)
    assert cli("config", "set", "team.hours", "Mon-Sun 08:00-22:00").exit_code == 0
    assert cli("worker", "--once", "--at", "2026-04-22T20:35+08:00").exit_code == 0
    assert len(wecom.accepted()) == 1
    shown = cli("alerts", "outbox", "--json").json()["alerts"]
    assert [(a["id"], a["state"]) for a in shown] == [(alert_id, "delivered")]


def test_send_now_sends_a_held_alert_outside_working_hours(cli, case_id, wecom):
    alert_id = _held_alert(cli)
    sent = cli("alerts", "outbox", "send-now", str(alert_id), "--lang", "zh", "--at", EVENING)
    assert sent.exit_code == 0, sent.stderr
    assert f"提醒 {alert_id} 已排队" in sent.stdout
    assert cli("worker", "--once", "--at", "2026-04-22T20:40+08:00").exit_code == 0
    assert len(wecom.accepted()) == 1


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "held (held until working hours)"), ("zh", "held（留到工作时间再发）")],
)
def test_an_unknown_state_is_refused_with_exit_2_naming_the_field_and_every_state(
    cli, case_id, lang, words
):
    refused = cli("alerts", "outbox", "list", "--state", "bogus", "--lang", lang)
    assert refused.exit_code == 2
    assert "bogus" in refused.stderr and "--state" in refused.stderr and words in refused.stderr
    assert "empty" not in refused.stdout


def test_show_says_urgency_and_a_missing_recipient_in_words(cli, case_id, wecom):
    alert_id = _held_alert(cli)
    zh = cli("alerts", "outbox", "show", str(alert_id), "--lang", "zh").stdout
    assert "紧急 否" in zh and "收件人 无" in zh
    en = cli("alerts", "outbox", "show", str(alert_id), "--lang", "en").stdout
    assert "urgent no" in en and "recipient none" in en
    assert "False" not in zh + en and " - " not in zh + en
