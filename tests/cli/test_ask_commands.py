"""``sellerdesk ask``: the best articles in the question's language, or "no good answer"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_chinese_question_gets_a_chinese_answer_with_where_route_and_source(cli):
    result = cli("ask", "亚马逊仓储费是怎么算的")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. FBA 月度仓储费怎么算")
    assert "去哪里：" in result.stdout and "自助服务" in result.stdout
    assert "来源：" in result.stdout and "假设" in result.stdout


def test_an_english_question_gets_an_english_answer(cli):
    result = cli("ask", "How do I reopen a closed case?", "--limit", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. How to reopen a closed case")
    assert "Where: " in result.stdout and "public source" in result.stdout
    assert "2. " not in result.stdout


def test_lang_flag_chooses_the_answer_language(cli):
    result = cli("ask", "仓储费怎么算", "--lang", "en", "--json")
    assert result.json()["answers"][0]["title"] == "How FBA monthly storage fees are calculated"


def test_json_lists_answers_with_the_documented_keys(cli):
    data = cli("ask", "How are FBA fees calculated?", "--json").json()
    assert data["no_good_answer"] is False and data["lang"] == "en"
    first = data["answers"][0]
    assert {"id", "title", "answer", "where", "route", "confidence", "source"} <= set(first)
    assert first["id"] == "fba-fulfilment-fees" and first["route"] == "self-service"
    assert 0.5 <= first["confidence"] <= 1 and first["source_confidence"] == "assumption"
    assert len(data["answers"]) <= 3


def test_an_off_topic_question_says_no_good_answer(cli):
    result = cli("ask", "红烧肉怎么做好吃")
    assert result.exit_code == 0
    assert "没有合适的答案" in result.stdout and "获取支持" in result.stdout
    data = cli("ask", "best pizza place near me in town", "--json").json()
    assert data == {
        "question": "best pizza place near me in town",
        "lang": "en",
        "answers": [],
        "no_good_answer": True,
    }


def test_an_empty_question_exits_2_naming_the_argument(cli):
    result = cli("ask", "   ")
    assert result.exit_code == 2
    assert "QUESTION" in result.stderr and "sellerdesk ask" in result.stderr


def test_a_missing_question_exits_2(cli):
    result = cli("ask")
    assert result.exit_code == 2


def test_a_limit_out_of_range_or_an_unknown_language_exits_2(cli):
    assert "--limit" in cli("ask", "FBA fee", "--limit", "0").stderr
    result = cli("ask", "FBA fee", "--lang", "fr", "--json")
    assert result.exit_code == 2 and '"field": "--lang"' in result.stderr


def test_an_article_in_the_data_folder_replaces_the_shipped_one(cli, home: Path):
    (home / "kb").mkdir(parents=True)
    (home / "kb" / "team.toml").write_text(
        '[[article]]\nid = "support-hours"\nroute = "self-service"\n'
        'title_zh = "我们的值班表"\nanswer_zh = "见团队值班表。"\nkeywords_zh = ["工作时间"]\n',
        encoding="utf-8",
    )
    data = cli("ask", "卖家支持的工作时间", "--json").json()
    assert data["answers"][0]["title"] == "我们的值班表"
    assert data["answers"][0]["source_confidence"] == "user"


def test_a_malformed_article_in_the_data_folder_exits_2_naming_the_file(cli, home: Path):
    (home / "kb").mkdir(parents=True)
    (home / "kb" / "bad.toml").write_text('[[article]]\nid = "x"\n', encoding="utf-8")
    result = cli("ask", "FBA fee")
    assert result.exit_code == 2 and "bad.toml" in result.stderr


def test_the_ask_path_imports_no_database_or_web_library(home: Path):
    code = (
        "import sys\n"
        "from sellerdesk.cli.main import build_app\n"
        "try:\n    build_app()(['ask', 'FBA fee', '--json'], standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'fastapi', 'starlette', 'uvicorn', 'jinja2', 'psycopg', "
        "'numpy', 'pandas', 'jieba'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"SELLERDESK_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert "HEAVY []" in out.stdout
