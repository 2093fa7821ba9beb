"""The rows of a table pasted into a draft (Markdown pipes or Excel tabs), read into fields.

A header row names the columns (:func:`.table_cells.column`); a row under it fills them. A
table of steps (under "复现步骤" / "Steps", or whose first column numbers the rows: "#",
"序号", "步骤", "Order") gives one step per row, its text the row's other cells: the number
in the first cell is the step's place, never an identifier. A row with a date is an event
whose text is the row's other cells; a row with a date and nothing else is no event.

Mixed into the text reader (:mod:`.text_draft`), which owns the fields and the sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.coach.labels import REQUEST, label_field
from sellerdesk.core.coach.table_cells import TABLE_SEPARATOR, column
from sellerdesk.core.zh_spacing import clause_separator, labelled, lang_of_label

LIST_FIELDS = {
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
IDENTIFIER_FIELDS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")
# a step's place in its list: "3", "3.", "(3)", "③", "Step 3", "第3步"
_STEP_NUMBER = re.compile(
    r"(?:(?:step|步骤|第)\s*)?\d{1,2}\s*[.)）、．步]?|[(（]\d{1,2}[)）]|[①-⑳]", re.IGNORECASE
)
# the header of a column that numbers a table's rows
_SEQUENCE_HEADERS = {"#", "no", "no.", "nr", "nr.", "number", "step", "steps", "step no."}
_SEQUENCE_HEADERS |= {"step #", "order", "seq", "序号", "步骤", "顺序", "编号", "步", "第几步"}
# a column of what was done: with a numbering column, the table is steps wherever it stands
_ACTION_HEADERS = {"action", "actions", "what we did", "what to do", "step", "steps", "操作"}
_ACTION_HEADERS |= {"操作内容", "操作步骤", "动作", "步骤", "做法", "步骤说明", "手順", "操作手順"}


def is_step_number(cell: str) -> bool:
    """Whether a cell holds only a step's number ("3", "3.", "Step 3", "第3步")."""
    return _STEP_NUMBER.fullmatch(cell.strip()) is not None


def is_small_number(value: str) -> bool:
    """A bare number of at most four digits: a count or a place in a list, never an Amazon
    identifier (an order ID is 3-7-7 digits, data/identifiers.toml)."""
    return re.fullmatch(r"#?\d{1,4}", value.strip()) is not None


@dataclass
class Section:
    field: str  # a draft field, "identifiers" (a container of label lines) or "request"
    sticky: bool  # a heading's section lasts until the next heading
    labelled: bool = True  # named by the seller (a label or a heading), not guessed


