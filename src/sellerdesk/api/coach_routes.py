"""``POST /api/v1/lint``: the case coach over HTTP (the body is a draft, the answer the shape
``case lint --json`` prints). It writes nothing; the store's findings (duplicate, account
readiness) are added only for a store the caller may read."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.case_routes import ERRORS
from sellerdesk.api.models import Strict, TimelineEntry
from sellerdesk.api.state import State
from sellerdesk.services.coach import coach_draft

router = APIRouter(prefix="/api/v1", tags=["coach"])


def _text() -> Any:
    return Field(default="", max_length=20_000)


def _list() -> Any:
    return Field(default_factory=list, max_length=200)


class DraftIn(Strict):
    """A case draft in the coach's format; every field may be empty (the lint says what is
    missing)."""

    store: str = Field(default="", max_length=200)
    marketplace: str = Field(default="", max_length=8)
    category: str = Field(default="", max_length=200)
    subject: str = Field(default="", max_length=1000)
    description: str = _text()
    expected: str = _text()
    actual: str = _text()
    timeline: list[TimelineEntry] = Field(default_factory=list, max_length=200)
    error_codes: list[Annotated[str, Field(max_length=2000)]] = _list()
    steps: list[Annotated[str, Field(max_length=2000)]] = _list()
    order_ids: list[Annotated[str, Field(max_length=100)]] = _list()
    asins: list[Annotated[str, Field(max_length=100)]] = _list()
    skus: list[Annotated[str, Field(max_length=100)]] = _list()
    shipment_ids: list[Annotated[str, Field(max_length=100)]] = _list()
    attachments: list[Annotated[str, Field(max_length=255)]] = _list()
    case_ids: list[Annotated[str, Field(max_length=40)]] = _list()


class LintFinding(Strict):
    code: str
    severity: str
    message: str
    fix: str


class LintOut(Strict):
    score: int
    findings: list[LintFinding]
    category: str
    route: str
    language: str
    paste_findings: list[LintFinding] = Field(
        default_factory=list,
        description="The checks run on the English paste text (``In the paste text: …``).",
    )


@router.post("/lint", response_model=LintOut, responses=ERRORS)
def lint_draft(
    state: State,
    principal: CurrentPrincipal,
    draft: DraftIn,
    lang: Annotated[Literal["en", "zh"], Query(description="Language of the messages.")] = "en",
) -> dict[str, Any]:
    """Score a draft and say what to fix (the same answer as ``case lint --json``)."""
    coached = coach_draft(
        sessions=state.sessions,
        home=state.settings.home,
        fields=draft.model_dump(),
        lang=lang,
        principal=principal,
    )
    return coached.lint
