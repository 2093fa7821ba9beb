"""A threaded HTTP server on 127.0.0.1 (a free port) that records every request and answers
through a vendor's ``answer`` method; what it answers can be scripted per request.

Modes a test may ask for (``receiver.mode = …`` for every request, or ``receiver.plan(…)``
for the next requests in order): ``ok``, ``bad_sign``, ``bad_key``, ``rate_limit``,
``server_error``, ``slow``, ``keyword``. ``ok`` still checks everything the vendor checks, so a
malformed or unsigned request is refused as the vendor would refuse it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

MODES = ("ok", "bad_sign", "bad_key", "rate_limit", "server_error", "slow", "keyword")


@dataclass
class Received:
    """One request as it arrived, and what the receiver made of it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float
    status: int = 0
    answer: bytes = b""
    verdict: str = ""  # "ok" or the vendor's code/word for the refusal

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    verdict: str = "ok"


def json_reply(payload: dict[str, Any], *, status: int = 200, verdict: str = "ok") -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Reply(status, body, {"Content-Type": "application/json; charset=utf-8"}, verdict)


class Receiver:
    """Base of the vendor receivers: subclasses implement :meth:`answer`."""

    slow_seconds = 2.0

    def __init__(self, *, per_minute: int | None = None, clock: Callable[[], float] = time.time):
        self.received: list[Received] = []
        self.mode = "ok"
        self._plan: deque[str] = deque()
        self._lock = threading.Lock()
        self.per_minute = per_minute
        self.clock = clock  # the vendor's clock, for the signature's one-hour window
        self._server: ThreadingHTTPServer | None = None

    # --- what the test sees --------------------------------------------------------------

    @property
    def base(self) -> str:
        assert self._server is not None, "start the receiver first"
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def plan(self, *modes: str) -> None:
        """Answer the next requests in these modes, then go back to :attr:`mode`."""
        for mode in modes:
            assert mode in MODES, mode
        with self._lock:
            self._plan.extend(modes)

    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.verdict == "ok"]

    # --- the server ----------------------------------------------------------------------

    @contextmanager
    def running(self) -> Iterator[Self]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: pytest shows failures itself

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)

    def _next_mode(self) -> str:
        with self._lock:
            return self._plan.popleft() if self._plan else self.mode

    def _over_rate(self, now: float) -> bool:
        if self.per_minute is None:
            return False
        with self._lock:
            recent = [r for r in self.received if r.verdict == "ok" and now - r.at < 60]
            return len(recent) >= self.per_minute

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Received(parts.path, query, dict(handler.headers), body, time.time())
        mode = self._next_mode()
        if mode == "slow":
            time.sleep(self.slow_seconds)
        if mode == "server_error":
            reply = Reply(502, b"<html>502 Bad Gateway</html>", {}, "502")
        elif self._over_rate(request.at) and mode == "ok":
            reply = self.answer(request, "rate_limit")
        else:
            reply = self.answer(request, mode)
        request.status, request.answer, request.verdict = reply.status, reply.body, reply.verdict
        with self._lock:
            self.received.append(request)
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender gave up waiting (the "slow" mode)

    def answer(self, request: Received, mode: str) -> Reply:
        raise NotImplementedError
