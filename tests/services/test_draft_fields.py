"""One list of a case draft's fields (core/cases/body.py): what the body accepts, what the
case page's draft form edits and what the dossier shows, in the case page's order."""

from __future__ import annotations

from sellerdesk.core.cases import body
from sellerdesk.services import dossier_layout
from sellerdesk.services.cases import editing
from sellerdesk.web import case_draft


def test_the_body_the_draft_form_and_the_dossier_read_one_list_of_draft_fields() -> None:
    assert set(body.DRAFT_FIELDS) == set(body.KNOWN)  # every field the body keeps, once
    assert len(body.DRAFT_FIELDS) == len(set(body.DRAFT_FIELDS))
    assert dossier_layout.DRAFT_FIELDS is body.DRAFT_FIELDS
    assert editing.EDITABLE_DRAFT_FIELDS is case_draft.EDITABLE_DRAFT_FIELDS
    assert editing.EDITABLE_DRAFT_FIELDS is body.EDITABLE_DRAFT_FIELDS
    assert [f for f in body.DRAFT_FIELDS if f not in body.EDITABLE_DRAFT_FIELDS] == ["attachments"]


def test_an_edited_draft_keeps_the_attachments_it_listed() -> None:
    stored = {"description": "old", "attachments": ["invoice.pdf"], "asins": ["B0D1TQ8R2W"]}
    new = editing.draft_body(stored, {"description": "new"})
    assert new["attachments"] == ["invoice.pdf"] and new["asins"] == ["B0D1TQ8R2W"]
    assert new["description"] == "new"
