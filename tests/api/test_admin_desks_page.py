"""Admin: the desks override page (every rule with provenance, a checked save that applies
at once, a refused file that writes nothing, reset to shipped; admins only; CSRF; zh/en)."""

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


def _save(client, **data: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/admin/desks").text)
    return client.post("/admin/desks", data={"csrf_token": token, **data}, follow_redirects=False)


def test_the_page_lists_every_desk_rule_with_its_source_for_admins_only(api: Api):
    page = browser(api, "root").get("/admin/desks")
    assert page.status_code == 200
    assert "<td>na</td>" in page.text and "<td>seed claim</td>" in page.text
    assert "Seed S5: North America support" in page.text and "2026-01-16" in page.text
    for user in ("agent_n", "viewer_n"):
        client = browser(api, user)
        assert client.get("/admin/desks").status_code == 404
        token = csrf_of(client.get("/cases").text)
        done = client.post("/admin/desks", data={"csrf_token": token, "action": "reset"})
        assert done.status_code == 404


def test_a_saved_override_applies_at_once_and_escapes_its_text(api: Api):
    client = browser(api, "root")
    done = _save(client, action="save", toml=NIGHT)
    assert done.status_code == 303, done.text
    assert (api.state.settings.home / "desks.toml").read_text(encoding="utf-8") == NIGHT
    assert "night" in api.state.ctx.desks
    page = client.get("/admin/desks").text
    assert "Overnight &lt;desk&gt;" in page and "Overnight <desk>" not in page
    assert api.call("root", "GET", "/api/v1/desks/night/windows?days=7").status_code == 200


def test_a_refused_override_names_the_field_and_writes_nothing(api: Api):
    client = browser(api, "root")
    _save(client, action="save", toml=NIGHT)
    bad = NIGHT.replace('"20:00-04:00"', '"25:00-04:00"')
    done = _save(client, action="save", toml=bad)
    assert done.status_code == 422
    assert "desk.night.channels.case.mon" in done.text
    assert (api.state.settings.home / "desks.toml").read_text(encoding="utf-8") == NIGHT
    assert not list(api.state.settings.home.glob(".desks.toml.*"))
    broken = _save(client, action="save", toml="[desk.na\n")
    assert broken.status_code == 422 and "TOML" in broken.text


def test_an_uploaded_file_is_checked_and_saved(api: Api):
    client = browser(api, "root")
    token = csrf_of(client.get("/admin/desks").text)
    done = client.post(
        "/admin/desks",
        data={"csrf_token": token, "action": "save", "toml": ""},
        files={"file": ("desks.toml", NIGHT.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert "night" in api.state.ctx.desks


def test_reset_to_shipped_removes_the_override(api: Api):
    client = browser(api, "root")
    _save(client, action="save", toml=NIGHT)
    assert _save(client, action="reset").status_code == 303
    assert not (api.state.settings.home / "desks.toml").exists()
    assert "night" not in api.state.ctx.desks


def test_a_change_without_the_csrf_token_is_refused(api: Api):
    client = browser(api, "root")
    done = client.post("/admin/desks", data={"action": "save", "toml": NIGHT})
    assert done.status_code == 403
    assert not (api.state.settings.home / "desks.toml").exists()


def test_the_desks_override_page_speaks_chinese(api: Api):
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    assert "恢复为内置" in client.get("/admin/desks").text
