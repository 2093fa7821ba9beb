"""``case lint``, ``case render`` and ``case new --from-draft`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DRAFTS = Path(__file__).resolve().parents[1] / "data" / "drafts"
AT = "2026-04-14T10:00-07:00"
DRAFT = {
    "store": "acme",
    "marketplace": "US",
    "category": "listing",
    "subject": "Listing B09XK4PQ7T removed",
    "description": "Our listing was removed.",
    "asins": ["B09XK4PQ7T"],
}


@pytest.fixture
def sqlite_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_lint_prints_the_json_contract_and_exits_0_with_findings(cli, tmp_path):
    out = cli("case", "lint", str(write(tmp_path, "d.json", DRAFT)), "--json")
    assert out.exit_code == 0, out.stderr
    shown = out.json()
    assert set(shown) == {"score", "findings", "category", "route", "language", "paste_findings"}
    assert 0 <= shown["score"] < 100
    assert {"missing-timeline", "vague-description"} <= {f["code"] for f in shown["findings"]}
    assert all(set(f) == {"code", "severity", "message", "fix"} for f in shown["findings"])


def test_lint_speaks_chinese_with_lang_zh(cli):
    path = DRAFTS / "zh-listing-suppressed-jp.txt"
    out = cli("case", "lint", str(path), "--lang", "zh")
    assert out.exit_code == 0, out.stderr
    assert "得分" in out.stdout and "language-mismatch" in out.stdout


def test_the_marketplace_flag_wins_over_the_drafts_own(cli, tmp_path):
    draft = {
        **DRAFT,
        "marketplace": "",
        "description": "我们的商品被删除了，没有任何通知，请尽快处理。",
    }
    path = write(tmp_path, "zh.json", draft)
    codes = [f["code"] for f in cli("case", "lint", str(path), "--json").json()["findings"]]
    assert "language-mismatch" not in codes
    out = cli("case", "lint", str(path), "--json", "--marketplace", "DE").json()
    assert "language-mismatch" in [f["code"] for f in out["findings"]]


@pytest.mark.parametrize("content", [None, "{broken", "[1, 2]"])
def test_an_unreadable_draft_exits_2_naming_the_file(cli, tmp_path, content):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    out = cli("case", "lint", str(path), "--json")
    assert out.exit_code == 2
    assert json.loads(out.stderr)["error"]["field"] == "FILE"


def test_lint_with_a_store_but_no_database_does_not_create_one(cli, home, sqlite_only, tmp_path):
    out = cli("case", "lint", str(write(tmp_path, "d.json", DRAFT)), "--store", "acme", "--json")
    assert out.exit_code == 0, out.stderr
    assert not (home / "sellerdesk.db").exists()


def test_lint_with_a_store_adds_the_store_findings(cli, sqlite_only, tmp_path):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US", "--plan", "individual")
    out = cli("case", "lint", str(write(tmp_path, "d.json", DRAFT)), "--store", "acme", "--json")
    assert "account-not-ready" in [f["code"] for f in out.json()["findings"]]


def test_render_prints_the_case_in_english_and_flags_chinese_fields(cli):
    path = DRAFTS / "zh-listing-suppressed-jp.txt"
    out = cli("case", "render", str(path), "--lang", "en", "--json")
    assert out.exit_code == 0, out.stderr
    rendered = out.json()
    assert rendered["lang"] == "en"
    assert "description" in rendered["untranslated"]
    assert rendered["text"].startswith("Subject: [WRITTEN IN CHINESE")
    zh = cli("case", "render", str(path), "--lang", "zh")
    assert zh.stdout.startswith("主题：")


def test_render_refuses_an_unknown_language(cli):
    out = cli("case", "render", str(DRAFTS / "en-listing-suppressed-5665.md"), "--lang", "fr")
    assert out.exit_code == 2


def test_new_from_draft_stores_the_case_with_its_lint(cli, sqlite_only, tmp_path):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US", "--verified")
    path = write(tmp_path, "d.json", DRAFT)
    out = cli("case", "new", "--from-draft", str(path), "--json", "--at", AT)
    assert out.exit_code == 0, out.stderr
    done = out.json()
    assert list(done) == ["id", "lint"] and isinstance(done["id"], int)
    shown = cli("case", "show", str(done["id"]), "--json", "--at", AT).json()
    assert shown["subject"] == DRAFT["subject"]
    assert shown["category"] == "listing"
    note = next(e for e in shown["events"] if e["direction"] == "note")
    assert note["data"]["lint"]["score"] == done["lint"]["score"]


def test_new_without_a_draft_still_needs_store_marketplace_and_subject(cli, sqlite_only):
    out = cli("case", "new", "--store", "acme", "--marketplace", "US")
    assert out.exit_code == 2
    assert "--subject" in out.stderr


def test_a_help_page_question_is_answered_with_the_knowledge_bases_article(cli):
    out = cli("case", "lint", str(DRAFTS / "en-fee-storage-question.toml"), "--json")
    finding = next(f for f in out.json()["findings"] if f["code"] == "self-service-topic")
    assert "storage fees" in finding["fix"]
    assert "sellerdesk ask" in finding["fix"]


def test_the_help_article_is_named_in_chinese_for_a_chinese_reader(cli):
    path = DRAFTS / "zh-fee-how-calculated-dimensions.toml"
    out = cli("case", "lint", str(path), "--json", "--lang", "zh")
    finding = next(f for f in out.json()["findings"] if f["code"] == "self-service-topic")
    assert "《" in finding["fix"] and "配送费" in finding["fix"]


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"], ids=["0 bytes", "only whitespace"])
@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "是空文件"), ("en", "is empty")], ids=["zh", "en"]
)
def test_an_empty_draft_exits_2_naming_the_file_and_saying_it_is_empty(
    cli, sqlite_only, tmp_path, content, lang, words
):
    path = tmp_path / "empty.md"
    path.write_text(content, encoding="utf-8")
    linted = cli("case", "lint", str(path), "--lang", lang)
    assert linted.exit_code == 2
    assert str(path) in linted.stderr and words in linted.stderr
    stored = cli("case", "new", "--from-draft", str(path), "--lang", lang)
    assert stored.exit_code == 2
    assert str(path) in stored.stderr and words in stored.stderr


@pytest.mark.parametrize(
    ("lang", "route", "language"),
    [
        ("zh", "渠道：向卖家支持开案例", "语言：中文"),
        ("en", "Route: Seller Support case", "Language: Chinese"),
    ],
)
def test_lint_names_the_route_and_the_language_in_words_not_codes(cli, lang, route, language):
    out = cli("case", "lint", str(DRAFTS / "zh-listing-suppressed-jp.txt"), "--lang", lang)
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert route in lines and language in lines
    assert "seller-support" not in out.stdout


def test_lint_in_chinese_says_each_findings_severity_in_chinese(cli):
    out = cli("case", "lint", str(DRAFTS / "zh-listing-suppressed-jp.txt"), "--lang", "zh")
    assert "[建议修改] language-mismatch:" in out.stdout
    assert "[warning]" not in out.stdout and "[error]" not in out.stdout


def test_a_five_megabyte_draft_is_refused_with_its_size_and_nothing_stored(
    cli, sqlite_only, tmp_path
):
    path = tmp_path / "huge.md"
    path.write_text("# Listing removed\n\n" + "库存 " * 1_700_000, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    for args in (("case", "lint"), ("case", "render"), ("case", "new", "--from-draft")):
        out = cli(*args, str(path))
        assert out.exit_code == 2, (args, out.stdout)
        assert str(path) in out.stderr and "Traceback" not in out.stderr
    listed = cli("case", "list", "--json")
    assert listed.exit_code == 0 and listed.json() == [], listed.stdout  # nothing stored
