"""Plain text and Markdown drafts: the draft fields read from labels, headings and lists.

``Subject: …`` / ``# heading`` give the subject; ``Label: value`` lines and ``## Heading``
sections (English or Chinese labels) fill fields; bullet lines that carry a date become the
timeline, numbered lists the steps; identifiers are picked up by their patterns wherever
they stand. What is left is the description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerdesk.core.cases.identifiers import find_all, formats
from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.coach.items import (
    QUOTE,
    code_items,
    file_items,
    identifier_items,
    is_bullet,
    is_numbered,
    is_sentence,
    unmarked,
)
from sellerdesk.core.coach.labels import (
    REQUEST,
    canned_lines,
    label_field,
    untranslated_markers,
    untranslated_note_starts,
)

_LIST_FIELDS = {
    "error_codes",
    "order_ids",
    "asins",
    "skus",
    "shipment_ids",
    "attachments",
    "case_ids",
    "steps",
    "timeline",
}
_TEXT_FIELDS = ("description", "expected", "actual")
_IDENTIFIER_FIELDS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")
_CONTAINERS = ("identifiers", REQUEST)
_LABEL_LINE = re.compile(r"^\s*(?:[-*+•·]\s+)?([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$|^\s*[【\[]([^】\]]{1,30})[】\]]\s*$")
_GREETING = re.compile(
    r"^(?:hello|hi|dear|hey|good (?:morning|afternoon|evening)|您好|你好|尊敬的)\b.{0,60}[,，!！]?$"
    r"|^(?:regards|best regards|kind regards|thanks|thank you|many thanks|sincerely|cheers|"
    r"谢谢|感谢|此致)\b.{0,20}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:regards|best regards|kind regards|thanks|thank you|many thanks|sincerely|cheers|"
    r"谢谢|感谢|此致)\b",
    re.IGNORECASE,
)
# "2026-11-03 09:40: what", "2026-11-28：订单…", "Nov 3 — what"; never the colon of a time
_AT_WHAT = re.compile(r"^(.*?(?:\d|日|号)[^:：]*?)\s*(?:[:：](?!\d)|\s[-–—|])\s*(.+)$")
_STARTS_WITH_DATE = re.compile(r"^\s*(?:[(（\[]\s*)?(" + detect.DATE.pattern + r")")
_BRACKET_LABEL = re.compile(r"^\s*【([^】]{1,20})】\s*(.+)$")
_TABLE_SEPARATOR = re.compile(r"^[\s|:\-–—+]+$")
_DATE_COLUMNS = {"date", "time", "when", "date/time", "日期", "时间", "日期时间"}
_EVENT_COLUMNS = {"event", "what", "what happened", "action", "事件", "经过", "内容", "情况"}


@dataclass
class _Section:
    field: str  # a draft field, "identifiers" (a container of label lines) or "request"
    sticky: bool  # a heading's section lasts until the next heading
    labelled: bool = True  # named by the seller (a label or a heading), not guessed


def timeline_entry(text: str) -> TimelineEntry:
    """``2026-11-03 09:40: what`` / ``2026-11-28：订单…`` -> at/what; a line with a date
    inside keeps it whole (the paste text then shows the date once, as written)."""
    text = unmarked(text)
    split = _AT_WHAT.match(text)
    if split and detect.has_date(split.group(1)) and len(split.group(1)) <= 40:
        return TimelineEntry(split.group(1).strip(), split.group(2).strip())
    lead = _STARTS_WITH_DATE.match(text)
    if lead and (len(text) == lead.end() or text[lead.end()].isspace()):
        return TimelineEntry(lead.group(1).strip(), text[lead.end() :].strip())
    return TimelineEntry(detect.first_date(text) or "", text.strip())


def _cells(line: str) -> list[str] | None:
    """The cells of a row pasted from a spreadsheet (tabs) or a Markdown table (pipes)."""
    if "\t" in line.strip():
        cells = [c.strip() for c in line.strip().split("\t")]
    elif line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    else:
        return None
    while cells and not cells[-1]:
        cells.pop()
    return cells if len(cells) > 1 else None


def _column(header: str) -> str | None:
    key = " ".join(header.split()).casefold().rstrip(":：")
    if key in _DATE_COLUMNS:
        return "at"
    if key in _EVENT_COLUMNS:
        return "what"
    return label_field(header)


class _Reader:
    def __init__(self) -> None:
        self.draft = Draft(source_format="text")
        self.prose: list[str] = []
        # description lines in the order written (prose, labelled or under a heading)
        self.texts: dict[str, list[str]] = {name: [] for name in _TEXT_FIELDS}
        self.texts["description"] = self.prose
        self.section: _Section | None = None
        self.blank = False
        self.columns: list[tuple[str, str | None]] | None = None  # (header, field) of a table
        self.item_indent: dict[str, int] = {}  # indent of the last item of steps/timeline
        self.closed = False  # after "Thanks," / "此致": what follows is a signature
        self.headers: list[str] = []  # table header rows: column names, never values
        self.header_next = False  # the next line is a Markdown table's "|---|" under it

    def add_list(self, name: str, value: str, indent: int = 0) -> None:
        value = value.strip()
        if not value:
            return
        nested = name in self.item_indent and indent > self.item_indent[name]
        if name in ("steps", "timeline") and nested and is_bullet(value):
            self.continue_item(name, unmarked(value))  # a detail under the step or event
            return
        if name in ("steps", "timeline"):
            self.item_indent[name] = indent
        if name == "timeline":
            self.draft.timeline.append(timeline_entry(value))
        elif name == "steps":
            self.draft.steps.append(unmarked(value))
        elif name == "attachments":
            self.draft.attachments += file_items(value)
        elif name == "error_codes":
            self.draft.error_codes += code_items(value)
        else:
            getattr(self.draft, name).extend(identifier_items(value))

    def continue_item(self, name: str, value: str) -> None:
        if name == "steps" and self.draft.steps:
            self.draft.steps[-1] = f"{self.draft.steps[-1]}; {value}"
        elif name == "timeline" and self.draft.timeline:
            last = self.draft.timeline[-1]
            last.what = f"{last.what}; {value}"

    def add(self, name: str, value: str) -> None:
        if name in _LIST_FIELDS:
            self.add_list(name, value)
        elif name in self.texts:
            self.texts[name].append(value.strip())
        elif name == REQUEST:
            if value.strip() not in canned_lines():
                self.texts["description"].append(value.strip())
        elif name != "identifiers" and not getattr(self.draft, name):
            setattr(self.draft, name, value.strip())

    def line(self, raw: str) -> None:
        line = _clean(raw)
        if not line.strip() or line.strip() in canned_lines() or _is_note(line):
            self.blank = self.blank or not line.strip()
            self.columns = None if not line.strip() else self.columns
            return
        blank_before, self.blank = self.blank, False
        cells = _cells(line)
        if cells is not None:
            self.row(cells)
            return
        self.columns = None
        heading = _HEADING.match(line)
        alone = label_field(line) if len(line.strip()) <= 30 else None
        if heading or (alone and not _LABEL_LINE.match(line) and not is_bullet(line)):
            title = (heading.group(1) or heading.group(2)).strip() if heading else line.strip()
            self.heading(title)
            return
        bracket = _BRACKET_LABEL.match(line)
        if bracket and label_field(bracket.group(1)):
            self.labelled(label_field(bracket.group(1)) or "", bracket.group(2).strip())
            return
        labelled = _LABEL_LINE.match(line)
        inside_text = self.section is not None and self.section.field in self.texts
        if labelled and not (inside_text and raw[:1].isspace()):
            name = label_field(labelled.group(1))
            if name:
                self.labelled(name, labelled.group(2).strip(), unmarked(line))
                return
        self.body_line(line, blank_before)

    def heading(self, title: str) -> None:
        labelled = _LABEL_LINE.match(title)
        if labelled and label_field(labelled.group(1)):  # "## Subject: …", "【店铺】…"
            self.labelled(label_field(labelled.group(1)) or "", labelled.group(2).strip())
            return
        name = label_field(title)
        if name is None and not self.draft.subject and not self.prose:
            self.draft.subject = title
        elif name is None:
            self.prose.append(title)
        self.section = _Section(name or "description", sticky=True, labelled=name is not None)

    def labelled(self, name: str, value: str, line: str = "") -> None:
        opens = not value or name in self.texts or name == REQUEST  # "Timeline:" then items
        if opens and (name in _LIST_FIELDS or name in self.texts or name in _CONTAINERS):
            self.section = _Section(name, sticky=False)
            self.item_indent.pop(name, None)
        if value and name in _IDENTIFIER_FIELDS and is_sentence(value):
            # "SKU：ZS-01 在库存页面修改价格后…": a sentence that starts with a label
            getattr(self.draft, name).extend(identifier_items(value))
            self.prose.append((line or value).strip())
        elif value:
            self.add(name, value)

    def row(self, cells: list[str]) -> None:
        """A table row: a header names the columns; a row under it fills them."""
        if _TABLE_SEPARATOR.match("".join(cells)):
            return
        if self.columns is None:
            named = len(cells) == 2 and not self.header_next  # "| SKU | Shipped |" then "|---|"
            name = label_field(cells[0]) if named else None
            if name and _column(cells[1]) is None:  # "ASIN<tab>B0…": a label and its value
                self.labelled(name, cells[1])
                return
            fields = [_column(c) for c in cells]
            if sum(f is not None for f in fields) >= max(1, len(cells) // 2):
                self.columns = list(zip(cells, fields, strict=True))
                self.headers.append("\t".join(cells))
                return
            if detect.has_date(cells[0]):
                self.add_list("timeline", f"{cells[0]}: {'; '.join(c for c in cells[1:] if c)}")
                return
            self.prose.append(" | ".join(c for c in cells if c))
            return
        at, what, other, whole = "", [], [], []
        for (header, name), cell in zip(self.columns, cells, strict=False):
            if not cell:
                continue
            whole.append(f"{header}: {cell}")
            if name == "at":
                at = cell
            elif name == "what":
                what.append(cell)
            elif name in _LIST_FIELDS:
                self.add_list(name, cell)
            elif name is not None and name not in ("identifiers", REQUEST):
                self.add(name, cell)
            else:
                other.append(f"{header}: {cell}")
        if at or what:
            self.draft.timeline.append(TimelineEntry(at, "; ".join(what + other)))
        elif other:  # the row stays whole: its figures belong to its identifiers
            self.prose.append("; ".join(whole))

    def body_line(self, line: str, blank_before: bool) -> None:
        item = is_bullet(line)
        numbered = is_numbered(line)
        indent = len(line) - len(line.lstrip())
        section = self.section
        if section and not section.sticky and blank_before and not (item or numbered):
            section = self.section = None
        if section and section.field in _LIST_FIELDS:
            self.add_list(section.field, line, indent)
            return
        if section and section.field in ("expected", "actual"):
            self.texts[section.field].append(line.strip())
            return
        if section and section.field == REQUEST:
            self.add(REQUEST, line)
            return
        if numbered:
            self.add_list("steps", line, indent)
        elif item and detect.has_date(unmarked(line)):
            self.add_list("timeline", line, indent)
        elif (item or indent) and "timeline" in self.item_indent and self.after_timeline(indent):
            self.continue_item("timeline", unmarked(line))
        elif section and section.labelled and section.field in ("description", "identifiers"):
            if not _GREETING.match(line.strip()):
                self.texts["description"].append(line.strip())
        elif not self.draft.subject and not self.prose and not _GREETING.match(line.strip()):
            text = line.strip()
            if len(text) <= 150 and not text.endswith((",", "，", ":", "：")):
                self.draft.subject = text
            else:
                self.prose.append(text)
        elif _GREETING.match(line.strip()):
            self.closed = self.closed or _CLOSING.match(line.strip()) is not None
        elif not (self.closed and len(line.strip()) <= 40):  # a name under "Thanks,"
            self.prose.append(line.strip())

    def after_timeline(self, indent: int) -> bool:
        """A nested line right under a dated bullet belongs to that event."""
        return bool(self.draft.timeline) and indent > self.item_indent["timeline"]

    def finish(self, text: str) -> Draft:
        d = self.draft
        d.description = _join(self.prose)
        d.expected, d.actual = _join(self.texts["expected"]), _join(self.texts["actual"])
        return with_found_identifiers(d, _without_rows(text, self.headers))


def _without_rows(text: str, headers: list[str]) -> str:
    """``text`` less its tables' header rows ("SKU<tab>Shipped" names two columns)."""
    if not headers:
        return text
    kept = [raw for raw in text.splitlines() if "\t".join(_cells(_clean(raw)) or []) not in headers]
    return "\n".join(kept)


