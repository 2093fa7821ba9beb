"""What a new-user trial of the web app found (issue 15 follow-ups): every page's title has
words in both languages, preformatted boxes wrap, a refused subject says which rule and the
limit, one Chinese word for a case, the Admin page sets the backup schedule and the team's
holiday calendar and language and sends "add a user" to the People page (whose refusal names
the field), the desk form's errors use the desk's syntax, and the dead ends say what happened:
a disabled account, a saved owner, a page past the end, an unknown view, a missing page."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from sellerdesk.core.i18n import catalog, t
from sellerdesk.services import accounts
from sellerdesk.web.layout import title_key_of
from tests.api.conftest import Api
from tests.api.test_admin_desk_form import EU, _form, _send
from tests.api.web_support import browser, csrf_of

WEB = Path(resources.files("sellerdesk.web"))  # type: ignore[arg-type]
MESSAGES = Path(resources.files("sellerdesk")) / "data" / "messages"  # type: ignore[arg-type]


def _pages_render_is_called_with() -> set[str]:
    """Every page name a ``render(request, "<page>", ...)`` in web/*.py names, and every
    string a page name held in a variable may take (``page="admin_users_remove"``)."""
    templates = {p.stem for p in (WEB / "templates").glob("*.html") if p.stem[0] != "_"}
    pages: set[str] = set()
    for source in WEB.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "render":
                page = node.args[1]
                assert isinstance(page, ast.Constant | ast.Name), (source.name, node.lineno)
                if isinstance(page, ast.Constant):
                    pages.add(page.value)
            elif isinstance(node, ast.Constant) and node.value in templates:
                pages.add(node.value)
    return pages


def test_every_page_render_is_called_with_has_its_title_in_both_languages() -> None:
    pages = _pages_render_is_called_with()
    assert {"admin_calendars", "admin_calendars_preview", "admin_calendars_year"} <= pages
    assert "admin_users_remove" in pages  # named in a variable, found all the same
    keys = {title_key_of(page) for page in pages} | {title_key_of("error", 404)}
    for lang in ("zh", "en"):
        missing = sorted(k for k in keys if k not in catalog(lang))
        assert missing == [], (lang, missing)
    assert t("app.error.title_not_found", "en") == "Page not found"


def test_the_holiday_calendar_pages_have_words_in_their_title(api: Api) -> None:
    for lang in ("en", "zh"):
        page = browser(api, "root", **{"Accept-Language": lang}).get("/admin/calendars")
        title = re.search(r"<title>([^<]*)</title>", page.text)
        assert page.status_code == 200 and title is not None
        assert "app." not in title.group(1) and t("app.admin_calendars.title", lang) in title.group(
            1
        )


def test_every_preformatted_box_wraps_a_long_word() -> None:
    css = (WEB / "static" / "app.css").read_text(encoding="utf-8")
    rule = re.search(r"(?m)^pre,\.copy\{([^}]*)\}", css)
    assert rule is not None, "pre and .copy share one wrapping rule"
    assert "white-space:pre-wrap" in rule.group(1) and "overflow-wrap:anywhere" in rule.group(1)
    assert not re.search(r"white-space:\s*pre\s*[;}]", css)


def _new_case(api: Api, subject: str, lang: str) -> httpx.Response:
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    form = {
        "csrf_token": csrf_of(client.get("/cases/new").text),
        "store": "north",
        "marketplace": "US",
        "subject": subject,
        "description": "The listing was removed on 2026-03-05 without a reason.",
        "priority": "normal",
        "action": "create",
    }
    return client.post("/cases/new", data=form, follow_redirects=False)


def test_a_refused_subject_says_which_rule_and_the_limit(api: Api) -> None:
    long = "Listing B08N5WRWNW removed " + "x" * 400  # 427 characters
    for lang in ("zh", "en"):
        refused = _new_case(api, long, lang)
        assert refused.status_code == 422
        assert t("error.case.subject_too_long.message", lang, length=427, most=300) in refused.text
        empty = _new_case(api, "   ", lang)
        assert empty.status_code == 422
        assert t("error.case.subject_too_long.message", lang, length=3, most=300) not in empty.text
    assert "标题为空、过长或含有控制字符" not in _new_case(api, long, "zh").text


def test_a_case_is_called_anli_in_every_chinese_catalog() -> None:
    for path in sorted(MESSAGES.glob("zh.*.toml")):
        text = path.read_text(encoding="utf-8")
        assert "工单" not in text and "案件" not in text, path.name
    assert t("app.nav.new_case", "zh") == "新建案例" and t("app.new.lint", "zh") == "案例教练"


def _admin_post(client: TestClient, **data: str) -> httpx.Response:
    token = csrf_of(client.get("/admin").text)
    return client.post("/admin", data={"csrf_token": token, **data}, follow_redirects=False)


def test_the_admin_turns_the_backup_schedule_on_and_off_without_command_syntax(api: Api) -> None:
    admin = browser(api, "root")
    page = admin.get("/admin").text
    assert 'name="backup_time"' in page and "daily 0" not in page
    assert "backup.schedule" not in page, page[page.find("backup.schedule") - 300 :][:400]
    done = _admin_post(
        admin, action="backup", backup_on="daily", backup_time="02:30", backup_keep="5"
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin?done=backup#backups"
    config = api.state.settings.config
    assert (config["backup.schedule"], config["backup.keep"]) == ("daily 02:30", "5")
    shown = admin.get("/admin?done=backup").text
    assert "every day at 02:30" in shown and "The backup schedule is saved." in shown
    assert "Where backups are kept on the server:" in shown
    bad = _admin_post(
        admin, action="backup", backup_on="daily", backup_time="25:00", backup_keep="5"
    )
    assert bad.status_code == 422 and "Backup time: write the time of day" in bad.text
    assert re.search(r'id="backup_time"[^>]*aria-invalid="true"', bad.text)
    assert "daily 2" not in bad.text and 'value="25:00"' in bad.text  # what was typed, kept
    many = _admin_post(
        admin, action="backup", backup_on="daily", backup_time="04:00", backup_keep="0"
    )
    assert many.status_code == 422 and "Backups kept: " in many.text
    assert api.state.settings.config["backup.schedule"] == "daily 02:30"  # nothing half saved
    assert _admin_post(admin, action="backup", backup_on="off").status_code == 303
    assert api.state.settings.config["backup.schedule"] == "off"
    assert "Scheduled backups are off" in admin.get("/admin").text
    agent = browser(api, "agent_n")
    assert agent.get("/admin").status_code == 404  # the server's folder: admins only


def test_the_admin_page_sets_the_teams_holiday_calendar_and_language(api: Api) -> None:
    admin = browser(api, "root")
    page = admin.get("/admin").text
    assert 'name="holidays"' in page and 'name="lang"' in page
    days = ("mon", "tue", "wed", "thu", "fri")
    week = {
        "action": "team-hours",
        "zone_pick": "Asia/Tokyo",
        **{f"open_{d}": "1" for d in days},
        **{f"start_{d}": "09:00" for d in days},
        **{f"end_{d}": "18:00" for d in days},
    }
    done = _admin_post(admin, **week, holidays="JP", lang="zh")
    assert done.status_code == 303
    settings = api.state.settings
    assert settings.team_holidays == ("JP",) and settings.lang == "zh"
    assert settings.team_timezone == "Asia/Tokyo"
    assert t("mend_admin.team_saved", "zh") in admin.get("/admin?done=team-hours").text
    bad = _admin_post(admin, **week, holidays="Atlantis", lang="en")
    assert bad.status_code == 422 and api.state.settings.lang == "zh"  # nothing saved


def test_adding_a_user_is_on_the_people_page_and_a_refusal_names_the_field(api: Api) -> None:
    admin = browser(api, "root")
    page = admin.get("/admin").text
    assert 'name="password"' not in page and 'href="/admin/users#add-person"' in page
    gone = _admin_post(admin, action="add-user", name="wang", role="agent", password="x" * 12)
    assert gone.status_code == 422
    for lang in ("en", "zh"):
        named = t("setup.named", lang, field=t("web.user.col_name", lang), text="")
        people = browser(api, "root", **{"Accept-Language": lang})
        token = csrf_of(people.get("/admin/users").text)
        empty = people.post("/admin/users", data={"csrf_token": token, "name": "", "role": "agent"})
        assert empty.status_code == 422 and named in empty.text, empty.text
        assert re.search(r'id="person-name"[^>]*class="bad" aria-invalid="true"', empty.text)


def test_the_desk_forms_errors_use_the_desk_syntax(api: Api) -> None:
    for lang in ("en", "zh"):
        client = browser(api, "root", **{"Accept-Language": lang})
        refused = _send(client, {**_form(client), "week.case.mon": "9-18"}, EU, action="review")
        assert refused.status_code == 422
        assert "20:00-04:00 +1" in refused.text and '"20:00-04:00"' not in refused.text
        assert "&#34;20:00-04:00&#34;" not in refused.text


def test_a_disabled_agent_lands_on_the_sign_in_page_told_why(api: Api) -> None:
    agent = browser(api, "agent_n", **{"Accept-Language": "zh"})
    assert agent.get("/cases").status_code == 200
    accounts.set_active(
        sessions=api.state.sessions, now=datetime.now(UTC), name="agent_n", active=False
    )
    moved = agent.get("/cases", follow_redirects=False)
    assert moved.headers["location"] == "/login?ended=disabled"
    assert t("mend_login.disabled", "zh") in agent.get(moved.headers["location"]).text
    assert t("mend_login.disabled", "zh") not in TestClient(api.app).get("/login").text


def test_saving_a_cases_owner_says_so(api: Api) -> None:
    case = api.new_case()
    admin = browser(api, "root")
    url = f"/cases/{case['id']}"
    token = csrf_of(admin.get(url).text)
    saved = admin.post(
        f"{url}/assignee",
        data={"csrf_token": token, "assignee": "agent_n", "version": str(case["version"])},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?done=assignee#owner"
    assert "Saved: agent_n owns this case now." in admin.get(saved.headers["location"]).text
    assert "Saved:" not in admin.get(url).text


def test_a_page_past_the_end_an_unknown_view_and_a_missing_page_say_so(api: Api) -> None:
    api.new_case()
    client = browser(api, "root")
    far = client.get("/cases?page=999").text
    assert "Page 999 is past the end of this list." in far and "No matching cases" not in far
    assert 'href="/cases">Go to the first page' in far
    bogus = client.get("/cases?view=bogus").text
    assert "There is no such view; all cases are shown." in bogus
    assert "There is no such view" not in client.get("/cases?view=mine").text
    missing = client.get("/no-such-page")
    assert (
        missing.status_code == 404 and "<title>Page not found · Seller Desk</title>" in missing.text
    )
    zh = browser(api, "root", **{"Accept-Language": "zh"}).get("/cases/999999")
    assert zh.status_code == 404 and "<title>找不到页面 · Seller Desk</title>" in zh.text
