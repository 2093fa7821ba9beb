"""``/api/v1/cases``: list, create, show, edit, change status, dossier, attachments.

Every call is scoped by the caller's Principal inside the services: a case of a store not
granted is "not found"; a viewer's write is "forbidden".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.api import draft_routes
from sellerdesk.api.auth import BearerCredentials, CurrentPrincipal, current_principal
from sellerdesk.api.idempotent import respond
from sellerdesk.api.models import (
    CaseCreate,
    CaseDetail,
    CaseList,
    CasePatch,
    Change,
    Error,
    StatusChange,
)
from sellerdesk.api.state import State
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.jsonable import jsonable
from sellerdesk.core.zones import zone_named
from sellerdesk.services import cases
from sellerdesk.services.dossier import dossier_in, file_name

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The case's id.")]
Name = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 401, 403, 404, 409, 413, 422)
}
# inline is safe for a dossier: it has no script, and this policy forbids any
DOSSIER_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
JSON = "application/json"
SAFE_INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain")


@router.get("", response_model=CaseList, responses=ERRORS)
async def list_cases(
    request: Request,
    state: State,
    credentials: BearerCredentials,
    store: Name = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    breaching: bool = False,
    tag: Annotated[str | None, Query(max_length=80, pattern=r"^[^\x00]*$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    view: Annotated[
        Literal[
            "mine",
            "unassigned",
            "breaching-soon",
            "needs-action",
            "waiting-amazon",
            "resolved-week",
        ]
        | None,
        Query(description="A view: your open cases, nobody's, due within 24 h, …"),
    ] = None,
    assignee: Annotated[
        str | None, Query(max_length=80, pattern=r"^[^\x00]*$", description="`-`: nobody's.")
    ] = None,
    priority: Annotated[Literal["urgent", "high", "normal"] | None, Query()] = None,
    marketplace: Annotated[str | None, Query(max_length=4, pattern=r"^[A-Za-z]*$")] = None,
    sort: Annotated[
        Literal["next_breach", "updated", "assignee", "priority", "status", "marketplace"],
        Query(),
    ] = "next_breach",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
) -> Response:
    """Cases of the stores you may read, soonest breach first (``tag``: those carrying it;
    ``view``: one of the web app's views, ``mine`` being yours; ``sort`` and ``order``: by
    another column)."""

    # The busiest read (clients poll it): signing in, the query and the JSON run in one
    # worker-thread hop, where a sync dependency plus a sync endpoint took two, and the
    # body is serialised here rather than by FastAPI's response-model pass (which cost
    # more than the query). Its schema is still CaseList, which the OpenAPI tests check.
    def page() -> bytes:
        principal = current_principal(request, state, credentials)
        rows = cases.list_cases(
            sessions=state.sessions,
            now=state.clock(),
            store=store,
            status=status,
            breaching=breaching,
            tag=tag,
            limit=limit,
            principal=principal,
            cache=state.list_cache,
            view=view,
            zone=zone_named(state.ctx.team_zone, field="team.timezone"),
            assignee=assignee,
            priority=priority,
            marketplace=marketplace or None,
            sort=sort,
            descending=order == "desc",
        )
        return orjson.dumps({"count": len(rows), "cases": rows})

    return Response(await run_in_threadpool(page), media_type=JSON)


@router.post("", status_code=201, response_model=CaseDetail, responses=ERRORS)
def create_case(
    request: Request, state: State, principal: CurrentPrincipal, draft: CaseCreate
) -> Response:
    """Create a draft case (agent on the store, or admin). ``Idempotency-Key`` supported."""
    payload = draft.model_dump()
    body = {
        k: payload[k]
        for k in ("description", "expected", "actual", "timeline", "error_codes", "steps")
        if payload[k]
    }

    def work() -> tuple[int, dict[str, Any]]:
        ctx, now = state.context_for(principal), state.clock()
        case_id = cases.create(
            sessions=state.sessions,
            now=now,
            ctx=ctx,
            store=draft.store,
            marketplace=draft.marketplace,
            subject=draft.subject,
            body=body,
            order_ids=draft.order_ids,
            asins=draft.asins,
            skus=draft.skus,
            shipment_ids=draft.shipment_ids,
            priority=draft.priority,
            category=draft.category,
            desk=draft.desk,
            language=draft.language,
            force=draft.force,
            reason=draft.reason,
            principal=principal,
        )
        shown = cases.show(
            sessions=state.sessions, now=now, ctx=ctx, case_id=case_id, principal=principal
        )
        return 201, CaseDetail.model_validate(shown).model_dump(mode="json")

    return respond(request, principal, payload, work, lambda b: f"/api/v1/cases/{b['id']}")


@router.get("/{case_id}", response_model=CaseDetail, responses=ERRORS)
def show_case(state: State, principal: CurrentPrincipal, case_id: CaseId) -> CaseDetail:
    """The case with its Case IDs, identifiers, events (with attachments) and clocks."""
    shown = cases.show(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.ctx,
        case_id=case_id,
        principal=principal,
    )
    return CaseDetail.model_validate(shown)


@router.patch("/{case_id}", response_model=Change, responses=ERRORS)
def edit_case(
    state: State, principal: CurrentPrincipal, case_id: CaseId, patch: CasePatch
) -> dict[str, Any]:
    """Change subject, priority, category, marketplace, tags or assignee, naming the
    ``version`` you read."""
    changes = patch.model_dump(exclude_unset=True)
    changes.pop("version", None)
    if not changes:
        raise InvalidInput(
            "nothing to change.", field=None, fix="send at least one field besides version."
        )
    done = cases.edit(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        case_id=case_id,
        changes=changes,
        expected_version=patch.version,
        principal=principal,
    )
    return dict(jsonable(done))


@router.post("/{case_id}/status", response_model=Change, responses=ERRORS)
def change_status(
    state: State,
    principal: CurrentPrincipal,
    case_id: CaseId,
    change: StatusChange,
) -> dict[str, Any]:
    """Move the case: ``submitted`` (with Amazon's ``case_id``), ``merged`` (with ``into``),
    or any other status the lifecycle allows."""
    done = cases.move(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        case_id=case_id,
        status=change.status,
        amazon_case_id=change.case_id,
        channel=change.channel,
        into=change.into,
        amazon_label=change.amazon_label,
        expected_version=change.version,
        principal=principal,
    )
    return dict(jsonable(done))


DOSSIER_MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}


@router.get(
    "/{case_id}/dossier",
    responses={
        **ERRORS,
        200: {
            "content": {"text/html": {}, "text/markdown": {}, "application/pdf": {}},
            "description": "The dossier.",
        },
    },
    response_class=Response,
)
def case_dossier(
    state: State,
    principal: CurrentPrincipal,
    case_id: CaseId,
    format: Literal["html", "md", "pdf"] = "html",
    lang: Annotated[
        Literal["en", "zh"],
        Query(description="The dossier's language, whatever the reader's interface."),
    ] = "en",
    tz: Annotated[str | None, Query(max_length=64)] = None,
    download: bool = False,
    with_attachments: Annotated[
        bool,
        Query(description="PDF only: append the attachments that are PDFs or images."),
    ] = False,
    internal: Annotated[
        bool,
        Query(
            description="Put the team's internal notes in the dossier (left out by default; "
            "the case coach's notes are never in it)."
        ),
    ] = False,
) -> Response:
    """The evidence dossier, one self-contained file (times in ``tz`` and UTC)."""
    if with_attachments and format != "pdf":  # the service's own words name the CLI's flags
        raise InvalidInput.of(
            "dossier2.attachments_need_pdf_api", field="with_attachments", format=format
        )
    zone = zone_named(tz, field="tz").key if tz else None
    content = dossier_in(
        state.sessions,
        case_id,
        now=state.clock(),
        ctx=state.ctx,
        fmt=format,
        lang=lang,
        zone=zone,
        principal=principal,
        with_attachments=with_attachments,
        internal=internal,
    )
    headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": DOSSIER_POLICY}
    if download:
        name = file_name(
            case_id, format, lang, with_attachments=with_attachments, internal=internal
        )
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(content, media_type=DOSSIER_MEDIA[format], headers=headers)


@router.get(
    "/{case_id}/attachments/{sha256}",
    responses={**ERRORS, 200: {"content": {"application/octet-stream": {}}}},
    response_class=FileResponse,
)
def download_attachment(
    state: State,
    principal: CurrentPrincipal,
    case_id: CaseId,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
) -> FileResponse:
    """An attached file, always as a download (never rendered by the browser)."""
    found = cases.attachment_of_case(
        sessions=state.sessions, ctx=state.ctx, case_id=case_id, sha256=sha256, principal=principal
    )
    media = found.media_type if found.media_type in SAFE_INLINE_TYPES else None
    return FileResponse(
        found.path,
        media_type=media or "application/octet-stream",
        filename=found.file_name,
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


# the draft's routes live in their own module, under this router's prefix
router.include_router(draft_routes.router)
