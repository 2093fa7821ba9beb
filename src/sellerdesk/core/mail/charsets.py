"""Decoding bytes and headers whatever charset a mailer claims (or forgot to claim).

Chinese and Japanese mailers label text by the narrower legacy charset and then use its
superset (a "GB2312" mail with GBK characters, a "Shift_JIS" mail with Windows' extra
characters), so each label is read by its superset; an unknown label or broken bytes are
read with replacement characters, never refused.
"""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

# the label a mailer writes -> the codec that reads what it actually sends
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
GUESSES = ("utf-8", "gb18030")  # unlabelled bytes: UTF-8, then the Chinese superset


def codec_for(label: str | None) -> str | None:
    """The codec that reads text labelled ``label``; None when Python has none for it."""
    if not label:
        return None
    name = label.strip().strip('"').lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, label: str | None) -> str:
    """``data`` as text: by its label's codec, else UTF-8 or GB18030 if either reads it
    cleanly, else UTF-8 with replacement characters."""
    codec = codec_for(label)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            return data.decode(codec, errors="replace")
    for guess in GUESSES:
        try:
            return data.decode(guess)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


_FOLD = re.compile(r"\r?\n[ \t]+")
_ENCODED_GAP = re.compile(r"(\?=)\s+(=\?)")


def decode_header_value(raw: str) -> str:
    """A header's value unfolded and decoded: RFC 2047 words in any charset (adjacent
    encoded words joined as the RFC says), raw 8-bit bytes guessed, never an error."""
    text = _FOLD.sub(" ", raw).strip()
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        # 8-bit bytes the parser kept as surrogates: a mailer that did not encode them
        text = decode_bytes(text.encode("ascii", "surrogateescape"), None)
    if "=?" not in text:
        return text
    try:
        parts = decode_header(_ENCODED_GAP.sub(r"\1\2", text))
    except Exception:  # a malformed encoded word: keep the text as written
        return text
    out = []
    for chunk, label in parts:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, label))
        else:
            out.append(chunk)
    return "".join(out).strip()
