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

# label (case-folded) -> draft field
_LABELS: dict[str, tuple[str, ...]] = {
    "subject": ("subject", "title", "case subject", "主题", "标题", "案例主题", "邮件主题"),
    "marketplace": (
        "marketplace",
        "site",
        "marketplace id",
        "站点",
        "市场",
        "国家站点",
        "站点/市场",
    ),
    "store": ("store", "shop", "store name", "seller", "店铺", "店铺名", "店铺名称", "卖家"),
    "category": ("category", "case category", "类目", "分类", "问题类型", "问题类别", "案例类目"),
    "description": (
        "description",
        "what happened",
        "details",
        "issue",
        "problem",
        "summary",
        "background",
        "issue description",
        "request",
        "our request",
        "问题描述",
        "描述",
        "详情",
        "情况说明",
        "问题",
        "发生了什么",
        "背景",
        "问题详情",
        "诉求",
        "我们的请求",
        "请求",
    ),
    "timeline": (
        "timeline",
        "history",
        "time line",
        "时间线",
        "时间经过",
        "经过",
        "时间轴",
        "时间记录",
    ),
    "steps": (
        "steps",
        "steps to reproduce",
        "reproduction steps",
        "how to reproduce",
        "步骤",
        "复现步骤",
        "操作步骤",
        "重现步骤",
        "问题复现步骤",
    ),
    "expected": (
        "expected",
        "expected result",
        "expected behaviour",
        "expected behavior",
        "expectation",
        "预期",
        "预期结果",
        "期望",
        "期望结果",
    ),
    "actual": (
        "actual",
        "actual result",
        "actual behaviour",
        "actual behavior",
        "实际",
        "实际结果",
        "实际情况",
    ),
    "error_codes": (
        "error code",
        "error codes",
        "error",
        "错误代码",
        "错误码",
        "报错代码",
        "报错信息",
    ),
    "order_ids": (
        "order id",
        "order ids",
        "order number",
        "order numbers",
        "orders",
        "order",
        "订单号",
        "订单",
        "订单编号",
    ),
    "asins": ("asin", "asins"),
    "skus": ("sku", "skus", "seller sku", "msku"),
    "shipment_ids": (
        "shipment id",
        "shipment ids",
        "shipment",
        "fba shipment id",
        "货件编号",
        "货件号",
        "货件id",
    ),
    "attachments": (
        "attachments",
        "attachment",
        "files",
        "screenshots",
        "evidence",
        "附件",
        "截图",
        "证据",
        "附件列表",
    ),
    "case_ids": ("case id", "case ids", "case number", "案例编号", "案例id", "案例号"),
}
_FIELD_OF = {label: name for name, labels in _LABELS.items() for label in labels}
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
_LABEL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•·]\s+(.*)$")
_EMPHASIS = re.compile(r"\*\*|__")
_SPLIT = re.compile(r"\s*[,，、;；]\s*|\s+")
_GREETING = re.compile(
    r"^(?:hello|hi|dear|hey|good (?:morning|afternoon|evening)|您好|你好|尊敬的)\b.{0,60}[,，!！]?$"
    r"|^(?:regards|best regards|kind regards|thanks|thank you|many thanks|sincerely|cheers|"
    r"谢谢|感谢|此致)\b.{0,20}$",
    re.IGNORECASE,
)
_AT_WHAT = re.compile(r"^(.*?(?:\d|日|号)[^:：]*?)\s*[:：\-–—]\s+(.+)$")


@dataclass
class _Section:
    field: str
    sticky: bool  # a heading's section lasts until the next heading


def _label(text: str) -> str | None:
    return _FIELD_OF.get(" ".join(text.strip().rstrip(":：").split()).casefold())


def timeline_entry(text: str) -> TimelineEntry:
    """``2026-11-03 09:40: what`` -> at/what; a line with a date inside keeps it whole."""
    split = _AT_WHAT.match(text)
    if split and detect.has_date(split.group(1)) and len(split.group(1)) <= 40:
        return TimelineEntry(split.group(1).strip(), split.group(2).strip())
    return TimelineEntry(detect.first_date(text) or "", text.strip())


