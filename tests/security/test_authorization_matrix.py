"""The authorization matrix: every route of the app, as every kind of caller, against the
table in docs/permissions.md (the test reads the table, so the two cannot drift).

A route the app serves that the table does not list fails, and so does a row with no
request here. Each row is sent with valid path parameters (store A's case, its attachment,
its name) as anonymous, an agent of store B (no grant on A), a viewer, an agent and an admin
of A — through a browser session and, for the API, a Bearer token as well — on SQLite and
PostgreSQL, one seeded app per backend for the whole module. An agent disabled after
signing in gets, through that session and token, what anonymous gets on every row.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from sellerdesk.services import accounts, tokens, users
from sellerdesk.settings import Settings
from tests.conftest import BACKENDS
from tests.security.matrix_requests import REQUESTS, Row
from tests.security.matrix_world import COLUMNS, MARKER, STORE_A, Principal, World, csrf_of, seed

DOC = Path(__file__).parents[2] / "docs" / "permissions.md"
ANSWERS = ("allowed", "sign-in", "forbidden", "hidden", "change-password")


def read_table() -> dict[Row, dict[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- permission-matrix:start -->(.*?)<!-- permission-matrix:end -->", text, re.S
    )
    assert found, f"{DOC} has no permission-matrix table"
    rows: dict[Row, dict[str, str]] = {}
    for line in found.group(1).strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 3 + len(COLUMNS), line
        method, route, what, *answers = cells
        assert set(answers) <= set(ANSWERS), line
        assert (method, route, what) not in rows, f"row listed twice: {line}"
        rows[(method, route, what)] = dict(zip(COLUMNS, answers, strict=True))
    return rows


TABLE = read_table()


# ---------------------------------------------------------------- the app, once per backend


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from argon2 import PasswordHasher

    from sellerdesk.api.app import create_app

    folder = tmp_path_factory.mktemp(f"matrix-{request.param}")
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), folder / "matrix.db")
        url = f"sqlite:///{folder / 'matrix.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        _empty(url)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "hasher", lambda: cheap)
        users._dummy_hash.cache_clear()
        settings = Settings(
            home=folder / "home",
            database_url=url,
            timezone="Asia/Shanghai",
            team_timezone="Asia/Shanghai",
        )
        app = create_app(settings, run_worker=False)
        yield seed(app, settings.home)
        app.state.sellerdesk.engine.dispose()
    users._dummy_hash.cache_clear()


def _empty(url: str) -> None:
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.tables import Base

    engine = make_engine(url)
    names = ", ".join([*(f'"{t.name}"' for t in Base.metadata.sorted_tables), "search_terms"])
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    engine.dispose()


def answer_of(response: httpx.Response) -> str:
    code, goes = response.status_code, response.headers.get("location")
    goes = goes.split("?")[0] if goes else goes  # /login?ended=disabled: a disabled user's
    if code == 401 or (300 <= code < 400 and goes == "/login"):
        return "sign-in"
    if (300 <= code < 400 and goes == "/password") or (
        code == 403 and "account.password_change_required" in response.text
    ):
        return "change-password"
    if 200 <= code < 400:
        return "allowed"
    return {403: "forbidden", 404: "hidden"}.get(code, f"HTTP {code}")


# ---------------------------------------------------------------- the tests


def test_every_route_of_the_app_has_a_row_in_the_permission_table(world: World):
    served = {
        (method, re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path or ""))
        for route in iter_route_contexts(world.app.routes)
        for method in (route.methods or ())
        if method != "HEAD"
    }
    listed = {(method, route) for method, route, _ in TABLE}
    assert sorted(served - listed) == [], "add these routes to docs/permissions.md"
    assert sorted(listed - served) == [], "docs/permissions.md lists routes the app lacks"


def test_every_row_of_the_permission_table_has_a_request_here():
    assert sorted(set(TABLE) - set(REQUESTS)) == []
    assert sorted(set(REQUESTS) - set(TABLE)) == []


@pytest.mark.parametrize("row", list(TABLE), ids=" ".join)
def test_each_principal_gets_the_answer_the_permission_table_gives(world: World, row: Row):
    method, route, _ = row
    send, wrong = REQUESTS[row], []
    for principal in world.principals(api=route.startswith("/api/")):
        response = send(world, principal, True)
        got, expected = answer_of(response), TABLE[row][principal.column]
        if got != expected:
            wrong.append(f"{principal.label}: {got}, not {expected} ({response.text[:200]!r})")
        if principal.column == "no grant":
            assert MARKER not in response.text, f"{principal.label} saw store A's case"
    assert wrong == [], f"{method} {route}"


WRITES = [row for row in TABLE if row[0] not in ("GET", "HEAD")]


@pytest.mark.parametrize("row", WRITES, ids=" ".join)
def test_a_write_without_its_csrf_token_is_refused(world: World, row: Row):
    principal = world.sessions["admin"]
    if row[1] == "/login":
        principal = world.anonymous
    response = REQUESTS[row](world, principal, False)
    assert response.status_code == 403, response.text[:300]


def test_a_bearer_token_opens_no_page(world: World):
    for path in ("/", "/cases", f"/cases/{world.case_a}", "/admin", "/stores"):
        response = world.tokens["admin"].send("GET", path)
        assert answer_of(response) == "sign-in", path


def test_a_colleague_without_a_grant_finds_nothing_of_store_a_in_lists(world: World):
    bob = world.tokens["no grant"]
    listed = bob.send("GET", "/api/v1/cases").json()["cases"]
    found = bob.send("GET", "/api/v1/search?q=suppressed").json()["cases"]
    assert [c["id"] for c in listed] == [world.case_b]
    assert [c["id"] for c in found] == [world.case_b]
    assert [s["name"] for s in bob.send("GET", "/api/v1/stores").json()] == ["Bravo Beta"]


@pytest.fixture(scope="module")
def disabled(world: World) -> list[Principal]:
    """An agent of A signed in with a browser and holding a token, then disabled by an admin
    (role None: a row that signs in a user of the caller's role uses this one itself)."""
    name = world.add_user("agent", STORE_A)
    secret = tokens.create(sessions=world.state.sessions, now=world.now(), user=name).token
    browser = world.browser(name)
    token = csrf_of(browser.get("/cases").text)
    bearer = world.browser()
    bearer.headers["Authorization"] = f"Bearer {secret}"
    accounts.set_active(
        sessions=world.state.sessions, now=world.now(), name=name, active=False, actor="boss"
    )
    return [
        Principal("disabled", "session", browser, name, None, token),
        Principal("disabled", "token", bearer, name, None),
    ]


@pytest.mark.parametrize("row", list(TABLE), ids=" ".join)
def test_a_disabled_user_gets_what_anonymous_gets_at_once(
    world: World, disabled: list[Principal], row: Row
):
    """Disabling ends the user's sessions and tokens in the same moment: every row answers
    their old session and token as it answers someone who never signed in."""
    send, expected = REQUESTS[row], TABLE[row]["anonymous"]
    for principal in disabled if row[1].startswith("/api/") else disabled[:1]:
        response = send(world, principal, True)
        assert answer_of(response) == expected, f"{principal.label}: {response.text[:200]!r}"
        assert MARKER not in response.text
