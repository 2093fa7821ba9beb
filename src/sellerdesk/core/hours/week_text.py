"""Weekly hours as people write them in Chinese, brought to the spelling the parser reads.

``周一至周五 9点-18点，午休 12:00-13:00`` is ``Mon-Fri 09:00-12:00,13:00-18:00`` to a person;
:func:`plain_spec` turns the first into ``周一至周五 09:00-18:00`` and the lunch break
``12:00-13:00`` (which :func:`~.ranges.parse_week_spec` takes out of every day it falls
inside), so ``config set team.hours``, the setup and the desk files accept both and
store one meaning. What it rewrites:

- full-width forms (``：，；～－``) and ``星期一``/``礼拜一`` (→ ``周一``);
- ``9点``, ``9点半``, ``9点30分``, ``18时`` and ``下午6点``/``下午6:00`` (→ ``18:00``);
- ``至``/``到``/``~`` between two times (→ ``-``), a missing space before the first time;
- a comma after a time that a day name follows starts a new clause (as ``;`` does);
- ``午休``/``午餐``/``午饭``/``lunch`` before a range: a lunch break, returned apart.

An English spelling goes through unchanged (``Mon-Fri 09:00-18:00; Sat 10:00-14:00``).
"""

from __future__ import annotations

import re
import unicodedata

_WEEKDAY = re.compile(r"(?:星期|礼拜)([一二三四五六日天])")
_CN_TIME = re.compile(
    r"(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*[点时]\s*(?:(半)|(\d{1,2})\s*分?)?(?!\d)"
)
_HALF_DAY_TIME = re.compile(r"(上午|早上|中午|下午|晚上)\s*(\d{1,2}):(\d{2})")
_TIME = r"\d{1,2}:\d{2}"
_TIME_RANGE = re.compile(rf"({_TIME})\s*(?:至|到|~|–|—|-)\s*({_TIME})")
_LUNCH = re.compile(
    rf"[(]?\s*(?:午休|午餐|午饭|中午休息|lunch(?:\s+break)?)\s*:?\s*({_TIME}-{_TIME})\s*[)]?",
    re.IGNORECASE,
)
_NEW_CLAUSE = re.compile(r"(?<=\d)\s*[,、]\s*(?=[^\d\s,;])")
_DAYS_THEN_TIME = re.compile(rf"([一二三四五六日天末])(?={_TIME})")


def plain_spec(text: str) -> tuple[str, tuple[str, ...]]:
    """The weekly spec in the parser's spelling, and the lunch breaks (``"12:00-13:00"``)."""
    plain = unicodedata.normalize("NFKC", text)
    plain = _WEEKDAY.sub(r"周\1", plain)
    plain = _CN_TIME.sub(_clock, plain)
    plain = _HALF_DAY_TIME.sub(lambda m: _hhmm(m.group(1), int(m.group(2)), int(m.group(3))), plain)
    plain = _TIME_RANGE.sub(r"\1-\2", plain)
    lunches = tuple(m.group(1) for m in _LUNCH.finditer(plain))
    plain = _LUNCH.sub("", plain)
    plain = _NEW_CLAUSE.sub(";", plain)
    plain = _DAYS_THEN_TIME.sub(r"\1 ", plain)
    clauses = (c.strip().strip(",、").strip() for c in plain.split(";"))
    return "; ".join(c for c in clauses if c), lunches


def _clock(found: re.Match[str]) -> str:
    half, hour, thirty, minute = found.groups()
    return _hhmm(half, int(hour), 30 if thirty else int(minute or 0))


def _hhmm(half: str | None, hour: int, minute: int) -> str:
    if half in ("下午", "晚上") and hour < 12:
        hour += 12  # 下午6点 = 18:00
    elif half == "中午" and 1 <= hour < 6:
        hour += 12  # 中午1点 = 13:00
    return f"{hour:02d}:{minute:02d}"
