"""The Stores & health pages: who sees which store, the Account Health table and history
chart, the write forms (CSRF, roles), escaping of user text, zh/en."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

REPORT = Path(__file__).parents[1] / "data" / "health" / "report-property-names.json"


def _post(client, path: str, **data: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_the_store_list_shows_only_the_stores_granted(api: Api):
    page = browser(api, "agent_n").get("/stores")
    assert page.status_code == 200
    assert "/stores/north" in page.text and "/stores/south" not in page.text
    admin = browser(api, "root").get("/stores").text
    assert "/stores/north" in admin and "/stores/south" in admin
    assert 'href="/stores"' in admin  # in the navigation


def test_a_store_not_granted_is_not_found_for_reading_and_writing(api: Api):
    client = browser(api, "agent_n")
    assert client.get("/stores/south").status_code == 404
    token = csrf_of(client.get("/stores/north").text)
    done = client.post(
        "/stores/south",
        data={"csrf_token": token, "action": "figures", "marketplace": "US", "odr": "0.5"},
    )
    assert done.status_code == 404


def test_a_store_without_figures_says_so_and_states_what_the_targets_are(api: Api):
    page = browser(api, "viewer_n").get("/stores/north")
    assert page.status_code == 200
    assert "No Account Health figures yet" in page.text
    assert "Amazon&#39;s performance targets" in page.text
    assert "Not enough data" in page.text
    assert "Registration documents" in page.text


def test_a_viewer_gets_no_forms_and_a_post_is_refused(api: Api):
    client = browser(api, "viewer_n")
    page = client.get("/stores/north").text
    assert 'name="action"' not in page
    token = csrf_of(page)
    done = client.post(
        "/stores/north", data={"csrf_token": token, "action": "figures", "odr": "0.5"}
    )
    assert done.status_code == 403


def test_a_post_without_the_csrf_token_changes_nothing(api: Api):
    client = browser(api, "agent_n")
    done = client.post(
        "/stores/north", data={"action": "figures", "marketplace": "US", "odr": "0.5"}
    )
    assert done.status_code == 403
    assert "No Account Health figures yet" in client.get("/stores/north").text


def test_typed_figures_show_in_the_table_and_two_snapshots_draw_the_chart(api: Api):
    client = browser(api, "agent_n")
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    api.state.clock = lambda: start
    done = _post(client, "/stores/north", action="figures", marketplace="US", odr="0.5", ahr="250")
    assert done.status_code == 303, done.text
    page = client.get("/stores/north").text
    assert "Order defect rate" in page and "0.50 %" in page and "&lt; 1.00 %" in page
    assert "Not enough data" in page and "<polyline" not in page
    api.state.clock = lambda: start + timedelta(days=7)
    _post(client, "/stores/north", action="figures", marketplace="US", odr="1.2")
    page = client.get("/stores/north").text
    assert "<polyline" in page and 'class="target"' in page
    assert "1.20 %" in page and "FAIL" in page


def test_a_bad_figure_is_refused_with_the_field_and_the_fix(api: Api):
    client = browser(api, "agent_n")
    done = _post(client, "/stores/north", action="figures", marketplace="US", odr="150")
    assert done.status_code == 422
    assert "not a percentage" in done.text


def test_an_uploaded_report_becomes_a_snapshot_and_a_repeat_is_a_conflict(api: Api):
    client = browser(api, "root")
    token = csrf_of(client.get("/stores/north").text)
    files = {"report": ("report.json", REPORT.read_bytes(), "application/json")}
    data = {"csrf_token": token, "action": "import"}
    done = client.post("/stores/north", data=data, files=files, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get("/stores/north").text
    assert "Account status: NORMAL" in page
    again = client.post("/stores/north", data=data, files=files, follow_redirects=False)
    assert again.status_code == 409


def test_an_oversized_upload_is_refused(api: Api):
    client = browser(api, "root")
    token = csrf_of(client.get("/stores/north").text)
    big = b"{" + b" " * (600 * 1024) + b"}"
    done = client.post(
        "/stores/north",
        data={"csrf_token": token, "action": "import"},
        files={"report": ("r.json", big, "application/json")},
    )
    assert done.status_code in (413, 422)


def test_documents_are_recorded_from_the_form(api: Api):
    client = browser(api, "agent_n")
    page = client.get("/stores/north").text
    assert 'name="doc-' in page
    key = page.split('name="doc-', 1)[1].split('"', 1)[0]
    done = _post(client, "/stores/north", action="docs", **{f"doc-{key}": "missing"})
    assert done.status_code == 303, done.text
    assert ">missing<" in client.get("/stores/north").text


def test_the_profile_form_updates_the_store_and_escapes_what_users_type(api: Api):
    client = browser(api, "root")
    done = _post(
        client,
        "/stores/north",
        action="profile",
        region="na",
        plan="individual",
        support_plan="<b>gold</b>",
        **{"marketplace-na": "US"},
    )
    assert done.status_code == 303, done.text
    page = client.get("/stores/north").text
    assert "&lt;b&gt;gold&lt;/b&gt;" in page and "<b>gold</b>" not in page
    assert "Individual" in page
    listed = client.get("/stores").text
    assert "&lt;b&gt;gold&lt;/b&gt;" in listed


def test_a_refused_profile_change_names_the_field(api: Api):
    client = browser(api, "root")
    done = _post(
        client,
        "/stores/north",
        action="profile",
        region="na",
        plan="platinum",
        **{"marketplace-na": "US"},
    )
    assert done.status_code == 422 and "platinum" in done.text


def test_the_store_page_speaks_chinese(api: Api):
    client = browser(api, "viewer_n", **{"Accept-Language": "zh-CN"})
    page = client.get("/stores/north").text
    assert "店铺与账号健康" in page and "注册资料清单" in page


def test_a_broken_health_toml_in_the_data_folder_names_the_file_and_the_fix(api: Api):
    home = api.state.settings.home
    home.mkdir(parents=True, exist_ok=True)
    (home / "health.toml").write_text("[rule.odr\nvalue = ", encoding="utf-8")
    page = browser(api, "root").get("/stores/north")
    assert page.status_code == 500
    assert "health.toml" in page.text and "<html" in page.text.lower()


def test_an_agent_of_the_store_gets_no_profile_form_and_its_change_is_refused(api: Api):
    client = browser(api, "agent_n")
    page = client.get("/stores/north").text
    assert 'value="profile"' not in page and 'value="figures"' in page
    done = _post(
        client,
        "/stores/north",
        action="profile",
        region="na",
        plan="individual",
        **{"marketplace-na": "US"},
    )
    assert done.status_code == 403 and "only an admin" in done.text.lower()
