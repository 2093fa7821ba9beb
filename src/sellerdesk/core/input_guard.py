"""Text that cannot poison a store: one set of checks for every boundary (issue 13, items 1, 12).

Text from outside (a JSON body, a form field, an uploaded or named file, a command-line
argument) is refused when it is not valid Unicode that every database keeps:

* bytes that are not UTF-8;
* a lone surrogate (``"\\ud800"`` in JSON, or an argument's undecodable byte): it cannot be
  encoded, so a page, an export or a backup showing it would fail;
* NUL (``\\x00``), which PostgreSQL refuses in text.

Structured documents are refused above :data:`MAX_DEPTH` levels of nesting, counted by a
flat scan *before* any recursive parser sees them (a 100,000-deep ``[[[…]]]`` would
otherwise exhaust the stack). :func:`scrub` is the other half: text already stored with a
lone surrogate is shown with U+FFFD rather than failing the page that shows it.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from sellerdesk.core.errors import InvalidInput

MAX_DEPTH = 64  # levels of [ and { in a JSON body or a TOML/JSON file
SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TOML_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def problem(text: str) -> str | None:
    """``"nul"``, ``"surrogate"`` or None: what makes ``text`` unstorable."""
    if "\x00" in text:
        return "nul"
    if SURROGATE.search(text):
        return "surrogate"
    return None


def check_text(text: str, field: str) -> str:
    """``text`` itself, or InvalidInput naming ``field`` (``input.nul`` / ``input.surrogate``)."""
    kind = problem(text)
    if kind is not None:
        raise InvalidInput.of(f"input.{kind}", field=field)
    return text


def find_bad_text(value: Any, where: str = "") -> tuple[str, str] | None:
    """The first ``(path, problem)`` among the strings (keys too) of a parsed document, where
    the path joins keys and list indexes with dots (``timeline.0.what``); None when clean.
    Iterative, so a deep document cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if (kind := problem(item)) is not None:
                return path, kind
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (kind := problem(key)) is not None:
                    return path, kind  # the key itself cannot name the field
                stack.append((name, child))
        elif isinstance(item, list | tuple):
            for i in range(len(item) - 1, -1, -1):
                stack.append((f"{path}.{i}" if path else str(i), item[i]))
    return None


def check_values(value: Any, field: str) -> Any:
    """``value`` itself, or InvalidInput naming ``field`` and the path inside it."""
    found = find_bad_text(value)
    if found is not None:
        path, kind = found
        raise InvalidInput.of(f"input.{kind}", field=f"{field}: {path}" if path else field)
    return value


def depth(text: str, *, toml: bool = False) -> int:
    """The deepest nesting of ``[``/``{`` in a JSON (or TOML) text, strings and comments
    skipped, by a flat scan that is safe on any input."""
    deepest = level = 0
    for match in (_TOML_TOKENS if toml else _JSON_TOKENS).finditer(text):
        token = match.group()
        if token in ("[", "{"):
            level += 1
            deepest = max(deepest, level)
        elif token in ("]", "}"):
            level = max(0, level - 1)
    return deepest


def decode(raw: bytes | str, field: str) -> str:
    """UTF-8 bytes as text (a leading BOM dropped), or InvalidInput ``input.not_utf8``."""
    if isinstance(raw, str):
        return check_text(raw, field)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput.of("input.not_utf8", field=field, offset=exc.start) from None
    return check_text(text.removeprefix("\ufeff"), field)


def check_size(raw: bytes | str, field: str, max_bytes: int) -> None:
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise InvalidInput.of("input.too_large", field=field, kib=max(1, max_bytes // 1024))


def check_depth(text: str, field: str, *, toml: bool = False) -> None:
    if depth(text, toml=toml) > MAX_DEPTH:
        raise InvalidInput.of("input.too_deep", field=field, limit=MAX_DEPTH)


def load_json(raw: bytes | str, field: str, *, max_bytes: int | None = None) -> Any:
    """A JSON document checked whole: size, UTF-8, nesting, then every string.

    A syntax error is a ValueError (``json.JSONDecodeError``) for the caller to word."""
    if max_bytes is not None:
        check_size(raw, field, max_bytes)
    text = raw if isinstance(raw, str) else decode(raw, field)
    check_depth(text, field)
    return check_values(json.loads(text), field)


def load_toml(raw: bytes | str, field: str, *, max_bytes: int | None = None) -> dict[str, Any]:
    """A TOML document checked the same way (``tomllib.TOMLDecodeError`` for its syntax)."""
    if max_bytes is not None:
        check_size(raw, field, max_bytes)
    text = raw if isinstance(raw, str) else decode(raw, field)
    check_text(text, field)
    check_depth(text, field, toml=True)
    data: dict[str, Any] = check_values(tomllib.loads(text), field)
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads_stored(text: str | bytes) -> Any:
    """``json.loads`` for the databases' JSON columns: a value stored before these checks
    with a lone surrogate escape reads back scrubbed (U+FFFD), so no page, export or JSON
    answer fails on it; clean values (nearly all) pay one regex search."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", "replace")
    value = json.loads(text)
    return _scrubbed(value) if _SURROGATE_ESCAPE.search(text) else value


def scrub(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (for showing stored text)."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def scrub_values(value: Any) -> Any:
    """A copy of a JSON-like value with :func:`scrub` applied to every string (keys too);
    the value itself when it holds nothing to scrub."""
    if find_bad_text(value) is None:
        return value
    return _scrubbed(value)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {(scrub(k) if isinstance(k, str) else k): _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v) for v in value]
    return value


# Single-line names and subjects (issue 13 follow-ups, item 6): bidirectional embedding,
# override and isolate controls let text show in another order than it is stored ("evil"
# shown as "live"), and characters nobody sees can make a field look filled when it is empty.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")


def visible(text: str) -> str:
    """``text`` without invisible characters and outer whitespace (for the emptiness test)."""
    return "".join(c for c in text if c not in INVISIBLE).strip()


def check_line(text: str, field: str, *, required: bool = True) -> str:
    """``text`` itself, or InvalidInput naming ``field``: ``input.bidi_control`` for a
    bidirectional control, ``input.blank`` when a required value is empty once whitespace
    and invisible characters (U+200B, U+FEFF, …) are taken away."""
    check_text(text, field)
    if (found := BIDI_CONTROLS.search(text)) is not None:
        raise InvalidInput.of("input.bidi_control", field=field, code=f"U+{ord(found[0]):04X}")
    if required and not visible(text):
        raise InvalidInput.of("input.blank", field=field)
    return text


def check_length(text: str, field: str, most: int) -> str:
    """``text`` itself, or InvalidInput ``input.too_long``: never cut short silently."""
    if len(text) > most:
        raise InvalidInput.of("input.too_long", field=field, most=most, size=len(text))
    return text
