"""A year's official holiday arrangement, read from the State Council's notice or typed lists.

China publishes each year's days off and make-up working days (调休) in a notice of the
State Council's General Office, usually in November of the year before, in a wording that
has not changed for years::

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

:func:`parse_notice` reads that text: every clause that says 放假 gives days off (a range
``A至B`` or single dates), every clause that says 上班 gives make-up working days, and
``共N天`` must agree with the range before it. What is in parentheses (weekdays, lunar
dates, "除夕（2月9日）") is read past. A line with a date but neither word is not guessed
at: it is kept in ``ignored`` so that the preview shows it. The notice names its own year
in its title (``关于2027年部分节假日安排的通知``) and ends with its date (``2026年11月10日``):
a year field that differs is refused naming both years (read for the wrong year, its
make-up days would fall on weekdays), and the date is the arrangement's ``dated``, not a
line left unused. :func:`parse_day_lists` reads
the same from two lists of dates (the form). Both end in :func:`check_arrangement`, which
refuses a date outside the year, a day both off and working, or a make-up day on a weekday.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from sellerdesk.core.errors import InvalidInput

MAX_NOTICE_CHARS = 20_000
_NUMBERED = re.compile(r"(?:^|(?<=[\s。;]))[一二三四五六七八九十]+、")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_COUNT = re.compile(r"共(\d{1,3})天")
_RANGE_WORDS = ("至", "到", "-", "~", "–", "—")
_ISO_RANGE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:\.\.|至|到|~|–|—|\s-\s)\s*(\d{4}-\d{1,2}-\d{1,2}))?$"
)


@dataclass(frozen=True)
class Holiday:
    """One named holiday of the notice: its days off, first to last."""

    name: str
    first: date
    last: date
    working: tuple[date, ...] = ()  # the make-up days the notice names with it


@dataclass(frozen=True)
class Arrangement:
    """A calendar's days off and make-up working days in one year, checked."""

    calendar: str
    year: int
    closed: frozenset[date]
    working: frozenset[date]
    holidays: tuple[Holiday, ...] = ()
    ignored: tuple[str, ...] = ()  # lines with a date that say neither 放假 nor 上班
    dated: date | None = None  # the notice's own date (its last line), when it has one


_WEEKDAYS = "一二三四五六日"
# a date and the weekday the notice says it is: 2月20日（周六）, 2月5日（农历除夕、周五）
_ANNOTATED = re.compile(r"(\d{1,2})月(\d{1,2})日\s*\([^()]*?(?:周|星期)([一二三四五六日])")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年[^。\n]{0,12}节假日安排")
_SIGNED = re.compile(r"^\s*(?:国务院办公厅)?\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$", re.MULTILINE)


def notice_year(text: str) -> int | None:
    """The year the notice's title names (``关于2027年部分节假日安排的通知``), if any."""
    found = _TITLE_YEAR.search(unicodedata.normalize("NFKC", text))
    return int(found.group(1)) if found else None


def _signed_on(plain: str) -> tuple[str, date | None]:
    """The notice without its date line, and that date (the last line that is only a date,
    possibly after the issuer's name)."""
    found = list(_SIGNED.finditer(plain))
    if not found:
        return plain, None
    last = found[-1]
    try:
        day = date(*(int(g) for g in last.groups()))
    except ValueError:
        return plain, None
    return plain[: last.start()] + plain[last.end() :], day


def parse_notice(text: str, year: int, calendar: str = "CN") -> Arrangement:
    """The arrangement a State Council notice sets out for ``year`` (refused when unclear,
    or when the notice is for another year: by its title, else by the year its dates fit)."""
    _check_year(year)
    if len(text) > MAX_NOTICE_CHARS:
        raise InvalidInput.of("calendars.notice_too_long", field="notice", limit=MAX_NOTICE_CHARS)
    own = notice_year(text) or _year_of_weekdays(text, year)
    if own is not None and own != year:
        raise _other_year(own, year)
    try:
        return _parse_notice(text, year, calendar)
    except InvalidInput as refused:
        if own is None and refused.key in ("calendars.working_weekday", "calendars.outside_year"):
            for other in (year - 1, year + 1):  # the year whose weekends the dates fit
                if 2000 <= other <= 2100 and _fits(text, other, calendar):
                    raise _other_year(other, year) from None
        raise


def _year_of_weekdays(text: str, year: int) -> int | None:
    """The year the notice's weekdays (``2月20日（周六）``) say, when they fit ``year`` - 1
    or + 1 and not ``year`` itself; None when they fit ``year`` or say nothing."""
    plain = unicodedata.normalize("NFKC", text)
    said = [(int(m), int(d), _WEEKDAYS.index(w)) for m, d, w in _ANNOTATED.findall(plain)]

    def fits(candidate: int) -> bool:
        try:
            return all(date(candidate, m, d).weekday() == w for m, d, w in said)
        except ValueError:  # 2月29日 in a common year
            return False

    if not said or fits(year):
        return None
    return next((y for y in (year - 1, year + 1) if 2000 <= y <= 2100 and fits(y)), None)


def _other_year(own: int, year: int) -> InvalidInput:
    return InvalidInput.of("cli_mend.notice_other_year", field="year", notice=own, year=year)


def _fits(text: str, year: int, calendar: str) -> bool:
    try:
        found = _parse_notice(text, year, calendar)
    except InvalidInput:
        return False
    return bool(found.working)  # make-up days on weekends: the dates fit that year


