"""Codes in words for the CLI's Chinese text output (``draft`` → 草稿, ``na`` → 北美).

The words are the pages' (``web/layout.label`` reads the same catalog tables): a code a
person sees in Chinese has words there. In English the CLI keeps the code itself — it is
an English word already, and the value its flags take (``--status draft``, ``--region na``)
— and JSON never changes. A code with no words (a category or tag a person typed) shows as
itself. Light on purpose: the hours commands import it and must start without the database.
"""

from __future__ import annotations

from sellerdesk.core.i18n import catalog, t

# where each kind has its words (the same tables as web/layout.LABEL_TABLES)
TABLES = {
    "status": "app.status",
    "priority": "case_page.priority",
    "region": "store_admin.region",
    "plan": "store_admin.plan",
    "support_plan": "store_admin.support_plan",
    "direction": "labels.direction",
    "channel": "labels.channel",
    "category": "labels.category",
    "calendar": "labels.calendar",
    "role": "people.role",
}


def word(kind: str, code: str | None, lang: str) -> str:
    """``code`` as a Chinese reader reads it (``word("status", "draft", "zh")`` → 草稿);
    in English, or without words, the code itself."""
    if not code:
        return ""
    if lang != "zh":
        return code
    key = f"{TABLES[kind]}.{code}"
    return t(key, lang) if key in catalog(lang) else code
