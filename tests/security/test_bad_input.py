"""The bad-input table of issue 13 (items 1, 12, 14): every reproduction → the status (or exit
code) and the catalog key, nothing stored; on SQLite and PostgreSQL.

Then the other half of item 1: a row already stored with text that is not valid Unicode
(written before these checks, or by another program) no longer breaks the pages, the API,
the dossier or ``health show``.
"""
# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from sellerdesk.storage.tables import CaseRow, HealthSnapshotRow, StoreRow
from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401 (fixtures)
from tests.api.web_support import browser, csrf_of

DEEP = "[" * 100_000 + "]" * 100_000
REPORT = json.loads(
    (Path(__file__).parents[1] / "data" / "health" / "report-property-names.json").read_text()
)
CASE = {"store": "north", "marketplace": "US", "subject": "Listing B08N5WRWNW removed"}
JSON = {"content-type": "application/json"}


def _report(**change: Any) -> bytes:
    report = json.loads(json.dumps(REPORT))
    report.update(change)
    return json.dumps(report).encode()


def _poisoned_report() -> bytes:  # "\ud800" as the JSON escape a client would send
    raw = _report().decode()
    first = REPORT["performanceMetrics"][0]["marketplaceId"]
    return raw.replace(f'"{first}"', '"\\ud800"', 1).encode()


def _many_marketplaces(count: int) -> bytes:
    metrics = [{"marketplaceId": f"M{i:05d}"} for i in range(count)]
    return _report(performanceMetrics=metrics, accountStatuses=[])


def _counts(api: Api) -> tuple[int, int, int]:
    with api.state.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(CaseRow)) or 0,
            session.scalar(select(func.count()).select_from(StoreRow)) or 0,
            session.scalar(select(func.count()).select_from(HealthSnapshotRow)) or 0,
        )


