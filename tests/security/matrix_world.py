"""The seeded app the authorization matrix runs against, and the principals that call it.

Two stores: A (``Acme Alpha``) and B (``Bravo Beta``), a case with an attached file in each.
Users: ``boss`` (admin), ``ann`` (agent of A), ``vic`` (viewer of A), ``bob`` (agent of B:
no grant on A), each with a Bearer token and a signed-in browser session. Case A's subject
and file carry ``MARKER``, which nothing ``bob`` receives may contain.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import calendar_feeds, cases, stores, tokens, users

STORE_A, STORE_B = "Acme Alpha", "Bravo Beta"
MARKER = "ZQXALPHA"
PASSWORD = "a long enough passphrase"
COLUMNS = ("anonymous", "no grant", "viewer", "agent", "admin", "must change password")
GATED = "must change password"  # an admin signed in with a one-time password, not yet changed
USERS = {  # column -> (user, role, stores granted)
    "admin": ("boss", "admin", ()),
    "agent": ("ann", "agent", (STORE_A,)),
    "viewer": ("vic", "viewer", (STORE_A,)),
    "no grant": ("bob", "agent", (STORE_B,)),
    GATED: ("gus", "admin", ()),
}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, html[:2000]
    return found.group(1)


@dataclass
class Principal:
    """One caller: ``kind`` is anonymous, token or session."""

    column: str
    kind: str
    client: TestClient
    user: str | None = None
    role: str | None = None
    csrf: str = ""
    must_change: bool = False

    @property
    def label(self) -> str:
        return self.column if self.kind == "anonymous" else f"{self.column} ({self.kind})"

    def send(self, method: str, url: str, *, csrf: bool = True, **kwargs: Any) -> httpx.Response:
        """The request as this principal; a session's write carries its CSRF token (as the
        ``X-CSRF-Token`` header under /api/, as the form's field on a page) unless told."""
        headers = dict(kwargs.pop("headers", {}))
        if self.kind == "session" and method not in ("GET", "HEAD") and csrf:
            if url.startswith("/api/"):
                headers["X-CSRF-Token"] = self.csrf
            else:
                kwargs["data"] = {**kwargs.get("data", {}), "csrf_token": self.csrf}
        return self.client.request(method, url, headers=headers, follow_redirects=False, **kwargs)


@dataclass
class World:
    app: FastAPI
    anonymous: Principal
    tokens: dict[str, Principal]
    sessions: dict[str, Principal]
    case_a: int
    case_b: int
    file_a: str  # sha256 of case A's attachment
    live_secret: str
    revoked_secret: str
    doc_key: str
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def state(self) -> Any:
        return self.app.state.sellerdesk

    def now(self) -> datetime:
        return datetime.now(UTC)

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter)}"

    def case(self, case_id: int) -> dict[str, Any]:
        """The case as it is now (read as the local operator), as its JSON."""
        shown = cases.show(
            sessions=self.state.sessions, now=self.now(), ctx=self.state.ctx, case_id=case_id
        )
        return dict(jsonable(shown))

    def add_user(self, role: str, *grants: str, must_change: bool = False) -> str:
        name = self.unique(f"tmp-{role}-")
        users.add(
            sessions=self.state.sessions,
            now=self.now(),
            name=name,
            role=role,
            password=PASSWORD,
            must_change_password=must_change,
        )
        for store in grants:
            users.grant(sessions=self.state.sessions, now=self.now(), name=name, store=store)
        return name

    def browser(self, user: str | None = None) -> TestClient:
        """A new browser client, signed in as ``user`` when given."""
        client = TestClient(self.app, base_url="http://testserver")
        client.headers.update({"Accept-Language": "en"})
        if user is not None:
            token = csrf_of(client.get("/login").text)
            done = client.post(
                "/login",
                data={"name": user, "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            assert done.status_code == 303, done.text
        return client

    def principals(self, api: bool) -> list[Principal]:
        """Everyone a row is sent as: tokens too when the route belongs to the API (a
        token is never gated by its user's pending password change: it is not a session)."""
        found = [self.anonymous, *self.sessions.values()]
        return [*found, *self.tokens.values()] if api else found


def seed(app: FastAPI, home: Path) -> World:
    state = app.state.sellerdesk
    now = datetime.now(UTC)
    common: dict[str, Any] = {"sessions": state.sessions, "now": now}
    for name in (STORE_A, STORE_B):
        stores.add(**common, ctx=state.ctx, name=name, region="na", marketplaces=["US", "CA"])
    made: dict[str, str] = {}
    for column, (user, role, granted) in USERS.items():
        gated = column == GATED
        users.add(**common, name=user, role=role, password=PASSWORD, must_change_password=gated)
        for store in granted:
            users.grant(**common, name=user, store=store)
        made[column] = tokens.create(**common, user=user).token
    for feeder in ("feed-live", "feed-old"):
        users.add(**common, name=feeder, role="viewer", password=PASSWORD)
    feed_users = {u.name: u.id for u in users.list_users(sessions=state.sessions)}
    live = calendar_feeds.renew(**common, user_id=feed_users["feed-live"])
    revoked = calendar_feeds.renew(**common, user_id=feed_users["feed-old"])
    calendar_feeds.revoke(**common, user_id=feed_users["feed-old"])

    admin = TestClient(app, base_url="http://testserver")
    admin.headers.update({"Authorization": f"Bearer {made['admin']}"})
    ids = {}
    for store, subject, content in (
        (STORE_A, f"Listing suppressed {MARKER} evidence", f"{MARKER} invoice".encode()),
        (STORE_B, "Listing suppressed in Bravo", b"bravo invoice"),
    ):
        created = admin.post(
            "/api/v1/cases", json={"store": store, "marketplace": "US", "subject": subject}
        )
        assert created.status_code == 201, created.text
        case_id = created.json()["id"]
        logged = admin.post(
            f"/api/v1/cases/{case_id}/events",
            data={"direction": "note", "body": f"{subject} note"},
            files=[("attachments", ("invoice.txt", content, "text/plain"))],
        )
        assert logged.status_code == 201, logged.text
        ids[store] = case_id
    shown = cases.show(sessions=state.sessions, now=now, ctx=state.ctx, case_id=ids[STORE_A])
    sha = next(a.sha256 for e in shown.events for a in e.attachments)

    from sellerdesk.services import store_health

    world = World(
        app=app,
        anonymous=Principal("anonymous", "anonymous", TestClient(app)),
        tokens={},
        sessions={},
        case_a=ids[STORE_A],
        case_b=ids[STORE_B],
        file_a=sha,
        live_secret=live,
        revoked_secret=revoked,
        doc_key=store_health.rules_for(home).documents[0].key,
    )
    for column, (user, role, _) in USERS.items():
        gated = column == GATED
        if not gated:
            tokened = TestClient(app, base_url="http://testserver")
            tokened.headers.update({"Authorization": f"Bearer {made[column]}"})
            world.tokens[column] = Principal(column, "token", tokened, user, role)
        browser = world.browser(user)
        token = csrf_of(browser.get("/password" if gated else "/cases").text)
        world.sessions[column] = Principal(column, "session", browser, user, role, token, gated)
    return world
