"""A Chinese plan speaks Chinese (third new-user trial of issue 16): ``case poa new
--lang zh`` fails and succeeds in Chinese, findings name their basis in Chinese, and the
paste text says "from" in the plan's language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from sellerdesk.core.poa.render import render_poa
from tests.cli.test_poa_mend import AT, make_appeal_case
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH, RULES


@pytest.fixture
def appeal_case(database_url: str, monkeypatch: pytest.MonkeyPatch, cli) -> int:  # type: ignore[no-untyped-def]
    return make_appeal_case(database_url, monkeypatch, cli)


def test_poa_new_with_lang_zh_fails_in_chinese(cli, database_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    done = cli("case", "poa", "new", "99", "--kind", "listing-removal", "--lang", "zh")
    assert done.exit_code == 2, done.stdout
    assert "没有编号为 99 的案例" in done.stderr and "No case" not in done.stderr


def test_poa_new_with_lang_zh_says_it_wrote_in_chinese(  # type: ignore[no-untyped-def]
    cli,
    appeal_case: int,
    tmp_path: Path,
) -> None:
    out = tmp_path / "poa.toml"
    done = cli(
        "case", "poa", "new", str(appeal_case), "--kind", "performance-late-shipment",
        "--lang", "zh", "-o", str(out), "--at", AT,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"案例 {appeal_case} 的行动计划草稿已写入"), done.stdout
    assert 'lang = "zh"' in out.read_text(encoding="utf-8")
    english = cli(
        "case", "poa", "new", str(appeal_case), "--kind", "performance-late-shipment",
        "--lang", "en", "-o", str(out), "--at", AT,
    )  # fmt: skip
    assert "draft" in english.stdout.lower() and "案例" not in english.stdout


def test_a_finding_names_its_basis_in_chinese_for_a_chinese_reader() -> None:
    blamed = replace(GOOD_ZH, root_causes=("买家恶意差评并且撒谎，我们没有任何问题。",))
    finding = next(f for f in lint_poa(blamed, RULES).findings if f.code == "poa-blame")
    zh, en = finding_words(finding, RULES, "zh"), finding_words(finding, RULES, "en")
    assert zh.source.startswith("卖家平台帮助：'Reinstate your selling privileges'")
    assert "Seller Central help" not in zh.source
    assert en.source.startswith("Seller Central help: 'Reinstate your selling privileges'")
    undated = replace(
        GOOD_ZH,
        preventive_measures=(
            replace(GOOD_ZH.preventive_measures[0], what="我们将确保每天检查", date="每周"),
        ),
    )
    promise = next(f for f in lint_poa(undated, RULES).findings if f.code == "poa-undated-promise")
    assert finding_words(promise, RULES, "zh").source.startswith("我们的假设：")
    assert finding_words(promise, RULES, "en").source.startswith("Our assumption:")


def test_a_chinese_paste_text_says_from_in_chinese() -> None:
    zh = render_poa(GOOD_ZH, lang="zh", rules=RULES).text
    assert "（自 2026-11-21 起；负责人：王芳，仓库主管）" in zh and "from" not in zh
    en = render_poa(GOOD_EN, lang="en", rules=RULES).text
    assert "from 2026-12-01" in en
