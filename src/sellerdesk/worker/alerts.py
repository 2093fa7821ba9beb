"""The alert outbox as a worker job, run each round (like ``worker/backups.py``).

Used by ``sellerdesk worker`` and by the worker thread of ``sellerdesk serve``: several may
run against one database (each alert is claimed by a conditional UPDATE). A round enqueues
the clocks about to breach, then delivers what is due through the channels' senders.
``web.base_url`` is read afresh each round from the config file; while it is unset, alerts
carry the case page's path and the job says so once (when it first sends one).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.alerts.limits import VendorLimits, load_limits
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.i18n import t
from sellerdesk.hours import team_schedule
from sellerdesk.services.alerts import outbox, outbox_wiring
from sellerdesk.services.alerts.triggers_breach import scan_breaches
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings, read_config


def base_url(settings: Settings) -> str | None:
    """``web.base_url`` as the config file says now (None: unset, or unreadable)."""
    try:
        value = read_config(settings.config_path).get("web.base_url")
    except Exception:  # a hand edit that does not parse: links stay paths this round
        return None
    return str(value).strip() or None if value else None


class AlertJob:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Callable[[], Settings],
        ctx: Callable[[], TrackerContext],
        *,
        worker_id: str,
        lang: str = "en",
        say: Callable[[str], Any] = print,
        send: outbox.Send = outbox_wiring.send,
    ) -> None:
        self.sessions, self.settings, self.ctx = sessions, settings, ctx
        self.worker_id, self.lang, self.say, self.send = worker_id, lang, say, send
        self.failed = False
        self._said_no_base = self._said_bad_limits = False
        self._zones: dict[tuple[str, str, tuple[str, ...]], Schedule] = {}
        self.rng = random.Random()

    def _limits(self) -> Mapping[ChannelKind, VendorLimits]:
        """The vendors' rates, with the data folder's ``alert_channels.toml`` over them."""
        own = self.settings().home / "alert_channels.toml"
        try:
            return load_limits([own] if own.exists() else [])
        except Exception:  # a hand edit that does not read: the shipped rates, said once
            if not self._said_bad_limits:
                self.say(t("alerts.worker.bad_limits", self.lang, path=str(own)))
            self._said_bad_limits = True
            return load_limits()

    def hours_for(self, zone: str | None) -> Schedule:
        """The team's hours in the recipient's own zone (the team's zone: the team's)."""
        ctx, settings = self.ctx(), self.settings()
        if not zone or zone == ctx.team_zone:
            return ctx.team
        key = (settings.team_hours, zone, settings.team_holidays)
        if key not in self._zones:
            self._zones[key] = team_schedule(*key)
        return self._zones[key]

    def __call__(self, now: datetime) -> outbox.RoundReport:
        scan_breaches(self.sessions, self.ctx(), now=now)
        link_base = base_url(self.settings())
        report = outbox.deliver_due(
            self.sessions,
            now=now,
            worker_id=self.worker_id,
            send=self.send,
            channels=outbox_wiring.channel_lookup(self.sessions, self._limits()),
            hours_for=self.hours_for,
            base_url=link_base,
            rng=self.rng,
        )
        if link_base is None and report.sent and not self._said_no_base:
            self.say(t("alerts.cli.no_base_url", self.lang))  # once, while it stays unset
        self._said_no_base = link_base is None and (self._said_no_base or report.sent > 0)
        if report.sent or report.failed or report.settled_unknown:
            self.say(
                t(
                    "alerts.worker.round",
                    self.lang,
                    delivered=report.delivered,
                    sent=report.sent,
                    digests=report.digests,
                    held=report.held,
                    retrying=report.retrying,
                    failed=report.failed + report.settled_unknown,
                )
            )
        return report
