"""Request bodies are size-limited: by ``Content-Length`` up front, and while streaming
(chunked uploads have no length), so an oversize request is a 413 and never fills a disk."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "the request body is larger than this endpoint accepts."


NEW_CASE_FORM = "/cases/new"
# the new-case form takes the files a reply takes, so it is limited as a reply form is
# (``limit_for`` of any reply's path: the runtime's upload limit)
LIMITED_AS = {NEW_CASE_FORM: "/cases/0/events"}


def reply_form(path: str) -> bool:
    """The case page's reply form (``/cases/<id>/events``): it answers an oversize upload
    with its page in the reader's language, the typed note kept (``web/uploads.py``)."""
    return path.startswith("/cases/") and path.endswith("/events")


def upload_form(path: str) -> bool:
    """A web form that takes files and answers an oversize upload with its own page, the
    typed text kept: a reply on the case page, or the new-case form. API clients keep
    the JSON 413 (their paths are under ``/api/``)."""
    return path == NEW_CASE_FORM or reply_form(path)


class BodyLimit:
    """ASGI middleware; ``limit_for(path)`` gives each path's limit in bytes."""

    def __init__(
        self,
        app: ASGIApp,
        limit_for: Callable[[str], int],
        counted_only: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        # paths whose page answers an oversize body itself (keeping the fields read before
        # the limit): their declared length is not refused up front, only counted
        self.counted_only = counted_only or upload_form

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.limit_for(LIMITED_AS.get(path) or path)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await _refuse(send, limit)
            return
        if declared is not None and int(declared) > limit and not self.counted_only(path):
            await _refuse(send, limit)
            return
        received, over = 0, False

        async def counted() -> Message:
            # the bytes up to the limit are passed on (a form's fields before an oversize
            # file stay readable); the next read is refused
            nonlocal received, over
            if over:  # FastAPI passes HTTPException through its body parsing
                raise HTTPException(413, TOO_LARGE)
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                received += len(body)
                if received > limit:
                    over = True
                    fits = len(body) - (received - limit)
                    return {**message, "body": body[:fits], "more_body": True}
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "error": {
                "code": "payload-too-large",
                "message": TOO_LARGE,
                "field": "Content-Length",
                "fix": f"send at most {limit} bytes.",
                "key": "request.too_large",  # every error names its key (api/errors.py)
            }
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
