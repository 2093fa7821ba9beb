"""A whole draft pasted into the new-case page's "what happened" box is read as the CLI reads
a draft file (issue 16 trial): the fields come back filled, the paste text has the timeline
and steps, and a "Case ID:" in it stays the case's earlier Amazon Case ID."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

from tests.api.conftest import Api
from tests.api.web_support import browser, token_of

PASTED = Path(__file__).resolve().parents[1] / "data" / "pasted-drafts"
BOUNDARY = "pasted-draft-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def _post(client: TestClient, fields: dict[str, str]) -> Response:
    token = token_of(client, "/cases/new")
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in {"csrf_token": token, "priority": "normal", **fields}.items()
    ]
    body = ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()
    return client.post("/cases/new", content=body, headers=MULTIPART, follow_redirects=False)


def _box(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_a_pasted_markdown_draft_is_read_into_the_forms_fields(api: Api) -> None:
    client = browser(api, "agent_n")
    text = (PASTED / "d1-brand.md").read_text(encoding="utf-8")
    page = _post(client, {"store": "north", "description": text, "action": "check"})
    assert page.status_code == 200, page.text
    shown = page.text
    assert "2026-11-28 | 提交品牌授权信" in _box(shown, "timeline")
    assert _box(shown, "steps").startswith("打开 库存")
    assert "店铺：" not in _box(shown, "description") and "|---|" not in shown
    english = re.search(r'<pre class="copy" id="english">(.*?)</pre>', shown, re.S)
    assert english
    pasted = html.unescape(english.group(1))
    assert "2026-11-28" in pasted and "(none)" not in pasted and "店铺：" not in pasted


def test_a_case_id_in_a_pasted_plain_draft_becomes_the_cases_earlier_case_id(api: Api) -> None:
    client = browser(api, "agent_n")
    text = (PASTED / "d3-fba.txt").read_text(encoding="utf-8") + "\nCase ID: 15839204711\n"
    done = _post(client, {"store": "north", "description": text, "action": "create"})
    assert done.status_code == 303, done.text
    case_id = int(done.headers["location"].rsplit("/", 1)[1])
    shown = api.call("agent_n", "GET", f"/api/v1/cases/{case_id}").json()
    assert shown["case_ids"] == ["15839204711"]
    assert shown["subject"].startswith("FBA shipment units missing")
    assert shown["body"]["timeline"][0]["at"] == "2026-11-10"
    assert "Shipped" not in shown["body"]["skus"]


def test_the_forms_timeline_box_reads_dates_written_as_in_a_draft() -> None:
    """A line without "date | what" is read as the draft reader reads a timeline line: a
    full-width colon or a numbered line still gives its date (it showed as undated)."""
    from sellerdesk.web.new_case import draft_fields

    lines = "2026-11-20：listing removed\n（1）2026-11-26 申诉被拒\n2026-11-28 | ok\nno date"
    assert draft_fields({"timeline": lines})["timeline"] == [
        {"at": "2026-11-20", "what": "listing removed"},
        {"at": "2026-11-26", "what": "申诉被拒"},
        {"at": "2026-11-28", "what": "ok"},
        {"at": "", "what": "no date"},
    ]
