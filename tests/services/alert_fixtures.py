"""Helpers of the alert outbox tests: alerts put straight in the outbox, a fake sender,
the team's hours, a channel row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.alerts.delivery import AlertMessage, DeliveryResult, Outcome
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import team_schedule
from sellerdesk.services.alerts.outbox import ChannelTarget
from sellerdesk.storage.alert_channel_rows import alert_channels
from sellerdesk.storage.repositories import alert_outbox as rows

TEAM_HOURS = "Mon-Fri 09:00-18:00"
TEAM_ZONE = "Asia/Shanghai"
_schedules: dict[str | None, Schedule] = {}


def hours_for(zone: str | None) -> Schedule:
    """The team's hours (China's calendar, make-up days included) in ``zone``."""
    if zone not in _schedules:
        _schedules[zone] = team_schedule(TEAM_HOURS, zone or TEAM_ZONE, ("CN",))
    return _schedules[zone]


def put(
    sessions: sessionmaker[Session],
    now: datetime,
    *,
    key: str,
    channel: int = 1,
    urgent: bool = False,
    recipient: str | None = None,
    lang: str = "en",
    title: str | None = None,
) -> int:
    with sessions.begin() as s:
        alert_id = rows.enqueue(
            s,
            {
                "trigger": "needs-action",
                "dedupe_key": key,
                "channel_id": channel,
                "recipient": recipient,
                "mention_user": recipient,
                "lang": lang,
                "title": title or f"alert {key}",
                "text": f"text of {key}",
                "link": "/cases/1",
                "urgent": urgent,
                "state": rows.QUEUED,
                "not_before": now,
                "attempts": 0,
                "created_at": now,
            },
        )
    assert alert_id is not None
    return alert_id


@dataclass
class FakeSender:
    """Answers from a script (``answers`` in order, then delivered); keeps what it was sent."""

    answers: list[DeliveryResult | Exception] = field(default_factory=list)
    sent: list[tuple[int, AlertMessage, datetime]] = field(default_factory=list)

    def __call__(self, target: ChannelTarget, message: AlertMessage, now: datetime) -> Any:
        answer = self.answers.pop(0) if self.answers else DeliveryResult(Outcome.DELIVERED, "ok")
        if isinstance(answer, Exception):
            raise answer
        if answer.outcome is Outcome.DELIVERED:
            self.sent.append((target.id, message, now))
        return answer


def channel_of(per_minute: int | None = 20, kind: str = "wecom") -> Callable[[int], ChannelTarget]:
    return lambda cid: ChannelTarget(cid, kind, per_minute=per_minute, throttle_seconds=60)


def add_channel(sessions: sessionmaker[Session], now: datetime, name: str = "ops") -> int:
    with sessions.begin() as s:
        result = s.execute(
            insert(alert_channels)
            .values(
                name=name,
                kind="wecom",
                enabled=True,
                webhook="http://127.0.0.1:9/hook?key=x",
                message_format="",
                created_at=now,
                updated_at=now,
            )
            .returning(alert_channels.c.id)
        )
        return int(result.scalar_one())
