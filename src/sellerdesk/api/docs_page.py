"""The API's docs page (``/docs``), served whole from this server (issue 15, item 9).

FastAPI's own page loads Swagger UI from a CDN and is blank on a LAN without internet. This
one serves Swagger UI's dist files from the ``swagger-ui-bundle-v2`` package (Apache-2.0,
the README's dependency table says why that one) and starts it with a script of ours, so the
page runs under a Content-Security-Policy that lets it load nothing from elsewhere. Its URLs
are written from ``/``; behind a path prefix api/root_path.py puts the prefix on them, and
the OpenAPI document's ``servers`` carries it for "Try it out".
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources.abc import Traversable

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

DOCS = "/docs"
ASSETS = f"{DOCS}/assets"
OAUTH2_REDIRECT = f"{DOCS}/oauth2-redirect"
OPENAPI = "/openapi.json"
# The only files the page needs; nothing else of the package is served.
FILES = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
START = "start.js"
# Swagger UI sets inline styles (hence 'unsafe-inline' for style only) and fetches the
# OpenAPI document and the "Try it out" requests from this server (connect-src 'self').
DOCS_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
ASSET_HEADERS = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
# No validator badge (it would call validator.swagger.io) and no top bar with a URL field.
START_SCRIPT = """window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-openapi"),
    oauth2RedirectUrl: window.location.origin + node.getAttribute("data-oauth2-redirect"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout"
  });
});
"""
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi="{openapi}" data-oauth2-redirect="{redirect}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/{start}"></script>
</body>
</html>
"""

FOLDER: Traversable = swagger_ui_path  # the package ships no type information
router = APIRouter(include_in_schema=False)


@cache
def _asset(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


@router.get(DOCS)
def docs_page(request: Request) -> HTMLResponse:
    html = PAGE.format(
        title=escape(request.app.title),
        assets=ASSETS,
        openapi=OPENAPI,
        redirect=OAUTH2_REDIRECT,
        start=START,
    )
    return HTMLResponse(html, headers=DOCS_HEADERS)


@router.get(f"{ASSETS}/{{name}}")
def docs_asset(name: str) -> Response:
    if name == START:
        return Response(
            START_SCRIPT, media_type=FILES["swagger-ui-bundle.js"], headers=ASSET_HEADERS
        )
    if name not in FILES:
        return Response("not found\n", status_code=404, media_type="text/plain")
    return Response(_asset(name), media_type=FILES[name], headers=ASSET_HEADERS)


@router.get(OAUTH2_REDIRECT)
def oauth2_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 helper page (FastAPI's, inline and self-contained)."""
    return get_swagger_ui_oauth2_redirect_html()
