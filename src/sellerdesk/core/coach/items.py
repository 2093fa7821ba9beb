"""One list item of a draft, however it was typed: its bullet or number taken off, Markdown
marks taken out, and a field's value split into items only where the field's items are
single tokens (identifiers), never inside a sentence (an error message, a step).

Every reader (text, JSON, TOML, the web form) and the paste text use these, so a step typed
"1. Inventory > …" is numbered once and "Error 5665: You need approval …" stays one item.
"""

from __future__ import annotations

import re

# "-", "*", "+", "•", "·", "◦", "‣", "–", "—" then a space; "- [ ]" task boxes too. The
# symbols Word, WPS and Japanese lists use ("▪", "◆", "○", "→", "・" …) need no space after
# them: "・11月15日 発送", "▪SKU：…" are typed that way.
SYMBOL_BULLETS = "▪▫■□◆◇○●◎❖►▶▷➤➢→⇒・✓✔☐☑☒"
BULLET = re.compile(
    rf"^\s*+(?:(?:[-*+•·◦‣–—]|\d{{1,2}}\s*[.)、．]\s*[-*•·])\s+|[{SYMBOL_BULLETS}]\s*)"
    r"(?:\[[ xX]\]\s+)?(?=\S)"
)
# "1." "1)" "1）" "1、" "1．" "(1)" "（1）" "①" "Step 1:" "第1步" — never "10:30" or "1.5 kg";
# "1、2026-11-19：…" is item 1 (only a half-width dot before a digit is a decimal point)
NUMBER = re.compile(
    r"^\s*(?:\d{1,2}\s*(?:\.(?![\d.])|[)）、．])|[(（]\d{1,2}[)）]|[①-⑳]|(?i:step)\s*\d{1,2}\s*[:.：)-]?"
    r"|第[一二三四五六七八九十\d]{1,2}步\s*[:：,，、.]?)\s*(?=\S)"
)
QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MARKS = re.compile(r"\*\*|__|`+|~~")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s+")
# split on the mark alone and strip the pieces: "\s*[,…]\s*" rescanned a long run of spaces
# from every position (quadratic; found by the API fuzz test)
_HARD_SEPARATORS = re.compile(r"[,，、;；|｜]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TRIM = ".,;:()（）[]【】\"'“”‘’<>。，；：！？!?"
# what a seller writes in a field that has no value: "错误代码：无", "Error code: N/A", "-"
_NO_VALUE = re.compile(
    r"(?:n/?a|none(?:\s+(?:shown|given|displayed))?|nil|null|no|not applicable|nothing"
    r"|no (?:error )?(?:code|message)s?(?:\s+(?:shown|given|displayed))?|[-–—/]+|[?？]+"
    r"|无|暂无|没有|尚无|未知|不详|无错误代码|没有错误代码|未显示错误代码|无报错|没有报错|无代码|未显示|无提示)",
    re.IGNORECASE,
)

_LABEL_BEFORE = re.compile(r"^[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]{0,20}[:：]\s*")


def plain(text: str) -> str:
    """``text`` without Markdown artefacts: emphasis, code ticks, heading hashes, quote marks."""
    text = _MARKS.sub("", text)
    text = QUOTE.sub("", text)
    return _HEADING_MARKS.sub("", text)


def unmarked(text: str) -> str:
    """A list item without its bullet or number: ``- 1. Open …`` -> ``Open …``."""
    text = plain(text).strip()
    for _ in range(3):  # "- 1) …", "1. - …"
        stripped = NUMBER.sub("", BULLET.sub("", text)).strip()
        if stripped == text:
            break
        text = stripped
    return text


def is_numbered(line: str) -> bool:
    return NUMBER.match(line) is not None


def is_no_value(value: str) -> bool:
    """Whether ``value`` says the field is empty ("无", "暂无", "N/A", "none", "-"), also
    with the field's label typed before it in its box ("Error codes: none", "错误代码：无")."""
    text = unmarked(value).strip(" .。!！()（）")
    return _NO_VALUE.fullmatch(_LABEL_BEFORE.sub("", text).strip(" .。!！()（）")) is not None


def is_bullet(line: str) -> bool:
    return BULLET.match(line) is not None


def _token_like(word: str) -> bool:
    """An identifier-shaped word: letters/digits/-/_/. with at least one digit, or all caps."""
    word = word.strip(_TRIM)
    return (
        bool(word)
        and re.fullmatch(r"[\w.#/-]+", word) is not None
        and (any(c.isdigit() for c in word) or (word.isupper() and len(word) >= 3))
    )


def identifier_items(value: str) -> list[str]:
    """``111-…, 112-…`` / ``111-… 112-…`` / ``B0AAAAAAAA (red)`` -> the identifiers.

    Split on commas, semicolons and 、; a piece of several identifier-shaped words is split
    on spaces too, and words around them (a note such as "(red lamp)") are left out."""
    out = []
    for piece in (p.strip() for p in _HARD_SEPARATORS.split(unmarked(value))):
        words = piece.split()
        tokens = [w.strip(_TRIM) for w in words if _token_like(w)]
        if len(words) > 1 and tokens:
            out += tokens
        elif len(words) == 1 and not _CJK.search(piece) and piece.strip(_TRIM):
            out.append(piece.strip(_TRIM))  # one word, even without a digit ("WIDGET")
    return [v for v in out if v]


def listed_identifiers(value: str) -> list[str]:
    """A box or JSON value of identifiers as typed: ``HW-1，HW-2。`` / ``A、B`` -> each once,
    without the sentence's punctuation; a note after one ("B0… (red)") stays with it."""
    pieces = (p.strip().strip(_TRIM).strip() for p in _HARD_SEPARATORS.split(unmarked(value)))
    return list(dict.fromkeys(p for p in pieces if p))


def is_sentence(value: str) -> bool:
    """Prose rather than a list of identifiers: several plain words, or Chinese text."""
    plain_words = [w for w in value.split() if not _token_like(w)]
    return len(plain_words) >= 3 or len(_CJK.findall(value)) >= 4


def code_items(value: str) -> list[str]:
    """Error codes: ``5665, 8541`` is two; ``Error 5665: You need approval …`` is one."""
    text = unmarked(value)
    pieces = [p.strip() for p in _HARD_SEPARATORS.split(text) if p.strip()]
    if len(pieces) > 1 and all(len(p.split()) <= 2 and _token_like(p.split()[-1]) for p in pieces):
        return pieces
    return [text] if text else []


def file_items(value: str) -> list[str]:
    """Attachments: one name per comma/semicolon/、 (a file name may hold spaces)."""
    return [p.strip() for p in re.split(r"\s*[,，、;；]\s*", unmarked(value)) if p.strip()]
