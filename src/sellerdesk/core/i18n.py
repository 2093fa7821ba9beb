"""zh-CN and English messages, from TOML catalogs in ``sellerdesk/data/messages``.

Keys are stable ids (``hours.col.desk``); a key missing from one catalog falls back to
English, and a key missing from both shows itself, so a gap is visible rather than fatal.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("zh", "en")


@cache
def catalog(lang: str) -> dict[str, str]:
    # One main catalog per language plus per-feature files (``en.coach.toml``), so that
    # features added side by side do not all edit one file.
    folder = resources.files("sellerdesk") / "data" / "messages"
    refs = sorted(
        (
            ref
            for ref in folder.iterdir()
            if ref.name == f"{lang}.toml"
            or (ref.name.startswith(f"{lang}.") and ref.name.endswith(".toml"))
        ),
        key=lambda ref: ref.name,
    )
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