class TableRows:
    """Reads table rows into the draft; the reader gives the fields and the section."""

    draft: Draft
    prose: list[str]
    section: Section | None
    columns: list[tuple[str, str | None]] | None  # (header, field) of the table being read
    headers: list[str]  # table header rows: column names, never values
    header_next: bool  # the next line is a Markdown table's "|---|" under this one
    step_rows: bool  # the table being read is a table of steps

    def add_list(self, name: str, value: str, indent: int = 0) -> None:
        raise NotImplementedError

    def add(self, name: str, value: str) -> None:
        raise NotImplementedError

    def labelled(self, name: str, value: str, line: str = "") -> None:
        raise NotImplementedError

    def in_steps(self) -> bool:
        return self.section is not None and self.section.field == "steps"

    def row(self, cells: list[str]) -> None:
        """A table row: a header names the columns; a row under it fills them."""
        if not any(cells) or TABLE_SEPARATOR.match("".join(cells)):
            return
        if self.columns is None and self.header_next and self.steps_header(cells):
            return
        numbered = is_step_number(cells[0])
        if numbered and (self.step_rows or (self.columns is None and self.in_steps())):
            self.step_row(cells)
            return
        if self.columns is None:
            self.first_row(cells)
            return
        self.data_row(cells)

    def steps_header(self, cells: list[str]) -> bool:
        """The header of a table of steps: under a steps label, or its first column numbers
        the rows and another names the action (``| # | 操作 |``, ``| Step | Action |``); no
        column is a date."""
        fields = [column(c) for c in cells]
        if "at" in fields:
            return False
        keys = [" ".join(c.split()).casefold().rstrip(":：") for c in cells]
        numbered = keys[0] in _SEQUENCE_HEADERS and bool(_ACTION_HEADERS & set(keys[1:]))
        numbered = numbered or fields[0] == "steps"  # "| 步骤 | 说明 |"
        if not (self.in_steps() or numbered):  # "| # | 商品 | 数量 |" lists products
            return False
        self.columns = list(zip(cells, fields, strict=True))
        self.headers.append("\t".join(cells))
        self.step_rows = True
        return True

    def step_row(self, cells: list[str]) -> None:
        """A row of a table of steps: the step is the row's other cells, its number left out."""
        named = self.columns or [("", None)] * len(cells)
        texts: list[str] = []
        for (header, name), cell in list(zip(named, cells, strict=False))[1:]:
            if not cell:
                continue
            if name in IDENTIFIER_FIELDS:
                self.add_list(name, cell)
            texts.append(_pair(header, cell) if texts and header else cell)
        if texts:
            self.draft.steps.append(_clauses(texts, [h for h, _ in named]))

    def first_row(self, cells: list[str]) -> None:
        """A table's first row: a header, a label and its value, a dated line or prose."""
        named = len(cells) == 2 and not self.header_next  # "| SKU | Shipped |" then "|---|"
        name = label_field(cells[0]) if named else None
        if name and column(cells[1]) is None:
            self.labelled(name, cells[1])  # "ASIN<tab>B0…": a label and its value
            return
        fields = [column(c) for c in cells]
        if sum(f is not None for f in fields) >= max(1, len(cells) // 2):
            self.columns = list(zip(cells, fields, strict=True))
            self.headers.append("\t".join(cells))
            return
        if detect.has_date(cells[0]):
            rest = [c for c in cells[1:] if c]
            if rest:  # a date alone on a row is no event
                lang = "zh" if any(lang_of_label(c) == "zh" for c in rest) else "en"
                self.add_list(
                    "timeline", labelled(cells[0], clause_separator(lang).join(rest), lang)
                )
            return
        self.prose.append(" | ".join(c for c in cells if c))

    def data_row(self, cells: list[str]) -> None:
        """A row under a header: each cell into its column's field; a dated row is an event
        whose text is its other cells, unless the row is a ledger line (date, SKU, units)."""
        assert self.columns is not None
        at, what, other, whole, listed = "", [], [], [], False
        for (header, name), cell in zip(self.columns, cells, strict=False):
            if not cell:
                continue
            whole.append(_pair(header, cell))
            if name == "at":
                at = cell
            elif name == "what":
                what.append(cell)
            elif name in LIST_FIELDS:
                self.add_list(name, cell)
                listed = True
            elif name is not None and name not in ("identifiers", REQUEST):
                self.add(name, cell)
            else:
                other.append((header, cell))
        if what or (at and other and not listed):
            # with no "event" column, the first unnamed cell is what happened
            said = what or [other[0][1]]
            rest = other if what else other[1:]
            text = _clauses(said + [_pair(h, c) for h, c in rest], [h for h, _ in self.columns])
            self.draft.timeline.append(TimelineEntry(at, text))
        elif other or (at and listed):  # the row stays whole: its figures belong to its IDs
            self.prose.append(_clauses(whole, [h for h, _ in self.columns]))


def _pair(header: str, cell: str) -> str:
    """A cell under its header, "订单号：114-…" under a Chinese header (core/zh_spacing)."""
    return labelled(header, cell, lang_of_label(header))


def _clauses(parts: list[str], headers: list[str]) -> str:
    """A row's parts as one line: "；" between them when the table's headers are Chinese."""
    lang = "zh" if any(lang_of_label(h) == "zh" for h in headers) else "en"
    return clause_separator(lang).join(parts)
