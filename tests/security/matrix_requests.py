"""What each row of the permission table (docs/permissions.md) sends: one request per
(method, route, request), with valid path parameters for store A, as a given principal.

A write that would change what the next principal finds (a case's version or status, a
report already seen, a session or a password) is built fresh each time: the version read
just before, a move the case can always make, a unique name, a user of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

from sellerdesk.services import stores, tokens
from tests.security.matrix_alert_requests import ALERT_REQUESTS
from tests.security.matrix_world import PASSWORD, STORE_A, Principal, World, csrf_of

REPORT = Path(__file__).parents[1] / "data" / "health" / "report-property-names.json"
Row = tuple[str, str, str]  # method, route, request
Send = Callable[[World, Principal, bool], httpx.Response]


def _case_a(w: World) -> str:
    return f"/api/v1/cases/{w.case_a}"


def _toggle(w: World) -> tuple[str, int]:
    """A move the case can always make next (closed ⇄ reopened), and its version now."""
    case = w.case(w.case_a)
    return ("reopened" if case["status"] == "closed" else "closed"), case["version"]


def _api_patch(w: World, p: Principal, csrf: bool) -> httpx.Response:
    case = w.case(w.case_a)
    priority = "high" if case["priority"] != "high" else "normal"
    body = {"version": case["version"], "priority": priority}
    return p.send("PATCH", _case_a(w), csrf=csrf, json=body)


def _api_draft(w: World, p: Principal, csrf: bool) -> httpx.Response:
    body = {"version": w.case(w.case_a)["version"], "expected": w.unique("Matrix draft ")}
    return p.send("PATCH", _case_a(w) + "/draft", csrf=csrf, json=body)


def _page_draft(w: World, p: Principal, csrf: bool) -> httpx.Response:
    data = {"version": str(w.case(w.case_a)["version"]), "expected": w.unique("Matrix draft ")}
    return p.send("POST", f"/cases/{w.case_a}/draft", csrf=csrf, data=data)


def _poa_version(w: World) -> int:
    """The version of case A's Plan of Action, drafted first if it has none (so reading it
    is "allowed", not "no POA yet")."""
    from sellerdesk.services import poa as poa_service

    rules = poa_service.rules_at(w.state.settings.home)
    saved = poa_service.poa_of(w.state.sessions, w.case_a, rules=rules)
    if saved is None:
        saved = poa_service.create(
            sessions=w.state.sessions,
            now=w.now(),
            ctx=w.state.ctx,
            case_id=w.case_a,
            kind="listing-removal",
            poa_lang="en",
            rules=rules,
            lang="en",
        )
    return saved.version


def _poa_body(w: World) -> dict[str, object]:
    return {
        "kind": "listing-removal",
        "root_causes": [w.unique("Matrix root cause ")],
        "evidence": ["matrix.pdf"],
    }


def _api_poa_get(w: World, p: Principal, csrf: bool) -> httpx.Response:
    _poa_version(w)
    return p.send("GET", _case_a(w) + "/poa")


def _api_poa_put(w: World, p: Principal, csrf: bool) -> httpx.Response:
    body = {"version": _poa_version(w), "poa": _poa_body(w)}
    return p.send("PUT", _case_a(w) + "/poa", csrf=csrf, json=body)


def _page_poa_save(w: World, p: Principal, csrf: bool) -> httpx.Response:
    data = {
        "version": str(_poa_version(w)),
        "kind": "listing-removal",
        "lang": "en",
        "root_causes": w.unique("Matrix root cause "),
        "evidence": "matrix.pdf",
    }
    return p.send("POST", f"/cases/{w.case_a}/poa", csrf=csrf, data=data)


def _api_status(w: World, p: Principal, csrf: bool) -> httpx.Response:
    status, version = _toggle(w)
    return p.send(
        "POST", _case_a(w) + "/status", csrf=csrf, json={"status": status, "version": version}
    )


def _api_new_case(w: World, p: Principal, csrf: bool) -> httpx.Response:
    body = {
        "store": STORE_A,
        "marketplace": "US",
        "subject": w.unique("Matrix case "),
        "force": True,
        "reason": "authorization matrix",
    }
    return p.send("POST", "/api/v1/cases", csrf=csrf, json=body)


def _api_file(w: World, p: Principal, csrf: bool) -> httpx.Response:
    return p.send(
        "POST",
        _case_a(w) + "/events",
        csrf=csrf,
        data={"direction": "note"},
        files=[("attachments", ("m.txt", b"matrix file", "text/plain"))],
    )


def _lint(w: World, p: Principal, csrf: bool) -> httpx.Response:
    draft = {
        "store": STORE_A,
        "marketplace": "US",
        "subject": "Listing suppressed",
        "description": "The listing was suppressed yesterday.",
    }
    return p.send("POST", "/api/v1/lint", csrf=csrf, json=draft)


def _sign_in(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """A sign-in from a client that may already carry this principal's session."""
    client = w.browser()
    client.cookies.update(p.client.cookies)
    data = {"name": w.add_user("viewer"), "password": PASSWORD}
    if csrf:
        data["csrf_token"] = csrf_of(client.get("/login").text)
    return client.post("/login", data=data, follow_redirects=False)


