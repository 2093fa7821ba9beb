"""``case poa new|save|show`` and ``case lint`` / ``case render`` on a POA file (issue 16,
point 4), on SQLite and PostgreSQL; bad input exits 2 naming the flag or argument."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AT = "2026-12-01T10:00+08:00"
FILLED = """
[poa]
kind = "performance-late-shipment"
lang = "en"
notice = "Late shipment rate 6.2 % over the 4 % target"
root_causes = ['''During the 11.11 peak our warehouse confirmed 86 orders after their \
ship-by date because two packers were off sick.''']
evidence = ["shipping-settings-2026-11-20.png"]
order_ids = ["111-1234567-1234567"]

[[poa.corrective_actions]]
what = "Raised the handling time from 1 to 3 days and shipped every late order"
date = "2026-11-20"
owner = "Wang Fang, warehouse lead"

[[poa.preventive_measures]]
what = "The warehouse lead confirms every order due that day before 15:00"
date = "from 2026-11-21"
owner = "Wang Fang, warehouse lead"
"""


@pytest.fixture
def store_db(database_url: str, monkeypatch: pytest.MonkeyPatch, cli):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--category",
        "account-health",
        "--subject",
        "Late shipment rate over target",
        "--order-id",
        "111-1234567-1234567",
        "--json",
        "--at",
        AT,
    )
    assert made.exit_code == 0, made.stderr
    return made.json()["id"]


def test_new_writes_a_draft_the_linter_reads_and_save_show_keep_versions(
    cli, store_db, tmp_path: Path
) -> None:
    out = tmp_path / "poa.toml"
    done = cli(
        "case",
        "poa",
        "new",
        str(store_db),
        "--kind",
        "performance-late-shipment",
        "-o",
        str(out),
        "--at",
        AT,
    )
    assert done.exit_code == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Plan of Action draft") and "[poa]" in text and "<<FILL: " in text
    assert "111-1234567-1234567" in text
    lint = cli("case", "lint", str(out), "--json")
    assert lint.exit_code == 0
    shown = lint.json()
    assert shown["kind"] == "poa" and not shown["ready"]
    assert "poa-placeholder" in {f["code"] for f in shown["findings"]}
    zh = cli("case", "lint", str(out), "--lang", "zh")
    assert "占位符" in zh.stdout and "个错误" in zh.stdout
    out.write_text(FILLED, encoding="utf-8")
    clean = cli("case", "lint", str(out), "--json").json()
    assert clean["ready"] and clean["findings"] == []
    saved = cli(
        "case",
        "poa",
        "save",
        str(store_db),
        str(out),
        "--expect-version",
        "0",
        "--json",
        "--at",
        AT,
    )
    assert saved.exit_code == 0, saved.stderr
    assert saved.json()["version"] == 1 and saved.json()["check"]["ready"]
    stale = cli("case", "poa", "save", str(store_db), str(out), "--expect-version", "0", "--at", AT)
    assert stale.exit_code == 3 and "--expect-version" in stale.stderr
    paste = cli("case", "poa", "show", str(store_db))
    assert paste.stdout.startswith("Plan of Action: Late shipment rate\n")
    as_json = cli(
        "case",
        "poa",
        "new",
        str(store_db),
        "--kind",
        "performance-odr",
        "--lang",
        "zh",
        "--json",
        "--at",
        AT,
    )
    assert json.loads(as_json.stdout)["poa"]["lang"] == "zh"


def test_render_gives_plain_paste_text_in_en_or_zh(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(FILLED, encoding="utf-8")
    en = cli("case", "render", str(path))
    assert en.exit_code == 0 and "2.1 Raised the handling time" in en.stdout
    assert "**" not in en.stdout and "#" not in en.stdout
    zh = cli("case", "render", str(path), "--lang", "zh", "--json").json()
    assert zh["kind"] == "poa" and zh["text"].startswith("行动计划：迟发率")
    as_json = tmp_path / "p.json"
    as_json.write_text(
        json.dumps(
            {"poa": {"kind": "ip-complaint", "root_causes": ["不是我们的错"]}}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    lint = cli("case", "lint", str(as_json), "--json").json()
    codes = {f["code"] for f in lint["findings"]}
    assert {"poa-blame", "poa-chinese-in-english", "poa-missing-part", "poa-no-evidence"} <= codes


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[poa]\nkind = "nope"\n', "kind"),
        ('[poa]\nkind = "ip-complaint"\nroot_causez = []\n', "poa"),
        ("[poa\n", "FILE"),
    ],
)
def test_a_bad_poa_file_exits_2_naming_what_is_wrong(
    cli, tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = cli("case", "lint", str(path))
    if named == "FILE":  # not even TOML: read as a (broken) draft, refused the same way
        assert out.exit_code == 2
        return
    assert out.exit_code == 2 and f"{named}:" in out.stderr


def test_bad_arguments_exit_2(cli, store_db) -> None:
    bad_kind = cli("case", "poa", "new", str(store_db), "--kind", "nope", "--at", AT)
    assert bad_kind.exit_code == 2 and "--kind" in bad_kind.stderr
    bad_lang = cli("case", "poa", "new", str(store_db), "--kind", "ip-complaint", "--lang", "fr")
    assert bad_lang.exit_code == 2 and "--lang" in bad_lang.stderr
    no_case = cli("case", "poa", "new", "999", "--kind", "ip-complaint", "--at", AT)
    assert no_case.exit_code == 2 and "CASE_ID" in no_case.stderr
    none_saved = cli("case", "poa", "show", str(store_db))
    assert none_saved.exit_code == 2 and "CASE_ID" in none_saved.stderr
