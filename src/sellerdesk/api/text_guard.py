"""One gate for text entering the app over HTTP (issue 13, items 1 and 12).

An ASGI middleware in front of every route, API and pages alike, so no field can be
forgotten: it refuses, before any route runs,

* a query string, path or form field (URL-encoded or multipart) holding bytes that are not
  UTF-8 or a NUL;
* a JSON body that is not UTF-8 (400), nested more than ``MAX_DEPTH`` levels (422, found by a
  flat scan before anything parses it recursively) or holding a lone surrogate (``\\ud800``)
  or NUL in any string or key (422 naming the field, e.g. ``timeline.0.what``).

URL-encoded and JSON bodies are small (the body limit) and read whole here first; multipart
bodies stream on (they carry uploads), their text fields checked as they pass and the
request refused by an exception (:class:`BadText`) as soon as one is bad, before the route
has stored anything. The API answers JSON errors, the pages an HTML page in their language.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sellerdesk.core.errors import InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.input_guard import MAX_DEPTH, depth, find_bad_text, problem

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
MAX_FIELD_BYTES = 1 << 20  # a multipart text field checked (starlette's own part limit)


class BadText(HTTPException):
    """Raised from inside a route's body reading: refused text in a multipart field."""

    def __init__(self, error: SellerDeskError, status: int = 422) -> None:
        super().__init__(status, error.message)
        self.error = error


Refusal = Callable[[Request, SellerDeskError, int], Awaitable[Response]]


def _bytes_problem(raw: bytes, field: str) -> SellerDeskError | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InvalidInput.of("input.not_utf8", field=field, offset=exc.start)
    kind = problem(text)
    return None if kind is None else InvalidInput.of(f"input.{kind}", field=field)


def urlencoded_problem(raw: bytes) -> SellerDeskError | None:
    """The first bad name or value of ``a=1&b=2`` (query strings and URL-encoded forms)."""
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        key = unquote_to_bytes(name.replace(b"+", b" "))
        field = key.decode("utf-8", "replace") or "query"
        for part in (key, unquote_to_bytes(value.replace(b"+", b" "))):
            if (found := _bytes_problem(part, field)) is not None:
                return found
    return None


