"""Admin › Desk hours: the overview (one row per desk, its provenance in words, no server
path), the advanced TOML view (checked, confirmed, applied at once; a refused file writes
nothing and names the key without the server's path), reset with confirmation; admins
only; CSRF; zh/en."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

NIGHT = """[desk.night]
name = "Overnight <desk>"
timezone = "Europe/Berlin"
marketplaces = ["DE"]
source = "our own agreement"
as_of = "2026-11-28"
confidence = "user"
[desk.night.channels.case]
mon = ["20:00-04:00"]
"""
ADVANCED = "/admin/desks/advanced"


def _post(client, url: str = ADVANCED, **data: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(url).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _save(client, text: str):  # type: ignore[no-untyped-def]
    return _post(client, action="save", toml=text, confirm="yes")


def test_the_overview_has_one_row_per_desk_in_words_without_paths(api: Api):
    page = browser(api, "root").get("/admin/desks")
    assert page.status_code == 200
    html = page.text
    assert html.count('<td class="desk-name">') == len(api.state.ctx.desks)
    for key in api.state.ctx.desks:
        assert f'href="/admin/desks/{key}"' in html
    assert "Seller Support North America" in html and "article claim, unconfirmed" in html
    assert "as of 2026-01-16" in html and "as shipped" in html
    assert str(api.state.settings.home) not in html and "desks.toml" not in html
    zh = browser(api, "root", **{"Accept-Language": "zh-CN"}).get("/admin/desks").text
    assert "北美站卖家支持" in zh and "文章说法，未经证实" in zh


def test_desk_pages_are_hidden_from_everyone_but_admins(api: Api):
    for user in ("agent_n", "viewer_n"):
        client = browser(api, user)
        for url in ("/admin/desks", ADVANCED, "/admin/desks/eu"):
            assert client.get(url).status_code == 404, url
        token = csrf_of(client.get("/cases").text)
        for url in (ADVANCED, "/admin/desks/eu"):
            done = client.post(url, data={"csrf_token": token, "action": "reset", "confirm": "yes"})
            assert done.status_code == 404, url
    assert not (api.state.settings.home / "desks.toml").exists()


def test_a_file_is_saved_only_after_confirmation_and_applies_at_once(api: Api):
    client = browser(api, "root")
    asked = _post(client, action="save", toml=NIGHT)
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.text
    assert "night" in asked.text and not (api.state.settings.home / "desks.toml").exists()
    done = _save(client, NIGHT)
    assert done.status_code == 303, done.text
    assert (api.state.settings.home / "desks.toml").read_text(encoding="utf-8") == NIGHT
    assert "night" in api.state.ctx.desks
    overview = client.get("/admin/desks").text
    assert "Overnight &lt;desk&gt;" in overview and "Overnight <desk>" not in overview
    assert api.call("root", "GET", "/api/v1/desks/night/windows?days=7").status_code == 200


def test_a_refused_file_names_the_key_not_the_server_path_and_writes_nothing(api: Api):
    client = browser(api, "root")
    _save(client, NIGHT)
    bad = NIGHT.replace('"20:00-04:00"', '"25:00-04:00"')
    for confirm in ("", "yes"):
        done = _post(client, action="save", toml=bad, confirm=confirm)
        assert done.status_code == 422
        assert "desks.toml: desk.night.channels.case.mon" in done.text
        assert str(api.state.settings.home) not in done.text
    assert (api.state.settings.home / "desks.toml").read_text(encoding="utf-8") == NIGHT
    assert not list(api.state.settings.home.glob(".desks.toml.*"))
    broken = _post(client, action="save", toml="[desk.na\n")
    assert broken.status_code == 422 and "TOML" in broken.text


def test_an_uploaded_file_is_checked_then_carried_to_the_confirmation(api: Api):
    client = browser(api, "root")
    token = csrf_of(client.get(ADVANCED).text)
    asked = client.post(
        ADVANCED,
        data={"csrf_token": token, "action": "save", "toml": ""},
        files={"file": ("desks.toml", NIGHT.encode(), "text/plain")},
    )
    assert asked.status_code == 200 and "night" not in api.state.ctx.desks
    assert 'name="toml"' in asked.text
    assert _save(client, NIGHT).status_code == 303
    assert "night" in api.state.ctx.desks


def test_removing_the_file_asks_first(api: Api):
    client = browser(api, "root")
    _save(client, NIGHT)
    asked = _post(client, action="reset")
    assert asked.status_code == 200 and 'value="reset"' in asked.text
    assert (api.state.settings.home / "desks.toml").exists()
    assert _post(client, action="reset", confirm="yes").status_code == 303
    assert not (api.state.settings.home / "desks.toml").exists()
    assert "night" not in api.state.ctx.desks


def test_a_change_without_the_csrf_token_is_refused(api: Api):
    client = browser(api, "root")
    done = client.post(ADVANCED, data={"action": "save", "toml": NIGHT, "confirm": "yes"})
    assert done.status_code == 403
    assert not (api.state.settings.home / "desks.toml").exists()


def test_the_desk_pages_speak_chinese(api: Api):
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    assert "删除全部修改" in client.get(ADVANCED).text
    page = client.get("/admin/desks/cn").text
    assert "亚马逊全球开店 中国卖家支持" in page and "星期一" in page and "未来两周" in page
