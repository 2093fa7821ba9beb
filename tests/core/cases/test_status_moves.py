"""The case status machine as a table: every move from every status, allowed or refused.

Pure (no database): ``check_move`` is the one judge the CLI, API and web share.
"""

from __future__ import annotations

import itertools

import pytest

from sellerdesk.core.cases.status import OPEN_STATUSES, STATUSES, WAITING_ON, check_move
from sellerdesk.core.errors import InvalidInput

# written out by hand from docs (draft → submitted → waiting-amazon ⇄ needs-action →
# resolved → closed, plus reopened and merged), not read from the module under test
LEGAL = {
    ("draft", "submitted"),
    ("draft", "closed"),
    ("draft", "merged"),
    *(("submitted", s) for s in ("waiting-amazon", "needs-action", "resolved", "closed", "merged")),
    *(("waiting-amazon", s) for s in ("needs-action", "resolved", "closed", "merged")),
    *(("needs-action", s) for s in ("waiting-amazon", "resolved", "closed", "merged")),
    ("resolved", "closed"),
    ("resolved", "reopened"),
    ("resolved", "merged"),
    ("closed", "reopened"),
    *(("reopened", s) for s in ("waiting-amazon", "needs-action", "resolved", "closed", "merged")),
}
EVERY_MOVE = list(itertools.product(STATUSES, STATUSES))


def _refused(current: str, target: str, *, has_case_id: bool = True) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check_move(current, target, has_case_id=has_case_id)
    return caught.value


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_a_legal_move_passes(current: str, target: str) -> None:
    check_move(current, target, has_case_id=True)


@pytest.mark.parametrize(
    ("current", "target"),
    [m for m in EVERY_MOVE if m not in LEGAL and m[0] != "merged"],
)
def test_an_illegal_move_is_refused_listing_the_moves_allowed_from_where_the_case_is(
    current: str, target: str
) -> None:
    error = _refused(current, target)
    assert (error.key, error.field) == ("case.illegal_move", "status")
    allowed = sorted(t for c, t in LEGAL if c == current)
    assert sorted(error.params["allowed"].split(", ")) == allowed


@pytest.mark.parametrize("target", STATUSES)
def test_a_merged_case_is_final_and_says_so(target: str) -> None:
    assert _refused("merged", target).key == "case.illegal_move_final"


def test_a_case_cannot_move_to_the_status_it_already_has() -> None:
    for status in STATUSES:
        assert (status, status) not in LEGAL
        _refused(status, status)


def test_submitting_needs_an_amazon_case_id() -> None:
    error = _refused("draft", "submitted", has_case_id=False)
    assert (error.key, error.field) == ("case.submit_needs_case_id", "amazon_case_id")


@pytest.mark.parametrize("target", ["waiting-amazon", "resolved", "closed", "merged"])
def test_only_the_move_to_submitted_asks_for_a_case_id(target: str) -> None:
    check_move("submitted", target, has_case_id=False)


@pytest.mark.parametrize("target", ["open", "Resolved", "", "waiting_amazon"])
def test_an_unknown_target_is_refused_before_the_machine_is_asked(target: str) -> None:
    error = _refused("draft", target)
    assert error.key == "case.bad_status"
    assert "waiting-amazon" in error.params["allowed"]


@pytest.mark.parametrize(
    ("status", "is_open", "waits_on"),
    [
        ("draft", True, None),
        ("submitted", True, "amazon"),
        ("waiting-amazon", True, "amazon"),
        ("needs-action", True, "team"),
        ("reopened", True, "amazon"),
        ("resolved", False, None),
        ("closed", False, None),
        ("merged", False, None),
    ],
)
def test_each_status_says_whether_the_case_is_open_and_whose_clock_runs(
    status: str, is_open: bool, waits_on: str | None
) -> None:
    assert (status in OPEN_STATUSES) is is_open
    assert WAITING_ON.get(status) == waits_on
