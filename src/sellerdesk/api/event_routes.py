"""``POST /api/v1/cases/{id}/events``: a communication record, JSON or multipart with files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.case_routes import ERRORS
from sellerdesk.api.errors import PayloadTooLarge
from sellerdesk.api.idempotent import respond
from sellerdesk.api.models import Change, Error, EventCreate
from sellerdesk.api.state import State, state_of
from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import cases
from sellerdesk.services.attachments import CHUNK, StoredFile, check_upload, store_stream
from sellerdesk.services.event_guard import authorize_event
from sellerdesk.web.uploads import UploadTooLarge, read_upload

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
MAX_FILES = 20
FORM_FIELDS = ("direction", "body", "channel", "occurred_at", "version")
EVENT_SCHEMA = {"$ref": "#/components/schemas/EventCreate"}
MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["direction"],
    "properties": {
        "direction": {"type": "string", "enum": list(cases.DIRECTIONS)},
        "body": {"type": "string"},
        "channel": {"type": "string", "enum": list(cases.EVENT_CHANNELS)},
        "occurred_at": {"type": "string", "description": "ISO-8601 with an offset"},
        "version": {"type": "integer", "minimum": 1},
        "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}},
    },
}


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InvalidInput(
            f"{text!r} is not an ISO-8601 instant with an offset.",
            field="occurred_at",
            fix='write e.g. "2026-03-08T10:00:00+08:00".',
        )
    return value


def _validated(fields: dict[str, Any]) -> EventCreate:
    try:
        return EventCreate.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or None
        raise InvalidInput(str(first.get("msg")), field=where, fix="see /docs.") from None


async def _read(request: Request) -> tuple[EventCreate, list[UploadFile]]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            data = await request.json()
        except ValueError:
            raise HTTPException(400, "the body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise InvalidInput("the body must be a JSON object.", field=None, fix="send {…}.")
        return _validated(data), []
    if kind == "multipart/form-data":
        state = state_of(request)
        try:
            form = await read_upload(
                request,
                limit=state.upload_limit,
                per_file=state.ctx.max_attachment_bytes,
                max_files=MAX_FILES,
                max_fields=len(FORM_FIELDS) + 10,
            )
        except UploadTooLarge as exc:
            raise exc.recast(PayloadTooLarge, field="attachments") from None
        form.check()
        extra = sorted(k for k in form.names if k not in (*FORM_FIELDS, "attachments"))
        if extra:
            form.close()
            raise InvalidInput(
                f"unknown form field {extra[0]!r}.", field=extra[0], fix="see /docs."
            )
        fields = {k: v for k in FORM_FIELDS if (v := form.fields.get(k)) is not None}
        try:
            return _validated(fields), form.files
        except InvalidInput:
            form.close()
            raise
    raise HTTPException(415, "send application/json or multipart/form-data.")


def _chunks(upload: UploadFile) -> Iterator[bytes]:
    upload.file.seek(0)
    while chunk := upload.file.read(CHUNK):
        yield chunk


def _store(files: list[UploadFile], request: Request) -> list[StoredFile]:
    ctx = state_of(request).ctx
    out = []
    try:  # every file's content checked before any is stored: a refusal leaves no blob
        for upload in files:
            check_upload(upload.file, upload.filename or "", upload.content_type)
    except InvalidInput as exc:
        raise exc.recast(InvalidInput, field="attachments") from None
    for upload in files:
        try:
            out.append(
                store_stream(
                    _chunks(upload),
                    upload.filename or "",
                    ctx=ctx,
                    declared_type=upload.content_type,
                )
            )
        except InvalidInput as exc:  # too big (413), or not what its name says (422)
            kind = PayloadTooLarge if exc.key == "attach.too_big" else InvalidInput
            raise exc.recast(kind, field="attachments") from None
    return out


@router.post(
    "/{case_id}/events",
    status_code=201,
    response_model=Change,
    responses={**ERRORS, 415: {"model": Error}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": EVENT_SCHEMA},
                "multipart/form-data": {"schema": MULTIPART_SCHEMA},
            },
        }
    },
)
async def log_event(
    request: Request,
    state: State,
    principal: CurrentPrincipal,
    case_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    """Append a message, call or note (``direction`` in, out or note); attach files with
    multipart/form-data (``attachments``, each up to the attachment size limit)."""
    # authorized before the body is read: a refused upload never reaches the disk
    await run_in_threadpool(
        authorize_event, sessions=state.sessions, case_id=case_id, principal=principal
    )
    event, files = await _read(request)
    try:
        occurred = _instant(event.occurred_at)
        if files:  # the version the body names, before any blob is written
            await run_in_threadpool(
                authorize_event,
                sessions=state.sessions,
                case_id=case_id,
                principal=principal,
                expected_version=event.version,
            )
        stored = await run_in_threadpool(_store, files, request)
    finally:
        for upload in files:
            upload.file.close()
    payload = {**event.model_dump(), "attachments": [(f.file_name, f.sha256) for f in stored]}
    return await run_in_threadpool(
        _logged, request, principal, case_id, event, occurred, stored, payload
    )


def _logged(
    request: Request,
    principal: Principal,
    case_id: int,
    event: EventCreate,
    occurred: datetime | None,
    stored: list[StoredFile],
    payload: dict[str, Any],
) -> Response:
    state = state_of(request)

    def work() -> tuple[int, dict[str, Any]]:
        out = cases.log_event(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(principal),
            case_id=case_id,
            direction=event.direction,
            body=event.body,
            channel=event.channel,
            author=principal.name,
            occurred_at=occurred,
            stored=stored,
            expected_version=event.version,
            principal=principal,
        )
        return 201, dict(jsonable(out))

    return respond(request, principal, payload, work)
