"""A real app on a free port (uvicorn in a thread): a team's worth of cases on a temp SQLite
home (:func:`live_app`, what ``tools/screenshots.py`` drives), or a first start on an empty
data folder and database (:func:`fresh_app`, the first-day flow).

The seeded cases are spread over the last weeks (the services take ``now``), so the
dashboard's charts show a realistic spread rather than one instant."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sellerdesk.services import cases, stores, users
from sellerdesk.settings import Settings

ADMIN, PASSWORD = "li", "a long enough passphrase"
AGENTS = {"wang": "Acme US", "chen": "Brightline"}  # agent -> the store granted
PRIORITIES = ("normal", "high", "normal", "urgent")
CATEGORIES = ("listing", "fba-reimbursement", "account-health", "brand-ip")  # the coach's codes
# (hours to Amazon's first reply, resolved?) for the seeded submitted cases
SPREAD = [
    (2, True),
    (6, True),
    (9, False),
    (15, False),
    (20, True),
    (30, False),
    (40, True),
    (55, False),
    (70, True),
    (90, False),
    (3, True),
    (26, True),
]
SUBJECTS = [
    "Listing {asin} suppressed for missing attribute",
    "Reimbursement not received for lost units",
    "Account health warning about an IP complaint",
    "Brand registry application stuck in review",
    "Buy box lost after price change on {asin}",
    "Inbound shipment closed with units missing",
    "A-to-z claim decided without our tracking",
    "Variation family broken after a flat file upload",
    "Customer return damaged but refunded in full",
    "Category approval request for toys rejected",
    "Storage fee charged twice in February",
    "Product detail page shows a wrong image",
]


@dataclass
class LiveApp:
    url: str
    app: Any

    @property
    def state(self) -> Any:
        return self.app.state.sellerdesk


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(state: Any) -> None:
    """Two stores, an admin and an agent per store, twelve submitted cases over the last
    weeks (most of them owned) and two drafts."""
    now = datetime.now(UTC)
    common = {"sessions": state.sessions, "ctx": state.ctx}
    stores.add(**common, now=now, name="Acme US", region="na", marketplaces=["US", "CA", "MX"])
    stores.add(**common, now=now, name="Brightline", region="na", marketplaces=["US", "CA", "MX"])
    users.add(sessions=state.sessions, now=now, name=ADMIN, role="admin", password=PASSWORD)
    for name, store in AGENTS.items():  # colleagues who own cases of their store
        users.add(sessions=state.sessions, now=now, name=name, role="agent", password=PASSWORD)
        users.grant(sessions=state.sessions, now=now, name=name, store=store)
    markets = ["US", "CA", "US", "MX"]
    for i, (hours, resolved) in enumerate(SPREAD):
        start = now - timedelta(days=30 - 2 * i)
        asin = f"B0{i:02d}N5WRWN"
        structured = i % 2 == 0
        body: dict[str, Any] = {"description": "Removed without notice; we fixed the attribute."}
        if structured:
            body["timeline"] = [{"at": f"{start:%Y-%m-%d}", "what": "listing removed"}]
        store_agent = "wang" if i % 3 else "chen"
        # the agent files and follows the case: the timeline names them, not the process
        acting = dataclasses.replace(state.ctx, actor=store_agent)
        case_id = cases.create(
            sessions=state.sessions,
            ctx=acting,
            now=start,
            store="Acme US" if i % 3 else "Brightline",
            marketplace=markets[i % 4],
            subject=SUBJECTS[i].format(asin=asin),
            body=body if structured else {},
            asins=[asin] if structured else [],
            category=CATEGORIES[i % 4],
            priority=PRIORITIES[i % 4],
        )
        store_agent = "wang" if i % 3 else "chen"
        # the agent files and follows the case: the timeline names them, not the process
        mark = {
            **common,
            "ctx": dataclasses.replace(state.ctx, actor=store_agent),
            "case_id": case_id,
        }
        owner = (ADMIN, store_agent, None)[i % 3] if i % 4 else store_agent
        cases.assign(**mark, now=start, user=owner)
        cases.move(
            status="submitted", **mark, now=start, amazon_case_id=f"{17000000000 + i * 7919}"
        )
        replied = start + timedelta(hours=hours)
        cases.log_event(
            **mark,
            now=replied,
            direction="in",
            author="Amazon Seller Support",
            body="Thank you for contacting Seller Support.",
        )
        if resolved:
            cases.move(**mark, now=replied + timedelta(hours=4), status="resolved")
    for subject in ("Inventory stranded after listing edit", "Order 114-1234567-1234567 refund"):
        cases.create(**common, now=now, store="Acme US", marketplace="US", subject=subject)


@contextmanager
def live_app(home: Path) -> Iterator[LiveApp]:
    """The seeded team on a temp SQLite home (the screenshots' and the smoke test's app)."""
    from sellerdesk.api.app import create_app

    settings = Settings(
        home=home,
        database_url=f"sqlite:///{home / 'sellerdesk.db'}",
        timezone="Asia/Shanghai",
        team_timezone="Asia/Shanghai",
    )
    home.mkdir(parents=True, exist_ok=True)
    app = create_app(settings, run_worker=False)
    seed(app.state.sellerdesk)
    with serving(app) as url:
        yield LiveApp(url, app)


@contextmanager
def fresh_app(home: Path, database_url: str) -> Iterator[tuple[LiveApp, str]]:
    """A first start as ``sellerdesk serve`` makes it: an empty data folder and database,
    nothing configured, the user ``admin`` with a one-time password (returned with the app)."""
    from sellerdesk.api.app import create_app

    home.mkdir(parents=True, exist_ok=True)
    app = create_app(Settings(home=home, database_url=database_url), run_worker=False)
    password = users.ensure_first_admin(
        sessions=app.state.sellerdesk.sessions, now=datetime.now(UTC)
    )
    assert password, "the database was not empty"
    try:
        with serving(app) as url:
            yield LiveApp(url, app), password
    finally:
        app.state.sellerdesk.engine.dispose()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free port; its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