# (what, method, path, request keywords, status, key, field) — over the REST API
API_TABLE: list[tuple[str, str, str, dict[str, Any], int, str, str | None]] = [
    (
        "lone surrogate in a case subject",
        "POST",
        "/api/v1/cases",
        {"content": '{"store": "north", "marketplace": "US", "subject": "a\\ud800b"}'},
        422,
        "input.surrogate",
        "subject",
    ),
    (
        "lone surrogate in a JSON key",
        "POST",
        "/api/v1/lint",
        {"content": '{"subject": "x", "\\udc00": 1}'},
        422,
        "input.surrogate",
        None,
    ),
    (
        "NUL in a timeline entry",
        "POST",
        "/api/v1/cases",
        {"json": {**CASE, "timeline": [{"what": "a\x00b"}]}},
        422,
        "input.nul",
        "timeline.0.what",
    ),
    (
        "NUL in a store name (PostgreSQL refuses it)",
        "POST",
        "/api/v1/stores",
        {"json": {"name": "a\x00b", "region": "na", "marketplaces": ["US"]}},
        422,
        "input.nul",
        "name",
    ),
    (
        "a body that is not UTF-8",
        "POST",
        "/api/v1/cases",
        {"content": b'{"store": "north", "marketplace": "US", "subject": "\xff\xfe"}'},
        400,
        "input.not_utf8",
        "body",
    ),
    (
        "100,000-deep JSON: cases",
        "POST",
        "/api/v1/cases",
        {"content": DEEP},
        422,
        "input.too_deep",
        "body",
    ),
    (
        "100,000-deep JSON: events",
        "POST",
        "/api/v1/cases/1/events",
        {"content": DEEP},
        422,
        "input.too_deep",
        "body",
    ),
    (
        "100,000-deep JSON: lint",
        "POST",
        "/api/v1/lint",
        {"content": DEEP},
        422,
        "input.too_deep",
        "body",
    ),
    (
        "100,000-deep JSON: edit",
        "PATCH",
        "/api/v1/cases/1",
        {"content": DEEP},
        422,
        "input.too_deep",
        "body",
    ),
    (
        "occurred_at of year 1 at +14:00 (OverflowError)",
        "POST",
        "/api/v1/cases/1/events",
        {"json": {"direction": "in", "body": "x", "occurred_at": "0001-01-01T00:00:00+14:00"}},
        422,
        "input.bad_instant",
        "occurred_at",
    ),
    (
        "unknown channel",
        "POST",
        "/api/v1/cases/1/events",
        {"json": {"direction": "in", "body": "x", "channel": "pigeon"}},
        422,
        "input.unknown_value",
        "channel",
    ),
    (
        "unknown direction",
        "POST",
        "/api/v1/cases/1/events",
        {"json": {"direction": "up", "body": "x"}},
        422,
        "input.unknown_value",
        "direction",
    ),
    (
        "unknown status",
        "POST",
        "/api/v1/cases/1/status",
        {"json": {"status": "done"}},
        422,
        "input.unknown_value",
        "status",
    ),
    (
        "unknown priority",
        "PATCH",
        "/api/v1/cases/1",
        {"json": {"version": 1, "priority": "p0"}},
        422,
        "input.unknown_value",
        "priority",
    ),
    (
        "unknown desk channel",
        "GET",
        "/api/v1/desks?channel=pigeon",
        {},
        422,
        "input.unknown_value",
        "channel",
    ),
    ("NUL in a query parameter", "GET", "/api/v1/cases?status=%00", {}, 422, "input.nul", "status"),
    (
        "invalid UTF-8 in a query parameter",
        "GET",
        "/api/v1/search?q=%ff",
        {},
        422,
        "input.not_utf8",
        "q",
    ),
    (
        "a store named only dots (no URL reaches its page)",
        "POST",
        "/api/v1/stores",
        {"json": {"name": "..", "region": "na", "marketplaces": ["US"]}},
        422,
        "input.bad_store_name",
        "name",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "key", "field"),
    [row[1:] for row in API_TABLE],
    ids=[row[0] for row in API_TABLE],
)
def test_bad_input_to_the_api_is_refused_with_its_key_and_nothing_is_stored(
    api: Api,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int,
    key: str,
    field: str | None,
) -> None:
    api.new_case()
    before = _counts(api)
    headers = {**JSON} if "content" in kwargs else {}
    response = api.call("root", method, path, headers=headers, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["key"] == key and error["fix"], error
    if field is not None:
        assert error["field"] == field, error
    assert _counts(api) == before


def test_options_answers_with_allow_on_every_api_route(api: Api) -> None:
    for path, methods in (("/api/v1/cases", {"GET", "POST"}), ("/api/v1/cases/1", {"PATCH"})):
        response = api.client.options(path)
        assert response.status_code == 204
        assert methods <= set(response.headers["allow"].split(", ")), response.headers
    assert api.client.options("/api/v1/nothing-here").status_code == 404


def test_a_case_id_past_the_integer_range_is_not_found_on_the_page_and_the_api(api: Api) -> None:
    client = browser(api, "root")
    for path in ("/cases/99999999999999999999", "/cases/2147483648"):
        assert client.get(path).status_code == 404
    token = csrf_of(client.get("/cases").text)
    moved = client.post(
        "/cases/99999999999999999999/status", data={"csrf_token": token, "status": "closed"}
    )
    assert moved.status_code == 404
    assert api.call("root", "GET", "/api/v1/cases/99999999999999999999").status_code == 422


def test_a_store_name_with_a_slash_has_a_page_that_opens(api: Api) -> None:
    made = api.call(
        "root",
        "POST",
        "/api/v1/stores",
        json={"name": "Acme US/CA", "region": "na", "marketplaces": ["US"]},
    )
    assert made.status_code == 201
    client = browser(api, "root")
    listing = client.get("/stores").text
    assert "/stores/Acme%20US%2FCA" in listing
    page = client.get("/stores/Acme%20US%2FCA")
    assert page.status_code == 200 and "Acme US/CA" in page.text
    token = csrf_of(page.text)
    done = client.post(
        "/stores/Acme%20US%2FCA",
        data={
            "csrf_token": token,
            "action": "profile",
            "region": "na",
            "plan": "individual",
            "marketplace-na": "US",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/stores/Acme%20US%2FCA?done=saved"


# (what, the upload's bytes, the message's words in the page) — the store page's report upload
REPORT_TABLE: list[tuple[str, Callable[[], bytes], str]] = [
    ("a lone surrogate in a marketplace id", _poisoned_report, "not valid Unicode"),
    ("100,000-deep JSON", lambda: DEEP.encode(), "nested more than 64 levels"),
    ("5,000 marketplaces", lambda: _many_marketplaces(5000), "at most 50"),
    ("not UTF-8", lambda: b'{"performanceMetrics": ["\xff"]}', "not valid UTF-8"),
]


@pytest.mark.parametrize(
    ("upload", "words"), [r[1:] for r in REPORT_TABLE], ids=[r[0] for r in REPORT_TABLE]
)
def test_a_bad_report_upload_is_refused_and_the_store_page_still_opens(
    api: Api, upload: Callable[[], bytes], words: str
) -> None:
    client = browser(api, "agent_n")
    token = csrf_of(client.get("/stores/north").text)
    done = client.post(
        "/stores/north",
        data={"csrf_token": token, "action": "import"},
        files={"report": ("report.json", upload(), "application/json")},
    )
    assert done.status_code == 422 and words in done.text, done.text[-2000:]
    assert _counts(api)[2] == 0
    for user in ("agent_n", "root", "viewer_n"):
        assert browser(api, user).get("/stores/north").status_code == 200


def test_fifty_marketplaces_are_still_accepted(api: Api) -> None:
    client = browser(api, "root")
    token = csrf_of(client.get("/stores/north").text)
    done = client.post(
        "/stores/north",
        data={"csrf_token": token, "action": "import"},
        files={"report": ("report.json", _many_marketplaces(50), "application/json")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[-2000:]


def test_bad_text_in_a_web_form_is_refused_with_the_field_on_a_page(api: Api) -> None:
    case = api.new_case()
    client = browser(api, "root")
    token = csrf_of(client.get("/cases/new").text)
    typed = client.post(
        "/cases/new",
        data={
            "csrf_token": token,
            "action": "create",
            "store": "north",
            "marketplace": "US",
            "subject": "a\x00b",
        },
    )
    assert typed.status_code == 422 and "Subject: " in typed.text
    assert "NUL" in typed.text and "text/html" in typed.headers["content-type"]
    raw = client.post(
        "/cases/new",
        content=b"csrf_token=" + token.encode() + b"&subject=%ED%A0%80",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert raw.status_code == 422 and "Subject: " in raw.text and "UTF-8" in raw.text
    note = client.post(
        f"/cases/{case['id']}/events",
        data={"csrf_token": token, "direction": "note", "body": "a\x00b"},
        files={"attachments": ("a.txt", b"evidence", "text/plain")},
    )
    assert note.status_code == 422 and "Text: " in note.text
    zh = client.post(
        "/cases/new",
        data={"csrf_token": token, "subject": "\x00"},
        headers={"Accept-Language": "zh-CN"},
        cookies={"lang": "zh"},
    )
    assert zh.status_code == 422 and "NUL 字符" in zh.text
    assert _counts(api)[0] == 1
    events = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()["events"]
    assert [e["direction"] for e in events] == ["status"]  # only the creation's


def test_a_nul_in_the_sign_in_name_is_refused_alike_for_known_and_unknown_users(
    api: Api,
) -> None:
    from fastapi.testclient import TestClient

    for name in ("root\x00", "ghost\x00"):
        client = TestClient(api.app, base_url="http://testserver")
        token = csrf_of(client.get("/login").text)
        done = client.post("/login", data={"name": name, "password": "x", "csrf_token": token})
        assert done.status_code == 422 and "Name: " in done.text


def test_a_desks_upload_with_a_nul_or_deep_nesting_is_refused_and_writes_nothing(api: Api) -> None:
    client = browser(api, "root")
    for body, words in (
        (b'[desk.na]\nname = "a\\u0000b"\n', "NUL"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested more than 64 levels"),
        (b'[desk.na]\nname = "\xff"\n', "UTF-8"),
    ):
        token = csrf_of(client.get("/admin/desks/advanced").text)
        done = client.post(
            "/admin/desks/advanced",
            data={"csrf_token": token, "action": "save"},
            files={"file": ("desks.toml", body, "application/toml")},
        )
        assert done.status_code == 422 and words in done.text, done.text[-1500:]
    assert not (api.state.settings.home / "desks.toml").exists()


def _poison(api: Api) -> int:
    """A case and a store whose stored text is not valid Unicode, written behind the app's back:
    lone-surrogate escapes in JSON columns (both databases), and on SQLite a lone surrogate's
    bytes in a TEXT column."""
    case = api.new_case()
    with api.state.engine.begin() as conn:
        if api.state.engine.dialect.name == "sqlite":
            conn.execute(
                text("UPDATE cases SET subject = CAST(X'41EDA08042' AS TEXT) WHERE id = :id"),
                {"id": case["id"]},
            )
        conn.execute(
            text("UPDATE cases SET body = :body, tags = :tags WHERE id = :id"),
            {"body": '{"description": "x\\ud800y"}', "tags": '["t\\udc00"]', "id": case["id"]},
        )
        conn.execute(
            text("UPDATE stores SET marketplaces = :m WHERE name = 'north'"),
            {"m": '["US", "\\ud800"]'},
        )
    return int(case["id"])


def test_rows_already_stored_with_bad_text_still_show_everywhere(api: Api) -> None:
    case_id = _poison(api)
    client = browser(api, "viewer_n")
    for path in ("/", "/cases", f"/cases/{case_id}", "/stores", "/stores/north"):
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[-1000:])
    assert "\ufffd" in client.get(f"/cases/{case_id}").text
    for path in (
        "/api/v1/cases",
        f"/api/v1/cases/{case_id}",
        "/api/v1/stores",
        f"/api/v1/cases/{case_id}/dossier",
        f"/api/v1/cases/{case_id}/dossier?format=md",
    ):
        answer = api.call("viewer_n", "GET", path)
        assert answer.status_code == 200, (path, answer.text[:500])
    detail = api.call("root", "GET", f"/api/v1/cases/{case_id}").json()
    assert detail["body"]["description"] == "x\ufffdy" and detail["tags"] == ["t\ufffd"]


# ---- the command line: files and arguments (exit 2 with the key), on both databases ----

from tests.cli.conftest import Result, cli, home  # noqa: E402, F401 (fixtures)


@pytest.fixture
def run(cli: Callable[..., Result], database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    made = cli("store", "add", "north", "--region", "na", "--marketplaces", "US,CA", "--json")
    assert made.exit_code == 0, made.stderr
    return cli


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


DRAFT = json.dumps({**CASE, "description": "x"})
# (what, the file's name and bytes, the command (FILE is the file), the key)
CLI_TABLE: list[tuple[str, str, bytes, tuple[str, ...], str]] = [
    (
        "draft with a lone surrogate",
        "d.json",
        DRAFT.replace('"x"', '"\\ud800"').encode(),
        ("case", "lint", "FILE"),
        "input.surrogate",
    ),
    (
        "draft nested 100,000 deep",
        "d.json",
        b'{"steps": ' + DEEP.encode() + b"}",
        ("case", "lint", "FILE"),
        "input.too_deep",
    ),
    (
        "TOML draft with a NUL escape",
        "d.toml",
        b'subject = "a\\u0000b"\n',
        ("case", "render", "FILE", "--lang", "en"),
        "input.nul",
    ),
    (
        "--from-draft nested 100,000 deep",
        "d.json",
        DEEP.encode(),
        ("case", "new", "--from-draft", "FILE"),
        "input.too_deep",
    ),
    (
        "--body-file with a NUL",
        "b.json",
        b'{"description": "a\\u0000"}',
        (
            "case",
            "new",
            "--store",
            "north",
            "--marketplace",
            "US",
            "--subject",
            "Listing gone",
            "--body-file",
            "FILE",
        ),
        "input.nul",
    ),
    (
        "report with a lone surrogate",
        "r.json",
        _poisoned_report(),
        ("health", "import", "FILE", "--store", "north"),
        "input.surrogate",
    ),
    (
        "report with 5,000 marketplaces",
        "r.json",
        _many_marketplaces(5000),
        ("health", "import", "FILE", "--store", "north"),
        "report.too_many_marketplaces",
    ),
    (
        "report nested 100,000 deep",
        "r.json",
        DEEP.encode(),
        ("health", "import", "FILE", "--store", "north"),
        "input.too_deep",
    ),
    (
        "--desks TOML with a NUL escape",
        "desks.toml",
        b'[desk.na]\nname = "\\u0000"\n',
        ("hours", "--desks", "FILE"),
        "input.nul",
    ),
    (
        "--desks TOML nested 5,000 deep",
        "desks.toml",
        b"x = " + b"[" * 5000 + b"]" * 5000,
        ("hours", "--desks", "FILE"),
        "input.too_deep",
    ),
    (
        "--desks file not UTF-8",
        "desks.toml",
        b'[desk.na]\nname = "\xff"\n',
        ("hours", "--desks", "FILE"),
        "input.not_utf8",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "command", "key"), [r[1:] for r in CLI_TABLE], ids=[r[0] for r in CLI_TABLE]
)
def test_a_bad_file_on_the_command_line_exits_2_with_its_key_and_stores_nothing(
    run: Any,
    database_url: str,
    tmp_path: Path,
    name: str,
    data: bytes,
    command: tuple[str, ...],
    key: str,
) -> None:
    path = _file(tmp_path, name, data)
    args = [path if a == "FILE" else a for a in command]
    done = run(*args, "--json")
    assert done.exit_code == 2, (done.stdout, done.stderr)
    assert json.loads(done.stderr)["error"]["key"] == key, done.stderr
    assert _stored(database_url) == (0, 0)


def _stored(database_url: str) -> tuple[int, int]:
    """Cases and health snapshots in the database."""
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    with engine.connect() as conn:
        counts = (
            conn.execute(text("SELECT count(*) FROM cases")).scalar() or 0,
            conn.execute(text("SELECT count(*) FROM health_snapshots")).scalar() or 0,
        )
    engine.dispose()
    return counts


def test_an_argument_holding_an_undecodable_byte_exits_2(run: Any) -> None:
    # an invalid byte in argv reaches Python as a lone surrogate (surrogateescape)
    done = run("store", "add", "a\udcffb", "--region", "na", "--marketplaces", "US", "--json")
    assert done.exit_code == 2
    error = json.loads(done.stderr)["error"]
    assert error["key"] == "input.surrogate" and error["field"] == "--name"
    words = run("case", "list", "--tag", "\udcff", "--lang", "zh")
    assert words.exit_code == 2 and "无效的 Unicode" in words.stderr


def test_health_show_and_the_dossier_still_print_a_row_stored_with_bad_text(
    run: Any, database_url: str
) -> None:
    from sqlalchemy import create_engine

    imported = run("health", "import", REPORT_PATH, "--store", "north")
    assert imported.exit_code == 0, imported.stderr
    made = run(
        "case",
        "new",
        "--store",
        "north",
        "--marketplace",
        "US",
        "--subject",
        "Listing gone",
        "--json",
    )
    assert made.exit_code == 0, made.stderr
    engine = create_engine(database_url)
    json_type = "JSON" if engine.dialect.name == "postgresql" else "TEXT"
    with engine.begin() as conn:
        metrics = conn.execute(text("SELECT CAST(metrics AS TEXT) FROM health_snapshots")).scalar()
        poisoned = str(metrics).replace("ATVPDKIKX0DER", "\\ud800")
        conn.execute(
            text(f"UPDATE health_snapshots SET metrics = CAST(:m AS {json_type})"), {"m": poisoned}
        )
        conn.execute(
            text(f"UPDATE cases SET body = CAST(:b AS {json_type})"),
            {"b": '{"description": "x\\ud800y"}'},
        )
    engine.dispose()
    shown = run("health", "show", "--store", "north", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert "\ufffd" in shown.stdout
    assert run("health", "show", "--store", "north").exit_code == 0
    case_id = str(made.json()["id"])
    assert run("case", "show", case_id, "--json").exit_code == 0
    dossier = run("case", "dossier", case_id, "--format", "md")
    assert dossier.exit_code == 0 and "x\ufffdy" in dossier.stdout


REPORT_PATH = str(Path(__file__).parents[1] / "data" / "health" / "report-property-names.json")


def test_a_path_or_file_name_holding_a_nul_is_refused(api: Api) -> None:
    case = api.new_case()
    client = browser(api, "root")
    assert client.get("/stores/north%00").status_code == 404
    assert api.call("root", "GET", "/api/v1/cases/1%00").status_code == 404
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="direction"\r\n\r\nnote\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nsee file\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="a\x00.txt"\r\nContent-Type: text/plain\r\n\r\nevidence\r\n--{boundary}--\r\n'
    ).encode()
    sent = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert sent.status_code == 422, sent.text
    assert sent.json()["error"]["key"] == "input.nul"
    assert sent.json()["error"]["field"] == "attachments"
    assert not list((api.state.settings.home / "attachments").rglob("*.*"))
