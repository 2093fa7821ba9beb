"""A timeline line of a draft, however it was typed: when (a date, and a time if given) and
what happened. Read the same by the text reader and the web forms' timeline box.
"""

from __future__ import annotations

import re

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import TimelineEntry
from sellerdesk.core.coach.items import unmarked

# "2026-11-03 09:40: what", "2026-11-28：订单…", "Nov 3 — what"; never the colon of a time
# The "when" part is bounded (a line's date part is at most 40 characters, checked below):
# unbounded lazy groups made a 20,000-digit line take 15 s (found by the API fuzz test).
_AT_WHAT = re.compile(r"^(.{0,39}?(?:\d|日|号)[^:：]{0,39}?)\s*(?:[:：](?!\d)|\s[-–—|])\s*(.+)$")
_STARTS_WITH_DATE = re.compile(r"^\s*(?:[(（\[]\s*)?(" + detect.DATE.pattern + r")")
_CLOCK = r"(?:[T\s]*\d{1,2}:\d{2}(?::\d{2})?)?"
_STAMP = re.compile(f"(?:{detect.DATE.pattern}){_CLOCK}")
# "[2026-11-20 09:15] 小王：…" (a chat export): the bracketed stamp is when, the rest is what
_BRACKET_STAMP = re.compile(r"^\s*[\[【(（]\s*(" + _STAMP.pattern + r")\s*[\]】)）]\s*(.+)$")
# a line that is an event by its shape: a date (and time) first, or a chat line
# "【财务-陈静】2026-11-27 09:20：…" whose sender is followed by a date and a time
EVENT_LINE = re.compile(
    r"^\s*(?:[\[【(（]\s*)?(?:" + detect.DATE.pattern + r")(?:[\]】)）]|\s*[:：\-–—]|"
    r"[T\s]*\d{1,2}:\d{2})"
    r"|^\s*[\[【][^\]】]{1,20}[\]】]\s*(?:" + detect.DATE.pattern + r")[T\s]*\d{1,2}:\d{2}"
    # "2026/11/03 收到邮件…", "2026年11月3日，买家…": a date with its year, then the event
    r"|^\s*(?=20\d\d)(?:" + detect.DATE.pattern + r")(?:\s|[,，、])"
)
# what may stand between a date that starts a line and the event: "11月12日，审核被拒"
_AFTER_DATE = " \t,，、"


def timeline_entry(text: str) -> TimelineEntry:
    """``2026-11-03 09:40: what`` / ``2026-11-28：订单…`` -> at/what; a line with a date
    inside keeps it whole (the paste text then shows the date once, as written)."""
    text = unmarked(text)
    stamp = _BRACKET_STAMP.match(text)
    if stamp:
        return TimelineEntry(stamp.group(1).strip(), stamp.group(2).strip())
    split = _AT_WHAT.match(text)
    if split and detect.has_date(split.group(1)) and len(split.group(1)) <= 40:
        if not _STARTS_WITH_DATE.match(split.group(1)):  # "【财务】2026-11-27 09:20：…"
            found = _STAMP.search(text)
            return TimelineEntry(found.group(0).strip() if found else "", text.strip())
        return TimelineEntry(split.group(1).strip(), split.group(2).strip())
    lead = _STARTS_WITH_DATE.match(text)
    if lead and _event_follows(lead.group(1), text[lead.end() :]):
        return TimelineEntry(lead.group(1).strip(), text[lead.end() :].lstrip(_AFTER_DATE).strip())
    return TimelineEntry(detect.first_date(text) or "", text.strip())


def _event_follows(date: str, rest: str) -> bool:
    """The date is the line's own, not the start of a longer number or word: a space or a
    comma follows it, or a Chinese date ends in 日/号 ("11月3日收到复审邮件")."""
    return (
        not rest
        or rest[0] in _AFTER_DATE
        or (date.rstrip()[-1:] in "日号" and not rest[0].isdigit())
    )
