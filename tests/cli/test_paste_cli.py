"""``case lint`` and ``case render`` report what the checks find in the paste text."""

from __future__ import annotations

import json
from pathlib import Path

CHINESE = """# 品牌审批已通过但仍无法上架

## 错误代码
- 错误 5665：您需要获得批准才能在此品牌下发布商品

## 时间线
- 2026-11-28：订单被取消
"""


def test_case_lint_and_render_report_the_paste_texts_findings(cli, tmp_path: Path):
    path = tmp_path / "d.md"
    path.write_text(CHINESE, encoding="utf-8")
    shown = cli("case", "lint", str(path), "--json", "--marketplace", "US").json()
    assert "paste-untranslated" in {f["code"] for f in shown["paste_findings"]}
    rendered = cli("case", "render", str(path), "--json")
    assert rendered.exit_code == 0, rendered.stderr
    assert json.loads(rendered.stdout)["paste_findings"]
    text = cli("case", "lint", str(path), "--paste-lang", "zh")
    assert "Checked on the paste text (zh):" in text.stdout
