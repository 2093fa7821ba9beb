"""Plain text and Markdown drafts: the draft fields read from labels, headings and lists.

``Subject: …`` / ``# heading`` give the subject; ``Label: value`` lines and ``## Heading``
sections (English or Chinese labels) fill fields; bullet lines that carry a date become the
timeline, numbered lists the steps; identifiers are picked up by their patterns wherever
they stand. What is left is the description.

Pasted e-mail (a ``>`` quote under "On … wrote:" / "在 … 写道：", an Outlook or Foxmail
forward) is one description line "Sender (YYYY-MM-DD): text" and, when dated, an event of
that day unless the seller's timeline has one (:mod:`.mail_quotes`); chat lines with a
timestamp ("[2026-11-20 09:15] 小王：…") are events.
"""

from __future__ import annotations

import re

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.courtesy import is_closing, is_greeting
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.coach.found_identifiers import HALF_WIDTH, with_found_identifiers
from sellerdesk.core.coach.items import (
    QUOTE,
    SYMBOL_BULLETS,
    code_items,
    file_items,
    identifier_items,
    is_bullet,
    is_no_value,
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
from sellerdesk.core.coach.mail_quotes import (
    GREETING,
    SIGN_OFF,
    QuotedMail,
    first_sentence,
    iso_date,
    joined,
    split_mail,
)
from sellerdesk.core.coach.table_cells import TABLE_SEPARATOR, row_cells
from sellerdesk.core.coach.table_rows import (
    IDENTIFIER_FIELDS,
    LIST_FIELDS,
    Section,
    TableRows,
    is_small_number,
    is_step_number,
)
from sellerdesk.core.coach.timeline_lines import EVENT_LINE, timeline_entry

# timeline_entry and with_found_identifiers live beside this reader and are read through it
__all__ = ["labelled_fields", "parse_text", "timeline_entry", "with_found_identifiers"]

_TEXT_FIELDS = ("description", "expected", "actual")
_CONTAINERS = ("identifiers", REQUEST)
_LABEL_LINE = re.compile(
    rf"^\s*+(?:[-*+•·]\s+|[{SYMBOL_BULLETS}]\s*+)?([^:：]{{1,30}}?)\s*[:：]\s*(.*)$"
)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$|^\s*[【\[]([^】\]]{1,30})[】\]]\s*$")
# a Word/WPS section line: "◆ 问题描述", "■ Orders" (a field's name after a heading symbol)
_SECTION_MARK = re.compile(rf"^\s*+[{SYMBOL_BULLETS}]\s*+(.{{1,30}})$")
_ONE_VALUE_FIELDS = ("subject", "marketplace", "store", "category")
_BRACKET_LABEL = re.compile(r"^\s*【([^】]{1,20})】\s*(.+)$")