def _parse_notice(text: str, year: int, calendar: str) -> Arrangement:
    # NFKC: full-width digits, colons, commas and parentheses become their ASCII forms
    plain, dated = _signed_on(unicodedata.normalize("NFKC", text))
    plain = re.sub(r"\([^()]*\)", "", plain)  # weekdays and lunar dates: read past
    holidays: list[Holiday] = []
    closed: set[date] = set()
    working: set[date] = set()
    ignored: list[str] = []
    for section in _sections(plain):
        name, body = _name_of(section)
        first_last: list[date] = []
        section_working: list[date] = []
        for sentence in re.split(r"[。;；\n]", body):
            said = _COUNT.search(sentence)
            sentence_closed: set[date] = set()
            for clause in re.split(r"[,，]", sentence):
                days = _dates_in(clause, year)
                if not days:
                    continue
                if "上班" in clause:
                    section_working += [d for group in days for d in group]
                elif "放假" in clause:
                    for group in days:
                        sentence_closed |= set(_expand(group, clause))
                else:
                    ignored.append(clause.strip())
            if said and sentence_closed and int(said.group(1)) != len(sentence_closed):
                raise InvalidInput.of(
                    "calendars.count_mismatch",
                    field="notice",
                    holiday=name or sentence.strip()[:30],
                    said=int(said.group(1)),
                    found=len(sentence_closed),
                )
            first_last += sorted(sentence_closed)
            closed |= sentence_closed
        working |= set(section_working)
        if first_last:
            holidays.append(
                Holiday(name, min(first_last), max(first_last), tuple(sorted(section_working)))
            )
    if not closed and not working:
        raise InvalidInput.of("calendars.notice_no_dates", field="notice", year=year)
    return check_arrangement(
        Arrangement(
            calendar,
            year,
            frozenset(closed),
            frozenset(working),
            tuple(holidays),
            tuple(ignored),
            dated,
        )
    )


def parse_day_lists(calendar: str, year: int, closed_text: str, working_text: str) -> Arrangement:
    """The arrangement typed as two lists: one date or range (``2027-02-06..2027-02-12``)
    a line, or separated by commas."""
    _check_year(year)
    closed = _iso_days(closed_text, "closed")
    working = _iso_days(working_text, "working")
    if not closed and not working:
        raise InvalidInput.of("calendars.no_days", field="closed", year=year)
    return check_arrangement(Arrangement(calendar, year, frozenset(closed), frozenset(working)))


def check_arrangement(found: Arrangement) -> Arrangement:
    """Refuse what cannot be an official arrangement, naming the date at fault."""
    for field, days in (("closed", found.closed), ("working", found.working)):
        for day in sorted(days):
            if day.year != found.year:
                raise InvalidInput.of(
                    "calendars.outside_year", field=field, day=day.isoformat(), year=found.year
                )
    both = sorted(found.closed & found.working)
    if both:
        raise InvalidInput.of("calendars.both", field="working", day=both[0].isoformat())
    for day in sorted(found.working):
        if day.weekday() < 5:  # a make-up working day is a Saturday or a Sunday
            raise InvalidInput.of("calendars.working_weekday", field="working", day=day.isoformat())
    return found


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise InvalidInput.of("calendars.bad_year", field="year", value=year)


def _sections(text: str) -> list[str]:
    """The notice's numbered items (一、二、…); a text without numbers is one item a line."""
    parts = _NUMBERED.split(text)
    if len(parts) > 1:
        return parts[1:]  # what comes before 一、 is the notice's preamble
    return text.splitlines()


def _name_of(section: str) -> tuple[str, str]:
    head, colon, body = section.partition(":")
    head = head.strip()
    if colon and head and len(head) <= 16 and not any(ch.isdigit() for ch in head):
        return head, body
    return "", section


def _dates_in(clause: str, year: int) -> list[tuple[date, ...]]:
    """Dates of a clause as groups: ``(a, b)`` for a range ``a至b``, ``(a,)`` alone. A day
    without its month takes the month before it (``1月1日至3日``)."""
    groups: list[tuple[date, ...]] = []
    month: int | None = None
    previous_end = -1
    for match in _DATE.finditer(clause):
        y = int(match.group(1)) if match.group(1) else year
        if match.group(2):
            month = int(match.group(2))
        if month is None:
            raise InvalidInput.of("calendars.no_month", field="notice", text=match.group(0))
        try:
            day = date(y, month, int(match.group(3)))
        except ValueError:
            raise InvalidInput.of(
                "calendars.bad_date", field="notice", text=match.group(0)
            ) from None
        between = clause[previous_end : match.start()].strip() if previous_end >= 0 else ""
        if groups and len(groups[-1]) == 1 and between in _RANGE_WORDS:
            groups[-1] = (groups[-1][0], day)
        else:
            groups.append((day,))
        previous_end = match.end()
    return groups


def _expand(group: tuple[date, ...], clause: str) -> list[date]:
    first, last = group[0], group[-1]
    if last < first:
        raise InvalidInput.of("calendars.bad_range", field="notice", text=clause.strip()[:40])
    if (last - first).days > 60:
        raise InvalidInput.of("calendars.bad_range", field="notice", text=clause.strip()[:40])
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _iso_days(text: str, field: str) -> set[date]:
    days: set[date] = set()
    for raw in re.split(r"[\n,，;；]", unicodedata.normalize("NFKC", text)):
        item = raw.strip()
        if not item:
            continue
        match = _ISO_RANGE.match(item)
        if match is None:
            raise InvalidInput.of("calendars.bad_day", field=field, text=item[:40])
        try:
            first = date.fromisoformat(_padded(match.group(1)))
            last = date.fromisoformat(_padded(match.group(2))) if match.group(2) else first
        except ValueError:
            raise InvalidInput.of("calendars.bad_day", field=field, text=item[:40]) from None
        if last < first or (last - first).days > 60:
            raise InvalidInput.of("calendars.bad_range", field=field, text=item[:40])
        days |= {first + timedelta(days=i) for i in range((last - first).days + 1)}
    return days


def _padded(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"
