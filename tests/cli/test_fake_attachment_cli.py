"""`case log --attach` refuses a file whose bytes are not what its name says: exit 2, the
file and what it looks like named with the flag, nothing stored."""

from __future__ import annotations

from pathlib import Path

from tests.file_samples import tiny_pdf

AT = "2026-04-15T08:00-07:00"


def test_a_program_renamed_png_exits_2_naming_the_file_and_nothing_is_logged(
    cli, home: Path, tmp_path: Path
):  # type: ignore[no-untyped-def]
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    new = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Refund missing",
        "--json",
        "--at",
        AT,
    )
    case_id = str(new.json()["id"])
    invoice, fake = tmp_path / "invoice.pdf", tmp_path / "screenshot.png"
    invoice.write_bytes(tiny_pdf())
    fake.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    refused = cli(
        "case",
        "log",
        case_id,
        "--direction",
        "out",
        "--body",
        "see files",
        "--attach",
        str(invoice),
        "--attach",
        str(fake),
        "--at",
        AT,
    )
    assert refused.exit_code == 2, refused.stderr
    assert "screenshot.png is a program" in refused.stderr and "--attach" in refused.stderr
    zh = cli(
        "case",
        "log",
        case_id,
        "--direction",
        "out",
        "--body",
        "见附件",
        "--attach",
        str(fake),
        "--at",
        AT,
        "--lang",
        "zh",
    )
    assert zh.exit_code == 2 and "screenshot.png 实际是程序" in zh.stderr
    shown = cli("case", "show", case_id, "--json").json()
    assert [e for e in shown["events"] if e["direction"] == "out"] == []
    blobs = home / "attachments"
    assert not blobs.exists() or [p for p in blobs.rglob("*") if p.is_file()] == []
    ok = cli(
        "case",
        "log",
        case_id,
        "--direction",
        "out",
        "--body",
        "ok",
        "--attach",
        str(invoice),
        "--at",
        AT,
    )
    assert ok.exit_code == 0, ok.stderr
    assert len([p for p in blobs.rglob("*") if p.is_file()]) == 1  # the folder looked at
