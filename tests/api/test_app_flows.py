"""Work done through the pages: a case from the form with the coach's findings, submitted
with a Case ID, a reply with an attachment, the dossier; the dashboard's charts; admin."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of, token_of

DRAFT = {
    "store": "north",
    "marketplace": "US",
    "subject": "Listing B08N5WRWNW suppressed",
    "description": "help",
    "timeline": "",
    "asins": "B08N5WRWNW",
}


def test_checking_a_draft_shows_the_score_findings_and_the_english_text(api: Api):
    client = browser(api, "agent_n")
    page = client.post(
        "/cases/new", data={**DRAFT, "action": "check", "csrf_token": token_of(client)}
    )
    assert page.status_code == 200
    assert "/100" in page.text and 'class="finding"' in page.text
    assert 'id="english"' in page.text and "Listing B08N5WRWNW suppressed" in page.text
    assert 'value="Listing B08N5WRWNW suppressed"' in page.text  # the form comes back filled
    assert api.call("root", "GET", "/api/v1/cases").json()["count"] == 0  # check writes nothing


def test_a_case_made_from_the_form_is_submitted_replied_to_and_its_dossier_downloaded(api: Api):
    client = browser(api, "agent_n")
    made = client.post(
        "/cases/new",
        data={**DRAFT, "action": "create", "csrf_token": token_of(client)},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    path = made.headers["location"]
    case_id = int(path.rsplit("/", 1)[1])
    token = csrf_of(client.get(path).text)
    moved = client.post(
        f"{path}/status",
        data={"status": "submitted", "case_id": "12345678901", "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    replied = client.post(
        f"{path}/events",
        data={"direction": "out", "body": "Invoice attached", "csrf_token": token},
        files={"attachments": ("invoice.txt", b"invoice 42", "text/plain")},
        follow_redirects=False,
    )
    assert replied.status_code == 303
    page = client.get(path).text
    assert "12345678901" in page and "Invoice attached" in page and "invoice.txt" in page
    shown = api.call("root", "GET", f"/api/v1/cases/{case_id}").json()
    assert shown["status"] in ("submitted", "waiting-amazon") and shown["case_ids"]
    dossier = client.get(f"/api/v1/cases/{case_id}/dossier?format=md&download=true")
    assert dossier.status_code == 200 and "12345678901" in dossier.text
    assert "attachment" in dossier.headers["content-disposition"]


def test_a_duplicate_from_the_form_is_refused_until_forced_with_a_reason(api: Api):
    api.new_case(subject=DRAFT["subject"], asins=["B08N5WRWNW"])
    client = browser(api, "agent_n")
    token = token_of(client)
    refused = client.post("/cases/new", data={**DRAFT, "action": "create", "csrf_token": token})
    assert refused.status_code == 409 and 'name="force"' in refused.text
    forced = client.post(
        "/cases/new",
        data={
            **DRAFT,
            "action": "create",
            "force": "1",
            "reason": "second listing",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert forced.status_code == 303


def test_an_illegal_status_move_comes_back_with_the_problem(api: Api):
    case = api.new_case(subject="Listing removed")
    client = browser(api, "agent_n")
    page = client.post(
        f"/cases/{case['id']}/status",
        data={"status": "resolved", "csrf_token": token_of(client)},
    )
    assert page.status_code == 422 and 'class="error"' in page.text


def test_the_problem_reads_in_the_pages_language(api: Api):
    case = api.new_case(subject="Listing removed")
    client = browser(api, "agent_n")
    client.cookies.set("lang", "zh")
    page = client.post(
        f"/cases/{case['id']}/status",
        data={"status": "resolved", "csrf_token": token_of(client)},
    )
    assert page.status_code == 422 and "案例不能从“草稿”改为“已解决”。" in page.text
    api.new_case(subject=DRAFT["subject"], asins=["B08N5WRWNW"])
    form = {**DRAFT, "action": "create", "csrf_token": token_of(client)}
    refused = client.post("/cases/new", data=form)
    assert refused.status_code == 409 and "该店铺已有针对此问题的未结案例" in refused.text
    assert "相同的ASIN B08N5WRWNW" in refused.text


def test_the_dashboard_says_not_enough_data_then_draws_the_teams_charts(api: Api):
    client = browser(api, "root")
    assert client.get("/").text.count("Not enough data yet.") == 4
    for n, word in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]):
        case = api.new_case(
            subject=f"{word} reimbursement not received", category="fba-reimbursement"
        )
        api.call(
            "root",
            "POST",
            f"/api/v1/cases/{case['id']}/status",
            json={"status": "submitted", "case_id": f"1000000000{n}"},
        )
        api.call(
            "root",
            "POST",
            f"/api/v1/cases/{case['id']}/events",
            json={"direction": "in", "body": "We are looking into it"},
        )
    page = client.get("/").text
    assert page.count("<svg") == 3 and page.count("Not enough data yet.") == 1
    assert "FBA reimbursement" in page and "0% (0/6)" in page


def test_an_admin_adds_a_user_grants_a_store_and_sets_team_hours(api: Api):
    client = browser(api, "root")
    token = token_of(client, "/admin")
    added = client.post(  # the People page adds (a one-time password): the Admin page links it
        "/admin/users",
        data={"name": "wang", "role": "agent", "csrf_token": token},
        follow_redirects=False,
    )
    assert added.status_code == 200 and "One-time password for wang" in added.text
    client.post(
        "/admin", data={"action": "grant", "name": "wang", "store": "south", "csrf_token": token}
    )
    assert "south" in client.get("/admin").text.split("wang", 1)[1].split("</tr>")[0]
    days = ("mon", "tue", "wed", "thu", "fri", "sat")
    week = {
        "action": "team-hours",
        "zone_pick": "Asia/Shanghai",
        "csrf_token": token,
        **{f"open_{d}": "1" for d in days},
        **{f"start_{d}": "08:00" for d in days},
        **{f"end_{d}": "20:00" for d in days},
    }
    weak = client.post("/admin", data={**week, "end_wed": "25:00"})
    assert weak.status_code == 422 and "Wednesday: " in weak.text
    saved = client.post("/admin", data=week, follow_redirects=False)
    assert saved.status_code == 303 and api.state.settings.team_hours == "Mon-Sat 08:00-20:00"
    assert 'id="start_sat" name="start_sat" value="08:00"' in client.get("/admin").text
    assert "08:00–20:00" in client.get("/hours").text


def test_the_hours_page_shows_this_weeks_windows_and_the_ask_page_answers(api: Api):
    client = browser(api, "viewer_n")
    hours = client.get("/hours").text
    assert "Our team" in hours and "Overlap with team" in hours
    asked = client.get("/ask?q=how+do+I+change+my+listing+main+image").text
    assert 'class="card"' in asked or "No confident answer" in asked


def test_the_secret_calendar_url_serves_the_desks_and_stops_when_renewed_or_revoked(api: Api):
    client = browser(api, "viewer_n")
    token = token_of(client, "/hours")
    page = client.post("/hours/calendar", data={"action": "renew", "csrf_token": token}).text
    assert 'id="ical-url"' in page, page[-3000:]
    url = page.split('id="ical-url">', 1)[1].split("<", 1)[0]
    path = url.removeprefix("http://testserver")
    feed = fresh_get(api, path)
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
    assert "text/calendar" in feed.headers["content-type"] and "BEGIN:VEVENT" in feed.text
    assert url not in client.get("/hours").text  # shown once
    client.post("/hours/calendar", data={"action": "renew", "csrf_token": token})
    assert fresh_get(api, path).status_code == 404  # the old URL ended
    client.post("/hours/calendar", data={"action": "revoke", "csrf_token": token})
    assert "Make my calendar URL" in client.get("/hours").text
    assert fresh_get(api, "/ical/guessed-secret-aaaaaaaaaaaaaaaaaaaa.ics").status_code == 404
    assert client.post("/hours/calendar", data={"action": "renew"}).status_code == 403


def fresh_get(api: Api, path: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    return TestClient(api.app).get(path)  # a calendar app: no cookie


def test_the_dashboard_lists_reminders_due_to_me_or_to_nobody(api: Api):
    from datetime import UTC, datetime, timedelta

    from sellerdesk.services import cases

    state, past = api.state, datetime.now(UTC) - timedelta(days=20)
    common = {"sessions": state.sessions, "ctx": state.ctx}
    for subject, assignee in (("Storage fee charged twice", "agent_n"), ("Wrong image", "root")):
        case_id = cases.create(**common, now=past, store="north", marketplace="US", subject=subject)
        cases.move(
            status="submitted",
            **common,
            now=past,
            case_id=case_id,
            amazon_case_id=f"12345678{len(subject):03d}",
        )
        cases.log_event(**common, now=past, case_id=case_id, direction="in", body="?")
        cases.assign(**common, now=past, case_id=case_id, user=assignee)
    page = browser(api, "agent_n").get("/").text
    reminders = page.split("Reminders due", 1)[1]
    assert "Storage fee charged twice" in reminders and "Wrong image" not in reminders
