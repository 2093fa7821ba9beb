"""zh-CN and English messages, from TOML catalogs in ``sellerdesk/data/messages``.

Keys are stable ids (``hours.col.desk``); a key missing from one catalog falls back to
English, and a key missing from both shows itself, so a gap is visible rather than fatal.

Parsing the ~20 TOML files of a language costs 15-30 ms, a good part of a CLI command's
start-up; :func:`use_cache_folder` (the CLI sets the data folder's ``cache/``) keeps each
language's parsed catalog in a marshal file, stamped with the name, size and modification
time of every catalog file and the Python version: any change to a catalog (or an upgrade)
rebuilds it, a damaged or unwritable cache only costs the parse.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")

_CACHE: list[Path | None] = [None]  # the folder for parsed catalogs (None: parse each run)


def use_cache_folder(folder: Path | None) -> None:
    """Keep parsed catalogs in ``folder`` across runs (None: parse them in each process)."""
    _CACHE[0] = folder
    catalog.cache_clear()


def _files(lang: str) -> list[Any]:
    # One main catalog per language plus per-feature files (``en.coach.toml``), so that
    # features added side by side do not all edit one file.
    folder = resources.files("sellerdesk") / "data" / "messages"
    return sorted(
        (
            ref
            for ref in folder.iterdir()
            if ref.name == f"{lang}.toml"
            or (ref.name.startswith(f"{lang}.") and ref.name.endswith(".toml"))
        ),
        key=lambda ref: ref.name,
    )


def _stamp(refs: list[Any]) -> tuple[Any, ...] | None:
    """What the cached catalog must have been built from; None when the files are not plain
    files (a zipped install), which are then parsed each time."""
    parts: list[Any] = [sys.version, marshal.version]
    for ref in refs:
        if not isinstance(ref, Path):
            return None
        info = ref.stat()
        parts.append((ref.name, info.st_size, info.st_mtime_ns))
    return tuple(parts)


@cache
def catalog(lang: str) -> dict[str, str]:
    refs = _files(lang)
    folder = _CACHE[0]
    stamp = _stamp(refs) if folder is not None else None
    path = folder / f"messages-{lang}.marshal" if folder is not None else None
    if path is not None and stamp is not None:
        try:
            cached_stamp, flat = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            cached_stamp, flat = None, None  # missing or damaged: rebuilt below
        if cached_stamp == stamp and isinstance(flat, dict):
            return flat
    flat = _parse(refs)
    if path is not None and stamp is not None:
        _write(path, marshal.dumps((stamp, flat)))
    return flat


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".messages-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder only costs speed


def _parse(refs: list[Any]) -> dict[str, str]:
    import tomllib

    flat: dict[str, str] = {}

    def walk(prefix: str, table: dict[str, Any]) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    for ref in refs:
        walk("", tomllib.loads(ref.read_text(encoding="utf-8")))
    return flat


def t(key: str, lang: str, /, **params: Any) -> str:
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**params) if params else text


def normalise_lang(value: str | None) -> str | None:
    """``zh_CN.UTF-8``, ``zh-Hans``, ``zh`` -> ``zh``; ``en_US`` -> ``en``; others -> None."""
    if not value:
        return None
    head = value.strip().lower().replace("_", "-").split(".")[0].split("-")[0]
    return head if head in LANGS else None


def resolve_lang(explicit: str | None, configured: str | None, env_locale: str | None) -> str:
    """Flag, then config, then the OS locale; English when nothing says otherwise."""
    for candidate in (explicit, configured, env_locale):
        lang = normalise_lang(candidate)
        if lang:
            return lang
    return "en"
