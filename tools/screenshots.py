"""Regenerate the README's screenshots: every main page of the web app, in Chinese and in
English, 1366 px (a laptop) and 390 px (a phone) wide.

    python tools/screenshots.py                       # into docs/screenshots/
    python tools/screenshots.py --every --out /tmp/shots  # to review: all of it, whole pages

By default Chinese at both widths and English at 1366 px, the laptop's shot of the whole
page and the phone's of its first screen; ``--every`` adds English at 390 px and takes the
whole page at both widths (look at these after a change to a page's layout).

The app is the browser tests' seeded team (``tests/browser/live_app.py``: two stores, an
admin and two agents, a month of cases) on a temporary SQLite data folder; Playwright drives
Debian's Chromium (/usr/bin/chromium; never ``playwright install``). Files are named
``PAGE-LANG-WIDTH.png``; the README shows them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LOCALES = {"zh": "zh-CN", "en": "en-US"}
PHONE = 390
WIDTHS = {1366: 900, PHONE: 844}  # width -> the window's height
ASK = {"zh": "如何更换商品主图", "en": "how do I change the main image of my listing"}
CASE = 1  # the seed's first case: structured, owned, answered by Amazon
# page name -> path (a page the script fills first is named in :func:`prepare`)
PAGES = {
    "dashboard": "/",
    "cases": "/cases",
    "case": f"/cases/{CASE}",
    "new-case": "/cases/new",
    "hours": "/hours",
    "ask": "/ask?q={ask}",
    "stores": "/stores",
    "store": "/stores/Acme%20US",
    "people": "/admin/users",
    "account": "/account",
    "setup": "/setup/zone",
    "admin": "/admin",
    "desks": "/admin/desks",
    "calendars": "/admin/calendars",
}


def shots_wanted(every: bool) -> list[tuple[str, int]]:
    """(language, width) pairs: Chinese first, at both widths; English on a laptop (and on a
    phone with ``every``)."""
    return [("zh", 1366), ("zh", PHONE), ("en", 1366), *([("en", PHONE)] if every else [])]


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#name", name)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")


def add_a_note(page: Any, url: str, folder: Path) -> None:
    """A note with a file on the pictured case, so its page shows an attachment."""
    invoice = folder / "invoice-4711.pdf"
    from fpdf import FPDF  # a real PDF: an upload is checked on its bytes

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "Invoice 4711")
    invoice.write_bytes(bytes(pdf.output()))
    page.goto(f"{url}/cases/{CASE}")
    page.select_option("#direction", "note")
    page.fill("#body", "Invoice for the lost units attached; Amazon asked for it on the call.")
    page.set_input_files("#attachments", str(invoice))
    with page.expect_navigation():
        page.click(f"form[action='/cases/{CASE}/events'] button[type=submit]")


def prepare(page: Any, name: str) -> None:
    """Fill what a page shows best filled: the new-case form checked by the coach."""
    if name == "new-case":
        page.select_option("#store", "Acme US")
        page.fill("#marketplace", "US")
        page.fill("#subject", "Listing B08N5WRWNW suppressed")
        page.fill("#description", "help, not working")
        page.fill("#asins", "B08N5WRWNW")
        with page.expect_navigation():
            page.click("button[name=action][value=check]")


def take(out: Path, every: bool) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright
    from tests.browser.live_app import live_app

    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as temp,
        live_app(Path(temp) / "home") as app,
        sync_playwright() as driver,
    ):
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            return shoot(browser, app.url, out, every, Path(temp))
        finally:
            browser.close()


def shoot(browser: Any, url: str, out: Path, every: bool, temp: Path) -> list[Path]:
    from tests.browser.live_app import ADMIN, PASSWORD

    written: list[Path] = []
    for n, (lang, width) in enumerate(shots_wanted(every)):
        context = browser.new_context(
            locale=LOCALES[lang], viewport={"width": width, "height": WIDTHS[width]}
        )
        page = context.new_page()
        sign_in(page, url, ADMIN, PASSWORD)
        if n == 0:
            add_a_note(page, url, temp)
        for name, path in PAGES.items():
            page.goto(url + path.format(ask=ASK[lang]))
            prepare(page, name)
            target = out / f"{name}-{lang}-{width}.png"
            # a phone's shot is its first screen (the whole page with --every)
            page.screenshot(path=str(target), full_page=every or width != PHONE)
            written.append(target)
        context.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--every", action="store_true", help="English at 390 px too")
    args = parser.parse_args()
    for path in take(args.out, args.every):
        print(path)
