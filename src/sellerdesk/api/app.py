"""The app factory: ``create_app(settings)`` builds the FastAPI app (nothing at import time).

Run it with ``sellerdesk serve`` (uvicorn, ``factory=True``). The REST API lives under
``/api/v1`` (OpenAPI at ``/openapi.json``, docs at ``/docs`` from packaged Swagger UI files:
api/docs_page.py), the pages at ``/login`` and
``/``, the probe at ``/healthz``. With ``run_worker`` the reminder worker runs as a thread
of this process (``sellerdesk serve`` does so unless ``--no-worker``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

import anyio.to_thread
from fastapi import FastAPI

from sellerdesk.api import docs_page, errors, openapi_doc
from sellerdesk.api.limits import BodyLimit, upload_form
from sellerdesk.api.root_path import RootPath
from sellerdesk.api.state import JSON_BODY_LIMIT, AppState, build_state
from sellerdesk.api.text_guard import TextGuard
from sellerdesk.core.errors import SellerDeskError
from sellerdesk.settings import SERVE_WORKER_ENV, Settings, load_settings
from sellerdesk.web.case_draft import DRAFT_FORM_LIMIT, is_draft_form

log = logging.getLogger(__name__)
WORKER_ENV = SERVE_WORKER_ENV  # "1": `sellerdesk serve` asked for the in-process worker
SECURE_ENV = "SELLERDESK_SECURE_COOKIES"  # "1": behind an HTTPS proxy that uvicorn cannot see
WORKER_INTERVAL = 30.0
THREADS = 16  # request threads per process (anyio's default is 40)


def _backup_job(state: AppState, worker_id: str) -> Callable[[datetime], object] | None:
    from sellerdesk.worker.backups import backup_job

    try:
        return backup_job(
            state.engine,
            state.sessions,
            state.settings,
            state.ctx,
            worker_id=worker_id,
            say=log.info,
        )
    except SellerDeskError:  # a hand-edited backup.* key: the app still starts
        log.exception("scheduled backups are off: a backup.* setting is not valid")
        return None


def _worker_thread(state: AppState, stop: threading.Event) -> threading.Thread:
    from sellerdesk.worker import loop

    worker_id = loop.default_worker_id()
    backup = _backup_job(state, worker_id)
    from sellerdesk.worker.mail_poll import mail_poll_job

    mail = mail_poll_job(
        state.sessions, state.settings, state.ctx, worker_id=worker_id, say=log.info, stop=stop
    )

    from sellerdesk.worker.alerts import AlertJob

    alerts = AlertJob(
        state.sessions, lambda: state.settings, lambda: state.ctx, worker_id=worker_id, say=log.info
    )

    def rounds() -> None:
        while not stop.is_set():
            if backup is not None:
                try:
                    backup(state.clock())  # the scheduled backup, when due (docs/backup.md)
                except Exception:  # recorded when it got that far; the reminders still run
                    log.exception("scheduled backup round failed")
            try:
                mail(state.clock())  # the IMAP mailboxes due a poll (docs/integrations.md)
            except Exception:  # each mailbox records its own failure; this is the unforeseen
                log.exception("mail poll round failed")
            try:
                alerts(state.clock())  # the alert outbox: what is due to the chat groups
            except Exception:  # every alert records its own attempts; this is the unforeseen
                log.exception("alert round failed")
            try:
                loop.run_once(
                    state.sessions,
                    state.ctx,
                    now=state.clock(),
                    worker_id=worker_id,
                    say=log.info,
                    stop=stop,
                )
            except Exception:  # the database may be away for a moment: try next round
                log.exception("reminder round failed")
            stop.wait(WORKER_INTERVAL)

    return threading.Thread(target=rounds, name="sellerdesk-worker", daemon=True)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    run_worker: bool | None = None,
) -> FastAPI:
    from sellerdesk.api import (
        account_routes,
        alert_channel_api,
        alert_outbox_api,
        alert_route_api,
        case_routes,
        coach_routes,
        event_routes,
        mail_routes,
        poa_routes,
        routes,
    )
    from sellerdesk.web import (
        admin,
        admin_desks,
        case_assign,
        case_details,
        case_draft,
        case_list,
        case_page_assets,
        case_pages,
        dashboard,
        hours_ask,
        mail_pages,
        new_case,
        pages,
        poa_pages,
        store_pages,
    )
    from sellerdesk.web.guard import PasswordChangeGate

    state = build_state(settings or load_settings(), clock)
    state.secure_cookies = os.environ.get(SECURE_ENV) == "1"
    worker = os.environ.get(WORKER_ENV) == "1" if run_worker is None else run_worker

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # no more request threads than pooled connections (storage.engine.POOL): a thread
        # that found none would open one per request; and fewer threads fight less for the GIL
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        stop = threading.Event()
        thread = _worker_thread(state, stop) if worker else None
        if thread is not None:
            thread.start()
        try:
            yield
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=30)
            state.engine.dispose()

    app = FastAPI(
        title="Seller Desk",
        version="1",
        description="The team's cases, stores, desks and reminders. Authenticate with "
        "`Authorization: Bearer TOKEN` (`sellerdesk token create USER`). Errors are "
        '`{"error": {"code", "message", "field", "fix", "key"}}`.',
        openapi_url="/openapi.json",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN: docs_page serves its own
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.sellerdesk = state
    errors.install(app)
    openapi_doc.install(app)
    app.include_router(docs_page.router)
    app.include_router(routes.health)
    app.include_router(case_routes.router)
    app.include_router(event_routes.router)
    app.include_router(routes.router)
    app.include_router(coach_routes.router)
    app.include_router(poa_routes.router)
    app.include_router(mail_routes.router)
    app.include_router(account_routes.router)
    app.include_router(alert_channel_api.router)
    app.include_router(alert_route_api.router)
    app.include_router(alert_outbox_api.router)
    app.include_router(pages.router)
    for pages_router in (
        dashboard.router,
        new_case.router,
        case_list.router,  # the case pages, one module each (none includes another)
        case_assign.router,
        case_details.router,
        case_draft.router,
        case_page_assets.router,
        case_pages.router,
        poa_pages.router,
        hours_ask.router,
        store_pages.router,
        mail_pages.router,
    ):
        app.include_router(pages_router)
    app.include_router(admin.router)
    app.include_router(admin_desks.router)

    def limit_for(path: str) -> int:
        if path.startswith(("/api/v1/cases/", "/cases/")) and path.endswith("/events"):
            return state.upload_limit
        if path == mail_pages.UPLOAD_PATH:  # a whole mail with its attachments
            return state.mail_upload_limit
        if is_draft_form(path):
            return DRAFT_FORM_LIMIT
        return JSON_BODY_LIMIT

    def counted_only(path: str) -> bool:
        # the Unfiled page answers an oversize mail file itself, in its own language
        # and so does the draft's edit form, naming the box that is too long
        return upload_form(path) or path == mail_pages.UPLOAD_PATH or is_draft_form(path)

    app.add_middleware(  # inside the body limit
        TextGuard, refuse=errors.refuse_text_async, cut_answered=is_draft_form
    )
    app.add_middleware(openapi_doc.Options)
    app.add_middleware(BodyLimit, limit_for=limit_for, counted_only=counted_only)
    app.add_middleware(PasswordChangeGate)  # a forced password change before anything else
    app.add_middleware(RootPath)  # outermost: `serve --root-path` seen by nothing inside
    return app