def json_problem(raw: bytes) -> tuple[int, SellerDeskError] | None:
    """Why a JSON body is refused (status, error), or None to let the route read it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return 400, InvalidInput.of("input.not_utf8", field="body", offset=exc.start)
    if depth(text) > MAX_DEPTH:
        return 422, InvalidInput.of("input.too_deep", field="body", limit=MAX_DEPTH)
    try:
        document = json.loads(text)
    except ValueError:  # malformed JSON: the route's own parser words it
        return None
    found = find_bad_text(document)
    if found is None:
        return None
    path, kind = found
    return 422, InvalidInput.of(f"input.{kind}", field=path or "body")


class _MultipartCheck:
    """Feeds a multipart body through python-multipart's streaming parser, checking each
    text field (not files) and each file name; ``bad`` is the first problem found."""

    def __init__(self, boundary: bytes) -> None:
        self.bad: SellerDeskError | None = None
        self._header = self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._data: bytearray | None = None
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._field,
                "on_header_value": self._hvalue,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )
        self._broken = False

    def feed(self, chunk: bytes) -> None:
        if self._broken or self.bad is not None or not chunk:
            return
        try:
            self._parser.write(chunk)
        except Exception:  # malformed multipart: starlette's own parser answers it
            self._broken = True

    def _begin(self) -> None:
        self._headers, self._data = {}, None

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _hvalue(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header.lower()] = self._value
        self._header = self._value = b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        raw_name = options.get(b"name", b"")
        self._name = raw_name.decode("utf-8", "replace") or "form"
        if self.bad is None:
            self.bad = _bytes_problem(raw_name, self._name)
        if b"filename" in options:
            if self.bad is None:
                self.bad = _bytes_problem(options[b"filename"], self._name)
        else:
            self._data = bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._data is not None and len(self._data) <= MAX_FIELD_BYTES:
            self._data += data[start:end]

    def _part_end(self) -> None:
        if self._data is not None and self.bad is None:
            self.bad = _bytes_problem(bytes(self._data), self._name)
        self._data = None


def _path_problem(scope: Scope) -> SellerDeskError | None:
    kind = problem(str(scope.get("path", "")))
    return None if kind is None else NotFound.of(f"input.{kind}", field="path")


class TextGuard:
    """ASGI middleware; ``refuse(request, error, status)`` builds the answer to bad text."""

    def __init__(
        self, app: ASGIApp, refuse: Refusal, cut_answered: Callable[[str], bool] | None = None
    ) -> None:
        self.app = app
        self.refuse = refuse
        # paths whose page answers a form over the body limit itself, from what was read
        # before the limit (the draft's edit form names the box): passed on, not refused
        self.cut_answered = cut_answered or (lambda _path: False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        early = _path_problem(scope) or urlencoded_problem(scope.get("query_string") or b"")
        if early is not None:
            status = 404 if isinstance(early, NotFound) else 422
            await self._answer(scope, early, status, send)
            return
        if scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        kind, options = parse_options_header(headers.get(b"content-type", b""))
        kind = kind.lower()
        if kind == b"multipart/form-data" and options.get(b"boundary"):
            await self.app(scope, _checked_stream(receive, options[b"boundary"]), send)
            return
        if kind and kind != b"application/x-www-form-urlencoded" and not _is_json(kind):
            await self.app(scope, receive, send)
            return
        read: list[bytes] = []
        try:
            body, more = await _read_all(receive, read)
        except HTTPException as exc:  # the body limit, while reading
            if exc.status_code == 413 and self.cut_answered(scope.get("path", "")):
                await self.app(scope, _cut(b"".join(read), exc), send)
                return
            error = InvalidInput(str(exc.detail), field="body")
            await self._answer(scope, error, exc.status_code, send)
            return
        refused: tuple[int, SellerDeskError] | None = None
        if body and kind == b"application/x-www-form-urlencoded":
            if (bad := urlencoded_problem(body)) is not None:
                refused = 422, bad
        elif body:
            refused = json_problem(body)
        if refused is not None:
            await self._answer(scope, refused[1], refused[0], send)
            return
        await self.app(scope, _replay(body, more, receive), send)

    async def _answer(self, scope: Scope, error: SellerDeskError, status: int, send: Send) -> None:
        response = await self.refuse(Request(scope), error, status)
        await response(scope, _nothing, send)


def _is_json(kind: bytes) -> bool:
    return kind == b"application/json" or kind.endswith(b"+json")


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


async def _read_all(receive: Receive, chunks: list[bytes]) -> tuple[bytes, list[Message]]:
    """The whole body (its pieces kept in ``chunks`` as read, for a body cut short)."""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), []


def _cut(body: bytes, refusal: HTTPException) -> Receive:
    """The body read up to the limit, then the limit's refusal again (api/limits.py)."""
    sent = False

    async def cut() -> Message:
        nonlocal sent
        if sent:
            raise refusal
        sent = True
        return {"type": "http.request", "body": body, "more_body": True}

    return cut


def _replay(body: bytes, more: list[Message], receive: Receive) -> Receive:
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *more]

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def _checked_stream(receive: Receive, boundary: bytes) -> Receive:
    check = _MultipartCheck(boundary)

    async def checked() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            check.feed(message.get("body", b""))
            if check.bad is not None:
                raise BadText(check.bad)
        return message

    return checked


def bad_text_of(exc: Any) -> tuple[SellerDeskError, int] | None:
    """The error and status a :class:`BadText` carries (for the app's exception handler)."""
    return (exc.error, exc.status_code) if isinstance(exc, BadText) else None
