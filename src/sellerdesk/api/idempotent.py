"""Answering create requests once per ``Idempotency-Key`` (``services/idempotency.py``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from sellerdesk.api.state import state_of
from sellerdesk.core.access import Principal
from sellerdesk.services import idempotency

KEY_HEADER = "Idempotency-Key"


def fingerprint(request: Request, payload: Any) -> str:
    """The request's identity: method, path and the parsed body (multipart boundaries and
    JSON key order do not matter)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    text = f"{request.method} {request.url.path}\n{canonical}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def respond(
    request: Request,
    principal: Principal,
    payload: Any,
    work: Callable[[], tuple[int, dict[str, Any]]],
    location: Callable[[dict[str, Any]], str] | None = None,
) -> JSONResponse:
    """Run ``work`` (once per key when the request names one) and answer its JSON."""
    key = request.headers.get(KEY_HEADER)
    headers: dict[str, str] = {}
    if key is None or principal.user_id is None:
        status, body = work()
    else:
        state = state_of(request)

        def run() -> idempotency.Answer:
            code, out = work()
            return idempotency.Answer(code, out)

        answer = idempotency.run_once(
            sessions=state.sessions,
            now=state.clock(),
            user_id=principal.user_id,
            key=key,
            fingerprint=fingerprint(request, payload),
            work=run,
            lease=state.idempotency_lease,
        )
        status, body = answer.status_code, answer.body
        if answer.replayed:
            headers["Idempotent-Replayed"] = "true"
    if location is not None and status == 201:
        headers["Location"] = location(body)
    return JSONResponse(body, status_code=status, headers=headers)
