"""Admin: alert channels. ``/admin/alerts`` lists the channels (webhook addresses masked,
secrets never shown), adds one, and has a **Send test** button per channel that shows what
the vendor answered, in words of the page's language; ``/admin/alerts/{name}`` edits or
removes one. Secret fields come back empty: left empty they keep the stored secret.
Admins only; anyone else gets 404."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from sellerdesk.core.alerts.channel import FORMATS, SMTP_SECURITY
from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.errors import InvalidInput, NotFound, SellerDeskError
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from sellerdesk.services.alerts.channel_views import ChannelView, TestAnswer
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import admin_form
from sellerdesk.web.admin_form import SHOWN, Refusal
from sellerdesk.web.layout import State, page_lang, to

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = (
    "action", "original", "name", "kind", "message_format", "keyword", "webhook",
    "signing_secret", "smtp_host", "smtp_port", "smtp_security", "smtp_user",
    "smtp_password", "smtp_from", "smtp_to", "smtp_ca_file", "smtp_skip_verify",
)  # fmt: skip
FIELD_LIMIT = 8000  # past the service's own limits, so that its refusal (the limit said) speaks
# service field names → the form's input ids (a refusal marks its input)
INPUT_OF = {
    "name": "name", "kind": "kind", "webhook": "webhook", "secret": "signing_secret",
    "keyword": "keyword", "format": "message_format", "smtp-host": "smtp_host",
    "smtp-port": "smtp_port", "smtp-security": "smtp_security", "smtp-from": "smtp_from",
    "smtp-to": "smtp_to", "smtp-ca-file": "smtp_ca_file",
}  # fmt: skip


def _choices() -> dict[str, object]:
    return {
        "kinds": [k.value for k in ChannelKind],
        "formats": {k.value: FORMATS[k] for k in ChannelKind},
        "securities": SMTP_SECURITY,
    }


def _list_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    refused: Refusal = SHOWN,
    *,
    form: dict[str, str] | None = None,
    answer: TestAnswer | None = None,
) -> Response:
    views = channels.list_channels(sessions=state.sessions, principal=found.principal)
    return admin_form.refused_page(
        request,
        found,
        "admin_alerts",
        refused,
        channels=views,
        form=form or {},
        answer=answer,
        **admin_form.notices(request),
        **_choices(),
    )


def _edit_page(
    request: Request,
    found: WebSession,
    view: ChannelView,
    refused: Refusal = SHOWN,
    *,
    confirm_remove: bool = False,
) -> Response:
    return admin_form.refused_page(
        request, found, "admin_alerts_edit", refused, channel=view,
        confirm_remove=confirm_remove, **_choices(),
    )  # fmt: skip


@router.get("/admin/alerts")
def alerts_page(request: Request, state: State) -> Response:
    return admin_form.admin_page(request, lambda found: _list_page(request, state, found))


@router.get("/admin/alerts/{name}")
def alert_channel_page(request: Request, state: State, name: str) -> Response:
    def show(found: WebSession) -> Response:
        view = channels.channel(sessions=state.sessions, name=name, principal=found.principal)
        return _edit_page(request, found, view)

    return admin_form.admin_page(request, show)


@router.post("/admin/alerts")
async def alerts_action(request: Request, state: State) -> Response:
    def act(found: WebSession, raw: FormData) -> Response:
        form = admin_form.texts(raw, TEXT_FIELDS)
        flags = admin_form.ticked(raw, ("enabled", "clear_secret", "confirm"))
        return _act(request, state, found, form, flags)

    return await admin_form.admin_post(request, act)


def _act(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: dict[str, str],
    flags: dict[str, bool],
) -> Response:
    action, who, now = form["action"], found.principal, state.clock()
    try:
        admin_form.check_lengths(form, FIELD_LIMIT)
        if action == "add":
            view = channels.add(
                sessions=state.sessions, now=now, ctx=state.ctx, principal=who,
                data=_input(form, enabled=True, adding=True),
            )  # fmt: skip
            return to(f"/admin/alerts?saved={view.id}")
        if action == "test":
            answer = channels.send_test(
                sessions=state.sessions, now=now, name=form["original"], principal=who,
                lang=page_lang(request), base_url=str(request.base_url),
            )  # fmt: skip
            return _list_page(request, state, found, answer=answer)
        if action == "edit":
            changes = _input(form, enabled=flags["enabled"], adding=False)
            if flags["clear_secret"]:
                changes = ChannelInput(**{**changes.given(), "signing_secret": ""})
            channels.edit(
                sessions=state.sessions, now=now, ctx=state.ctx, principal=who,
                name=form["original"], changes=changes,
            )  # fmt: skip
            return to("/admin/alerts?saved=1")
        if action == "remove":
            if not flags["confirm"]:
                view = channels.channel(
                    sessions=state.sessions, name=form["original"], principal=who
                )
                return _edit_page(request, found, view, confirm_remove=True)
            channels.remove(
                sessions=state.sessions,
                now=now,
                ctx=state.ctx,
                principal=who,
                name=form["original"],
            )
            return to("/admin/alerts?removed=1")
        raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
    except NotFound as exc:
        return _list_page(request, state, found, Refusal.not_found(request, exc))
    except SellerDeskError as exc:
        refused = Refusal.of(request, exc, INPUT_OF)
        if action == "edit":  # the edit page says any refusal (a name taken too) as 422
            view = channels.channel(sessions=state.sessions, name=form["original"], principal=who)
            return _edit_page(request, found, view, replace(refused, status=422))
        kept = {k: v for k, v in form.items() if k not in _SECRETS}
        return _list_page(request, state, found, refused, form=kept)


_SECRETS = ("webhook", "signing_secret", "smtp_password")


def _input(form: dict[str, str], *, enabled: bool, adding: bool) -> ChannelInput:
    """The form as a change: on an edit an empty field keeps what is stored (secrets above
    all, which the page never shows); on an add an empty field is simply not given."""

    def given(key: str) -> str | None:
        value = form[key].strip()
        return value or None

    port_text = form["smtp_port"].strip()
    if port_text and not port_text.isdigit():
        raise InvalidInput.of("alert_channel.bad_port", field="smtp-port", value=port_text[:20])
    return ChannelInput(
        name=given("name"),
        kind=given("kind") if adding else None,
        enabled=enabled,
        webhook=given("webhook"),
        signing_secret=given("signing_secret"),
        keyword=form["keyword"].strip() if not adding else given("keyword"),
        message_format=given("message_format"),
        smtp_host=given("smtp_host"),
        smtp_port=int(port_text) if port_text else None,
        smtp_security=given("smtp_security"),
        smtp_user=given("smtp_user"),
        smtp_password=form["smtp_password"] or None,
        smtp_from=given("smtp_from"),
        smtp_to=given("smtp_to"),
        # an edit sends the stored path back in the field: emptied, it is cleared
        smtp_ca_file=form["smtp_ca_file"].strip() if not adding else given("smtp_ca_file"),
        smtp_skip_verify=form["smtp_skip_verify"] == "yes",  # a check box: off unless ticked
    )
