"""The app under a path prefix: ``sellerdesk serve --root-path /desk`` behind a reverse proxy.

A proxy that forwards ``https://intranet/desk/cases`` to ``http://127.0.0.1:8000/cases``
runs uvicorn with ``--root-path /desk``; uvicorn then hands the app ``root_path="/desk"`` and
``path="/desk/cases"``. This ASGI middleware, outermost, makes that prefix one thing the rest
of the app never has to think about:

* inward, the path loses the prefix, so every route, gate and check that reads a path
  (``/api/`` JSON errors, the body limit, the password-change gate, the navigation's
  current page) sees ``/cases`` as it does without a proxy. ``root_path`` stays in the scope:
  ``request.base_url`` (the iCal link) and the OpenAPI document's ``servers`` carry it;
* outward, the prefix is put back on every same-site URL the app writes: the ``Location``
  of a redirect, a cookie's ``Path``, and in HTML pages the ``href``, ``src``, ``action``,
  ``formaction`` and ``data-*`` attributes that start with one ``/``.

So templates keep writing ``href="/cases"``. A script of a page that builds a URL should
take it from such an attribute (a form's ``action``), not from a literal path.
Without a root path (the default) a request passes straight through.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# an attribute value that is a same-site absolute path: "/x", never "//host/x"
LINK = re.compile(rb'(\s(?:href|src|action|formaction|poster|data-[a-z0-9-]+)=")(/(?!/))')
COOKIE_PATH = re.compile(rb"(;\s*[Pp]ath=)(/[^;]*)")


def inner_path(path: str, root: str) -> str:
    """``/desk/cases`` → ``/cases`` (a path without the prefix is left as it came)."""
    if path == root:
        return "/"
    if path.startswith(root + "/"):
        return path[len(root) :]
    return path


def _prefixed(value: bytes, root: bytes) -> bytes:
    if value.startswith(b"/") and not value.startswith(b"//"):
        return root + value
    return value


def _cookie(value: bytes, root: bytes) -> bytes:
    def move(found: re.Match[bytes]) -> bytes:
        path = found.group(2)
        return found.group(1) + (root if path == b"/" else root + path)

    return COOKIE_PATH.sub(move, value)


def html_links(body: bytes, root: bytes) -> bytes:
    return LINK.sub(lambda m: m.group(1) + root + m.group(2), body)


class RootPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = (scope.get("root_path") or "").rstrip("/")
        if scope["type"] != "http" or not root:
            await self.app(scope, receive, send)
            return
        inner = dict(scope)
        inner["path"] = inner_path(scope["path"], root)
        if isinstance(raw := scope.get("raw_path"), bytes):
            inner["raw_path"] = inner_path(raw.decode("latin-1"), root).encode("latin-1")
        await self.app(inner, receive, _Outward(send, root.encode("latin-1")))


class _Outward:
    """``send`` with the prefix put back on redirects, cookies and the links of HTML pages."""

    def __init__(self, send: Send, root: bytes) -> None:
        self.send, self.root = send, root
        self.start: Message | None = None  # an HTML response's start, held for its length
        self.body: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers, html = [], False
            for name, value in message.get("headers", []):
                if name == b"location":
                    value = _prefixed(value, self.root)
                elif name == b"set-cookie":
                    value = _cookie(value, self.root)
                elif name == b"content-type":
                    html = value.startswith(b"text/html")
                headers.append((name, value))
            message = {**message, "headers": headers}
            if html:
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = html_links(b"".join(self.body), self.root)
            headers = [
                (name, str(len(body)).encode() if name == b"content-length" else value)
                for name, value in self.start["headers"]
            ]
            await self.send({**self.start, "headers": headers})
            message = {"type": "http.response.body", "body": body, "more_body": False}
            self.start = None
        await self.send(message)
