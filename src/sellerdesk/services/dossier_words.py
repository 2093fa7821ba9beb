"""Small pieces of the dossier said in words, in the dossier's language: a clock's duration
("24 h 30 min" / "24 小时 30 分钟", never a decimal "24.00 h"), the case coach's note of a
case made from a draft, and who saved a Plan of Action.

Clock durations are business hours (a desk's 24 hours may span three calendar days), so
they are hours and minutes, never days.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sellerdesk.core.i18n import t

# the names of a zone that is UTC: its times need no "(and UTC)" beside them
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"})
# authors that are Seller Desk itself (the CLI, the API, the worker), not a person
SYSTEM_AUTHORS = ("cli", "api", "serve", "worker", "system")


def _say(key: str, lang: str, **params: Any) -> str:
    return t(f"dossier_trial.{key}", lang, **params)


def duration(seconds: int | None, lang: str) -> str:
    """``24 h``, ``8 h 30 min``, ``45 min`` (zh: ``24 小时``, ``8 小时 30 分钟``, ``45 分钟``);
    "—" when there is none. Rounded to the minute."""
    if seconds is None:
        return "—"
    minutes = (max(0, int(seconds)) + 30) // 60
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return _say("hours_minutes", lang, h=f"{hours:,}", m=mins)
    if hours:
        return _say("hours", lang, h=f"{hours:,}")
    return _say("minutes", lang, m=mins)


def coach_note(data: Mapping[str, Any], lang: str) -> str | None:
    """The case coach's note on a case made from a draft, as the case page words it (the
    score and, where they were kept in both languages, the findings in ``lang``), or None
    when the event is no coach note. Its stored body is a record with codes, not words."""
    lint = data.get("lint")
    if not isinstance(lint, Mapping):
        return None
    head = t("case_page.coach_note", lang, score=lint.get("score"))
    findings = lint.get("findings")
    said = (
        [_finding_sentence(f, lang) for f in findings if isinstance(f, Mapping)]
        if isinstance(findings, list)
        else []
    )
    if not said:
        return f"{head} {t('case_page.coach_note_clean', lang)}"
    return "\n".join([head, *(f"- {s}" for s in said)])


def _finding_sentence(finding: Mapping[str, Any], lang: str) -> str:
    """A stored finding in ``lang`` when it was kept in both languages (services/coach.py),
    else as it was written (cases made before that)."""
    messages = finding.get("messages")
    if isinstance(messages, Mapping) and isinstance(messages.get(lang), str):
        return str(messages[lang])
    return str(finding.get("message") or finding.get("code"))


def saver(name: str | None, lang: str) -> str:
    """Who saved a plan: a person's name, or Seller Desk's words for its own tools."""
    person = (name or "").strip()
    if not person:
        return "—"
    if person.split(":")[0] in SYSTEM_AUTHORS:
        return _say("saved_by_tool", lang)
    return person
