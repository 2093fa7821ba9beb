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
from collections.abc import Callable
from typing import Any, Protocol

from sellerdesk.core.errors import InvalidInput

REPORT_TYPE = "GET_V2_SELLER_PERFORMANCE_REPORT"
INSTALL = 'pip install "sellerdesk[spapi]"  (or: pip install python-amazon-sp-api)'


class ReportsClient(Protocol):
    """The three calls of ``sp_api.api.Reports`` used here; each answer has ``.payload``."""

    def create_report(self, **kwargs: Any) -> Any: ...

    def get_report(self, reportId: str) -> Any: ...

    def get_report_document(self, reportDocumentId: str, download: bool = False) -> Any: ...


def _payload(response: Any, call: str) -> dict[str, Any]:
    payload = getattr(response, "payload", None)
    if not isinstance(payload, dict):
        raise InvalidInput(f"{call} answered without a payload.", field="SP-API")
    return payload


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
    created = _payload(
        client.create_report(reportType=REPORT_TYPE, marketplaceIds=[marketplace_id]),
        "createReport",
    )
    report_id = created.get("reportId")
    if not report_id:
        raise InvalidInput("createReport gave no reportId.", field="SP-API")
    deadline = clock() + timeout
    while True:
        report = _payload(client.get_report(str(report_id)), "getReport")
        status = report.get("processingStatus")
        if status == "DONE":
            break
        if status in ("CANCELLED", "FATAL"):
            raise InvalidInput.of(
                "spapi.report_ended", field="SP-API", report=report_id, status=status
            )
        if clock() >= deadline:
            raise InvalidInput.of(
                "spapi.not_ready", field="SP-API", report=report_id, waited=timeout, status=status
            )
        sleep(poll_every)
    document_id = report.get("reportDocumentId")
    if not document_id:
        raise InvalidInput(f"report {report_id} is DONE without a document.", field="SP-API")
    document = _payload(
        client.get_report_document(str(document_id), download=True), "getReportDocument"
    )
    if "document" not in document:
        raise InvalidInput(f"document {document_id} was not downloaded.", field="SP-API")
    return document["document"]


def sp_api_client(marketplace: str, account: str) -> ReportsClient:
    """A ``Reports`` client of python-amazon-sp-api, with its errors made readable."""
    try:
        from sp_api.api import Reports
        from sp_api.base import Marketplaces
    except ImportError:
        raise InvalidInput.of(
            "spapi.not_installed", field="health fetch", install=INSTALL
        ) from None
    try:
        place = Marketplaces[marketplace]
    except KeyError:
        raise InvalidInput(
            f"python-amazon-sp-api knows no marketplace {marketplace!r}.", field="--marketplace"
        ) from None
    try:
        client: ReportsClient = Reports(marketplace=place, account=account)
    except Exception as exc:  # the library's MissingCredentials and config errors
        raise InvalidInput.of(
            "spapi.no_credentials", field="--account", reason=f"{type(exc).__name__}: {exc}"
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
