"""A row pasted from a spreadsheet (tab-separated) or a Markdown table (pipes): its cells, and
which draft field a header names ("Date" is when, "Event" is what happened, "SKU" a field)."""

from __future__ import annotations

import re

from sellerdesk.core.coach.labels import label_field

TABLE_SEPARATOR = re.compile(r"^[\s|:\-–—+]+$")
_DATE_COLUMNS = {"date", "time", "when", "date/time", "日期", "时间", "日期时间"}
_EVENT_COLUMNS = {"event", "what", "what happened", "action", "事件", "经过", "内容", "情况"}


def row_cells(line: str) -> list[str] | None:
    """The cells of a row pasted from a spreadsheet (tabs) or a Markdown table (pipes), less
    the empty ones at its end (a row may be left with one cell, or none)."""
    if "\t" in line.strip():
        cells = [c.strip() for c in line.strip().split("\t")]
    elif line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    else:
        return None
    if len(cells) < 2:
        return None
    while cells and not cells[-1]:  # "| 2026-11-04 | |": a row whose other cells are empty
        cells.pop()
    return cells


def column(header: str) -> str | None:
    key = " ".join(header.split()).casefold().rstrip(":：")
    if key in _DATE_COLUMNS:
        return "at"
    if key in _EVENT_COLUMNS:
        return "what"
    return label_field(header)
