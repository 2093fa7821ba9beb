"""The Plan of Action over HTTP (``services/poa.py``; docs/api.md, "Plan of Action").

``POST /api/v1/cases/{id}/poa`` drafts a POA from the case's facts and saves it as the next
version; ``GET`` reads the newest version, ``PUT`` saves an edited one (naming the
``version`` read: a stale one is a 409); ``POST /api/v1/poa/lint`` lints a POA and renders
its paste text without storing anything. A case of a store not granted is "not found", a
viewer's draft or save "forbidden".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.models import Error, Instant, Strict
from sellerdesk.api.state import State
from sellerdesk.core.poa.model import Poa, poa_from_mapping
from sellerdesk.services import poa as poa_service

router = APIRouter(prefix="/api/v1", tags=["poa"])
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The case's id.")]
Lang = Annotated[Literal["en", "zh"], Query(description="Language of the findings and fixes.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 422)
}
Text = Annotated[str, Field(max_length=4000)]
Short = Annotated[str, Field(max_length=100)]


class ActionIn(Strict):
    what: Text = ""
    date: Short = ""
    owner: Short = ""


class PoaIn(Strict):
    """A Plan of Action: the three parts, the evidence and the identifiers (docs/poa.md)."""

    kind: str = Field(max_length=40, description="account-deactivation, listing-removal, …")
    lang: Literal["en", "zh"] = "en"
    store: Short = ""
    marketplace: str = Field(default="", max_length=8)
    notice: Text = ""
    root_causes: list[Text] = Field(default_factory=list, max_length=50)
    corrective_actions: list[ActionIn] = Field(default_factory=list, max_length=50)
    preventive_measures: list[ActionIn] = Field(default_factory=list, max_length=50)
    evidence: list[Short] = Field(default_factory=list, max_length=50)
    order_ids: list[Short] = Field(default_factory=list, max_length=50)
    asins: list[Short] = Field(default_factory=list, max_length=50)
    case_ids: list[Short] = Field(default_factory=list, max_length=50)

    def model(self) -> Poa:
        return poa_from_mapping(self.model_dump())


class DraftRequest(Strict):
    kind: str = Field(max_length=40)
    lang: Literal["en", "zh"] = Field(default="en", description="The plan's language.")


class SaveRequest(Strict):
    version: int = Field(ge=0, description="The version you read (0: none saved yet).")
    poa: PoaIn


class LintRequest(Strict):
    poa: PoaIn


class ActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    what: str
    date: str
    owner: str


class PoaOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    kind: str
    lang: str
    case_id: int | None
    store: str
    marketplace: str
    notice: str
    root_causes: list[str]
    corrective_actions: list[ActionOut]
    preventive_measures: list[ActionOut]
    evidence: list[str]
    order_ids: list[str]
    asins: list[str]
    case_ids: list[str]


class FindingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    severity: str
    field: str
    message: str
    fix: str
    rule: str
    source: str
    as_of: str
    basis: str


class CheckOut(BaseModel):
    """The linter's findings in ``lang`` and the paste text (in the plan's language)."""

    model_config = ConfigDict(from_attributes=True)
    findings: list[FindingOut]
    ready: bool
    text: str
    untranslated: list[str]
    chars: int


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    version: int
    kind: str
    saved_at: Instant
    saved_by: str


class CasePoaOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    case_id: int
    version: int
    saved_at: Instant | None
    saved_by: str | None
    poa: PoaOut
    check: CheckOut
    history: list[VersionOut]


def _out(view: poa_service.CasePoa) -> CasePoaOut:
    return CasePoaOut.model_validate(view)


@router.post(
    "/cases/{case_id}/poa",
    response_model=CasePoaOut,
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
def draft_poa(
    state: State,
    principal: CurrentPrincipal,
    case_id: CaseId,
    body: DraftRequest,
    lang: Lang = "en",
) -> CasePoaOut:
    """Draft a Plan of Action of ``kind`` from the case's facts (placeholders ``<<FILL: …>>``
    where only the seller knows) and save it as the case's next version."""
    return _out(
        poa_service.create(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            case_id=case_id,
            kind=body.kind,
            poa_lang=body.lang,
            rules=poa_service.rules_at(state.settings.home),
            lang=lang,
            principal=principal,
        )
    )


@router.get("/cases/{case_id}/poa", response_model=CasePoaOut, responses=ERRORS)
def read_poa(
    state: State, principal: CurrentPrincipal, case_id: CaseId, lang: Lang = "en"
) -> CasePoaOut:
    """The newest saved Plan of Action of the case, linted, with its paste text and history."""
    return _out(
        poa_service.load(
            sessions=state.sessions,
            case_id=case_id,
            rules=poa_service.rules_at(state.settings.home),
            lang=lang,
            principal=principal,
        )
    )


@router.put("/cases/{case_id}/poa", response_model=CasePoaOut, responses=ERRORS)
def save_poa(
    state: State, principal: CurrentPrincipal, case_id: CaseId, body: SaveRequest, lang: Lang = "en"
) -> CasePoaOut:
    """Save an edited Plan of Action as the next version (audited as ``save_poa``)."""
    return _out(
        poa_service.save(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            case_id=case_id,
            poa=body.poa.model(),
            rules=poa_service.rules_at(state.settings.home),
            lang=lang,
            expected_version=body.version,
            principal=principal,
        )
    )


@router.post("/poa/lint", response_model=CheckOut, responses=ERRORS)
def lint_poa(
    state: State, principal: CurrentPrincipal, body: LintRequest, lang: Lang = "en"
) -> CheckOut:
    """Lint a Plan of Action and give its paste text; nothing is stored."""
    del principal  # any signed-in role may lint: it reads and writes nothing of the store
    checked = poa_service.check(body.poa.model(), poa_service.rules_at(state.settings.home), lang)
    return CheckOut.model_validate(checked)
