"""Mail read in over HTTP (``services/mail``; docs/api.md, "Mail").

``GET /api/v1/mail/unfiled`` lists the Unfiled inbox (newest first, the stores the caller
may read); ``POST /api/v1/mail/unfiled/{id}/file`` files one on a case, ``…/new`` creates a
case from it, ``…/dismiss`` takes it out of the inbox, ``…/restore`` puts a dismissed one
back. Filing takes our case number or an Amazon Case ID of the case (one, not both). A mail
of a store not granted is "not found"; a viewer's action "forbidden"; a mail no longer
unfiled (or, restoring, not dismissed) a 409.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.models import Error, Instant, Strict
from sellerdesk.api.state import State
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.mail import unfiled

router = APIRouter(prefix="/api/v1", tags=["mail"])
MailId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The mail's number.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 422)
}


class MailOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    source_key: str
    from_addr: str
    from_name: str
    subject: str
    sent_at: Instant | None
    received_at: Instant
    state: str
    kind: str
    case_id: int | None
    reason: str | None
    candidates: list[int]
    notes: list[str]
    shown_text: str
    raw_sha256: str | None


class UnfiledOut(BaseModel):
    mails: list[MailOut]
    total: int
    offset: int


class FileIn(Strict):
    """Which case: our number or an Amazon Case ID it carries, exactly one of them."""

    case_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="Our case number.")
    amazon_case_id: str | None = Field(
        default=None,
        pattern=r"^[0-9]{9,12}$",
        description="An Amazon Case ID (9 to 12 digits) held on one of our cases.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> FileIn:
        if (self.case_id is None) == (self.amazon_case_id is None):
            # an InvalidInput passes pydantic through to the handlers: catalog words, 422
            raise InvalidInput.of("mail.file_which", field="case")
        return self

    def typed(self) -> int | str:
        # the service looks a 9+ digit text up as an Amazon Case ID (services.mail.unfiled)
        return self.case_id if self.case_id is not None else str(self.amazon_case_id)


class NewCaseIn(Strict):
    store: str = Field(min_length=1, max_length=120)
    marketplace: str | None = Field(default=None, max_length=8)


def _out(view: Any) -> MailOut:
    return MailOut.model_validate(view)


@router.get("/mail/unfiled", response_model=UnfiledOut, responses=ERRORS)
def list_unfiled(
    state: State,
    principal: CurrentPrincipal,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = unfiled.PAGE,
) -> UnfiledOut:
    """Mail no rule could put on exactly one case, newest first, with its candidates."""
    page = unfiled.list_unfiled(state.sessions, principal=principal, offset=offset, limit=limit)
    return UnfiledOut(mails=[_out(m) for m in page.mails], total=page.total, offset=page.offset)


@router.post("/mail/unfiled/{mail_id}/file", response_model=MailOut, responses=ERRORS)
def file_mail(state: State, principal: CurrentPrincipal, mail_id: MailId, body: FileIn) -> MailOut:
    """File the mail on a case (an event on its timeline, as if the rules had found it): by
    ``case_id`` or by an ``amazon_case_id`` of the case (404 when no case of ours has it)."""
    return _out(
        unfiled.file_mail(
            state.sessions,
            mail_id=mail_id,
            case=body.typed(),
            now=state.clock(),
            ctx=state.context_for(principal),
            principal=principal,
        )
    )


@router.post("/mail/unfiled/{mail_id}/new", response_model=MailOut, responses=ERRORS)
def new_case(
    state: State, principal: CurrentPrincipal, mail_id: MailId, body: NewCaseIn
) -> MailOut:
    """Create a draft case from the mail (its subject and text) and file the mail on it."""
    return _out(
        unfiled.new_case_from_mail(
            state.sessions,
            mail_id=mail_id,
            store=body.store,
            marketplace=body.marketplace,
            now=state.clock(),
            ctx=state.context_for(principal),
            principal=principal,
        )
    )


@router.post("/mail/unfiled/{mail_id}/dismiss", response_model=MailOut, responses=ERRORS)
def dismiss(state: State, principal: CurrentPrincipal, mail_id: MailId) -> MailOut:
    """Take the mail out of the Unfiled inbox (it is kept)."""
    return _out(
        unfiled.dismiss_mail(
            state.sessions,
            mail_id=mail_id,
            now=state.clock(),
            ctx=state.context_for(principal),
            principal=principal,
        )
    )


@router.post("/mail/unfiled/{mail_id}/restore", response_model=MailOut, responses=ERRORS)
def restore(state: State, principal: CurrentPrincipal, mail_id: MailId) -> MailOut:
    """Put a dismissed mail back in the Unfiled inbox (409 when it is not dismissed)."""
    return _out(
        unfiled.restore_mail(
            state.sessions,
            mail_id=mail_id,
            now=state.clock(),
            ctx=state.context_for(principal),
            principal=principal,
        )
    )
