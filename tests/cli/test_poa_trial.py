"""Mends from the second new-user trial of issue 16 on ``case poa`` and ``dossier -o``:
a mistyped ``-o`` (a folder, a folder that does not exist, a place that cannot be written)
exits 2 naming --output, with no traceback and no file; a file that is no Plan of Action
(Markdown, not UTF-8, too big) is refused in a POA's words, not a case draft's."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest

AT = "2026-12-01T10:00+08:00"


@pytest.fixture
def case_id(database_url: str, monkeypatch: pytest.MonkeyPatch, cli) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli(
        "case", "new", "--store", "acme", "--marketplace", "US", "--category", "account-health",
        "--subject", "Account deactivated", "--json", "--at", AT,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    return int(made.json()["id"])


@pytest.mark.parametrize("where", ["missing-folder", "folder"])
def test_poa_new_with_a_mistyped_output_exits_2_naming_it(
    cli, case_id: int, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "nope" / "poa.toml" if where == "missing-folder" else tmp_path

    def files() -> list[Path]:  # the store's own -wal/-shm come and go with its connections
        return sorted(p for p in tmp_path.rglob("*") if not p.name.endswith(("-wal", "-shm")))

    before = files()
    done = cli("case", "poa", "new", str(case_id), "--kind", "account-deactivation",
               "-o", str(target), "--at", AT)  # fmt: skip
    assert done.exit_code == 2, done.stdout
    assert "--output" in done.stderr and "Traceback" not in done.stderr
    assert ("poa.toml" in done.stderr) if where == "folder" else ("mkdir -p" in done.stderr)
    assert files() == before  # nothing written, no temp file left


def test_an_output_that_cannot_be_written_exits_2_and_leaves_nothing(
    cli, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_a: object, **_k: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    for args in (
        ("case", "poa", "new", str(case_id), "--kind", "account-deactivation", "--at", AT),
        ("dossier", str(case_id), "--format", "md"),
    ):
        target = tmp_path / "out.txt"
        done = cli(*args, "-o", str(target))
        assert done.exit_code == 2, done.stdout
        assert "--output" in done.stderr and "No space left on device" in done.stderr
        assert not target.exists()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("draft.md", b"Subject: Listing removed\n\n- Error 5665\n", "[poa] table"),
        ("broken.toml", b'[poa]\nkind = "\xff\xfe"\n', "Plan of Action file as UTF-8"),
        ("big.toml", b"[poa]\n# " + b"x" * 1_100_000 + b"\n", "a Plan of Action file holds"),
    ],
)
def test_poa_save_refuses_a_file_that_is_no_plan_in_a_plans_words(
    cli, case_id: int, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = cli("case", "poa", "save", str(case_id), str(path), "--at", AT)
    assert done.exit_code == 2, done.stdout
    assert said in done.stderr and "draft fields" not in done.stderr
    assert cli("case", "poa", "show", str(case_id)).exit_code == 2  # nothing was saved


ZH_PLAN = """
[poa]
kind = "performance-late-shipment"
lang = "zh"
notice = "迟发率 6.2%，超过 4% 的目标"
root_causes = ["双十一期间两名打包员病假，86 个订单在最晚发货日之后才确认发货。"]
evidence = ["shipping-settings.png"]
order_ids = ["111-1234567-1234567"]
"""


def test_an_english_rendering_of_a_chinese_plan_names_what_is_still_chinese(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(ZH_PLAN, encoding="utf-8")
    done = cli("case", "render", str(path), "--lang", "en")
    assert done.exit_code == 0, done.stderr
    assert "1. Root cause(s)" in done.stdout and "Still in Chinese" not in done.stdout
    assert "Still in Chinese in this English plan: Amazon's notice; Root cause(s), item 1." in (
        done.stderr
    )
    chinese = cli("case", "render", str(path), "--lang", "zh")
    assert chinese.exit_code == 0 and chinese.stderr == ""
