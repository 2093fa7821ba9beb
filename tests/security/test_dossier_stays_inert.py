"""The evidence dossier keeps user text inert: Markdown or HTML typed into a subject, body,
event, author or file name never becomes an image, a link or markup in a viewer."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.services import dossier as dossier_service
from sellerdesk.services.dossier_render import md_escape
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

PAYLOADS = [
    "![x](http://tracker.example/pixel.png)",
    "[click me](https://evil.example/phish)",
    "<img src=http://tracker.example/i.png>",
    '<a href="http://evil.example">a</a><script>alert(1)</script>',
    "<http://evil.example/auto>",
    "www.evil.example and https://evil.example/bare and me@evil.example",
    "[ref]\n\n[ref]: http://evil.example/ref",
    "`code` *em* _em_ ~~gone~~ | pipe \\ back",
    "&lt;img src=x&gt; &amp;",
]
WORDS = ("tracker.example", "evil.example")


@pytest.fixture
def case_id(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), PAYLOADS[0] + " " + PAYLOADS[2], PAYLOADS[1])
        for n, payload in enumerate(PAYLOADS):
            event = add_event(session, case, payload, at=T0 + timedelta(hours=n), author=payload)
        attach(session, event, "![f](http://tracker.example/f.png).png", b"bytes")
        return case.id


def _dossier(engine: Engine, case_id: int, tmp_path: Path, fmt: str) -> str:
    with Session(engine) as session:
        return dossier_service.dossier(
            session, case_id, now=T0 + timedelta(days=1), ctx=context(tmp_path), fmt=fmt
        )


def _tokens(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out += _tokens(token.children or [])
    return out


def _live_markdown(md: str) -> list[str]:
    """What a CommonMark + tables viewer would make live: images, links, raw HTML, code."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    live = []
    for token in _tokens(parser.parse(md)):
        if token.type in ("image", "link_open", "code_inline", "fence", "code_block", "s_open"):
            live.append(f"{token.type}: {token.content or token.attrs}")
        if token.type in ("html_inline", "html_block"):
            live.append(f"{token.type}: {token.content}")
    return live


def test_markdown_in_user_text_stays_text_in_a_commonmark_viewer(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    md = _dossier(engine, case_id, tmp_path, "md")
    assert _live_markdown(md) == []
    # GitHub's bare-URL links need these unbroken
    assert not re.search(r"(?<!\\)://|www\.|(?<!\\)@evil", md)
    assert "!\\[x\\](http\\://tracker.example/pixel.png)" in md  # still readable as typed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_alone_renders_as_its_own_text(payload: str) -> None:
    md = "- **Label:** " + md_escape(payload, "  ") + "\n"
    assert _live_markdown(md) == []
    parser = MarkdownIt("commonmark")
    shown = []
    for block in (t for t in parser.parse(md) if t.type == "inline"):
        for token in block.children or []:
            if token.type == "text":
                shown.append(token.content)
            elif token.type in ("hardbreak", "softbreak"):
                shown.append("\n")
        shown.append("\n")
    text = "".join(shown)
    assert text.startswith("Label: ")
    lines = [line for line in text.removeprefix("Label: ").splitlines() if line]
    assert lines == [line.strip() for line in payload.splitlines() if line.strip()]


def test_identifiers_and_names_keep_their_underscores_unescaped() -> None:
    assert md_escape("SKU_12_A 退款_未到账 Asia/Los_Angeles") == (
        "SKU_12_A 退款_未到账 Asia/Los_Angeles"
    )
    assert md_escape("_lead and trail_") == "\\_lead and trail\\_"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def test_the_html_dossier_has_no_element_or_attribute_from_user_text(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    page = _dossier(engine, case_id, tmp_path, "html")
    found = _Tags()
    found.feed(page)
    assert set(found.tags) <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "p",
        "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "colgroup", "col",
        "span", "wbr",  # wbr: our own break points in file names and types, never user text
    }  # fmt: skip
    assert not any(word in str(value) for _, value in found.attrs for word in WORDS)
    assert "&lt;img src=http://tracker.example/i.png&gt;" in page
