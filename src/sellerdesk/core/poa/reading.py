"""POA files: told apart from case drafts, read, and written (TOML for people, JSON for tools).

A POA file is TOML with a ``[poa]`` table, or JSON ``{"poa": {...}}``. ``case lint`` and
``case render`` ask :func:`is_poa_file` first (a cheap look at the text, no full parse), so
a case draft is never read as a POA or the other way round.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from sellerdesk.core.coach.reading import _is_gbk as looks_gbk
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.file_input import read_file_bytes
from sellerdesk.core.input_guard import load_json, load_toml
from sellerdesk.core.poa.model import Poa, poa_from_mapping, poa_mapping

MAX_BYTES = 1_000_000
_TOML_TABLE = re.compile(r"^\s*\[poa\]\s*(?:#.*)?$", re.MULTILINE)
_JSON_KEY = re.compile(r'^\s*\{\s*"poa"\s*:')


def looks_like_poa(text: str) -> bool:
    return bool(_TOML_TABLE.search(text) or _JSON_KEY.match(text))


def is_poa_file(path: Path) -> bool:
    """Whether ``path`` holds a POA (False when it cannot be read: the draft reader says why)."""
    if path.suffix.lower() not in (".toml", ".json"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_BYTES + 1)
    except OSError:
        return False
    return looks_like_poa(head.decode("utf-8-sig", errors="replace"))


def parse_poa(text: str, *, json_form: bool, field: str = "FILE", name: str = "poa") -> Poa:
    data: Any
    try:
        data = load_json(text, field) if json_form else load_toml(text, field)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        key = "poa_file.bad_json" if json_form else "poa_file.bad_toml"
        raise InvalidInput.of(key, field=field, name=name, reason=str(exc)) from None
    table = data.get("poa") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise InvalidInput.of("poa.no_table", field=field, name=name)
    return poa_from_mapping(table)


def read_poa(path: Path, *, field: str = "FILE") -> Poa:
    raw = read_file_bytes(path, field)
    if len(raw) > MAX_BYTES:  # a plan is short text; the draft's words would say "draft"
        raise InvalidInput.of(
            "poa_file.too_big", field=field, name=str(path), size=len(raw), most=MAX_BYTES
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Chinese Windows tools save GBK: the draft reader's words say how to save UTF-8
        key = "draft.not_utf8_gbk" if looks_gbk(raw) else "poa_file.not_utf8"
        raise InvalidInput.of(key, field=field, name=str(path)) from None
    json_form = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    return parse_poa(text, json_form=json_form, field=field, name=str(path))


def poa_toml(poa: Poa, header: str = "") -> str:
    """The file a seller edits: a comment header (why the placeholders) and the ``[poa]``."""
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + ("\n" if comment else "") + tomli_w.dumps({"poa": poa_mapping(poa)})


def poa_json(poa: Poa) -> str:
    return json.dumps({"poa": poa_mapping(poa)}, ensure_ascii=False, indent=2) + "\n"