class _Reader(TableRows):
    def __init__(self) -> None:
        self.draft = Draft(source_format="text")
        self.prose: list[str] = []
        # description lines in the order written (prose, labelled or under a heading)
        self.texts: dict[str, list[str]] = {name: [] for name in _TEXT_FIELDS}
        self.texts["description"] = self.prose
        self.section: Section | None = None
        self.blank = False
        self.columns: list[tuple[str, str | None]] | None = None  # (header, field) of a table
        self.item_indent: dict[str, int] = {}  # indent of the last item of steps/timeline
        self.closed = False  # after "Thanks," / "此致": what follows is a signature
        self.headers: list[str] = []  # table header rows: column names, never values
        self.header_next = False  # the next line is a Markdown table's "|---|" under it
        self.step_rows = False  # the table being read is a table of steps (table_rows)
        self.mails: list[QuotedMail] = []  # quoted or forwarded mail, each one block
        self.numbered_steps = False  # the last step was typed with its number ("2. …")

    def add_list(self, name: str, value: str, indent: int = 0) -> None:
        value = value.strip()
        if not value or is_no_value(value):  # "错误代码：无", "Error code: N/A"
            if value and name == "error_codes":
                self.draft.error_codes_none_stated = True
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
            if not is_step_number(value):  # "3" alone is a step's place, not a step
                self.draft.steps.append(unmarked(value))
                self.numbered_steps = is_numbered(value)
        elif name == "attachments":
            self.draft.attachments += file_items(value)
        elif name == "error_codes":
            self.draft.error_codes += code_items(value)
        else:  # a bare "3" in an "Order" column is a row's number, never an identifier
            items = identifier_items(value)
            getattr(self.draft, name).extend(i for i in items if not is_small_number(i))

    def continue_item(self, name: str, value: str) -> None:
        if name == "steps" and self.draft.steps:
            self.draft.steps[-1] = f"{self.draft.steps[-1]}; {value}"
        elif name == "timeline" and self.draft.timeline:
            last = self.draft.timeline[-1]
            last.what = f"{last.what}; {value}"

    def add(self, name: str, value: str) -> None:
        if name in LIST_FIELDS:
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
            if not line.strip():  # a blank line ends a table
                self.columns, self.step_rows = None, False
            return
        blank_before, self.blank = self.blank, False
        cells = row_cells(line)
        if cells is None and self.columns is not None and raw.rstrip("\r\n").endswith("\t"):
            cells = [line.strip()]  # "2026-11-04<tab>" in an Excel table: its other cells empty
        if cells is not None:
            self.row(cells)
            return
        self.columns, self.step_rows = None, False
        heading = _HEADING.match(line)
        marked = _SECTION_MARK.match(line)
        title = marked.group(1) if marked else line
        alone = label_field(title) if len(title.strip()) <= 30 else None
        if heading or (alone and not _LABEL_LINE.match(title) and (marked or not is_bullet(line))):
            # a field's name alone on its line ("操作步骤", "◆ Orders") opens that field until
            # the next label or a blank line, as "Steps:" does; a "## heading" until the next one
            title = (heading.group(1) or heading.group(2)) if heading else title
            self.heading(title.strip(), sticky=heading is not None)
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

    def heading(self, title: str, sticky: bool = True) -> None:
        labelled = _LABEL_LINE.match(title)
        if labelled and label_field(labelled.group(1)):  # "## Subject: …", "【店铺】…"
            self.labelled(label_field(labelled.group(1)) or "", labelled.group(2).strip())
            return
        name = label_field(title)
        if name is None and not self.draft.subject and not self.prose:
            self.draft.subject = title
        elif name is None:
            self.prose.append(title)
        self.section = Section(name or "description", sticky=sticky, labelled=name is not None)

    def labelled(self, name: str, value: str, line: str = "") -> None:
        opens = not value or name in self.texts or name == REQUEST  # "Timeline:" then items
        if self.section and not self.section.sticky and self.section.field != name:
            self.section = None  # "SKU：…" under "处理步骤：" ends the steps
        if opens and (name in LIST_FIELDS or name in self.texts or name in _CONTAINERS):
            self.section = Section(name, sticky=False)
            self.item_indent.pop(name, None)
        if value and name in IDENTIFIER_FIELDS and is_sentence(value):
            # "SKU：ZS-01 在库存页面修改价格后…": a sentence that starts with a label
            # only what stands before the sentence's words: "（买家说…）" holds no identifier
            head = re.split(r"[(（\u3400-\u9fff]", value.translate(HALF_WIDTH), maxsplit=1)[0]
            getattr(self.draft, name).extend(identifier_items(head))
            self.prose.append((line or value).strip())
        elif value:
            self.add(name, value)

    def body_line(self, line: str, blank_before: bool) -> None:
        item = is_bullet(line)
        numbered = is_numbered(line)
        indent = len(line) - len(line.lstrip())
        section = self.section
        if section and not section.sticky and blank_before and not (item or numbered):
            section = self.section = None
        if section and section.field == "steps" and self.ends_steps(line, blank_before):
            section = self.section = None  # "1. … 2. …", a blank line, "* 说明": no step
        if section and section.field in _ONE_VALUE_FIELDS:  # "## Store" then "Brightwave"
            self.section = None
            if not getattr(self.draft, section.field):
                setattr(self.draft, section.field, unmarked(line))
                return
            section = None
        if not numbered and is_greeting(unmarked(line)):  # "各位好，", "谢谢", "Best regards,"
            if is_closing(unmarked(line)):  # a signature follows: no field goes on
                self.closed, self.section = True, None
            return
        if section and section.field in LIST_FIELDS:
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
        elif self.is_event(line, item):
            self.add_list("timeline", line, indent)
        elif (item or indent) and "timeline" in self.item_indent and self.after_timeline(indent):
            self.continue_item("timeline", unmarked(line))
        elif section and section.labelled and section.field in ("description", "identifiers"):
            self.texts["description"].append(line.strip())
        elif not self.draft.subject and not self.prose:
            text = line.strip()
            if len(text) <= 150 and not text.endswith((",", "，", ":", "：")):
                self.draft.subject = text
            else:
                self.prose.append(text)
        elif not (self.closed and len(line.strip()) <= 40):  # a name under "Thanks,"
            self.prose.append(line.strip())

    def mail(self, mail: QuotedMail) -> None:
        """A quoted or forwarded mail: one description line "Sender (date): text"."""
        kept: list[str] = []
        for raw in mail.lines:
            line = _clean(raw).strip()  # verbatim, less quote and Markdown marks
            bare = unmarked(line)
            if SIGN_OFF.match(bare) or (is_closing(bare) and len(bare) <= 25):
                break  # what follows a sign-off is the sender's signature
            if not GREETING.match(bare) and not is_greeting(bare):
                kept.append(line)
            elif said := _after_greeting(bare):  # "您好，您的商品已被下架。": the news stays
                kept.append(said)
        text = joined(kept)
        if not text:
            return
        said = f"{mail.sender} ({mail.date})" if mail.date else mail.sender
        self.prose.append(f"{said}: {text}")
        self.mails.append(QuotedMail(mail.sender, mail.date, [text]))
        if self.section and not self.section.sticky:
            self.section = None
        self.blank = True

    def dated_mails(self) -> None:
        """Each dated mail is an event of its day, unless the seller's timeline has that day."""
        timeline = self.draft.timeline
        for mail in self.mails:
            days = {iso_date(e.at) for e in timeline}
            if not mail.date or mail.date in days:
                continue
            event = TimelineEntry(mail.date, f"{mail.sender}: {first_sentence(mail.lines[0])}")
            later = [i for i, e in enumerate(timeline) if (iso_date(e.at) or "9") > mail.date]
            timeline.insert(later[0] if later else len(timeline), event)

    def is_event(self, line: str, item: bool) -> bool:
        """A line that starts with a date, or a bullet with a date inside; under a heading the
        seller gave the description, a dated bullet is prose unless its date comes first."""
        if not item:
            return EVENT_LINE.match(line) is not None
        described = self.section is not None and self.section.field == "description"
        if described and self.section is not None and self.section.labelled:
            return EVENT_LINE.match(unmarked(line)) is not None
        return detect.has_date(unmarked(line))

    def ends_steps(self, line: str, blank_before: bool) -> bool:
        """A bullet list after a blank line under numbered steps (no deeper than the steps):
        notes of the description, not more steps."""
        indent = len(line) - len(line.lstrip())
        return (
            blank_before
            and is_bullet(line)
            and not is_numbered(line)
            and self.numbered_steps
            and indent <= self.item_indent.get("steps", 0)
        )

    def after_timeline(self, indent: int) -> bool:
        """A nested line right under a dated bullet belongs to that event."""
        return bool(self.draft.timeline) and indent > self.item_indent["timeline"]

    def finish(self, text: str) -> Draft:
        d = self.draft
        self.dated_mails()
        d.description = _join(self.prose)
        d.expected, d.actual = _join(self.texts["expected"]), _join(self.texts["actual"])
        return with_found_identifiers(d, _without_rows(text, self.headers))


