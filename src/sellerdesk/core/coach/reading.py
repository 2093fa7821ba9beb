"""Read a draft file: JSON, TOML, or plain text / Markdown, told apart by suffix and content.

Only a file that cannot be read at all (missing, not UTF-8, broken JSON or TOML, not a table
of fields) is an error (:class:`InvalidInput`, exit 2); everything else is the linter's job.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from sellerdesk.core.coach.draft import Draft, draft_from_mapping
from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.errors import InvalidInput

MAX_BYTES = 1_000_000
_FIX = "give a UTF-8 JSON or TOML file with the draft fields, or a plain text / Markdown file."


def read_draft(path: Path, *, field: str = "FILE") -> Draft:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}.", field=field, fix=_FIX) from None
    if len(raw) > MAX_BYTES:
        raise InvalidInput(
            f"{path} is {len(raw):,} bytes; a draft is text of at most {MAX_BYTES:,}.",
            field=field,
            fix="put long material in attachments and list their names.",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text.", field=field, fix=_FIX) from None
    if "\x00" in text:
        raise InvalidInput(f"{path} is a binary file.", field=field, fix=_FIX)
    return parse_draft(text, path.suffix.lower(), field=field, name=str(path))


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
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name} is not valid JSON: {exc}.", field=field, fix=_FIX) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            f"{name} holds JSON that is not an object.",
            field=field,
            fix='write {"subject": "…", "description": "…", "order_ids": ["…"]}.',
        )
    return data


def _toml(text: str, field: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{name} is not valid TOML: {exc}.", field=field, fix=_FIX) from None
