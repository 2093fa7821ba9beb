"""Fetch the seller performance report live through ``python-amazon-sp-api`` (extra ``spapi``).

Request ``GET_V2_SELLER_PERFORMANCE_REPORT`` for one marketplace, poll until Amazon has
built it, download the document. Credentials are the library's own (``LWA_APP_ID``,
``LWA_CLIENT_SECRET``, ``SP_API_REFRESH_TOKEN`` in the environment, or an account in its
``credentials.yml``): Seller Desk never reads or stores them. The library is imported only
here, when a fetch is asked for; tests drive :func:`fetch_document` with a fake client that
replays recorded responses, never Amazon.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Self

from sellerdesk.core.errors import InvalidInput

REPORT_TYPE = "GET_V2_SELLER_PERFORMANCE_REPORT"
INSTALL = 'pip install "sellerdesk[spapi]"  (or: pip install python-amazon-sp-api)'


class ReportsClient(Protocol):
    """The three calls of ``sp_api.api.Reports`` used here; each answer has ``.payload``."""

    def create_report(self, **kwargs: Any) -> Any: ...

    def get_report(self, reportId: str) -> Any: ...

    def get_report_document(self, reportDocumentId: str, download: bool = False) -> Any: ...


def _payload(response: Any, call: str) -> Mapping[str, Any]:
    """The JSON object an answer carries (read here, at the edge of the library)."""
    payload = getattr(response, "payload", None)
    if not isinstance(payload, Mapping):
        raise InvalidInput(f"{call} answered without a payload.", field="SP-API")
    return payload


@dataclass(frozen=True, slots=True)
class ReportState:
    """``getReport``: how far Amazon is with the report, and its document once DONE."""

    report_id: str
    status: str | None  # IN_QUEUE | IN_PROGRESS | DONE | CANCELLED | FATAL
    document_id: str | None

    @classmethod
    def of(cls, response: Any, report_id: str) -> Self:
        payload = _payload(response, "getReport")
        status, document = payload.get("processingStatus"), payload.get("reportDocumentId")
        return cls(
            report_id=report_id,
            status=None if status is None else str(status),
            document_id=str(document) if document else None,
        )


def _created(response: Any) -> str:
    """``createReport``: the new report's id."""
    report_id = _payload(response, "createReport").get("reportId")
    if not report_id:
        raise InvalidInput("createReport gave no reportId.", field="SP-API")
    return str(report_id)


def _downloaded(response: Any, document_id: str) -> Any:
    """``getReportDocument`` with ``download=True``: the document (JSON text or decoded)."""
    payload = _payload(response, "getReportDocument")
    if "document" not in payload:
        raise InvalidInput(f"document {document_id} was not downloaded.", field="SP-API")
    return payload["document"]


def fetch_document(
    client: ReportsClient,
    marketplace_id: str,
    *,
    timeout: float = 300.0,
    poll_every: float = 15.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Any:
    """The report document (JSON text or already decoded) for one marketplace."""
    report_id = _created(
        client.create_report(reportType=REPORT_TYPE, marketplaceIds=[marketplace_id])
    )
    deadline = clock() + timeout
    while True:
        report = ReportState.of(client.get_report(report_id), report_id)
        if report.status == "DONE":
            break
        if report.status in ("CANCELLED", "FATAL"):
            raise InvalidInput.of(
                "spapi.report_ended", field="SP-API", report=report_id, status=report.status
            )
        if clock() >= deadline:
            raise InvalidInput.of(
                "spapi.not_ready",
                field="SP-API",
                report=report_id,
                waited=timeout,
                status=report.status,
            )
        sleep(poll_every)
    if report.document_id is None:
        raise InvalidInput(f"report {report_id} is DONE without a document.", field="SP-API")
    return _downloaded(
        client.get_report_document(report.document_id, download=True), report.document_id
    )


def sp_api_client(marketplace: str, account: str) -> ReportsClient:
    """A ``Reports`` client of python-amazon-sp-api, with its errors made readable."""
    try:
        from sp_api.api import Reports
        from sp_api.base import Marketplaces
    except ImportError:
        raise InvalidInput.of("spapi.not_installed", field="SP-API", install=INSTALL) from None
    try:
        place = Marketplaces[marketplace]
    except KeyError:
        raise InvalidInput(
            f"python-amazon-sp-api knows no marketplace {marketplace!r}.", field="marketplace"
        ) from None
    try:
        client: ReportsClient = Reports(marketplace=place, account=account)
    except Exception as exc:  # the library's MissingCredentials and config errors
        raise InvalidInput.of(
            "spapi.no_credentials", field="account", reason=f"{type(exc).__name__}: {exc}"
        ) from None
    return _Readable(client)


class _Readable:
    """Turns the library's exceptions (SellingApiException, HTTP errors) into InvalidInput."""

    def __init__(self, client: ReportsClient) -> None:
        self._client = client

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._client, name)(*args, **kwargs)
        except InvalidInput:
            raise
        except Exception as exc:  # the library raises its own hierarchy and httpx's
            raise InvalidInput.of(
                "spapi.call_failed",
                field="SP-API",
                call=name,
                reason=f"{type(exc).__name__}: {exc}",
            ) from None

    def create_report(self, **kwargs: Any) -> Any:
        return self._call("create_report", **kwargs)

    def get_report(self, reportId: str) -> Any:
        return self._call("get_report", reportId)

    def get_report_document(self, reportDocumentId: str, download: bool = False) -> Any:
        return self._call("get_report_document", reportDocumentId, download=download)
