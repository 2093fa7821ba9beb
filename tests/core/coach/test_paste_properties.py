"""Properties of the paste text (issue 16): render -> parse -> render is stable, no field loses
or duplicates text, every field still holding Chinese in an English rendering is flagged by
name, and the text is plain (no Markdown marks, steps numbered once)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.coach.paste import markup
from sellerdesk.core.coach.reading import parse_draft
from sellerdesk.core.coach.render import paste_ready, render_case

WORDS_EN = (
    "listing",
    "blocked",
    "after",
    "we",
    "uploaded",
    "the",
    "new",
    "images",
    "yesterday",
    "and",
    "the",
    "page",
    "still",
    "shows",
    "inactive",
    "status",
    "although",
    "brand",
    "approval",
    "was",
    "granted",
    "units",
    "arrived",
    "damaged",
    "warehouse",
    "refund",
    "buyer",
    "claim",
    "reimbursement",
    "invoice",
    "supplier",
    "carton",
    "pallet",
    "label",
    "barcode",
)
WORDS_ZH = ("商品", "被下架", "仓库", "签收", "赔偿", "发票", "买家", "品牌授权", "已提交", "仍然")
MARKS = ["**", "`", "__"]
DATES = ["2026-11-03", "2026-11-28 09:40", "2026年11月3日", "Nov 5", "2026/12/01"]


def _sentence(zh: bool = True) -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS_EN + (WORDS_ZH if zh else ()))
    return st.lists(word, min_size=2, max_size=9).map(" ".join)


def _marked(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sometimes wrapped in Markdown marks, as a web form or JSON draft may carry them."""
    return st.tuples(st.sampled_from(["", *MARKS]), text).map(lambda p: f"{p[0]}{p[1]}{p[0]}")


def _numbered(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sometimes numbered or bulleted by the seller already ("1. …", "（2）…", "- …")."""
    prefix = st.sampled_from(["", "1. ", "2) ", "3、", "（4）", "- ", "• "])
    return st.tuples(prefix, text).map("".join)


ORDER = st.from_regex(r"[0-9]{3}-[0-9]{7}-[0-9]{7}", fullmatch=True)
ASIN = st.from_regex(r"B0[0-9A-Z]{8}", fullmatch=True)
SHIPMENT = st.from_regex(r"FBA[0-9A-Z]{9}", fullmatch=True)
SKU = st.from_regex(r"[A-Z]{2,4}-[A-Z0-9]{2,5}-[0-9]{2}", fullmatch=True)
CASE = st.from_regex(r"[1-9][0-9]{9,10}", fullmatch=True)
CODE = st.one_of(
    st.from_regex(r"[1-9][0-9]{3,4}", fullmatch=True),
    st.tuples(st.from_regex(r"[1-9][0-9]{3}", fullmatch=True), _sentence()).map(
        lambda p: f"Error {p[0]}: {p[1]}"
    ),
)
FILE = st.tuples(st.sampled_from(["shot", "invoice", "截图", "pod"]), st.integers(1, 9)).map(
    lambda p: f"{p[0]}-{p[1]}.png"
)
EVENT = st.builds(TimelineEntry, st.sampled_from(DATES), _sentence())


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    def some(strategy: st.SearchStrategy[str], most: int = 3) -> list[str]:
        return draw(st.lists(strategy, max_size=most, unique=True))

    return Draft(
        subject=draw(_marked(_sentence())),
        store=draw(st.sampled_from(["", "Lumi Home US", "深圳卢米家居"])),
        description="\n".join(draw(st.lists(_marked(_sentence()), max_size=3))),
        timeline=draw(st.lists(EVENT, max_size=3)),
        error_codes=some(CODE, 2),
        steps=some(_numbered(_sentence(zh=False)), 4),
        expected=draw(st.one_of(st.just(""), _sentence())),
        actual=draw(st.one_of(st.just(""), _sentence())),
        order_ids=some(ORDER),
        asins=some(ASIN),
        skus=some(SKU),
        shipment_ids=some(SHIPMENT),
        attachments=some(FILE),
        case_ids=some(CASE, 1),
    )


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIST_FIELDS = ("error_codes", "steps", "order_ids", "asins", "skus", "shipment_ids")
LIST_FIELDS += ("attachments", "case_ids")


def _fields(draft: Draft) -> dict[str, object]:
    out = draft.as_dict()
    out.pop("category")
    out["description"] = "\n".join(line.strip() for line in draft.description.splitlines())
    return out


@SETTINGS
@given(drafts(), st.sampled_from(["en", "zh"]))
def test_render_parse_render_is_stable(draft: Draft, lang: str) -> None:
    first = render_case(draft, lang=lang, category="listing").text
    again = render_case(parse_draft(first, ".txt"), lang=lang, category="listing").text
    assert again == first


@SETTINGS
@given(drafts(), st.sampled_from(["en", "zh"]))
def test_no_field_loses_or_duplicates_text(draft: Draft, lang: str) -> None:
    ready = paste_ready(draft)
    read = parse_draft(render_case(draft, lang=lang, category="listing").text, ".txt")
    assert _fields(read) == _fields(ready)
    for name in LIST_FIELDS:
        values = getattr(read, name)
        assert len(values) == len(set(values)), name
    for code in ready.error_codes:  # "5665" is not listed again beside "Error 5665: …"
        others = [c for c in ready.error_codes if c != code]
        assert not any(re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", o) for o in others)


@SETTINGS
@given(drafts())
def test_every_field_still_in_chinese_is_flagged_by_name(draft: Draft) -> None:
    rendered = render_case(draft, lang="en", category="listing")
    ready = paste_ready(draft)
    texts = {
        "subject": [ready.subject],
        "store": [ready.store],
        "description": [ready.description],
        "timeline": [f"{e.at} {e.what}" for e in ready.timeline],
        "error_codes": ready.error_codes,
        "steps": ready.steps,
        "expected": [ready.expected],
        "actual": [ready.actual],
        "attachments": ready.attachments,
    }
    chinese = {name for name, values in texts.items() if any(detect.has_cjk(v) for v in values)}
    assert set(rendered.untranslated) == chinese
    for line in rendered.text.splitlines():
        if ":" in line and not line.startswith(" "):
            label_and_flag = line.split(":", 1)[0]
            assert not detect.has_cjk(label_and_flag)


@SETTINGS
@given(drafts(), st.sampled_from(["en", "zh"]))
def test_the_paste_text_is_plain_and_numbers_steps_once(draft: Draft, lang: str) -> None:
    text = render_case(draft, lang=lang, category="listing").text
    assert markup(text) == []
    steps = [line for line in text.splitlines() if re.match(r"^  \d+\. ", line)]
    assert len(steps) == len(paste_ready(draft).steps)
    for line in steps:
        assert not re.match(r"^  \d+\.\s+(?:\d{1,2}\s*[.)、]|[(（]\d|[-•·*]\s)", line), line


@SETTINGS
@given(drafts(), st.sampled_from(["en", "zh"]))
def test_the_paste_text_has_no_empty_section(draft: Draft, lang: str) -> None:
    rendered = render_case(draft, lang=lang, category="listing")
    assert "(none)" not in rendered.text and "（无）" not in rendered.text
    blocks = rendered.text.rstrip("\n").split("\n\n")[1:]  # after the subject's block
    if rendered.untranslated:  # the closing note on fields still in Chinese
        blocks = blocks[:-1]
    for block in blocks:  # a heading and at least one indented line under it
        heading, *under = block.splitlines()
        assert not heading.startswith(" "), block
        assert under and all(line.startswith("  ") for line in under), block
