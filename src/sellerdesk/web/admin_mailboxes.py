"""Admin: IMAP mailboxes. ``/admin/mailboxes`` lists the mailboxes with their status (last
poll, last success, the last error in the page's words, how much was read), adds one, and
has a **Test connection** button per mailbox that logs in and says what it found, and
**Poll now** per mailbox (and **Poll all**) that reads new mail at once, as the worker would
(``/admin/mailboxes/poll``); ``/admin/mailboxes/{key}`` edits or removes one. A password
pasted here is stored (the one way a secret reaches the database) and never shown back: the
page says "set" or "missing"; left empty on an edit, the stored one (or the env:/file:
reference) stays.
Admins only; anyone else gets 404."""

from __future__ import annotations

import threading
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from sellerdesk.core.errors import InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.i18n import t
from sellerdesk.services.mail import mailboxes
from sellerdesk.services.mail.imap_poll import (
    PollResult,
    TestResult,
    check_connection,
    default_ingest,
    poll_all,
)
from sellerdesk.services.mail.mailboxes import MailboxInput, MailboxView, error_words
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import admin_form
from sellerdesk.web.admin_form import SHOWN, Refusal
from sellerdesk.web.layout import State, page_lang, to

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = (
    "action", "original", "key", "name", "host", "port", "security", "username", "folder",
    "store", "credential", "secret", "ca_file", "move_to",
)  # fmt: skip
FLAGS = ("enabled", "mark_seen", "confirm", "test_login")
FIELD_LIMIT = 1000
# A poll from the page answers while the person waits: at most POLL_LIMIT messages a mailbox,
# POLL_TIMEOUT seconds for the server to answer, and no new mailbox started after POLL_BUDGET
# seconds; whatever is left the worker reads on its next round.
POLL_LIMIT = 25
POLL_TIMEOUT = 15.0
POLL_BUDGET = 45.0


def _list_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    refused: Refusal = SHOWN,
    *,
    form: dict[str, str] | None = None,
    tested: TestResult | None = None,
    polled: list[tuple[str, str]] | None = None,
) -> Response:
    lang = page_lang(request)
    views = mailboxes.listed(state.sessions)
    return admin_form.refused_page(
        request,
        found,
        "admin_mailboxes",
        refused,
        mailboxes=views,
        problems={v.key: error_words(v.last_error, lang) for v in views},
        form=form or {},
        tested=tested,
        tested_words=error_words(tested.error, lang) if tested else "",
        polled=polled,
        poll_limit=POLL_LIMIT,
        securities=mailboxes.SECURITIES,
        **admin_form.notices(request),
    )


def _edit_page(
    request: Request,
    found: WebSession,
    view: MailboxView,
    refused: Refusal = SHOWN,
    *,
    confirm_remove: bool = False,
) -> Response:
    return admin_form.refused_page(
        request, found, "admin_mailboxes_edit", refused, box=view,
        confirm_remove=confirm_remove, securities=mailboxes.SECURITIES,
    )  # fmt: skip


@router.get("/admin/mailboxes")
def mailboxes_page(request: Request, state: State) -> Response:
    return admin_form.admin_page(request, lambda found: _list_page(request, state, found))


@router.get("/admin/mailboxes/{key}")
def mailbox_page(request: Request, state: State, key: str) -> Response:
    return admin_form.admin_page(
        request, lambda found: _edit_page(request, found, mailboxes.one(state.sessions, key))
    )


@router.post("/admin/mailboxes")
async def mailboxes_action(request: Request, state: State) -> Response:
    def act(found: WebSession, raw: FormData) -> Response:
        form, flags = admin_form.texts(raw, TEXT_FIELDS), admin_form.ticked(raw, FLAGS)
        return _act(request, state, found, form, flags)

    return await admin_form.admin_post(request, act)


@router.post("/admin/mailboxes/poll")
async def mailboxes_poll(request: Request, state: State) -> Response:
    """Poll now: one mailbox (``mailbox``) or every enabled one (``mailbox`` empty)."""

    def act(found: WebSession, raw: FormData) -> Response:
        key = admin_form.texts(raw, ["mailbox"])["mailbox"].strip()[:80]
        return _poll(request, state, found, key)

    return await admin_form.admin_post(request, act, max_fields=5)


