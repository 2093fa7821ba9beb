"""Shipped articles are complete and sourced; a user's articles replace, add or hide them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.kb import ROUTES, load_knowledge_base
from sellerdesk.core.kb.loader import builtin_article_paths, load_articles

SHIPPED = load_articles(builtin_article_paths())


def write_user_article(home: Path, text: str, name: str = "ours.toml") -> None:
    (home / "kb").mkdir(parents=True, exist_ok=True)
    (home / "kb" / name).write_text(text, encoding="utf-8")


def test_the_shipped_knowledge_base_has_30_to_45_articles_in_several_theme_files():
    assert 30 <= len(SHIPPED) <= 45
    assert len(builtin_article_paths()) >= 3


def test_every_shipped_article_speaks_both_languages_and_names_its_source():
    for article in SHIPPED.values():
        assert article.title_zh and article.title_en and article.answer_zh and article.answer_en
        assert article.where and article.fact.source
        assert article.fact.confidence in ("public-source", "seed-claim", "assumption")
        assert article.route in ROUTES


def test_the_shipped_articles_cover_every_route():
    assert {a.route for a in SHIPPED.values()} == set(ROUTES)


def test_the_shipped_articles_invent_no_web_addresses():
    for article in SHIPPED.values():
        for text in (article.answer_zh, article.answer_en, article.where):
            assert "http" not in text and "www." not in text, article.id


def test_a_user_article_with_a_shipped_id_replaces_it(tmp_path: Path):
    write_user_article(
        tmp_path,
        '[[article]]\nid = "fba-storage-fees"\nroute = "self-service"\n'
        'title_en = "Our storage fee sheet"\nanswer_en = "See the team wiki page Storage."\n'
        'keywords_en = ["storage fee"]\n',
    )
    kb = load_knowledge_base(tmp_path)
    best = kb.best("How are storage fees calculated?")
    assert best is not None and best.article.title_en == "Our storage fee sheet"
    assert best.article.fact.confidence == "user"  # no source given: the user's own
    assert best.article.title("zh") == "Our storage fee sheet"  # falls back to English
    assert len(kb) == len(SHIPPED)


def test_a_user_article_with_a_new_id_is_added_and_found(tmp_path: Path):
    write_user_article(
        tmp_path,
        '[[article]]\nid = "team-escalation"\nroute = "seller-support"\n'
        'title_zh = "团队升级流程"\nanswer_zh = "先找组长，再开案例。"\n'
        'keywords_zh = ["升级流程"]\n'
        'source = "Team handbook"\nas_of = 2026-11-01\nconfidence = "assumption"\n',
    )
    kb = load_knowledge_base(tmp_path)
    assert len(kb) == len(SHIPPED) + 1
    best = kb.best("团队升级流程是什么")
    assert best is not None and best.article.id == "team-escalation"
    assert best.article.fact.source == "Team handbook"


def test_a_user_file_can_hide_a_shipped_article(tmp_path: Path):
    write_user_article(tmp_path, '[[article]]\nid = "support-hours"\nenabled = false\n')
    kb = load_knowledge_base(tmp_path)
    assert kb.article("support-hours") is None and len(kb) == len(SHIPPED) - 1


def test_a_changed_user_file_rebuilds_the_cached_index(tmp_path: Path):
    assert load_knowledge_base(tmp_path).article("support-hours") is not None
    write_user_article(tmp_path, '[[article]]\nid = "support-hours"\nenabled = false\n')
    assert load_knowledge_base(tmp_path).article("support-hours") is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[[article]]\nid = "x1"\nroute = "phone"\ntitle_en = "t"\nanswer_en = "a"\n', "route"),
        ('[[article]]\nid = "Bad Id"\nroute = "self-service"\n', "id"),
        ('[[article]]\nid = "x2"\nroute = "self-service"\ntitle_en = "t"\n', "answer_en"),
        (
            '[[article]]\nid = "x3"\nroute = "self-service"\ntitle_en = "t"\nanswer_en = "a"\n'
            'colour = "red"\n',
            "colour",
        ),
        (
            '[[article]]\nid = "x4"\nroute = "self-service"\ntitle_en = "t"\nanswer_en = "a"\n'
            'source = "s"\nas_of = "soon"\nconfidence = "assumption"\n',
            "as_of",
        ),
        ("[[article]\nid = ", "ours.toml"),
    ],
)
def test_a_malformed_user_article_is_refused_naming_the_file_and_field(tmp_path, text, field):
    write_user_article(tmp_path, text)
    with pytest.raises(InvalidInput) as caught:
        load_knowledge_base(tmp_path)
    assert "ours.toml" in (caught.value.field or "")
    assert field in (caught.value.field or "")
    assert caught.value.fix
    message, fix = caught.value.words("zh")  # people write articles in Chinese first
    assert fix and re.search(r"[\u4e00-\u9fff]", message + fix), (message, fix)
