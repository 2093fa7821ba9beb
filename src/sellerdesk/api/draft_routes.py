"""``/api/v1/cases/{id}/draft``: a case's structured draft after creation, read and edited as
the case page does (``services/case_drafts.py``), so the API is not poorer than the web.

Included by ``api/case_routes.py``'s router (its prefix); a case of a store not granted is
"not found", a viewer's edit "forbidden", a stale ``version`` a 409.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.models import Error, Strict, TimelineEntry
from sellerdesk.api.state import State
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.case_drafts import CaseDraftView, change_draft, show_draft

router = APIRouter(tags=["cases"])
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The case's id.")]
Lang = Annotated[
    Literal["en", "zh"], Query(description="Language of the coach's findings and fixes.")
]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 422)
}


class DraftLine(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: str
    what: str


class DraftFinding(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    severity: str
    message: str
    fix: str


class CaseDraft(BaseModel):
    """The draft, the case's ``version`` (name it to edit), the coach's score and findings
    in ``lang``, and ``english``: the text to paste into Seller Central."""

    model_config = ConfigDict(from_attributes=True)

    case_id: int
    store: str
    version: int
    description: str
    timeline: list[DraftLine]
    expected: str
    actual: str
    error_codes: list[str]
    steps: list[str]
    order_ids: list[str]
    asins: list[str]
    skus: list[str]
    shipment_ids: list[str]
    attachments: list[str]
    score: int
    category: str
    route: str
    findings: list[DraftFinding]
    english: str


def _list() -> Any:
    return Field(default=None, max_length=200)


class DraftPatch(Strict):
    """The fields to replace, with the ``version`` you read (a stale one is refused with
    409); a field left out stays as it is, an empty one empties it."""

    version: int = Field(ge=1)
    description: str | None = Field(default=None, max_length=20_000)
    timeline: list[TimelineEntry] | None = Field(default=None, max_length=200)
    expected: str | None = Field(default=None, max_length=20_000)
    actual: str | None = Field(default=None, max_length=20_000)
    error_codes: list[Annotated[str, Field(max_length=2000)]] | None = _list()
    steps: list[Annotated[str, Field(max_length=2000)]] | None = _list()
    order_ids: list[Annotated[str, Field(max_length=100)]] | None = _list()
    asins: list[Annotated[str, Field(max_length=100)]] | None = _list()
    skus: list[Annotated[str, Field(max_length=100)]] | None = _list()
    shipment_ids: list[Annotated[str, Field(max_length=100)]] | None = _list()


def _out(view: CaseDraftView) -> CaseDraft:
    return CaseDraft.model_validate(view)


@router.get("/{case_id}/draft", response_model=CaseDraft, responses=ERRORS)
def read_draft(
    state: State, principal: CurrentPrincipal, case_id: CaseId, lang: Lang = "en"
) -> CaseDraft:
    """The case's structured draft with the coach's findings and the English paste text."""
    return _out(
        show_draft(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.ctx,
            home=state.settings.home,
            case_id=case_id,
            lang=lang,
            principal=principal,
        )
    )


@router.patch("/{case_id}/draft", response_model=CaseDraft, responses=ERRORS)
def edit_draft(
    state: State,
    principal: CurrentPrincipal,
    case_id: CaseId,
    patch: DraftPatch,
    lang: Lang = "en",
) -> CaseDraft:
    """Change the draft (naming the ``version`` you read); the draft as saved, re-linted, with
    the case's new ``version``. Audited as ``edit_draft``."""
    changes = patch.model_dump(exclude_unset=True)
    changes.pop("version", None)
    if not changes:
        raise InvalidInput(
            "nothing to change.", field=None, fix="send at least one field besides version."
        )
    return _out(
        change_draft(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            home=state.settings.home,
            case_id=case_id,
            changes={k: v or ([] if k in _LISTS else "") for k, v in changes.items()},
            expected_version=patch.version,
            lang=lang,
            principal=principal,
        )
    )


_LISTS = ("timeline", "error_codes", "steps", "order_ids", "asins", "skus", "shipment_ids")
