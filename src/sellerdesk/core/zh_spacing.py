"""How Seller Desk spaces the Chinese text it composes (paste text, dossier, POA, pages).

One rule for every Chinese rendering, the one the zh catalogs already follow
("Seller Desk 不做翻译", "FBA 货件编号", "中国 2027 年"):

- one space between a Chinese character and a Latin letter or a digit: "案例 123";
- no space before or after full-width punctuation (，。：；！？、（）【】“”《》): "主题：商品被下架"
  (the dash is written " —— " as a separator, as the catalogs do);
- a Chinese label takes the full-width colon "：", never a half-width ":";
- never two spaces in a row inside a line (indentation at a line's start is layout).

The seller's own words are left as typed: only what Seller Desk composes is held to the
rule. :func:`spacing_faults` finds what breaks it (the tests scan renderings with it);
:func:`colon` and :func:`labelled` compose a label and its value by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULL_WIDTH = "[，。：；！？、（）【】“”《》]"  # the dash —— is spaced as the catalogs do
_RULES = (
    ("no_space_between_chinese_and_latin", re.compile(rf"[{_HAN}][A-Za-z0-9]|[A-Za-z0-9][{_HAN}]")),
    ("space_before_full_width", re.compile(rf"(?<=\S) +{_FULL_WIDTH}")),
    ("space_after_full_width", re.compile(rf"{_FULL_WIDTH} +(?=\S)")),
    ("half_width_colon_after_chinese", re.compile(rf"[{_HAN}][:]")),
    ("double_space", re.compile(r"(?<=\S) {2,}(?=\S)")),
)


@dataclass(frozen=True, slots=True)
class SpacingFault:
    rule: str
    line: str  # the whole line, to find it again
    at: str  # the characters that break the rule, with one either side
    chars: str  # the characters that break the rule


def spacing_faults(text: str) -> list[SpacingFault]:
    """Every place in ``text`` that breaks the rule above (empty: the text follows it)."""
    out = []
    for line in text.splitlines():
        for rule, pattern in _RULES:
            for match in pattern.finditer(line):
                start, end = max(match.start() - 1, 0), min(match.end() + 1, len(line))
                out.append(SpacingFault(rule, line, line[start:end], match.group(0)))
    return out


def colon(lang: str) -> str:
    """What follows a label: "：" in Chinese (no space), ": " otherwise."""
    return "：" if lang == "zh" else ": "


def labelled(label: str, value: str, lang: str) -> str:
    return f"{label}{colon(lang)}{value}"


def list_separator(lang: str) -> str:
    """Between the items of a list Seller Desk composes: "、" in Chinese, ", " otherwise."""
    return "、" if lang == "zh" else ", "


def clause_separator(lang: str) -> str:
    """Between the parts of one line Seller Desk composes: "；" in Chinese, "; " otherwise."""
    return "；" if lang == "zh" else "; "


def lang_of_label(label: str) -> str:
    """ "zh" for a label with a Chinese character in it (a table's header "订单号"), else
    "en": what a composed "label: value" takes its punctuation from."""
    return "zh" if re.search(f"[{_HAN}]", label) else "en"
