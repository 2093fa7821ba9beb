"""``case poa new`` lists as attached only the files the case really holds, and ``case
lint`` on a plan that names its case warns of evidence not among the case's attachments
(third new-user trial of issue 16). SQLite and PostgreSQL."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fpdf import FPDF

from tests.cli.test_poa_mend import AT

DRAFT = """主题：账户被停用：涉嫌销售假冒商品

站点：美国
店铺：acme

亚马逊通知我们账户因涉嫌假冒被停用。

时间线：
- 2026-11-20：收到停用通知

附件：发票.pdf
"""


@pytest.fixture
def drafted_case(database_url: str, monkeypatch: pytest.MonkeyPatch, cli, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    made = cli("case", "new", "--from-draft", str(draft), "--category", "account-health",
               "--json", "--at", AT)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    return int(made.json()["id"])


def test_a_file_the_draft_names_is_mentioned_not_attached_and_lint_warns(  # type: ignore[no-untyped-def]
    cli, drafted_case: int, tmp_path: Path
) -> None:
    out = tmp_path / "poa.toml"
    done = cli("case", "poa", "new", str(drafted_case), "--kind", "account-deactivation",
               "--lang", "zh", "-o", str(out), "--at", AT)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    evidence = tomllib.loads(out.read_text(encoding="utf-8"))["poa"]["evidence"]
    assert evidence == [
        "<<待填写：发票.pdf：案例中提到，但尚未附上。请把它附到案例中，或删去此行>>"
    ]
    claimed = out.read_text(encoding="utf-8").replace(evidence[0], "发票.pdf")
    out.write_text(claimed, encoding="utf-8")
    linted = cli("case", "lint", str(out), "--lang", "zh", "--json").json()
    [missing] = [f for f in linted["findings"] if f["code"] == "poa-evidence-not-attached"]
    assert "发票.pdf 不在案例的附件中" in missing["message"]
    english = cli("case", "lint", str(out), "--lang", "en")
    assert "发票.pdf is not among the case's attachments" in english.stdout
    invoice = tmp_path / "发票.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.cell(0, 20, "INVOICE")
    invoice.write_bytes(bytes(pdf.output()))
    logged = cli("case", "log", str(drafted_case), "--direction", "note", "--body", "发票",
                 "--attach", str(invoice), "--at", AT)  # fmt: skip
    assert logged.exit_code == 0, logged.stderr
    again = cli("case", "lint", str(out), "--json").json()
    assert "poa-evidence-not-attached" not in {f["code"] for f in again["findings"]}
