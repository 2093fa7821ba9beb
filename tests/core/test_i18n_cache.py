"""Parsed message catalogs kept across runs (core/i18n.use_cache_folder): the same words as
a fresh parse, rebuilt when a catalog file changes, and a damaged cache is never trusted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sellerdesk.core import i18n


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "cache"
    i18n.use_cache_folder(folder)
    yield folder
    i18n.use_cache_folder(None)


def _fresh(lang: str) -> dict[str, str]:
    i18n.catalog.cache_clear()
    return i18n.catalog(lang)


def test_a_cached_catalog_has_exactly_the_words_of_a_fresh_parse(cache: Path) -> None:
    parsed = i18n._parse(i18n._files("zh"))
    assert _fresh("zh") == parsed
    assert (cache / "messages-zh.marshal").exists()
    assert _fresh("zh") == parsed


def test_the_second_run_reads_the_cache_instead_of_the_toml_files(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _fresh("en")

    def no_parse(refs: list[Any]) -> dict[str, str]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(i18n, "_parse", no_parse)
    assert _fresh("en") == first


def test_an_edited_catalog_file_is_read_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "messages"
    folder.mkdir()
    shutil.copy(i18n._files("en")[0], folder / "en.toml")
    monkeypatch.setattr(i18n, "_files", lambda lang: [folder / f"{lang}.toml"])
    (folder / "en.toml").write_text('[x]\nword = "old"\n', encoding="utf-8")
    assert _fresh("en")["x.word"] == "old"
    (folder / "en.toml").write_text('[x]\nword = "newer"\n', encoding="utf-8")
    assert _fresh("en")["x.word"] == "newer"


def test_a_damaged_cache_file_is_rebuilt_not_trusted(cache: Path) -> None:
    parsed = i18n._parse(i18n._files("en"))
    cache.mkdir(parents=True)
    (cache / "messages-en.marshal").write_bytes(b"\x00garbage")
    assert _fresh("en") == parsed
    assert _fresh("en") == parsed


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    i18n.use_cache_folder(blocker / "cache")
    try:
        assert _fresh("en") == i18n._parse(i18n._files("en"))
    finally:
        i18n.use_cache_folder(None)
