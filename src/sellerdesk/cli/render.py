"""Output helpers: JSON to stdout, tables in a terminal (colour) or plain when piped."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import scrub

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}


def emit_json(data: Any) -> None:
    # scrub: a lone surrogate already stored prints as U+FFFD instead of failing the write
    sys.stdout.write(scrub(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def shell_word(value: str) -> str:
    """``value`` as one word of a command a person may paste into a shell: as it is when
    plain ("ops", "美国站"), in single quotes when it holds a space or a shell character
    ("'US team'")."""
    if value and not any(c.isspace() or c in "'\"\\$`!*?&|;<>()[]{}#~" for c in value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"


def iso(moment: datetime | None, zone: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat()


def when(moment: datetime, zone: tzinfo, lang: str) -> str:
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d} {WEEKDAYS[lang][local.weekday()]} {local:%H:%M}"


def span(delta: timedelta, lang: str) -> str:
    """A short countdown: ``2d 3h``, ``5h 20m``, ``12m`` (``2天3小时`` in zh)."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return t("duration.now", lang)
    minutes = (seconds + 59) // 60
    days, rem = divmod(minutes, 1440)
    hours, mins = divmod(rem, 60)
    parts = []
    if days:
        parts.append(t("duration.days", lang, n=days))
    if hours and len(parts) < 2:
        parts.append(t("duration.hours", lang, n=hours))
    if mins and len(parts) < 2 and not days:
        parts.append(t("duration.minutes", lang, n=mins))
    sep = "" if lang == "zh" else " "
    return sep.join(parts)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    styles: Sequence[str | None] | None = None,
) -> None:
    """A Rich table with colour on a terminal; aligned plain text when piped."""
    rows = [[scrub(str(cell)) for cell in row] for row in rows]
    if not sys.stdout.isatty():
        _print_plain(headers, rows, title)
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False, pad_edge=False
    )
    for header in headers:
        table.add_column(header, overflow="fold")
    for i, row in enumerate(rows):
        table.add_row(*row, style=styles[i] if styles else None)
    Console(highlight=False).print(table)


def _width(text: str) -> int:
    """Terminal cells: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_plain(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None) -> None:
    # Plain columns keep piped output greppable and spare the import of Rich (~50 ms).
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [title] if title else []
    for row in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")
