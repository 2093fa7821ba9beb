"""Every error is JSON ``{"error": {"code", "message", "field", "fix", "key"}}`` with a fitting
status: 400 malformed, 401, 403, 404, 409, 413, 422 invalid, 429; never a 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from sellerdesk.api.text_guard import BadText, bad_text_of
from sellerdesk.core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    SellerDeskError,
    TooManyAttempts,
    Unauthenticated,
)

log = logging.getLogger(__name__)

# the case, store, user and health services name domain fields (case_id, amazon_case_id,
# expected_version, name, store); a few others still the CLI's flags or arguments; the API
# names its own fields
FIELD_NAMES = {
    "case_id": "id",
    "amazon_case_id": "case_id",
    "expected_version": "version",
    "ID": "id",
    "text": "q",
    "attachment": "attachments",
    "--order-id": "order_ids",
    "--asin": "asins",
    "--sku": "skus",
    "--shipment-id": "shipment_ids",
}


class PayloadTooLarge(SellerDeskError):
    @property
    def code(self) -> str:
        return "payload-too-large"


def api_field(field: str | None) -> str | None:
    if field is None:
        return None
    if field in FIELD_NAMES:
        return FIELD_NAMES[field]
    return field[2:].replace("-", "_") if field.startswith("--") else field


def status_of(exc: SellerDeskError) -> int:
    for kind, status in (
        (Unauthenticated, 401),
        (Forbidden, 403),
        (NotFound, 404),
        (Conflict, 409),
        (PayloadTooLarge, 413),
        (TooManyAttempts, 429),
    ):
        if isinstance(exc, kind):
            return status
    return 422


def error_json(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    fix: str | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "field": field, "fix": fix, "key": key}}
    return JSONResponse(body, status_code=status, headers=headers)


def _service_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SellerDeskError)
    status = status_of(exc)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    return error_json(
        status, exc.code, exc.message, api_field(exc.field), exc.fix, headers, key=exc.key
    )


def _location(loc: Any) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or None


def is_page(request: Request) -> bool:
    """A page (HTML for a person), not the REST API (JSON for a program)."""
    return not request.url.path.startswith("/api/")


def catalog_error_page(request: Request, status: int, key: str) -> Response:
    """The error page with the catalog's ``key`` in the page's language, with the signed-in
    user's navigation."""
    from sellerdesk.core.i18n import t
    from sellerdesk.web.layout import current, page_lang, render

    try:
        found = current(request)
    except Exception:  # no store yet or a broken cookie: the page still answers
        found = None
    return render(request, "error", status, current=found, message=t(key, page_lang(request)))


def not_found_page(request: Request) -> Response:
    """The page "not found" in the page's language."""
    return catalog_error_page(request, 404, "app.error.not_found")


def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if is_page(request) and any(e.get("loc", ("",))[0] == "path" for e in errors):
        return not_found_page(request)  # /stores/<bad name>: no such page
    first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
    malformed = first.get("type") == "json_invalid"
    where = None if malformed else _location(first.get("loc", ()))
    status, code = (400, "malformed") if malformed else (422, "invalid-input")
    message = str(first.get("msg", "invalid request"))
    more = f" ({len(errors) - 1} more)" if len(errors) > 1 else ""
    return error_json(status, code, message + more, where, "see /docs for this request's schema.")


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and is_page(request):  # /cases/abc, /cases/-1, /no-such-page
        return not_found_page(request)
    if is_page(request) and 400 <= exc.status_code < 500:  # a browser gets words, not JSON
        return _refusal_page(request, exc.status_code)
    codes = {
        404: "not-found",
        405: "method-not-allowed",
        413: "payload-too-large",
        415: "unsupported-media-type",
    }
    code = codes.get(exc.status_code, "http-error")
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    return error_json(exc.status_code, code, message, headers=getattr(exc, "headers", None))


PAGE_ERROR_WORDS = {400: "bad_request", 413: "too_large", 405: "method", 415: "media_type"}


def _refusal_page(request: Request, status: int) -> Response:
    """The server's own refusal (a form part over the parser's size, a wrong method) as the
    error page in the page's language; the status stays."""
    words = PAGE_ERROR_WORDS.get(status, "other")
    return catalog_error_page(request, status, f"app.page_error.{words}")


def _bad_text(request: Request, exc: Exception) -> Response:
    found = bad_text_of(exc)
    assert found is not None
    return refuse_text(request, *found)


def refuse_text(request: Request, error: SellerDeskError, status: int) -> Response:
    """Text refused at the gate (api/text_guard.py): JSON for the API, a page for pages."""
    if request.url.path.startswith("/api/"):
        code = "malformed" if status == 400 else error.code
        return error_json(status, code, error.message, error.field, error.fix, key=error.key)
    from sellerdesk.core.i18n import catalog, t
    from sellerdesk.core.zh_spacing import colon
    from sellerdesk.web.layout import page_lang, problem_text, render

    # a page names the box by its label ("Amazon 的通知：…"), never by the form's field name
    lang, key = page_lang(request), f"form_field.{error.field}"
    where = f"{t(key, lang)}{colon(lang)}" if error.field and key in catalog(lang) else ""
    return render(request, "error", status, message=where + problem_text(request, error))


async def refuse_text_async(request: Request, error: SellerDeskError, status: int) -> Response:
    return refuse_text(request, error, status)


def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_json(500, "internal", "something went wrong on our side; it was logged.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(BadText, _bad_text)
    app.add_exception_handler(SellerDeskError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
