"""Export desk windows as an RFC 5545 calendar that Outlook, Google and DingTalk import.

Times are written in UTC (``DTSTART:20260309T080000Z``), so no VTIMEZONE is needed and
every calendar app shows each window at the right local time on both sides of a DST
switch. A window's UID depends only on its desk, channel and start, so importing a newer
export updates the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sellerdesk.core.errors import InvalidInput

PRODID = "-//Seller Desk//sellerdesk//EN"


@dataclass(frozen=True)
class IcalWindow:
    """One open window of one desk channel, to become one calendar event."""

    desk: str
    channel: str
    title: str
    start: datetime
    end: datetime
    description: str = ""

    @property
    def uid(self) -> str:
        return f"{self.desk}-{self.channel}-{self.start.astimezone(UTC):%Y%m%dT%H%M%SZ}@sellerdesk"


def windows_to_ical(
    entries: Iterable[IcalWindow],
    *,
    calendar_name: str,
    stamp: datetime | None = None,
    properties: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The ``.ics`` bytes (UTF-8, CRLF line endings, folded lines) of ``entries``.

    ``stamp`` is the DTSTAMP of every event (default: now); pass one for reproducible output.
    ``properties``: extra calendar properties (``X-…`` names), e.g. the estimated years.
    """
    stamp_utc = _aware(stamp, "stamp").astimezone(UTC) if stamp else datetime.now(UTC)
    # imported here: icalendar costs ~45 ms, which the hours commands must not pay
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    for name, value in properties:
        calendar.add(name.lower(), value)
    seen: set[str] = set()
    for entry in entries:
        start = _aware(entry.start, "start").astimezone(UTC)
        end = _aware(entry.end, "end").astimezone(UTC)
        if end <= start:
            raise InvalidInput(
                f"the window {entry.uid} ends before it starts.",
                field="end",
                fix="give each window an end later than its start.",
            )
        if entry.uid in seen:
            # two events with one UID would silently replace each other on import
            raise InvalidInput(
                f"two windows share the UID {entry.uid}.",
                field="start",
                fix="export each desk channel window once.",
            )
        seen.add(entry.uid)
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp_utc)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", entry.title)
        event.add("description", entry.description)
        # open hours are information, not appointments: they must not block free/busy
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result


def _aware(t: datetime, name: str) -> datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise InvalidInput(
            "a naive datetime has no time zone, so the instant is ambiguous.",
            field=name,
            fix="pass an aware datetime, e.g. datetime(2026, 3, 9, 8, tzinfo=UTC).",
        )
    return t
