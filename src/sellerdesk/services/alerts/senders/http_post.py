"""One JSON POST to a webhook with the standard library (no new dependency: httpx is only a
test extra here, and one blocking request per alert needs no client pool)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from sellerdesk.core.alerts.delivery import ChannelKind, DeliveryResult, Outcome
from sellerdesk.core.alerts.vendor_answers import classify_http, transport_failure

_MAX_ANSWER = 64 * 1024  # a vendor's answer is a line of JSON; never read more than this


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def post(
    kind: ChannelKind, url: str, body: bytes, *, timeout: float, rate_limit_wait: float
) -> DeliveryResult:
    """POST ``body`` (UTF-8 JSON) to ``url`` and classify the answer. Never raises for network
    trouble, and never puts ``url`` (the credential) in the result."""
    if not url.startswith(("https://", "http://")):
        return DeliveryResult(Outcome.PERMANENT, "the webhook address is not an http(s) URL")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "sellerdesk"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = HttpAnswer(response.status, response.read(_MAX_ANSWER), dict(response.headers))
    except urllib.error.HTTPError as exc:
        answer = HttpAnswer(
            exc.code, exc.read(_MAX_ANSWER) if exc.fp else b"", dict(exc.headers or {})
        )
    except urllib.error.URLError as exc:
        reason = exc.reason
        timed_out = isinstance(reason, (TimeoutError, socket.timeout))
        return transport_failure(_reason(reason), timed_out=timed_out)
    except TimeoutError as exc:
        return transport_failure(_reason(exc) or "no answer in time", timed_out=True)
    except (ConnectionError, OSError) as exc:
        return transport_failure(_reason(exc), timed_out=False)
    return classify_http(
        kind, answer.status, answer.body, answer.headers, rate_limit_wait=rate_limit_wait
    )


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
