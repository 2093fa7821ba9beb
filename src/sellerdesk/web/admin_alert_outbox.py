"""Admin: alert routes and the outbox. ``/admin/alert-routes`` lists the routes in words, adds
one (triggers, store, whose cases, channel, language, @mention) and removes one, and sets the
public address alerts link under (``web.base_url``); ``/admin/alert-outbox`` lists every
alert with its state, why, and each try to send it, and sends a failed one again.
Admins only; anyone else gets 404. (Not under ``/admin/alerts/``: ``/admin/alerts/{name}``
is a channel's page.)"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.services import stores, user_config, users
from sellerdesk.services.alerts import channels, outbox_views, routes
from sellerdesk.services.alerts.triggers import TRIGGERS
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import admin_form
from sellerdesk.web.admin_form import SHOWN, Refusal
from sellerdesk.web.layout import State, to

router = APIRouter(include_in_schema=False)
ROUTE_FIELDS = ("action", "route_id", "store", "assignee", "channel", "lang", "base_url")
PAGE = 50
# service field names → the form's input ids (a refusal marks its input)
INPUT_OF = {"triggers": "trigger-0", "channel": "channel", "lang": "lang", "store": "store",
            "assignee": "assignee", "web.base_url": "base_url"}  # fmt: skip


def _routes_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    refused: Refusal = SHOWN,
) -> Response:
    who = found.principal
    return admin_form.refused_page(
        request,
        found,
        "admin_alert_routes",
        refused,
        routes=routes.list_routes(sessions=state.sessions, principal=who),
        channels=channels.list_channels(sessions=state.sessions, principal=who),
        stores=[s.name for s in stores.list_stores(sessions=state.sessions, principal=who)],
        people=[u.name for u in users.list_users(sessions=state.sessions) if u.active],
        triggers=TRIGGERS,
        base_url=str(state.settings.config.get("web.base_url") or ""),
        saved=request.query_params.get("saved", "")[:20],
    )


@router.get("/admin/alert-routes")
def alert_routes_page(request: Request, state: State) -> Response:
    return admin_form.admin_page(request, lambda found: _routes_page(request, state, found))


@router.post("/admin/alert-routes")
async def alert_routes_action(request: Request, state: State) -> Response:
    def act(found: WebSession, raw: FormData) -> Response:
        form = admin_form.texts(raw, ROUTE_FIELDS)
        picked = [str(v) for v in raw.getlist("trigger")][: len(TRIGGERS)]
        mention = admin_form.ticked(raw, ["mention"])["mention"]
        return _act(request, state, found, form, picked, mention)

    return await admin_form.admin_post(request, act)


def _act(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: Mapping[str, str],
    picked: list[str],
    mention: bool,
) -> Response:
    action, now, actor = form["action"], state.clock(), found.principal.name
    try:
        admin_form.check_lengths(form, 300)
        if action == "add":
            made = routes.add_route(
                sessions=state.sessions, now=now, actor=actor, triggers=picked,
                channel=form["channel"], store=form["store"] or None,
                assignee=form["assignee"] or None, mention=mention,
                lang=form["lang"] or "recipient", principal=found.principal,
            )  # fmt: skip
            return to(f"/admin/alert-routes?saved={made.id}")
        if action == "remove":
            if not form["route_id"].isdigit():
                raise InvalidInput.of("web.bad_action", field="route_id", value=form["route_id"])
            routes.remove_route(
                sessions=state.sessions, now=now, actor=actor,
                route_id=int(form["route_id"]), principal=found.principal,
            )  # fmt: skip
            return to("/admin/alert-routes?saved=removed")
        if action == "base_url":
            value = form["base_url"].strip()
            settings = (
                user_config.set_value(state.settings, "web.base_url", value, field="base_url")
                if value
                else user_config.unset_value(state.settings, "web.base_url")
            )
            state.use_settings(settings)
            return to("/admin/alert-routes?saved=base_url")
        raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
    except SellerDeskError as exc:
        return _routes_page(request, state, found, Refusal.of(request, exc, INPUT_OF))


def _outbox_page(
    request: Request, state: Runtime, found: WebSession, refused: Refusal = SHOWN
) -> Response:
    shown = request.query_params.get("state", "")
    states = [shown] if shown in outbox_views.STATES else []
    page_no = request.query_params.get("page", "1")
    number = int(page_no) if page_no.isdigit() and 0 < int(page_no) < 100_000 else 1
    page = outbox_views.outbox(
        sessions=state.sessions, states=states, limit=PAGE, offset=(number - 1) * PAGE,
        with_attempts=True, principal=found.principal,
    )  # fmt: skip
    return admin_form.refused_page(
        request,
        found,
        "admin_alert_outbox",
        refused,
        outbox=page,
        states=outbox_views.STATES,
        shown=shown if states else "",
        number=number,
        more=len(page.alerts) == PAGE,
        base_url=str(state.settings.config.get("web.base_url") or ""),
        retried=request.query_params.get("retried", "")[:20],
    )


@router.get("/admin/alert-outbox")
def alert_outbox_page(request: Request, state: State) -> Response:
    return admin_form.admin_page(request, lambda found: _outbox_page(request, state, found))


@router.post("/admin/alert-outbox")
async def alert_outbox_action(request: Request, state: State) -> Response:
    def act(found: WebSession, raw: FormData) -> Response:
        return _retry(request, state, found, admin_form.texts(raw, ["alert_id"])["alert_id"])

    return await admin_form.admin_post(request, act, max_fields=10)


def _retry(request: Request, state: Runtime, found: WebSession, alert_id: str) -> Response:
    try:
        if not alert_id.isdigit() or len(alert_id) > 12:
            raise InvalidInput.of("web.bad_action", field="alert_id", value=alert_id[:20])
        outbox_views.retry(
            sessions=state.sessions, now=state.clock(), actor=found.principal.name,
            alert_id=int(alert_id), principal=found.principal,
        )  # fmt: skip
    except SellerDeskError as exc:  # no input to mark: the alert's number is the button's
        return _outbox_page(request, state, found, Refusal.of(request, exc, {}))
    return to(f"/admin/alert-outbox?retried={alert_id}")
