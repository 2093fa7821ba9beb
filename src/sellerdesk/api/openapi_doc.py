"""An honest OpenAPI document and ``OPTIONS`` (issue 13, item 14).

* Every model a route references by hand (``EventCreate`` in the events route's two request
  bodies) is defined under ``components/schemas``, so the document validates.
* Every API operation documents the errors the app's own gates can answer on any route:
  400 (a body that is not JSON or UTF-8), 404, 413 (the body limit) and 422 (text refused by
  api/text_guard.py, in the query string too), as the ``Error`` model.
* ``OPTIONS`` on any path answers 204 with ``Allow`` listing the methods its routes take
  (404 when no route has that path), never a 405 without ``Allow``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from sellerdesk.api.models import Error, EventCreate

REF = "#/components/schemas/{model}"
GATE_ERRORS = ("400", "404", "413", "422")
METHODS = ("get", "put", "post", "delete", "patch")


def install(app: FastAPI) -> None:
    base = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = base()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (EventCreate, Error):
            found = model.model_json_schema(ref_template=REF)
            for name, sub in found.pop("$defs", {}).items():
                schemas.setdefault(name, sub)
            schemas.setdefault(model.__name__, found)
        error = {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}
        for path, item in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            for method in METHODS:
                if (operation := item.get(method)) is None:
                    continue
                responses = operation.setdefault("responses", {})
                for status in GATE_ERRORS:
                    responses.setdefault(status, {"description": "Error", "content": error})
        app.openapi_schema = schema
        return schema

    app.openapi = document  # type: ignore[method-assign]


class Options:
    """ASGI middleware: ``OPTIONS`` answered from the app's routes (204 with ``Allow``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "OPTIONS":
            await self.app(scope, receive, send)
            return
        allowed = {
            method
            for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            if any(
                route.matches({**scope, "method": method})[0] == Match.FULL
                for route in scope["app"].router.routes
            )
        }
        if not allowed:
            response = Response(status_code=404, headers={"Allow": "OPTIONS"})
        else:
            allow = ", ".join(sorted(allowed | {"OPTIONS"}))
            response = Response(status_code=204, headers={"Allow": allow})
        await response(scope, receive, send)
