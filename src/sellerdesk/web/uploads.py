"""Reading a multipart upload (the API's event route, the case page's reply form and the
new-case form).

Starlette's parser spools each file part to a temporary file outside the attachments folder;
if the body is cut (client disconnect) or goes over the size limit it closes, and so deletes,
every spooled file. Over the limit — declared or, for a chunked body, counted while reading
(``api/limits.py``) — the text fields already read are kept, so a page can show the note
again with the refusal. A part named like the files field must be a file with a file name:
one without (a plain field, or a file part with an empty name but some bytes) is refused,
never dropped silently; an empty part with an empty name — a browser's unused file input —
is ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.sizes import human_size
from sellerdesk.services.attachments import CHUNK
from sellerdesk.services.runtime import Runtime

FILES_FIELD = "attachments"


class UploadTooLarge(SellerDeskError):
    """The body went over the limit; ``fields`` are the text fields read before it did."""

    fields: dict[str, str]
    file_name: str = ""  # the file being read when the limit was reached, when known

    @property
    def code(self) -> str:
        return "payload-too-large"


@dataclass
class Upload:
    fields: dict[str, str] = field(default_factory=dict)  # each text field's first value
    names: list[str] = field(default_factory=list)  # every part's name, in order
    files: list[UploadFile] = field(default_factory=list)
    nameless: InvalidInput | None = None  # a file part without a file name was sent

    def close(self) -> None:
        for f in self.files:
            f.file.close()

    def check(self) -> None:
        """Refuse (closing the files) an upload that had a file part without a name."""
        if self.nameless is not None:
            self.close()
            raise self.nameless


@dataclass(frozen=True)
class Limits:
    """What a form states next to its file input (and its script checks before sending)."""

    per_file: int  # bytes
    per_file_text: str  # "25 MiB"
    count: int  # files a post may carry
    # the files of one post together: the body is capped at the per-file limit plus a slack
    # for the text fields (Runtime.upload_limit), so the files may share the per-file limit
    total: int = 0  # bytes
    total_text: str = ""


def limits_of(state: Runtime, count: int) -> Limits:
    most = state.ctx.max_attachment_bytes
    return Limits(most, human_size(most), count, most, human_size(most))


def chunks_of(upload: UploadFile) -> Iterator[bytes]:
    """A spooled upload, read again from its start in the attachments' chunk size."""
    upload.file.seek(0)
    while chunk := upload.file.read(CHUNK):
        yield chunk


def too_large(
    limit: int, per_file: int, fields: dict[str, str], key: str = "upload.too_large"
) -> UploadTooLarge:
    """``key``: the refusal's words (a reply's, or the new-case form's)."""
    error = UploadTooLarge.of(
        key,
        field=FILES_FIELD,
        limit=human_size(limit),
        per_file=human_size(per_file),
    )
    error.fields = fields
    return error


def _text_fields(items: list[tuple[str, str | UploadFile]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in items:
        if isinstance(value, str):
            out.setdefault(name, value)
    return out


def _nameless(value: str | UploadFile) -> bool:
    """A part of the files field that is not a named file (an unused file input is not)."""
    if isinstance(value, str):
        return value != ""
    return not value.filename and bool(value.size)


async def read_upload(
    request: Request,
    *,
    limit: int,
    per_file: int,
    max_files: int,
    max_fields: int,
    too_large_key: str = "upload.too_large",
) -> Upload:
    """The parsed multipart body (``check()`` refuses a file part without a file name);
    UploadTooLarge over ``limit``, HTTPException 400 for a malformed multipart body. A
    URL-encoded form (no files) is read as one, so that its CSRF token is judged like any
    other form's rather than refused as "not multipart"."""
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = await request.form(max_files=0, max_fields=max_fields)
        upload = Upload(names=[name for name, _ in form.multi_items()])
        upload.fields = _text_fields(list(form.multi_items()))
        if any(name == FILES_FIELD and value != "" for name, value in form.multi_items()):
            upload.nameless = InvalidInput.of(
                "upload.no_file_name", field=FILES_FIELD, name=FILES_FIELD
            )
        return upload
    parser = MultiPartParser(
        request.headers, request.stream(), max_files=max_files, max_fields=max_fields
    )
    try:
        form = await parser.parse()
    except HTTPException as exc:
        if exc.status_code == 413:
            fields = _text_fields(parser.items)
            error = too_large(limit, per_file, fields, too_large_key)
            # which file it was (the parser's part being read; starlette keeps it private)
            part = getattr(parser, "_current_part", None)
            error.file_name = str(getattr(getattr(part, "file", None), "filename", "") or "")
            raise error from None
        raise
    except MultiPartException as exc:
        raise HTTPException(400, exc.message) from None
    upload = Upload()
    for name, value in form.multi_items():
        upload.names.append(name)
        if name == FILES_FIELD and _nameless(value):
            upload.nameless = InvalidInput.of("upload.no_file_name", field=FILES_FIELD, name=name)
        if isinstance(value, str):
            if name != FILES_FIELD:
                upload.fields.setdefault(name, value)
        elif name == FILES_FIELD and value.filename:
            upload.files.append(value)
        else:
            value.file.close()
    return upload
