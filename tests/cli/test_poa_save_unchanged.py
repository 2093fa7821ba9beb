"""``case poa save`` of a file that holds what the newest version holds adds no version
and says "nothing changed", in zh and en (third new-user trial of issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_poa_mend import AT, FILLED, case_id  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "没有改动：行动计划与案例 {case} 的第 1 版相同"), ("en", "Nothing changed")],
)
def test_saving_the_same_file_twice_adds_no_version(  # type: ignore[no-untyped-def]
    cli,
    case_id: int,  # noqa: F811
    tmp_path: Path,
    lang: str,
    words: str,
) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(FILLED.format(extra=""), encoding="utf-8")
    first = cli("case", "poa", "save", str(case_id), str(path), "--at", AT, "--lang", lang)
    assert first.exit_code == 0, first.stderr
    again = cli("case", "poa", "save", str(case_id), str(path), "--at", AT, "--lang", lang)
    assert again.exit_code == 0, again.stderr
    assert words.format(case=case_id) in again.stdout
    shown = cli("case", "poa", "show", str(case_id), "--json").json()
    assert [v["version"] for v in shown["history"]] == [1]
