"""A person's handles in each chat app, so that an alert can @mention them there: a WeCom
userid, a DingTalk phone number or userId, a Feishu open_id, a Slack member id, an e-mail
address. Each person sets their own (My account › Chat @mentions); audited."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.services.users import user_named
from sellerdesk.storage.repositories import alert_routes as rows
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker

KINDS = tuple(k.value for k in ChannelKind)
MAX_HANDLE = 200
_MOBILE = r"\+?[0-9]{6,15}"  # a phone number as the apps store it: digits, maybe +country
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
# what each app can @mention (a handle of another form is never a mention, only noise):
# WeCom: a userid (letters, digits, _ - . @, up to 64) or the member's mobile number;
# DingTalk: a mobile number or a userId; Feishu: an open_id (ou_...) or the account's
# e-mail; Slack: a member ID (U... or W..., capitals and digits); e-mail: an address
HANDLE_FORMS = {
    "wecom": re.compile(rf"[A-Za-z0-9_.@-]{{1,64}}|{_MOBILE}"),
    "dingtalk": re.compile(rf"{_MOBILE}|[A-Za-z0-9_-]{{1,64}}"),
    "feishu": re.compile(rf"ou_[0-9A-Za-z]{{8,64}}|{_EMAIL}"),
    "slack": re.compile(r"[UW][A-Z0-9]{6,20}"),
    "email": re.compile(_EMAIL),
}


def handles_of(*, sessions: sessionmaker[Session], name: str) -> dict[str, str]:
    """The person's handle per channel kind (kinds without one are left out)."""
    with read_transaction(sessions) as session:
        return rows.handles_of(session, user_named(session, name).id)


def _clean(kind: str, value: str) -> str | None:
    text = value.strip()
    if len(text) > MAX_HANDLE or any(c in text for c in "\r\n\t") or not text.isprintable():
        raise InvalidInput.of("alerts.bad_handle", field=f"handle_{kind}")
    form = HANDLE_FORMS.get(kind)
    if text and form is not None and not form.fullmatch(text):
        raise InvalidInput.of(f"alert_handle.not_{kind}", field=f"handle_{kind}", handle=text[:80])
    return text or None


def set_handles(
    *, sessions: sessionmaker[Session], now: datetime, name: str, handles: Mapping[str, str]
) -> dict[str, str]:
    """Set the person's handles (an empty one clears it; kinds not given stay)."""
    given = {k: _clean(k, v) for k, v in handles.items() if k in KINDS}
    with transaction(sessions) as session:
        user = user_named(session, name)
        before = rows.handles_of(session, user.id)
        for kind, handle in given.items():
            rows.set_handle(session, user.id, kind, handle)
        after = rows.handles_of(session, user.id)
        if after != before:
            audit.record(
                session,
                at=now,
                actor=name,
                entity="user",
                entity_id=user.id,
                action="alert_handles",
                detail={"kinds": sorted(set(after) | set(before))},
            )
        return after