def _without_rows(text: str, headers: list[str]) -> str:
    """``text`` less its tables' header rows ("SKU<tab>Shipped" names two columns)."""
    if not headers:
        return text
    rows = text.splitlines()
    kept = [raw for raw in rows if "\t".join(row_cells(_clean(raw)) or []) not in headers]
    return "\n".join(kept)


def _clean(raw: str) -> str:
    """The line as read: e-mail quote marks, emphasis, code ticks and the paste text's own
    untranslated markers taken out (indentation kept: it says what is nested)."""
    line = QUOTE.sub("", raw.replace("\u3000", "  ")).rstrip()
    line = re.sub(r"\*\*|__|`+|~~", "", line)
    for marker in untranslated_markers():
        line = line.replace(f" {marker}", "").replace(marker, "")
    return line


def _after_greeting(line: str) -> str:
    """What a greeting line says after its greeting ("您好，您的商品…" -> "您的商品…"), or ""."""
    found = re.match(r"^[^,，!！:：]{1,30}[,，!！:：]\s*(.{6,})$", line)
    rest = found.group(1).strip() if found else ""
    return "" if not rest or GREETING.match(rest) or is_greeting(rest) else rest


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
    parts = split_mail(text.splitlines())
    for at, part in enumerate(parts):
        if isinstance(part, QuotedMail):
            reader.mail(part)
            continue
        nxt = parts[at + 1] if at + 1 < len(parts) else None
        below = row_cells(nxt) if isinstance(nxt, str) else None
        reader.header_next = below is not None and bool(TABLE_SEPARATOR.match("".join(below)))
        reader.line(part)
    return reader.finish(text)
