"""The coach's note at a case's creation reads in the page's language: its score in words and
its findings as the sentences the coach said, never ``findings: language-mismatch, …``."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.services import coach
from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401  (fixtures)
from tests.api.web_support import browser


def _vague_chinese_case(api: Api) -> coach.StoredDraft:
    """A case made from a two-line Chinese draft by a teammate whose interface is Chinese."""
    draft = draft_from_mapping(
        {"store": "north", "marketplace": "US", "subject": "商品被下架", "description": "请处理"},
        "json",
    )
    state = api.state
    return coach.create_from_draft(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.ctx,
        draft=draft,
        data=load_coach_data(),
        lang="zh",
    )


def test_the_coach_note_on_the_case_page_is_in_chinese_words_without_codes(api: Api) -> None:
    done = _vague_chinese_case(api)
    page = browser(api, "root", **{"Accept-Language": "zh-CN"}).get(f"/cases/{done.id}").text
    assert f"创建时的案例教练得分：{done.lint['score']}/100" in page
    assert "Case coach: score" not in page and "vague-description" not in page


def test_the_case_pages_coach_box_reports_what_the_paste_text_flags(api: Api) -> None:
    """What is pasted is what was checked: a draft written in Chinese shows the paste text's
    own finding (fields still in Chinese) beside the draft's, on the page and in the API."""
    draft = draft_from_mapping(
        {
            "store": "north",
            "marketplace": "US",
            "subject": "Listing removed",
            "description": "我们的商品在 2026-11-20 被下架，原因是图片不合规，"
            "我们已经更换了主图并重新上传。",
        },
        "json",
    )
    state = api.state
    done = coach.create_from_draft(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.ctx,
        draft=draft,
        data=load_coach_data(),
        lang="en",
    )
    shown = api.call("root", "GET", f"/api/v1/cases/{done.id}/draft").json()
    assert "paste-untranslated" in [f["code"] for f in shown["findings"]]
    page = browser(api, "root", **{"Accept-Language": "zh-CN"}).get(f"/cases/{done.id}").text
    assert "粘贴文本中" in page


def test_the_coach_note_speaks_the_readers_language_not_the_creators(api: Api) -> None:
    """A case created by a teammate working in Chinese reads in English to an English reader
    (and back): the coach's findings are kept in both languages."""
    import re

    done = _vague_chinese_case(api)
    assert done.lint["findings"], "the vague Chinese draft has findings to word"
    english = browser(api, "root", **{"Accept-Language": "en"}).get(f"/cases/{done.id}").text
    notes = re.search(r'<ul class="coach-note">(.*?)</ul>', english, re.S)
    assert notes is not None
    assert not re.search(r"[\u4e00-\u9fff]", notes.group(1)), notes.group(1)
    chinese = browser(api, "root", **{"Accept-Language": "zh-CN"}).get(f"/cases/{done.id}").text
    notes = re.search(r'<ul class="coach-note">(.*?)</ul>', chinese, re.S)
    assert notes is not None and re.search(r"[\u4e00-\u9fff]", notes.group(1))