class _Reader:
    def __init__(self) -> None:
        self.draft = Draft(source_format="text")
        self.prose: list[str] = []
        self.texts: dict[str, list[str]] = {"description": [], "expected": [], "actual": []}
        self.section: _Section | None = None
        self.blank = False

    def add_list(self, name: str, value: str) -> None:
        value = value.strip()
        if not value:
            return
        if name == "timeline":
            self.draft.timeline.append(timeline_entry(value))
        elif name == "steps":
            self.draft.steps.append(detect.STEP_LINE.sub("", value).strip())
        elif name == "attachments":
            self.draft.attachments += [v for v in re.split(r"\s*[,，、;；]\s*", value) if v]
        else:
            getattr(self.draft, name).extend(v for v in _SPLIT.split(value) if v)

    def add(self, name: str, value: str) -> None:
        if name in _LIST_FIELDS:
            self.add_list(name, value)
        elif name in self.texts:
            self.texts[name].append(value)
        elif not getattr(self.draft, name):
            setattr(self.draft, name, value.strip())

    def line(self, raw: str) -> None:
        line = _EMPHASIS.sub("", raw).rstrip()
        if not line.strip():
            self.blank = True
            return
        blank_before, self.blank = self.blank, False
        heading = _HEADING.match(line)
        if heading:
            name = _label(heading.group(1))
            if name is None and not self.draft.subject:
                self.draft.subject = heading.group(1).strip()
            self.section = _Section(name or "description", sticky=True)
            return
        labelled = _LABEL_LINE.match(line)
        name = _label(labelled.group(1)) if labelled else None
        if labelled and name:
            value = labelled.group(2).strip()
            if name in _LIST_FIELDS or name in self.texts:
                self.section = _Section(name, sticky=False)
            if value:
                self.add(name, value)
            return
        self.body_line(line, blank_before)

    def body_line(self, line: str, blank_before: bool) -> None:
        item = _BULLET.match(line)
        numbered = detect.STEP_LINE.match(line)
        section = self.section
        if section and not section.sticky and blank_before and not (item or numbered):
            section = self.section = None
        if section and section.field != "description":
            if section.field in _LIST_FIELDS:
                self.add_list(section.field, item.group(1) if item else line)
            else:
                self.texts[section.field].append(line.strip())
            return
        if numbered:
            self.add_list("steps", line)
        elif item and detect.has_date(item.group(1)):
            self.add_list("timeline", item.group(1))
        elif not self.draft.subject and not self.prose and not _GREETING.match(line.strip()):
            text = line.strip()
            if len(text) <= 150 and not text.endswith((",", "，", ":", "：")):
                self.draft.subject = text
            else:
                self.prose.append(text)
        elif not _GREETING.match(line.strip()):
            self.prose.append(line.strip())

    def finish(self, text: str) -> Draft:
        d = self.draft
        d.description = _join(self.prose + self.texts["description"])
        d.expected, d.actual = _join(self.texts["expected"]), _join(self.texts["actual"])
        d.order_ids += [v for v in find_all("order", text) if v not in d.order_ids]
        d.shipment_ids += [v for v in find_all("shipment", text) if v not in d.shipment_ids]
        asin = formats()["asin"].pattern.pattern
        d.asins += [
            v for v in find_all("asin", text) if v.startswith("B0") and v not in d.asins
        ] + [v for v in detect.labelled_asins(text) if re.fullmatch(asin, v) and v not in d.asins]
        d.skus += [v for v in detect.labelled_skus(text) if v not in d.skus]
        d.case_ids += [v for v in detect.labelled_case_ids(text) if v not in d.case_ids]
        d.error_codes += [c for c in detect.error_codes(text) if c not in d.error_codes]
        for name in ("order_ids", "asins", "skus", "shipment_ids", "case_ids", "error_codes"):
            setattr(d, name, list(dict.fromkeys(v.strip(".,;:()（）") for v in getattr(d, name))))
        return d


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip()


def parse_text(text: str) -> Draft:
    reader = _Reader()
    for raw in text.splitlines():
        reader.line(raw)
    return reader.finish(text)