def _disposable(w: World, p: Principal) -> Principal:
    """A user of the same role, signed in the same way, for a row that ends the session or
    changes the password (the shared principals stay as they are)."""
    if p.kind == "anonymous" or p.role is None:
        return p
    user = w.add_user(p.role, must_change=p.must_change)
    if p.kind == "token":
        client = w.browser()
        secret = tokens.create(sessions=w.state.sessions, now=w.now(), user=user).token
        client.headers["Authorization"] = f"Bearer {secret}"
        return Principal(p.column, "token", client, user, p.role)
    client = w.browser(user)
    token = csrf_of(client.get("/password").text)
    return Principal(p.column, "session", client, user, p.role, token, p.must_change)


def _ended(client: httpx.Client) -> bool:
    after = client.get("/", follow_redirects=False)
    # a disabled user's is sent to /login?ended=disabled (the page says why)
    return after.status_code == 303 and after.headers["location"].split("?")[0] == "/login"


def _sign_out(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """A live session that signs out: 200 when it has ended (its redirect to the sign-in page
    would read as ``sign-in``); a session already ended answers as it is."""
    mine = _disposable(w, p)
    live = mine.kind == "session" and not _ended(mine.client)
    done = mine.send("POST", "/logout", csrf=csrf)
    if live and done.status_code == 303:
        ended = _ended(mine.client)
        return httpx.Response(200 if ended else 500, text="the session ended" if ended else "")
    return done


def _password(w: World, p: Principal, csrf: bool) -> httpx.Response:
    new = "another long passphrase 4711"
    data = {"current": PASSWORD, "current_password": PASSWORD, "password": new, "repeat": new}
    return _disposable(w, p).send("POST", "/password", csrf=csrf, data=data)


def _api_password(w: World, p: Principal, csrf: bool) -> httpx.Response:
    body = {"current_password": PASSWORD, "new_password": "another long passphrase 4711"}
    return _disposable(w, p).send("POST", "/api/v1/me/password", csrf=csrf, json=body)


def _new_case_form(action: str) -> Send:
    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        data = {
            "action": action,
            "store": STORE_A,
            "marketplace": "US",
            "subject": w.unique("Matrix page case "),
            "priority": "normal",
            "description": "The listing was suppressed.",
            "force": "1",
            "reason": "authorization matrix",
        }
        return p.send("POST", "/cases/new", csrf=csrf, data=data)

    return send


def _page_status(w: World, p: Principal, csrf: bool) -> httpx.Response:
    status, version = _toggle(w)
    return p.send(
        "POST",
        f"/cases/{w.case_a}/status",
        csrf=csrf,
        data={"status": status, "version": str(version)},
    )


def _store_form(action: str) -> Send:
    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        url = "/stores/" + quote(STORE_A, safe="")
        if action == "import":  # a report Seller Desk has not seen yet (a repeat is a 409)
            report = json.loads(REPORT.read_text(encoding="utf-8"))
            report["accountStatuses"][0]["status"] = w.unique("NORMAL-")
            files = [("report", ("r.json", json.dumps(report).encode(), "application/json"))]
            return p.send("POST", url, csrf=csrf, data={"action": "import"}, files=files)
        forms: dict[str, dict[str, str | list[str]]] = {
            "profile": {
                "region": "na",
                "marketplace-na": ["US", "CA"],
                "plan": "professional",
                "verified": "on",
            },
            "figures": {"marketplace": "US", "odr": f"0.{next(w.counter)}"},
            "docs": {f"doc-{w.doc_key}": "have", "note": w.unique("note ")},
        }
        return p.send("POST", url, csrf=csrf, data={"action": action, **forms[action]})

    return send


def _admin(action: str) -> Send:
    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        forms = {
            "backup": lambda: {"backup_on": "off"},  # (users are added on /admin/users)
            "grant": lambda: {"name": w.add_user("viewer"), "store": STORE_A},
            "team-hours": lambda: {  # the picker and the week grid (web/setup_form.py)
                "zone_pick": "Asia/Shanghai",
                **{f"open_{d}": "1" for d in ("mon", "tue", "wed", "thu", "fri")},
                **{f"start_{d}": "09:00" for d in ("mon", "tue", "wed", "thu", "fri")},
                **{f"end_{d}": "18:00" for d in ("mon", "tue", "wed", "thu", "fri")},
            },
        }
        return p.send("POST", "/admin", csrf=csrf, data={"action": action, **forms[action]()})

    return send


def _removed_store(w: World, p: Principal) -> str:
    """The store a removal names, as a URL writes it: store A, whose removal everyone but
    the admin is refused before its cases are counted; for the admin, a new store without
    cases (store A's cases would keep it: 409), which the removal then deletes."""
    if p.column != "admin":
        return quote(STORE_A, safe="")
    name = w.unique("Empty store ")
    state = w.state
    stores.add(
        sessions=state.sessions,
        now=w.now(),
        ctx=state.ctx,
        name=name,
        region="na",
        marketplaces=["US"],
    )
    return quote(name, safe="")


def _page_add_store(w: World, p: Principal, csrf: bool) -> httpx.Response:
    data = {"name": w.unique("Matrix page store "), "region": "na", "marketplace-na": "US"}
    return p.send("POST", "/stores", csrf=csrf, data=data)


def _page_assign(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """Case A to ann (an agent of A) and back to nobody, turn about."""
    case = w.case(w.case_a)
    data = {"assignee": "" if case["assignee"] else "ann", "version": str(case["version"])}
    return p.send("POST", f"/cases/{w.case_a}/assignee", csrf=csrf, data=data)


def _page_details(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """Case A's priority, high and back to normal, turn about."""
    case = w.case(w.case_a)
    data = {
        "priority": "normal" if case["priority"] == "high" else "high",
        "version": str(case["version"]),
    }
    return p.send("POST", f"/cases/{w.case_a}/details", csrf=csrf, data=data)


def _bulk(action: str) -> Send:
    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        case = w.case(w.case_a)
        value = {"tag": w.unique("bulk"), "assign": "" if case["assignee"] else "ann"}[action]
        field = {"tag": "tag_add", "assign": "assignee"}[action]
        data = {"action": action, field: value, "case": f"{w.case_a}:{case['version']}"}
        return p.send("POST", "/cases/bulk", csrf=csrf, data=data)

    return send


def _person(action: str) -> Send:
    """A change to a user made for this request (the shared principals stay as they are)."""

    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        name = w.add_user("agent")
        url = "/admin/users/" + quote(name, safe="")
        if action == "remove":
            return p.send("POST", url + "/remove", csrf=csrf, data={"confirm": "yes"})
        extra = {"role": {"role": "viewer"}, "access": {"store": STORE_A}}.get(action, {})
        return p.send("POST", url, csrf=csrf, data={"action": action, **extra})

    return send


def _failed_alert(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """A failed alert (put in the outbox for this request), sent again."""
    from sellerdesk.storage.repositories import alert_outbox

    with w.state.sessions.begin() as s:
        alert_id = alert_outbox.enqueue(
            s,
            {
                "trigger": "needs-action", "dedupe_key": w.unique("matrix-alert-"),
                "channel_id": 1, "lang": "en", "title": "matrix", "text": "matrix",
                "urgent": False, "state": "failed", "not_before": w.now(), "attempts": 1,
                "created_at": w.now(), "reason": "refused",
            },
        )  # fmt: skip
    return p.send("POST", "/admin/alert-outbox", csrf=csrf, data={"alert_id": str(alert_id)})


def _alert_route(w: World, p: Principal, csrf: bool) -> httpx.Response:
    """A route of the matrix channel's, added."""
    _alert_channel(w)
    data = {"action": "add", "trigger": "needs-action", "channel": "matrix", "lang": "en"}
    return p.send("POST", "/admin/alert-routes", csrf=csrf, data=data)


def _alert_channel(w: World) -> str:
    """A channel to open (added once, as the local operator)."""
    from sellerdesk.services.alerts import channels
    from sellerdesk.services.alerts.channel_input import ChannelInput

    state = w.state
    if "matrix" not in {c.name for c in channels.list_channels(sessions=state.sessions)}:
        channels.add(
            sessions=state.sessions,
            now=w.now(),
            ctx=state.ctx,
            data=ChannelInput(
                name="matrix",
                kind="slack",
                webhook="https://hooks.slack.com/services/T0/B0/matrix-open",
            ),
        )
    return "/admin/alerts/matrix"


def _mailbox(w: World) -> str:
    """A mailbox to open (added once, as the local operator)."""
    from sellerdesk.services.mail import mailboxes

    state = w.state
    if "matrix" not in {m.key for m in mailboxes.listed(state.sessions)}:
        given = mailboxes.MailboxInput(
            host="imap.example.com", username="matrix@example.com", credential="env:MATRIX_IMAP"
        )
        mailboxes.add(state.sessions, "matrix", given, now=w.now())
    return "/admin/mailboxes/matrix"


MAIL_A = (
    "From: Amazon <seller-support@sellercentral.amazon.com>\r\nTo: ops@example.cn\r\n"
    "Subject: {subject}\r\nMessage-ID: <{subject}@matrix>\r\n\r\nNo case named here.\r\n"
)


def _unfiled_mail_a(w: World) -> int:
    """A new unfiled mail of store A (each action takes one out of the inbox)."""
    from sellerdesk.services.mail.importing import ingest_one
    from sellerdesk.services.mail.models import MailSource
    from sellerdesk.services.stores import list_stores

    store_a = next(s for s in list_stores(sessions=w.state.sessions) if s.name == STORE_A)
    raw = MAIL_A.format(subject=w.unique("matrix-mail-")).encode()
    done = ingest_one(
        w.state.sessions,
        raw=raw,
        source=MailSource("upload", store_id=store_a.id),
        now=w.now(),
        ctx=w.state.ctx,
    )
    assert done.mail_id is not None and done.state == "unfiled"
    return done.mail_id


def _mail_action(api: bool, action: str) -> Send:
    def send(w: World, p: Principal, csrf: bool) -> httpx.Response:
        mail_id = _unfiled_mail_a(w)
        if action == "restore":  # only a dismissed mail is put back
            from sellerdesk.services.mail.unfiled import dismiss_mail

            dismiss_mail(w.state.sessions, mail_id=mail_id, now=w.now(), ctx=w.state.ctx)
        prefix = "/api/v1" if api else ""
        url = f"{prefix}/mail/unfiled/{mail_id}/{action}"
        if action == "file":
            body: dict[str, object] = {"case_id": w.case_a} if api else {"case": str(w.case_a)}
        elif action == "new":
            body = {"store": STORE_A}
        else:
            body = {}
        if api:
            return p.send("POST", url, csrf=csrf, json=body)
        return p.send("POST", url, csrf=csrf, data=body)

    return send


def _mail_upload(w: World, p: Principal, csrf: bool) -> httpx.Response:
    raw = MAIL_A.format(subject=w.unique("matrix-upload-")).encode()
    return p.send(
        "POST",
        "/mail/upload",
        csrf=csrf,
        data={"store": STORE_A},
        files={"attachments": ("mail.eml", raw, "message/rfc822")},
    )


def _get(url: Callable[[World], str]) -> Send:
    return lambda w, p, csrf: p.send("GET", url(w))


def _post(url: Callable[[World], str], **kwargs: object) -> Send:
    return lambda w, p, csrf: p.send("POST", url(w), csrf=csrf, **kwargs)


REQUESTS: dict[Row, Send] = {
    ("GET", "/healthz", "probe"): _get(lambda w: "/healthz"),
    ("GET", "/openapi.json", "the API description"): _get(lambda w: "/openapi.json"),
    ("GET", "/docs", "API docs page"): _get(lambda w: "/docs"),
    ("GET", "/docs/oauth2-redirect", "API docs helper"): _get(lambda w: "/docs/oauth2-redirect"),
    ("GET", "/docs/assets/{name}", "API docs files (Swagger UI, packaged)"): _get(
        lambda w: "/docs/assets/swagger-ui.css"
    ),
    ("GET", "/api/v1/cases", "list cases"): _get(lambda w: "/api/v1/cases"),
    ("GET", "/api/v1/mail/unfiled", "unfiled mail"): _get(lambda w: "/api/v1/mail/unfiled"),
    ("POST", "/api/v1/mail/unfiled/{mail_id}/file", "file mail of A on case of A"): _mail_action(
        True, "file"
    ),
    ("POST", "/api/v1/mail/unfiled/{mail_id}/new", "case from mail of A"): _mail_action(
        True, "new"
    ),
    ("POST", "/api/v1/mail/unfiled/{mail_id}/dismiss", "dismiss mail of A"): _mail_action(
        True, "dismiss"
    ),
    ("POST", "/api/v1/mail/unfiled/{mail_id}/restore", "undo dismiss of mail of A"): _mail_action(
        True, "restore"
    ),
    ("GET", "/mail/unfiled", "unfiled mail page"): _get(lambda w: "/mail/unfiled"),
    ("POST", "/mail/unfiled/{mail_id}/file", "file mail of A on case of A"): _mail_action(
        False, "file"
    ),
    ("POST", "/mail/unfiled/{mail_id}/new", "case from mail of A"): _mail_action(False, "new"),
    ("POST", "/mail/unfiled/{mail_id}/dismiss", "dismiss mail of A"): _mail_action(
        False, "dismiss"
    ),
    ("POST", "/mail/unfiled/{mail_id}/restore", "undo dismiss of mail of A"): _mail_action(
        False, "restore"
    ),
    ("POST", "/mail/upload", "upload mail to A"): _mail_upload,
    ("GET", "/mail/{mail_id}", "mail page of A"): _get(lambda w: f"/mail/{_unfiled_mail_a(w)}"),
    ("GET", "/mail/{mail_id}/raw", "raw mail of A"): _get(
        lambda w: f"/mail/{_unfiled_mail_a(w)}/raw"
    ),
    ("GET", "/static/mail.css", "unfiled mail page style sheet"): _get(
        lambda w: "/static/mail.css"
    ),
    ("POST", "/api/v1/cases", "new case in A"): _api_new_case,
    ("GET", "/api/v1/cases/{case_id}", "case of A"): _get(_case_a),
    ("PATCH", "/api/v1/cases/{case_id}", "edit case of A"): _api_patch,
    ("POST", "/api/v1/cases/{case_id}/status", "move case of A"): _api_status,
    ("POST", "/api/v1/cases/{case_id}/events", "note on case of A"): _post(
        lambda w: _case_a(w) + "/events", json={"direction": "note", "body": "matrix note"}
    ),
    ("POST", "/api/v1/cases/{case_id}/events", "file on case of A"): _api_file,
    ("GET", "/api/v1/cases/{case_id}/dossier", "dossier of A"): _get(
        lambda w: _case_a(w) + "/dossier?format=md"
    ),
    ("GET", "/api/v1/cases/{case_id}/draft", "draft of A"): _get(lambda w: _case_a(w) + "/draft"),
    ("PATCH", "/api/v1/cases/{case_id}/draft", "edit draft of A"): _api_draft,
    ("GET", "/api/v1/cases/{case_id}/poa", "plan of action of A"): _api_poa_get,
    ("POST", "/api/v1/cases/{case_id}/poa", "draft plan of action of A"): _post(
        lambda w: _case_a(w) + "/poa", json={"kind": "listing-removal"}
    ),
    ("PUT", "/api/v1/cases/{case_id}/poa", "save plan of action of A"): _api_poa_put,
    ("POST", "/api/v1/poa/lint", "check a plan of action"): _post(
        lambda w: "/api/v1/poa/lint", json={"poa": {"kind": "ip-complaint"}}
    ),
    ("GET", "/api/v1/cases/{case_id}/attachments/{sha256}", "file of A"): _get(
        lambda w: f"{_case_a(w)}/attachments/{w.file_a}"
    ),
    ("GET", "/api/v1/stores", "list stores"): _get(lambda w: "/api/v1/stores"),
    ("POST", "/api/v1/stores", "add a store"): lambda w, p, csrf: p.send(
        "POST",
        "/api/v1/stores",
        csrf=csrf,
        json={"name": w.unique("Matrix store "), "region": "na", "marketplaces": ["US"]},
    ),
    ("PATCH", "/api/v1/stores/{name}", "change profile of A"): lambda w, p, csrf: p.send(
        "PATCH", "/api/v1/stores/" + quote(STORE_A, safe=""), csrf=csrf, json={"support_plan": ""}
    ),
    (
        "DELETE",
        "/api/v1/stores/{name}",
        "remove A (the admin: an empty store)",
    ): lambda w, p, csrf: p.send("DELETE", "/api/v1/stores/" + _removed_store(w, p), csrf=csrf),
    ("GET", "/api/v1/desks", "desk board"): _get(lambda w: "/api/v1/desks"),
    ("GET", "/api/v1/desks/{desk}/windows", "desk windows"): _get(
        lambda w: "/api/v1/desks/na/windows?days=2"
    ),
    ("GET", "/api/v1/search", "search all"): _get(lambda w: "/api/v1/search?q=suppressed"),
    ("GET", "/api/v1/search", "search in A"): _get(
        lambda w: "/api/v1/search?q=suppressed&store=" + quote(STORE_A)
    ),
    ("GET", "/api/v1/reminders", "reminders"): _get(lambda w: "/api/v1/reminders"),
    ("POST", "/api/v1/lint", "coach a draft for A"): _lint,
    ("POST", "/api/v1/me/password", "change own password"): _api_password,
    ("GET", "/login", "sign-in form"): _get(lambda w: "/login"),
    ("POST", "/login", "sign in"): _sign_in,
    ("POST", "/logout", "sign out"): _sign_out,
    ("GET", "/lang", "language switch"): _get(lambda w: "/lang?to=zh&next=/cases"),
    ("GET", "/static/app.css", "style sheet"): _get(lambda w: "/static/app.css"),
    ("GET", "/static/case-page.css", "case page style sheet"): _get(
        lambda w: "/static/case-page.css"
    ),
    ("GET", "/static/drop.js", "drop-zone script"): _get(lambda w: "/static/drop.js"),
    ("GET", "/static/setup.css", "setup and team-hours style sheet"): _get(
        lambda w: "/static/setup.css"
    ),
    ("GET", "/static/admin_desks.css", "desk pages style sheet"): _get(
        lambda w: "/static/admin_desks.css"
    ),
    ("GET", "/static/admin_calendars.css", "holiday calendar pages style sheet"): _get(
        lambda w: "/static/admin_calendars.css"
    ),
    ("GET", "/password", "own password form"): _get(lambda w: "/password"),
    ("POST", "/password", "change own password"): _password,
    ("GET", "/", "dashboard"): _get(lambda w: "/"),
    ("GET", "/cases", "case list"): _get(lambda w: "/cases?q=suppressed"),
    ("GET", "/cases/new", "new-case form"): _get(lambda w: "/cases/new"),
    ("POST", "/cases/new", "check a draft for A"): _new_case_form("check"),
    ("POST", "/cases/new", "create in A"): _new_case_form("create"),
    ("GET", "/cases/{case_id}", "case page of A"): _get(lambda w: f"/cases/{w.case_a}"),
    ("POST", "/cases/{case_id}/events", "reply on case of A"): _post(
        lambda w: f"/cases/{w.case_a}/events",
        data={"direction": "note", "body": "matrix"},
        files=[("attachments", ("m.txt", b"matrix file", "text/plain"))],
    ),
    ("GET", "/cases/{case_id}/draft", "draft form of A"): _get(
        lambda w: f"/cases/{w.case_a}/draft"
    ),
    ("POST", "/cases/{case_id}/draft", "edit draft of A"): _page_draft,
    ("GET", "/cases/{case_id}/poa", "plan of action page of A"): _get(
        lambda w: f"/cases/{w.case_a}/poa"
    ),
    ("POST", "/cases/{case_id}/poa/draft", "draft plan of action of A"): _post(
        lambda w: f"/cases/{w.case_a}/poa/draft", data={"kind": "listing-removal", "lang": "en"}
    ),
    ("POST", "/cases/{case_id}/poa", "save plan of action of A"): _page_poa_save,
    ("GET", "/poa", "plan of action guide"): _get(lambda w: "/poa?category=account-health"),
    ("POST", "/cases/{case_id}/tags", "tag case of A"): _post(
        lambda w: f"/cases/{w.case_a}/tags", data={"add": "matrix"}
    ),
    ("POST", "/cases/{case_id}/status", "move case of A"): _page_status,
    ("GET", "/cases/{case_id}/assignee", "owner form of A"): _get(
        lambda w: f"/cases/{w.case_a}/assignee"
    ),
    ("POST", "/cases/{case_id}/assignee", "assign case of A"): _page_assign,
    ("POST", "/cases/{case_id}/details", "edit details of A"): _page_details,
    ("POST", "/cases/bulk", "tag cases of A"): _bulk("tag"),
    ("POST", "/cases/bulk", "assign cases of A"): _bulk("assign"),
    ("GET", "/static/case-list.css", "case list style sheet"): _get(
        lambda w: "/static/case-list.css"
    ),
    ("GET", "/account", "my account"): _get(lambda w: "/account"),
    ("GET", "/account/alert-handles", "my chat handles"): _get(lambda w: "/account/alert-handles"),
    ("POST", "/account/alert-handles", "own chat handles"): _post(
        lambda w: "/account/alert-handles", data={"handle_wecom": "matrix"}
    ),
    ("POST", "/account", "own language and zone"): _post(
        lambda w: "/account", data={"language": "en", "time_zone": "北京"}
    ),
    ("GET", "/hours", "hours page"): _get(lambda w: "/hours"),
    ("POST", "/hours/calendar", "renew own iCal link"): _post(lambda w: "/hours/calendar"),
    ("GET", "/ical/{secret}.ics", "live secret"): _get(lambda w: f"/ical/{w.live_secret}.ics"),
    ("GET", "/ical/{secret}.ics", "revoked secret"): _get(
        lambda w: f"/ical/{w.revoked_secret}.ics"
    ),
    ("GET", "/ask", "knowledge base"): _get(lambda w: "/ask?q=storage+fees"),
    ("GET", "/stores", "store list"): _get(lambda w: "/stores"),
    ("GET", "/stores/{name}", "store page of A"): _get(lambda w: "/stores/" + quote(STORE_A)),
    ("POST", "/stores/{name}", "profile of A"): _store_form("profile"),
    ("POST", "/stores/{name}", "figures of A"): _store_form("figures"),
    ("POST", "/stores/{name}", "documents of A"): _store_form("docs"),
    ("POST", "/stores", "add a store"): _page_add_store,
    ("GET", "/stores/{name}", "removal step of A"): _get(
        lambda w: "/stores/" + quote(STORE_A) + "?step=remove"
    ),
    ("POST", "/stores/{name}", "remove A (the admin: an empty store)"): lambda w, p, csrf: p.send(
        "POST",
        "/stores/" + _removed_store(w, p),
        csrf=csrf,
        data={"action": "remove", "confirm": "yes"},
    ),
    ("POST", "/stores/{name}", "report of A"): _store_form("import"),
    ("GET", "/admin", "admin page"): _get(lambda w: "/admin"),
    ("POST", "/admin", "backup schedule"): _admin("backup"),
    ("POST", "/admin", "grant a store"): _admin("grant"),
    ("POST", "/admin", "team hours"): _admin("team-hours"),
    ("GET", "/setup", "first-start setup (where it resumes)"): _get(lambda w: "/setup"),
    ("GET", "/setup/{step}", "a setup step"): _get(lambda w: "/setup/hours"),
    ("POST", "/setup/{step}", "skip a setup step"): _post(
        lambda w: "/setup/zone", data={"action": "skip"}
    ),
    ("GET", "/admin/users", "people"): _get(lambda w: "/admin/users"),
    ("POST", "/admin/users", "add a person"): lambda w, p, csrf: p.send(
        "POST", "/admin/users", csrf=csrf, data={"name": w.unique("person-"), "role": "agent"}
    ),
    ("GET", "/admin/users/{name}", "a person"): _get(lambda w: "/admin/users/vic"),
    ("POST", "/admin/users/{name}", "change a role"): _person("role"),
    ("POST", "/admin/users/{name}", "disable a user"): _person("disable"),
    ("POST", "/admin/users/{name}", "reset a password"): _person("reset"),
    ("POST", "/admin/users/{name}", "store access"): _person("access"),
    ("GET", "/admin/users/{name}/remove", "removal step"): _get(
        lambda w: "/admin/users/vic/remove"
    ),
    ("POST", "/admin/users/{name}/remove", "remove a user"): _person("remove"),
    ("GET", "/admin/desks", "desk hours"): _get(lambda w: "/admin/desks"),
    ("GET", "/admin/desks/advanced", "desks file (TOML)"): _get(lambda w: "/admin/desks/advanced"),
    ("POST", "/admin/desks/advanced", "remove the desks file (asks first)"): _post(
        lambda w: "/admin/desks/advanced", data={"action": "reset"}
    ),
    ("GET", "/admin/desks/{key}", "desk form"): _get(lambda w: "/admin/desks/eu"),
    ("POST", "/admin/desks/{key}", "reset a desk (asks first)"): _post(
        lambda w: "/admin/desks/eu", data={"action": "reset"}
    ),
    ("GET", "/admin/calendars", "holiday calendars"): _get(lambda w: "/admin/calendars"),
    ("POST", "/admin/calendars", "preview a year (saves nothing)"): _post(
        lambda w: "/admin/calendars",
        data={
            "kind": "notice",
            "action": "preview",
            "year": "2027",
            "notice": "一、元旦：1月1日放假。",
        },
    ),
    ("GET", "/admin/calendars/{calendar}/{year}", "one holiday year"): _get(
        lambda w: "/admin/calendars/CN/2027"
    ),
    ("GET", "/admin/alerts", "alert channels"): _get(lambda w: "/admin/alerts"),
    ("POST", "/admin/alerts", "add an alert channel"): lambda w, p, csrf: p.send(
        "POST",
        "/admin/alerts",
        csrf=csrf,
        data={
            "action": "add",
            "name": w.unique("alerts-"),
            "kind": "slack",
            "webhook": "https://hooks.slack.com/services/T0/B0/matrix",
        },
    ),
    ("GET", "/admin/alerts/{name}", "one alert channel"): _get(_alert_channel),
    ("GET", "/admin/alert-routes", "alert routes"): _get(lambda w: "/admin/alert-routes"),
    ("POST", "/admin/alert-routes", "add an alert route"): _alert_route,
    ("GET", "/admin/alert-outbox", "alert outbox"): _get(lambda w: "/admin/alert-outbox"),
    ("POST", "/admin/alert-outbox", "send an alert again"): _failed_alert,
    ("GET", "/admin/mailboxes", "IMAP mailboxes"): _get(lambda w: "/admin/mailboxes"),
    ("POST", "/admin/mailboxes", "add a mailbox"): lambda w, p, csrf: p.send(
        "POST",
        "/admin/mailboxes",
        csrf=csrf,
        data={
            "action": "add",
            "key": w.unique("mb-"),
            "host": "imap.example.com",
            "username": "matrix@example.com",
            "credential": "env:MATRIX_IMAP",
            "enabled": "yes",
        },
    ),
    ("GET", "/admin/mailboxes/{key}", "one mailbox"): _get(_mailbox),
    # the matrix mailbox's secret is missing: the poll fails at once, no network
    ("POST", "/admin/mailboxes/poll", "poll a mailbox (or all) now"): lambda w, p, csrf: p.send(
        "POST", "/admin/mailboxes/poll", csrf=csrf, data={"mailbox": _mailbox(w).split("/")[-1]}
    ),
}
REQUESTS.update(ALERT_REQUESTS)  # /api/v1/alerts/…: matrix_alert_requests.py