def with_found_identifiers(d: Draft, text: str) -> Draft:
    """``d`` with the identifiers and error codes written anywhere in ``text`` added (each
    once; a code already quoted in an error message is not added again)."""
    d.order_ids += [v for v in find_all("order", text) if v not in d.order_ids]
    d.shipment_ids += [v for v in find_all("shipment", text) if v not in d.shipment_ids]
    asin = formats()["asin"].pattern.pattern
    d.asins += [v for v in find_all("asin", text) if v.startswith("B0") and v not in d.asins] + [
        v for v in detect.labelled_asins(text) if re.fullmatch(asin, v) and v not in d.asins
    ]
    d.skus += [v for v in detect.labelled_skus(text) if v not in d.skus]
    d.case_ids += [v for v in detect.labelled_case_ids(text) if v not in d.case_ids]
    d.error_codes += [c for c in detect.error_codes(text) if not _said(c, d.error_codes)]
    for name in ("order_ids", "asins", "skus", "shipment_ids", "case_ids"):
        setattr(d, name, list(dict.fromkeys(v.strip(".,;:()（）") for v in getattr(d, name))))
    d.error_codes = list(dict.fromkeys(c.strip() for c in d.error_codes if c.strip()))
    return d


def _said(code: str, items: list[str]) -> bool:
    """``5665`` is already in ``Error 5665: You need approval …``: listed once."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])")
    return any(pattern.search(item) for item in items)


def _clean(raw: str) -> str:
    """The line as read: e-mail quote marks, emphasis, code ticks and the paste text's own
    untranslated markers taken out (indentation kept: it says what is nested)."""
    line = QUOTE.sub("", raw.replace("\u3000", "  ")).rstrip()
    line = re.sub(r"\*\*|__|`+|~~", "", line)
    for marker in untranslated_markers():
        line = line.replace(f" {marker}", "").replace(marker, "")
    return line


def _is_note(line: str) -> bool:
    return line.strip().startswith(untranslated_note_starts())


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip()


def labelled_fields(text: str) -> set[str]:
    """The draft fields ``text`` names by a label or a heading ("店铺：", "## Timeline")."""
    found = set()
    for raw in text.splitlines():
        line = _clean(raw).strip()
        heading = _HEADING.match(line)
        title = (heading.group(1) or heading.group(2) or "") if heading else line
        labelled = _LABEL_LINE.match(title)
        name = label_field(labelled.group(1)) if labelled else None
        name = name or (label_field(title) if len(title) <= 30 else None)
        if name and name not in _CONTAINERS:
            found.add(name)
    return found


def parse_text(text: str) -> Draft:
    reader = _Reader()
    lines = text.splitlines()
    for at, raw in enumerate(lines):
        below = _cells(lines[at + 1]) if at + 1 < len(lines) else None
        reader.header_next = below is not None and bool(_TABLE_SEPARATOR.match("".join(below)))
        reader.line(raw)
    return reader.finish(text)
