"""Greetings and sign-offs of a draft written as a letter: "各位好，", "Dear Seller Support,",
"谢谢", "此致敬礼", "Best regards,". They say nothing about the case, so the reader drops them
from the description, the timeline and every other field.

Chinese words are matched without a word boundary: ``\\b`` falls between two Chinese
characters only where Python sees none, so "此致敬礼" or "谢谢大家" never matched one.
"""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[-*•·>]\s*)+")
_SAID_AFTER = re.compile(r"^[^,，!！:：]{1,30}[,，!！:：]\s*(.{6,})$")
_NOT_A_CLAUSE = r"[^,，。.!！?？:：;；]"
_GREETING = re.compile(
    r"^(?:hello|hi|dear|hey|good (?:morning|afternoon|evening)|greetings)\b.{0,60}[,，!！]?$"
    # "您好，", "各位好，", "大家好！", "亚马逊卖家支持团队你好：", "尊敬的卖家支持团队："
    rf"|^{_NOT_A_CLAUSE}{{0,20}}(?:您好|你好|大家好|各位好)[,，:：!！。]?$"
    rf"|^(?:尊敬的|亲爱的){_NOT_A_CLAUSE}{{1,20}}[,，:：!！]?$"
    rf"|^各位{_NOT_A_CLAUSE}{{0,12}}好[,，:：!！]?$",
    re.IGNORECASE,
)
_CLOSING_EN = r"(?:regards|best regards|kind regards|warm regards|thanks|thank you|many thanks|"
_CLOSING_EN += r"sincerely|cheers|best wishes)\b"
_CLOSING_ZH = r"(?:谢谢|感谢|多谢|此致|敬礼|祝好|顺祝商祺|顺颂商祺)"
# a sign-off is short and one clause: "Thanks for checking, we sold the units on Nov 3" and
# "感谢您的回复，但问题仍未解决。" are sentences
_SIGN_OFF = re.compile(
    rf"^(?:{_CLOSING_EN}.{{0,20}}|{_CLOSING_ZH}[^。.!?！？,，;；]{{0,20}}[。!！]?)$", re.I
)


def is_greeting(line: str) -> bool:
    """A greeting or a sign-off line on its own ("Hi,", "各位好，", "此致敬礼", "Thanks!")."""
    text = line.strip()
    return _GREETING.match(text) is not None or _SIGN_OFF.match(text) is not None


def is_closing(line: str) -> bool:
    """A sign-off line ("谢谢", "Best regards,"): what follows it (a name, a title) is a
    signature."""
    return _SIGN_OFF.match(line.strip()) is not None


def without_courtesy(text: str) -> str:
    """``text`` less its greeting and sign-off lines and the short signature lines after a
    sign-off ("谢谢！" then "小王"), as the text reader leaves them out of a draft: a
    description typed in the web form or a JSON draft is read the same way."""
    kept: list[str] = []
    closed = False
    for line in text.splitlines():
        bare = _BULLET.sub("", line).strip()
        if bare and is_greeting(bare):
            closed = closed or is_closing(bare)
            said = _SAID_AFTER.match(bare)  # "Hi team, our ASIN was removed": the news stays
            if said and not closed and not is_greeting(said.group(1)):
                kept.append(said.group(1))
            continue
        if closed and bare and len(bare) <= 40:  # a name or title under "Thanks,"
            continue
        kept.append(line)
    return "\n".join(kept).strip()
