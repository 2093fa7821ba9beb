"""Line breaking as a typesetter does it for Chinese mixed with Latin text.

A line may break between any two CJK characters (wide or full-width, by Unicode's East Asian
Width), between a CJK character and a Latin one, and after a space; never inside a Latin
word or an identifier (``113-1234567-1234567``, ``B0CXYZ1234``) unless that word alone is
wider than the line (then it is cut as late as possible, the last resort), nor between a figure
and its unit (``0 min``, ``12 MB``). Simple kinsoku:
no line starts with closing punctuation (，。、）」 …) and none ends with opening punctuation
（（「 …). A rough subset of Unicode's line breaking rules (UAX #14), enough for a dossier.

Pure: the caller passes how wide a character is in its font (a PDF library measures it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# a line may not start with these (closing punctuation, small kana, iteration marks)
NO_START = frozenset(
    "，。、；：？！）」』】》〉〕〗〙〛’”…‥·・ー々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "．，；：？！）］｝｠％‰℃"
    ",.;:?!)]}%"
)
# a line may not end with these (opening punctuation, currency before a figure)
NO_END = frozenset("（「『【《〈〔〖〘〚‘“｟［｛([{＄￥$¥£€#")
# spaces a line may break after; the space itself is dropped at the break
SPACES = frozenset(" \t\u3000\u2002\u2003\u2009")


def is_wide(ch: str) -> bool:
    """A character set in a square box: CJK ideographs, kana, hangul, full-width forms."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def may_break_between(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` when ``after`` follows it."""
    if after in SPACES:
        return False  # the break comes after the spaces, which are then dropped
    if before in SPACES:
        return True
    if after in NO_START or before in NO_END:
        return False
    return is_wide(before) or is_wide(after)


# a figure and the short word after it stay on one line: "0 min", "12 MB", "3 h"
FIGURE = re.compile(r"\d[\d.,:]*[ \u2009]+")
UNIT_MAX = 5  # a word this short after a figure is taken for its unit


def _keeps_unit(paragraph: str, start: int, i: int) -> bool:
    """Whether the segment ``paragraph[start:i]`` is a figure whose unit follows at ``i``."""
    if not FIGURE.fullmatch(paragraph, start, i):
        return False
    if is_wide(paragraph[i]):  # 2 天, 3 页: the unit is one character
        return True
    end = i
    while end < len(paragraph) and paragraph[end] not in SPACES and not is_wide(paragraph[end]):
        end += 1
    return 0 < end - i <= UNIT_MAX


def _segments(paragraph: str) -> list[str]:
    """``paragraph`` cut at every place a line may break (trailing spaces kept)."""
    out, start = [], 0
    for i in range(1, len(paragraph)):
        if may_break_between(paragraph[i - 1], paragraph[i]) and not _keeps_unit(
            paragraph, start, i
        ):
            out.append(paragraph[start:i])
            start = i
    out.append(paragraph[start:])
    return out


def wrap_paragraph(paragraph: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """One paragraph (no newline) as lines no wider than ``width``."""

    def measure(text: str) -> float:
        return sum(char_width(ch) for ch in text)

    lines: list[str] = []
    line, line_w = "", 0.0
    for segment in _segments(paragraph):
        word = segment.rstrip("".join(SPACES))
        word_w = measure(word)
        if line and line_w + word_w > width:  # the segment goes on the next line
            lines.append(line.rstrip("".join(SPACES)))
            line, line_w = "", 0.0
        if not line and word_w > width:  # wider than a line alone: cut it, last resort
            for ch in word:
                w = char_width(ch)
                if line and line_w + w > width:
                    lines.append(line)
                    line, line_w = "", 0.0
                line, line_w = line + ch, line_w + w
            segment = segment[len(word) :]
            word, word_w = "", 0.0
        line += segment
        line_w += word_w + measure(segment[len(word) :])
    lines.append(line.rstrip("".join(SPACES)) if lines else line)
    return lines


def wrap_text(text: str, width: float, char_width: Callable[[str], float]) -> str:
    """``text`` with a newline at each place its lines break at ``width``; its own newlines
    stay, and no other character is added, dropped or moved but the spaces at a break."""
    return "\n".join("\n".join(wrap_paragraph(p, width, char_width)) for p in text.split("\n"))
