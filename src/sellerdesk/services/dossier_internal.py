"""What of a case's own notes goes into the dossier meant for Amazon.

The case coach's notes ("Case coach at creation: score …") are Seller Desk's advice on a
draft, not a fact of the case: they are never in the dossier. The team's other notes (a
remark typed on the case page, a reminder the worker wrote, a merge) are internal: in the
dossier only when asked (``--internal``, ``internal=true``). Amazon's notices filed from
the mailbox are notes too, but Amazon's words: they always stay.

A note left out keeps its files: the attachments of a note (the new-case page files its
uploads on one) are evidence, so the note stays as an entry with its text left out and its
files listed, and the attachments' numbering is the same either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sellerdesk.core.i18n import t
from sellerdesk.services.dossier_model import DossierEvent, DossierFacts

MAIL_CHANNEL = "e-mail"  # services/mail/filing.py: how a filed mail's event is marked


@dataclass(frozen=True)
class LeftOut:
    """How many of the team's internal notes' texts were left out of the dossier (the
    coach's notes are always left out and go unsaid)."""

    internal: int = 0

    def words(self, lang: str) -> str:
        """The dossier header's sentence on the internal notes left out, in ``lang`` ("" for
        none). The coach's notes go unsaid: they are no part of the case for its reader."""
        if not self.internal:
            return ""
        return t("dossier_internal.internal_left_out", lang, n=self.internal)


def is_coach_note(event: DossierEvent) -> bool:
    return event.direction == "note" and isinstance(event.data.get("lint"), Mapping)


def is_internal_note(event: DossierEvent) -> bool:
    return event.direction == "note" and event.channel != MAIL_CHANNEL


def for_amazon(facts: DossierFacts, *, internal: bool = False) -> tuple[DossierFacts, LeftOut]:
    """The facts with the coach's notes, and unless ``internal`` the team's notes, left out;
    a left-out note that carries files stays as an entry without its text."""
    kept: list[DossierEvent] = []
    others = 0
    for event in facts.events:
        coach = is_coach_note(event)
        hidden = not internal and is_internal_note(event) and bool((event.body or "").strip())
        if not (coach or hidden):
            kept.append(event)
            continue
        others += not coach
        if event.attachments:  # the files stay: evidence, numbered as always
            kept.append(replace(event, body="", data={}))
    return replace(facts, events=tuple(kept)), LeftOut(internal=others)
