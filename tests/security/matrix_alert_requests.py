"""The permission table's rows of the alert endpoints of the REST API (``/api/v1/alerts/…``,
admin only): what each sends, with a channel, a route and alerts made for it. Every channel
here points at 127.0.0.1:9, where nothing listens: a Send test fails at once, no network."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.security.matrix_world import Principal, World

Row = tuple[str, str, str]
Send = Callable[[World, Principal, bool], httpx.Response]
CHANNELS, ROUTES, OUTBOX = (
    "/api/v1/alerts/channels",
    "/api/v1/alerts/routes",
    "/api/v1/alerts/outbox",
)
NOWHERE = "http://127.0.0.1:9/services/T0/B0/matrix-api"


def _new_channel(w: World) -> int:
    """A channel of its own (added as the local operator), for a request that changes it."""
    from sellerdesk.services.alerts import channels
    from sellerdesk.services.alerts.channel_input import ChannelInput

    data = ChannelInput(name=w.unique("matrix-api-"), kind="slack", webhook=NOWHERE)
    return channels.add(sessions=w.state.sessions, now=w.now(), ctx=w.state.ctx, data=data).id


def _channel(w: World) -> int:
    """The matrix's API channel (added once)."""
    from sellerdesk.services.alerts import channels

    for view in channels.list_channels(sessions=w.state.sessions):
        if view.name == "matrix-api":
            return view.id
    from sellerdesk.services.alerts.channel_input import ChannelInput

    data = ChannelInput(name="matrix-api", kind="slack", webhook=NOWHERE)
    return channels.add(sessions=w.state.sessions, now=w.now(), ctx=w.state.ctx, data=data).id


def _new_route(w: World) -> int:
    from sellerdesk.services.alerts import routes

    made = routes.add_route(
        sessions=w.state.sessions,
        now=w.now(),
        actor="matrix",
        triggers=["needs-action"],
        channel=_channel(w),
    )
    return made.id


def _alert(w: World, state: str) -> int:
    from sellerdesk.storage.repositories import alert_outbox

    with w.state.sessions.begin() as s:
        alert_id = alert_outbox.enqueue(
            s,
            {
                "trigger": "needs-action", "dedupe_key": w.unique("matrix-api-alert-"),
                "channel_id": _channel(w), "lang": "en", "title": "matrix", "text": "matrix",
                "urgent": False, "state": state, "not_before": w.now(), "attempts": 1,
                "created_at": w.now(), "reason": "refused",
            },
        )  # fmt: skip
    assert alert_id is not None
    return alert_id


def _send(method: str, url: Callable[[World], str], **kwargs: object) -> Send:
    return lambda w, p, csrf: p.send(method, url(w), csrf=csrf, **kwargs)


ALERT_REQUESTS: dict[Row, Send] = {
    ("GET", CHANNELS, "alert channels"): _send("GET", lambda w: CHANNELS),
    ("POST", CHANNELS, "add an alert channel"): lambda w, p, csrf: p.send(
        "POST",
        CHANNELS,
        csrf=csrf,
        json={"name": w.unique("matrix-api-new-"), "kind": "slack", "webhook": NOWHERE},
    ),
    ("GET", CHANNELS + "/{channel_id}", "one alert channel"): _send(
        "GET", lambda w: f"{CHANNELS}/{_channel(w)}"
    ),
    ("PATCH", CHANNELS + "/{channel_id}", "edit an alert channel"): _send(
        "PATCH", lambda w: f"{CHANNELS}/{_channel(w)}", json={"enabled": True}
    ),
    ("DELETE", CHANNELS + "/{channel_id}", "remove an alert channel"): _send(
        "DELETE", lambda w: f"{CHANNELS}/{_new_channel(w)}"
    ),
    ("POST", CHANNELS + "/{channel_id}/test", "send a test alert"): _send(
        "POST", lambda w: f"{CHANNELS}/{_channel(w)}/test"
    ),
    ("GET", ROUTES, "alert routes"): _send("GET", lambda w: ROUTES),
    ("POST", ROUTES, "add an alert route"): lambda w, p, csrf: p.send(
        "POST", ROUTES, csrf=csrf, json={"triggers": ["needs-action"], "channel": _channel(w)}
    ),
    ("PATCH", ROUTES + "/{route_id}", "edit an alert route"): _send(
        "PATCH", lambda w: f"{ROUTES}/{_new_route(w)}", json={"mention": False}
    ),
    ("DELETE", ROUTES + "/{route_id}", "remove an alert route"): _send(
        "DELETE", lambda w: f"{ROUTES}/{_new_route(w)}"
    ),
    ("GET", OUTBOX, "alert outbox"): _send("GET", lambda w: OUTBOX),
    ("GET", OUTBOX + "/{alert_id}", "one alert and its tries"): _send(
        "GET", lambda w: f"{OUTBOX}/{_alert(w, 'failed')}"
    ),
    ("POST", OUTBOX + "/{alert_id}/retry", "send an alert again"): _send(
        "POST", lambda w: f"{OUTBOX}/{_alert(w, 'failed')}/retry"
    ),
}
