"""An English dossier flags what is still written in Chinese, as ``case render`` does.

Seller Desk does not translate: a field the seller typed in Chinese goes into an English
dossier as typed, so each such field carries the paste text's marker ("[WRITTEN IN CHINESE
— translate before sending]") and its section a notice naming the fields, in HTML,
Markdown and PDF alike (all three render the same :class:`DossierDocument`).
"""

from __future__ import annotations

from dataclasses import replace

from sellerdesk.core.i18n import t
from sellerdesk.core.poa.render import has_chinese
from sellerdesk.services.dossier_model import DossierSection, FieldRow, TimelineEntry

# the sections whose fields are the seller's own words for Amazon (not names, not codes)
FLAGGED = ("case", "description", "timeline")
# of the case's fields, those written in words (a store or a person keeps its own name)
CASE_WORDS = ("f_subject", "f_amazon_label")


LISTED_ENTRIES = 8  # more would make the notice a wall of numbers; each entry is marked anyway


def _marker() -> str:
    return t("coach.render.untranslated", "en")  # the very marker of `case render`


def _row(row: FieldRow) -> tuple[FieldRow, bool]:
    if not has_chinese(row.value):
        return row, False
    return FieldRow(row.label, f"{_marker()}\n{row.value}"), True


def _entry(entry: TimelineEntry) -> tuple[TimelineEntry, bool]:
    if not has_chinese(entry.what):
        return entry, False
    return replace(entry, what=f"{_marker()}\n{entry.what}"), True


def flag_chinese(
    section: DossierSection, *, lang: str, case_words: tuple[str, ...]
) -> DossierSection:
    """``section`` with each field still in Chinese marked, and a notice naming them, when
    the dossier is English (``case_words``: the labels of the case's fields in words)."""
    if lang != "en" or section.key not in FLAGGED:
        return section
    named: list[str] = []
    rows = []
    for row in section.fields:
        if section.key == "case" and row.label not in case_words:
            rows.append(row)
            continue
        shown, flagged = _row(row)
        rows.append(shown)
        if flagged:
            named.append(row.label)
    entries, numbers = [], []
    for entry in section.entries:
        shown_entry, flagged = _entry(entry)
        entries.append(shown_entry)
        if flagged:
            numbers.append(entry.number)
    if len(numbers) > LISTED_ENTRIES:  # a long case: the first few, then how many more
        listed = ", ".join(str(n) for n in numbers[:LISTED_ENTRIES])
        more = len(numbers) - LISTED_ENTRIES
        named.append(t("dossier_trial.timeline_entries", "en", listed=listed, more=more))
    else:
        named += [t("dossier_trial.timeline_entry", "en", n=n) for n in numbers]
    if not named:
        return section
    note = t("dossier_mend.untranslated_note", "en", fields=", ".join(named))
    warning = f"{section.warning}\n{note}" if section.warning else note
    return replace(section, fields=tuple(rows), entries=tuple(entries), warning=warning)
