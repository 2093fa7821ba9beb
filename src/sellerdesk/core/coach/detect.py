"""Patterns the coach finds in free text: dates, numbered steps, error codes, identifiers
given after their label ("order 123…", "ASIN …", "Case ID …"), and the language.

These are reading aids, not rules about Amazon: the identifier formats themselves come from
``data/identifiers.toml`` (:mod:`sellerdesk.core.cases.identifiers`).
"""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = re.compile(
    r"(?<!\d)(?:20\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"  # 2026-03-05, 2026/3/5
    r"|\d{1,2}/\d{1,2}/(?:20)?\d{2}"  # 3/5/2026, 05/03/26
    r"|\d{1,2}\.\d{1,2}\.20\d{2}"  # 05.11.2026 (day.month.year)
    r"|(?:20\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]"  # 2026年3月5日, 3月5日
    r"|20\d{2}\s*年\s*\d{1,2}\s*月"  # 2026年3月
    r")(?!\d)"
    rf"|\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?[ \t]20\d{{2}}\b)?"  # Mar. 5th, 2026
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?[ \t]20\d{{2}}\b)?"  # 5 Mar 2026
)
# "1. …", "2) …", "3、…", "(1) …", "（1）…", "Step 1: …", "第一步"
STEP_LINE = re.compile(
    r"^\s*(?:(?:\d{1,2}\s*[.)）、．:：](?![\d.])|[(（]\d{1,2}[)）]|[①-⑳]|step\s*\d{1,2}\s*[:.：)-]?)"
    r"\s*(?=\S)"
    r"|第[一二三四五六七八九十\d]{1,2}步)",
    re.IGNORECASE,
)
_INLINE_STEP = re.compile(r"(?:^|[\s;；,，。:：])(?:[(（]?([1-9])[)）.、]|step\s*([1-9])\b)", re.I)
STEPS_WORD = re.compile(r"步骤|复现步骤|操作步骤|重现步骤|steps to reproduce|steps:", re.IGNORECASE)

_CODE_LABEL = (
    r"(?:error\s*(?:code|message|id)?|err|code|错误(?:代码|码|编号|信息)?|报错(?:代码)?|代码)"
)
_CODE_VALUE = r"(#?[A-Z]{0,3}\d{3,6}\b|[A-Z][a-z]+(?:[A-Z][A-Za-z]+)+\b|[A-Z][A-Z_]{4,}\b)"
ERROR_CODE = re.compile(rf"(?i:{_CODE_LABEL})\s*[:：#=]?\s*[\"'“‘(（]?\s*{_CODE_VALUE}")
# "5665 error" on one line; not the tail of an identifier ("B0000A0000") above a line that
# starts with "Error codes:" (a paste text without a timeline has exactly that)
_NUMBER_THEN_ERROR = re.compile(r"(?<![\dA-Za-z-])(\d{4,6})[ \t]*(?i:error|错误|报错)")
# SP-API / feed codes written without a label: InvalidInput, QuotaExceeded, AccessDenied …
_CAMEL_ERROR = re.compile(
    r"\b(?:Invalid[A-Z]\w*|[A-Z][a-z]+(?:[A-Z][a-z]+)*"
    r"(?:Error|Exception|Exceeded|Denied|NotFound|Unauthorized|Forbidden|Failed|Invalid))\b"
)