def _poll(request: Request, state: Runtime, found: WebSession, key: str) -> Response:
    """Poll under a lease of this request's own: a mailbox the worker (or another page) is
    polling right now is skipped as busy, never read twice at once."""
    lang, stop = page_lang(request), threading.Event()
    timer = threading.Timer(POLL_BUDGET, stop.set)
    timer.start()
    try:
        results = poll_all(
            state.sessions,
            ingest=default_ingest(state.ctx),
            clock=state.clock,
            owner=f"web:{uuid.uuid4().hex[:12]}",
            only=key or None,
            stop=stop,
            timeout=POLL_TIMEOUT,
            limit=POLL_LIMIT,
        )
    except NotFound as exc:
        return _list_page(request, state, found, Refusal.not_found(request, exc))
    finally:
        timer.cancel()
    lines = [line for result in results for line in _poll_lines(result, lang)]
    if not key:
        polled = {r.key for r in results}
        lines += [
            ("notice", t("mailbox.page.poll_not_reached", lang, mailbox=v.key))
            for v in mailboxes.listed(state.sessions)
            if v.enabled and v.key not in polled
        ]
        lines = lines or [("notice", t("mailbox.cli.none_enabled", lang))]
    return _list_page(request, state, found, polled=lines)


def _poll_lines(result: PollResult, lang: str) -> list[tuple[str, str]]:
    """One mailbox's poll in words: ("notice" | "error", line)."""
    if result.skipped:
        return [("notice", t(f"mailbox.poll.{result.skipped}", lang, mailbox=result.key))]
    counts = {
        k: result.counts.get(k, 0) for k in ("filed", "unfiled", "duplicate", "ignored", "refused")
    }
    lines = []
    if result.read or result.ok:
        lines.append(
            ("notice", t("mailbox.poll.done", lang, mailbox=result.key, read=result.read, **counts))
        )
    if skipped := result.counts.get("alerts_skipped_old", 0):
        words = t("mailbox.poll.alerts_skipped", lang, mailbox=result.key, skipped=skipped)
        lines.append(("notice", words))
    if result.error:
        words = error_words(result.error, lang)
        lines.append(("error", t("mailbox.poll.failed", lang, mailbox=result.key, error=words)))
    if result.rescanned:
        lines.append(("notice", t("mailbox.poll.rescanned", lang, mailbox=result.key)))
    if result.more and not result.error:
        lines.append(("notice", t("mailbox.page.poll_more", lang, mailbox=result.key)))
    return lines


def _act(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: dict[str, str],
    flags: dict[str, bool],
) -> Response:
    action, now = form["action"], state.clock()
    try:
        admin_form.check_lengths(form, FIELD_LIMIT)
        if action == "add":
            view = mailboxes.add(state.sessions, form["key"], _input(form, flags), now=now)
            return _saved(request, state, found, view.key, test=flags["test_login"])
        if action == "test":
            tested = check_connection(state.sessions, form["original"], now=now, timeout=15)
            return _list_page(request, state, found, tested=tested)
        if action == "edit":
            view = mailboxes.change(state.sessions, form["original"], _input(form, flags), now=now)
            return _saved(request, state, found, view.key, test=flags["test_login"])
        if action == "remove":
            if not flags["confirm"]:
                view = mailboxes.one(state.sessions, form["original"])
                return _edit_page(request, found, view, confirm_remove=True)
            mailboxes.remove(state.sessions, form["original"])
            return to(f"/admin/mailboxes?removed={form['original']}")
        raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
    except NotFound as exc:
        return _list_page(request, state, found, Refusal.not_found(request, exc))
    except SellerDeskError as exc:
        refused = Refusal.of(request, exc)
        if action == "edit":
            view = mailboxes.one(state.sessions, form["original"])
            return _edit_page(request, found, view, refused)
        kept = {k: v for k, v in form.items() if k != "secret"}  # a secret is never sent back
        return _list_page(request, state, found, refused, form=kept)


def _saved(
    request: Request, state: Runtime, found: WebSession, key: str, *, test: bool
) -> Response:
    """After a save: with "test the login" ticked (the default), the login is tried now and
    its answer shown with the list (a wrong password is seen at once, not at the next poll);
    else back to the list saying it was saved."""
    if not test:
        return to(f"/admin/mailboxes?saved={key}")
    tested = check_connection(state.sessions, key, now=state.clock(), timeout=15)
    return _list_page(request, state, found, tested=tested)


def _input(form: dict[str, str], flags: dict[str, bool]) -> MailboxInput:
    """The form as a mailbox: on an edit an empty password or credential keeps the stored one
    (the page never shows it); an empty store, CA file or move-to folder clears it."""

    def given(key: str) -> str | None:
        value = form[key].strip()
        return value or None

    port = form["port"].strip()
    if port and not port.isdigit():
        raise InvalidInput.of("mailbox.bad_port", field="port", given=port[:12])
    return MailboxInput(
        name=given("name"),
        host=given("host"),
        port=int(port) if port else None,
        security=given("security"),
        username=given("username"),
        folder=given("folder"),
        store=form["store"].strip(),
        credential=given("credential"),
        secret=form["secret"] or None,
        ca_file=form["ca_file"].strip(),
        mark_seen=flags["mark_seen"],
        move_to=form["move_to"].strip(),
        enabled=flags["enabled"],
    )
