"""Read a draft file: JSON, TOML, or plain text / Markdown, told apart by suffix and content.

Only a file that cannot be read at all (missing, empty, not UTF-8, broken JSON or TOML, not a
table of fields) is an error (:class:`InvalidInput`, exit 2); everything else is the linter's job.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from sellerdesk.core.coach.draft import Draft, draft_from_mapping
from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.file_input import read_file_bytes
from sellerdesk.core.input_guard import load_json, load_toml

MAX_BYTES = 1_000_000


def read_draft(path: Path, *, field: str = "FILE") -> Draft:
    raw = read_file_bytes(path, field)  # missing, folder, no permission: each its own words
    if len(raw) > MAX_BYTES:
        raise InvalidInput.of(
            "draft.too_big", field=field, name=str(path), size=len(raw), most=MAX_BYTES
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Chinese Windows tools (Notepad, Excel, WPS) often save GBK: say so, and how to fix it
        key = "draft.not_utf8_gbk" if _is_gbk(raw) else "draft.not_utf8"
        raise InvalidInput.of(key, field=field, name=str(path)) from None
    if "\x00" in text:
        raise InvalidInput.of("draft.binary", field=field, name=str(path))
    if not text.strip():  # nothing to read: linting it would pass a blank draft as "no subject"
        raise InvalidInput.of("draft.empty", field=field, name=str(path))
    return parse_draft(text, path.suffix.lower(), field=field, name=str(path))


def _is_gbk(raw: bytes) -> bool:
    """Whether ``raw`` reads as GB18030 (GBK's superset) text holding Chinese characters."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def parse_draft(text: str, suffix: str = "", *, field: str = "FILE", name: str = "draft") -> Draft:
    """A draft from ``text``; ``suffix`` (".json", ".toml", ".md", ".txt" …) picks the reader."""
    stripped = text.lstrip()
    if suffix == ".json" or (not suffix and stripped.startswith("{")):
        return draft_from_mapping(_json(text, field, name), "json")
    if suffix == ".toml":
        return draft_from_mapping(_toml(text, field, name), "toml")
    return parse_text(text)


def _json(text: str, field: str, name: str) -> dict[str, Any]:
    try:
        data = load_json(text, field)  # nesting and every string checked (input_guard)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of("draft.bad_json", field=field, name=name, reason=str(exc)) from None
    if not isinstance(data, dict):
        raise InvalidInput.of("draft.not_object", field=field, name=name)
    return data


def _toml(text: str, field: str, name: str) -> dict[str, Any]:
    try:
        return load_toml(text, field)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.of("draft.bad_toml", field=field, name=name, reason=str(exc)) from None
