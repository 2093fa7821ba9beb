"""A row pasted from a spreadsheet (tab-separated) or a Markdown table (pipes): its cells, and
which draft field a header names ("Date" is when, "Event" is what happened, "SKU" a field)."""

from __future__ import annotations

import re

from sellerdesk.core.coach.labels import label_field

TABLE_SEPARATOR = re.compile(r"^[\s|:\-–—+]+$")
_DATE_COLUMNS = {"date", "time", "when", "date/time", "日期", "时间", "日期时间"}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
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


def _said(header: str, cell: str) -> str:
    colon = "：" if _CJK.search(header) else ": "
    return f"{header}{colon}{cell}" if header else cell


def plain_tables(text: str) -> str:
    """``text`` with each Markdown table row as a plain line in the table's own words:
    ``| 订单号 | ASIN |`` / ``|---|---|`` / ``| 111-… | B0… |`` -> ``订单号：111-…; ASIN: B0…``
    (Seller Central shows pipes and dashes as typed; the header row names the cells)."""
    lines = text.splitlines()
    out: list[str] = []
    header: list[str] | None = None
    for at, line in enumerate(lines):
        cells = row_cells(line) if line.strip().startswith("|") else None
        if cells is None:
            header = None
            out.append(line)
            continue
        if TABLE_SEPARATOR.match(line):
            continue
        below = lines[at + 1] if at + 1 < len(lines) else ""
        if header is None and "-" in below and TABLE_SEPARATOR.match(below):
            header = cells
            continue
        named = zip(header or [], cells, strict=False) if header else (("", c) for c in cells)
        said = [_said(h, c) for h, c in named if c]
        said += [c for c in cells[len(header) :] if c] if header else []
        out.append("; ".join(said))
    return "\n".join(out)
