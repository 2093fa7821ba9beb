"""Lines made of one character repeated (spaces, tabs, digits, separators) are read without
catastrophic backtracking: the API fuzz test found a 20,000-digit timeline line that took 15 s
and a line of spaces that took minutes. Each input here took seconds or more before the fix."""

from __future__ import annotations

import pytest

from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.coach.timeline_lines import timeline_entry

RUNS = [" ", "\t", "0", "-", "日", ": ", "a ", "0:", "> ", "|"]


@pytest.mark.parametrize("unit", RUNS)
def test_a_long_run_of_one_character_is_read_whole(unit: str) -> None:
    text = unit * (30_000 // len(unit))
    draft = parse_text(text)
    assert draft is not None
    entry = timeline_entry(text)
    assert len(entry.what) <= len(text)
