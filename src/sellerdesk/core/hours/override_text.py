"""Replace one desk's tables in the text of a desks file, keeping the rest as written.

The desk form changes one desk; the file may hold a power user's other desks with their
comments. So the desk's own ``[desk.KEY…]`` sections are cut out of the text and the new
table is appended. The result is parsed back and compared with what was meant; a file laid
out in a way the cut does not follow (the desk set from ``[desk]`` with dotted keys, a
header-like line inside a multi-line string) is written whole instead, without comments.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

import tomli_w


def _header_path(line: str) -> tuple[str, ...] | None:
    """The dotted key of a table header line (``[desk.cn.channels.phone]``), else None."""
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    try:
        parsed: Mapping[str, Any] = tomllib.loads(stripped + "\n")
    except tomllib.TOMLDecodeError:
        return None
    path: list[str] = []
    while len(parsed) == 1:
        name, inner = next(iter(parsed.items()))
        path.append(name)
        if isinstance(inner, list):  # [[array.of.tables]]
            inner = inner[0] if inner else {}
        if not isinstance(inner, Mapping):
            return None
        parsed = inner
    return tuple(path) if path and not parsed else None


def replace_desk(text: str, key: str, table: Mapping[str, Any] | None) -> str:
    """``text`` with desk ``key``'s tables replaced by ``table`` (removed when None or empty)."""
    kept: list[str] = []
    cut: list[str] = []  # the desk's lines, until the next table's header
    skipping = False
    for line in text.splitlines(keepends=True):
        path = _header_path(line)
        if path is not None:
            if skipping:  # comments right above the next header belong to that table
                tail = len(cut)
                while tail and (not cut[tail - 1].strip() or cut[tail - 1].lstrip()[0] == "#"):
                    tail -= 1
                kept.extend(cut[tail:])
                cut = []
            skipping = len(path) >= 2 and path[0] == "desk" and path[1] == key
        (cut if skipping else kept).append(line)
    result = "".join(kept).rstrip()
    if table:
        added = tomli_w.dumps({"desk": {key: dict(table)}})
        result = f"{result}\n\n{added}" if result else added
    elif result:
        result += "\n"
    meant = dict(tomllib.loads(text)) if text.strip() else {}
    desks = dict(meant.get("desk", {}))
    if table:
        desks[key] = dict(table)
    else:
        desks.pop(key, None)
    meant["desk"] = desks
    try:
        same = _without_empty(tomllib.loads(result)) == _without_empty(meant)
    except tomllib.TOMLDecodeError:
        same = False
    return result if same else tomli_w.dumps(_without_empty(meant))


def _without_empty(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if not (k == "desk" and not v)}
