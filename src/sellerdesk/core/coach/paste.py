"""The coach's checks run on the paste text itself, so what is pasted is what was checked.

The paste text (:func:`render.render_case`) is read back as a draft and linted again: a
finding the draft did not have (an identifier, a timeline or the steps the rendering lost, a
language the marketplace does not read) is reported *in the paste text*. Three checks only
the paste text has: a field still in Chinese in an English text (``paste-untranslated``),
Markdown marks left in it (``paste-markup``), and a box over Seller Central's limit
(``paste-too-long``, limits in ``data/coach/paste.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sellerdesk.core.coach.checks import Finding
from sellerdesk.core.coach.data import CoachData
from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.coach.lint import LintResult, finding_json, lint, severity
from sellerdesk.core.coach.render import HEADING_OF, Rendered, render_case
from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.i18n import t

# the draft checks that mean the same on the paste text
RECHECKED = (
    "missing-timeline",
    "missing-error-code",
    "missing-repro-steps",
    "missing-identifiers",
    "invalid-order-id",
    "invalid-asin",
    "invalid-case-id",
    "language-mismatch",
    "missing-attachments",
)
OWN = ("paste-untranslated", "paste-markup", "paste-too-long")
# a Markdown mark at a line's start (heading, quote, fence) or anywhere (emphasis, code)
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|>|```)|\*\*|__|`|~~", re.MULTILINE)
# a Markdown table's row or its "|---|---|" line
_TABLE_ROW = re.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$", re.MULTILINE)


def markup(text: str) -> list[str]:
    """The Markdown marks left in ``text`` (none in a paste text from :func:`render_case`)."""
    found = [m.group(0).strip() for m in _MARKUP.finditer(text)]
    found += ["|"] if _TABLE_ROW.search(text) else []
    return list(dict.fromkeys(found))


def limit(data: CoachData, box: str) -> int | None:
    entry = data.limits.get(box)
    most = entry.values.get("most") if entry else None
    return most if isinstance(most, int) and most > 0 else None


def check_paste(
    rendered: Rendered, drafted: LintResult, data: CoachData, *, marketplace: str | None = None
) -> list[Finding]:
    """The findings of the paste text that the draft's lint (``drafted``) did not have."""
    out: list[Finding] = []
    if rendered.untranslated:
        out.append(Finding("paste-untranslated", {"fields": list(rendered.untranslated)}))
    marks = markup(rendered.text)
    if marks:
        out.append(Finding("paste-markup", {"marks": marks}))
    for box, text in (("subject", rendered.subject), ("description", rendered.body)):
        most = limit(data, box)
        if most is not None and len(text) > most:
            out.append(Finding("paste-too-long", {"box": box, "length": len(text), "most": most}))
    market = marketplace or drafted.marketplace
    again = lint(parse_text(rendered.text), data, marketplace=market)
    had = set(drafted.codes)
    out += [f for f in again.findings if f.code in RECHECKED and f.code not in had]
    code = again.marketplace
    if code in data.marketplaces and "language-mismatch" not in had | {f.code for f in out}:
        languages = data.marketplaces[code].words("languages")
        if rendered.lang not in languages:  # labels and request in a language the desk lacks
            out.append(Finding("language-mismatch", {"marketplace": code, "languages": languages}))
    return out


def paste_and_check(
    draft: Draft,
    drafted: LintResult,
    data: CoachData,
    *,
    lang: str = "en",
    marketplace: str | None = None,
    case_id: str = "",
) -> tuple[Rendered, list[Finding]]:
    """The paste text of ``draft`` in ``lang`` and its own findings (CLI, API and web);
    ``case_id``: the case's own Amazon Case ID, when it has one."""
    rendered = render_case(
        draft,
        lang=lang,
        category=drafted.category,
        marketplace=drafted.marketplace,
        case_id=case_id,
    )
    return rendered, check_paste(rendered, drafted, data, marketplace=marketplace)


def paste_severity(data: CoachData, code: str) -> str:
    if code not in OWN:
        return severity(data, code)
    entry = data.paste_checks.get(code)
    value = str(entry.values.get("severity", "warning")) if entry else "warning"
    return value if value in ("error", "warning", "info") else "warning"


def _words(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "box":
            out[key] = t(f"paste.box.{value}", lang)
        elif key == "fields":  # named as the paste text labels them, not by their code keys
            names = [t(f"coach.render.{HEADING_OF.get(v, v)}", lang) for v in value]
            out[key] = t("error.duplicate.comma", lang).join(names)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            out[key] = ", ".join(str(v) for v in value)
        else:
            out[key] = value
    return out


def paste_findings_json(
    findings: Sequence[Finding], data: CoachData, lang: str
) -> list[dict[str, str]]:
    """Each finding as ``case lint --json`` shows one, its message saying it is about the
    paste text ("In the paste text: …")."""
    out = []
    for finding in findings:
        if finding.code in OWN:
            params = _words(finding.params, lang)
            message = t(f"paste.finding.{finding.code}.message", lang, **params)
            fix = t(f"paste.finding.{finding.code}.fix", lang, **params)
        else:
            shown = finding_json(finding, data, lang)
            message, fix = shown["message"], shown["fix"]
        out.append(
            {
                "code": finding.code,
                "severity": paste_severity(data, finding.code),
                "message": t("paste.in_paste", lang, message=message),
                "fix": fix,
            }
        )
    return out