# an identifier list and the gap after its label stay on one line: "told to write a case"
# followed by a line that starts with a date is no "case 2026-12-02"
_SP = r"[^\S\r\n]"
_SEP = rf"(?:{_SP}*(?:[,，、/;；]|\band\b|和|及){_SP}*|{_SP}+)"
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9-]*"
_LIST = rf"({_TOKEN}(?:{_SEP}{_TOKEN})*)"
ORDER_LABEL = re.compile(
    rf"(?:\b(?i:orders?)\b(?:{_SP}*(?i:ids?|numbers?|nos?\.?|#))?|订单(?:编?号)?)"
    rf"{_SP}*[:：#]?{_SP}*{_LIST}"
)
ASIN_LABEL = re.compile(rf"\b(?i:asins?)\b(?:{_SP}*(?i:ids?|#))?{_SP}*[:：#]?{_SP}*{_LIST}")
CASE_LABEL = re.compile(
    rf"(?:\b(?i:case){_SP}*(?i:ids?|numbers?|nos?\.?|#|编号|号)|案例(?:编号|号|ID|id)|案件编号)"
    rf"{_SP}*[:：#]?{_SP}*{_LIST}"
)
_BARE_CASE = re.compile(rf"\b(?i:case){_SP}+#?(\d[\d-]{{3,}})")
_ISO_DATE = re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
_SKU = r"[A-Za-z0-9][\w.-]{0,39}"
_SKU_SEPARATOR = re.compile(r"\s*[,，、;；/]\s*|\s+(?:and|和|及)\s+")
# "SKUs: HW-LAMP-01, HW-LAMP-02." / "涉及 SKU：A-1、A-2。": every SKU of the list, on its line
SKU_LABEL = re.compile(
    rf"\b(?i:(?:msku|seller{_SP}*sku|skus?)){_SP}*[:：#]?{_SP}*[(（]?{_SP}*"
    rf"({_SKU}(?:(?:{_SP}*[,，、;；/]{_SP}*|{_SP}+(?:and|和|及){_SP}+){_SKU})*)"
)
# "SKU（SKU-A、SKU-B、SKU-C）", "the SKUs (AB-1, AB-2)": every SKU in the brackets
_SKU_IN_BRACKETS = re.compile(
    rf"\b(?i:(?:msku|seller{_SP}*sku|skus?)){_SP}*[:：]?{_SP}*[(（]([^()（）\r\n]{{1,400}})[)）]"
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def has_date(text: str) -> bool:
    return DATE.search(text) is not None


def first_date(text: str) -> str | None:
    found = DATE.search(text)
    return found.group(0) if found else None


def numbered_steps(text: str) -> list[str]:
    """The lines of ``text`` that are items of a numbered list."""
    return [STEP_LINE.sub("", line).strip() for line in text.splitlines() if STEP_LINE.match(line)]


def has_steps(text: str) -> bool:
    """A numbered list (two items, on lines or inline "1) … 2) …"), or a steps heading."""
    if len(numbered_steps(text)) >= 2 or STEPS_WORD.search(text):
        return True
    numbers = [int(a or b) for a, b in _INLINE_STEP.findall(text)]
    return 1 in numbers and 2 in numbers[numbers.index(1) :]


def error_codes(text: str) -> list[str]:
    found = [m.group(1).lstrip("#") for m in ERROR_CODE.finditer(text)]
    found += _NUMBER_THEN_ERROR.findall(text)
    found += _CAMEL_ERROR.findall(text)
    return list(dict.fromkeys(c for c in found if not re.fullmatch(r"(?:19|20)\d{2}", c)))


def _candidates(pattern: re.Pattern[str], text: str, *, min_digits: int) -> list[str]:
    out = []
    for match in pattern.finditer(text):
        for token in re.split(_SEP, match.group(match.lastindex or 1)):
            if _ISO_DATE.fullmatch(token):  # a date after the label is when, not which
                break
            if sum(c.isdigit() for c in token) >= min_digits:
                out.append(token.strip("-"))
            elif token and not any(c.isdigit() for c in token) and out:
                break
    return list(dict.fromkeys(out))


def labelled_order_ids(text: str) -> list[str]:
    """Tokens written as order IDs ("order 111-…", "订单号 …"), right or wrong."""
    return _candidates(ORDER_LABEL, text, min_digits=5)


def labelled_asins(text: str) -> list[str]:
    return [t for t in _candidates(ASIN_LABEL, text, min_digits=1) if len(t) >= 5]


def labelled_case_ids(text: str) -> list[str]:
    found = _candidates(CASE_LABEL, text, min_digits=4)
    found += [m.group(1) for m in _BARE_CASE.finditer(text) if not _ISO_DATE.match(m.group(1))]
    return list(dict.fromkeys(found))


def labelled_skus(text: str) -> list[str]:
    stop = {"is", "and", "or", "of", "the", "are", "was"}
    listed = SKU_LABEL.findall(text)
    found = [s.rstrip(".") for each in listed for s in _SKU_SEPARATOR.split(each)]
    for listed in _SKU_IN_BRACKETS.findall(text):
        items = [i for i in _SKU_SEPARATOR.split(listed.strip())]
        if all(re.fullmatch(r"[A-Za-z0-9][\w.-]{0,39}", i, re.ASCII) for i in items):
            found += items  # a list of codes, not a note in brackets ("SKU (the red one)")
    # a SKU is a code: a lower-case word after "SKU" ("the SKU fails …") is prose
    return list(
        dict.fromkeys(
            s for s in found if s.lower() not in stop and not (s.isalpha() and s.islower())
        )
    )


def language_of(text: str) -> str:
    """``zh`` when Chinese characters outweigh English words (a Chinese word is about two
    characters, and Chinese drafts carry English terms such as ASIN, FBA, listing)."""
    cjk = len(_CJK.findall(text))
    words = sum(1 for w in _WORD.findall(text) if not any(c.isdigit() for c in w) and len(w) > 1)
    return "zh" if cjk > 0 and cjk >= words else "en"


def has_cjk(text: str) -> bool:
    """Any Chinese character at all: one sentence in an English field is enough."""
    return _CJK.search(text) is not None


def is_chinese(text: str) -> bool:
    return language_of(text) == "zh"


def substance(text: str) -> tuple[int, int]:
    """(English words, Chinese characters) of ``text``; a date, a number or an identifier
    counts as a word: it is what makes a report specific."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(text))
    return words, cjk
