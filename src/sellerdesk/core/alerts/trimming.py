"""Cutting a message to a vendor's limit counted in UTF-8 bytes, never in characters.

A Chinese character is three bytes, so WeCom's 2048-byte text is about 680 characters of
Chinese. The cut keeps whole characters, marks itself with an ellipsis and always keeps the
case link, which is what the reader needs to see the rest.
"""

from __future__ import annotations

ELLIPSIS = "…"


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 fits in ``limit`` bytes (whole characters)."""
    if limit <= 0:
        return ""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    # errors="ignore" drops the partial character the byte cut leaves at the end
    return encoded[:limit].decode("utf-8", errors="ignore")


def fit(body: str, tail: str, limit: int) -> str:
    """``body + tail`` within ``limit`` bytes: the body is trimmed (with an ellipsis), the tail
    (the case link, a keyword) is kept whole. When even the tail alone is too long, the tail is
    cut, since a message the vendor refuses helps nobody."""
    whole = body + tail
    if utf8_len(whole) <= limit:
        return whole
    room = limit - utf8_len(tail) - utf8_len(ELLIPSIS)
    if room < 0:
        return cut_to_bytes(whole, limit)
    return cut_to_bytes(body, room).rstrip() + ELLIPSIS + tail


def one_line(text: str, most: int = 120) -> str:
    """``text`` on one line (runs of white space as one space), cut to ``most`` characters
    with "…" when longer: a subject or a reply's first words in an alert."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1] + "…"
