"""Whether mail read in is news worth an alert, or history (an old mailbox, last year's mbox).

A mail is filed and moves its case either way; only the alert is left out, when the mail was
sent longer ago than ``max_age_hours`` (rule data, ``[rule.mail_alerts]`` of
``data/alert_channels.toml``, overridable in the data folder) or before the case's last change
(someone already saw a newer state of the case). Pure: the caller reads the times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sellerdesk.core.alerts.limits import builtin_path
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import Fact
from sellerdesk.core.rules import load_rules

RULE = "mail_alerts"
SKIPPED_OLD = "alert-skipped-old"  # the mail's note, counted by the import and poll summaries
MOST = 24 * 366  # hours: a limit beyond a year would let any old mailbox ping again


@dataclass(frozen=True, slots=True)
class MailAlertAge:
    max_age: timedelta
    fact: Fact


def load_mail_alert_age(paths: Sequence[Path] = ()) -> MailAlertAge:
    """The shipped age limit, changed by a data folder's ``alert_channels.toml`` if given."""
    rule = load_rules([builtin_path(), *paths])[RULE]
    hours = rule.values.get("max_age_hours")
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= MOST:
        where = rule.origins.get("max_age_hours", RULE)
        raise InvalidInput.of(
            "rules.bad_number",
            field=f"{where}: rule.{RULE}.max_age_hours",
            value=hours,
            low=0,
            high=MOST,
        )
    return MailAlertAge(timedelta(hours=float(hours)), rule.fact)


def for_data_dir(data_dir: Path | None) -> MailAlertAge:
    """The limit for a data folder, read again only when its file changed (an import asks
    once per mail)."""
    own = data_dir / "alert_channels.toml" if data_dir is not None else None
    try:
        stamp = own.stat().st_mtime_ns if own is not None else None
    except OSError:
        stamp = None
    return _cached(str(own) if stamp is not None else None, stamp)


@lru_cache(maxsize=8)
def _cached(own: str | None, stamp: int | None) -> MailAlertAge:
    return load_mail_alert_age([Path(own)] if own is not None else [])


def is_old(
    sent_at: datetime, *, now: datetime, max_age: timedelta, last_change: datetime | None = None
) -> bool:
    """True when a mail sent at ``sent_at`` is history: older than ``max_age`` at ``now``, or
    sent before ``last_change`` (the case's newest recorded moment before this mail)."""
    if now - sent_at > max_age:
        return True
    return last_change is not None and sent_at < last_change
