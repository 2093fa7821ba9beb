"""The case page's own style sheet and its small drop-zone script, served from the package
(nothing from another host); pages that use the script allow it by :func:`allow_script`."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from sellerdesk.web.layout import PAGE_HEADERS

router = APIRouter(include_in_schema=False)
STATIC = resources.files("sellerdesk.web") / "static"
CACHED = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
# the pages' policy, plus scripts from this server only (still none inline)
WITH_SCRIPT = PAGE_HEADERS["Content-Security-Policy"].replace(
    "default-src 'none';", "default-src 'none'; script-src 'self';", 1
)


def allow_script(response: Response) -> Response:
    """Let a page run /static/drop.js (and nothing else: no inline script, no other host)."""
    response.headers["Content-Security-Policy"] = WITH_SCRIPT
    return response


@router.get("/static/case-page.css")
def case_page_style() -> Response:
    css = (STATIC / "case-page.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css; charset=utf-8", headers=CACHED)


@router.get("/static/drop.js")
def drop_script() -> Response:
    script = (STATIC / "drop.js").read_text(encoding="utf-8")
    return Response(script, media_type="text/javascript; charset=utf-8", headers=CACHED)
