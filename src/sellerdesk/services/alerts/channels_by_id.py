"""Alert channels named by their id (the REST API's paths), for ``channels``' use cases,
which name a channel by its name as people do on the Admin page and in the CLI."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, NotFound
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from sellerdesk.services.alerts.channel_views import ChannelView, TestAnswer
from sellerdesk.services.tracker import TrackerContext, read_transaction
from sellerdesk.storage.repositories import alert_channels as rows
from sellerdesk.storage.session import Session, sessionmaker


def name_of(
    *, sessions: sessionmaker[Session], channel_id: int, principal: Principal | None = None
) -> str:
    """The channel's name; a non-admin is refused before anything is looked up."""
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("alert_channel.admin_only", field="role")
    with read_transaction(sessions) as session:
        row = rows.get(session, channel_id)
        if row is None:
            raise NotFound.of("alert_channel.no_id", field="id", id=channel_id)
        return row.name


def show(
    *, sessions: sessionmaker[Session], channel_id: int, principal: Principal | None = None
) -> ChannelView:
    name = name_of(sessions=sessions, channel_id=channel_id, principal=principal)
    return channels.channel(sessions=sessions, name=name, principal=principal)


def edit(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    channel_id: int,
    changes: ChannelInput,
    principal: Principal | None = None,
) -> ChannelView:
    name = name_of(sessions=sessions, channel_id=channel_id, principal=principal)
    return channels.edit(
        sessions=sessions, now=now, ctx=ctx, name=name, changes=changes, principal=principal
    )


def remove(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    channel_id: int,
    principal: Principal | None = None,
) -> ChannelView:
    name = name_of(sessions=sessions, channel_id=channel_id, principal=principal)
    return channels.remove(sessions=sessions, now=now, ctx=ctx, name=name, principal=principal)


def send_test(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    channel_id: int,
    lang: str,
    principal: Principal | None = None,
    base_url: str | None = None,
) -> TestAnswer:
    name = name_of(sessions=sessions, channel_id=channel_id, principal=principal)
    return channels.send_test(
        sessions=sessions, now=now, name=name, lang=lang, principal=principal, base_url=base_url
    )
