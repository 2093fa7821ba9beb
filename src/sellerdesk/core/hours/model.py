"""Desks and their channels as validated, frozen values (built by :mod:`.loader`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from sellerdesk.core.errors import NotFound

# DayRules lives in .days (the sources compile it without the desk model); still importable
# from here, where the loader and the planner find it with the desk's other parts
from sellerdesk.core.hours.days import DayRules as DayRules
from sellerdesk.core.hours.ranges import WeekRanges

if TYPE_CHECKING:
    from sellerdesk.core.hours.schedule import Schedule

Confidence = Literal["public-source", "seed-claim", "assumption", "user"]
CONFIDENCES: tuple[Confidence, ...] = ("public-source", "seed-claim", "assumption", "user")
CHANNELS = ("phone", "chat", "case", "self-service", "emergency")
HUMAN_CHANNELS = ("phone", "chat", "case")


@dataclass(frozen=True)
class Fact:
    """Where a rule comes from: every rule about Amazon is data with a source and a date."""

    source: str
    as_of: date
    confidence: Confidence
    note: str = ""


@dataclass(frozen=True)
class ChannelRule:
    name: str
    week: WeekRanges
    days: DayRules
    fact: Fact
    requires_plan: str | None = None


@dataclass(frozen=True)
class Desk:
    key: str
    name: str
    name_zh: str
    timezone: ZoneInfo
    language: str
    marketplaces: tuple[str, ...]
    channels: dict[str, ChannelRule]
    fact: Fact
    origin: str = ""  # the file the desk was last defined in
    _schedules: dict[str, Schedule] = field(default_factory=dict, compare=False, repr=False)

    def channel(self, name: str) -> ChannelRule:
        try:
            return self.channels[name]
        except KeyError:
            raise NotFound.of(
                "desk.no_channel",
                field="channel",
                desk=self.key,
                value=name,
                allowed=", ".join(self.channels),
            ) from None

    def schedule(self, channel: str = "case") -> Schedule:
        """The compiled schedule of one channel (cached on the desk)."""
        cached = self._schedules.get(channel)
        if cached is None:
            from sellerdesk.core.hours.schedule import Schedule
            from sellerdesk.core.hours.sources import WeeklySource

            rule = self.channel(channel)
            source = WeeklySource(self.timezone, rule.week, rule.days)
            cached = Schedule(source, label=f"{self.key}/{channel}", zone=self.timezone)
            self._schedules[channel] = cached
        return cached
