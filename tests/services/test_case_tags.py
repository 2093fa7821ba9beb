"""Case tags: normalised (trimmed, case-folded, one per spelling), versioned and audited like
every other change, and a filter of `case list`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import cases
from sellerdesk.storage.tables import AuditRow
from tests.services.case_fixtures import NOW, later


def tag(sessions, ctx, case_id, **kwargs):  # type: ignore[no-untyped-def]
    return cases.tag(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id, **kwargs)


def test_tags_are_normalised_deduplicated_and_the_change_is_versioned_and_audited(
    sessions, ctx, new_case
):
    case_id = new_case()
    done = tag(sessions, ctx, case_id, add=["  FBA ", "fba", "退款,Q4  Appeal", "ＦＢＡ"])
    assert done.tags == ("fba", "退款", "q4 appeal") and done.version == 2
    done = tag(sessions, ctx, case_id, add=["urgent"], remove=["Q4 APPEAL", "never-there"])
    assert done.tags == ("fba", "退款", "urgent")
    assert (done.added, done.removed, done.version) == (("urgent",), ("q4 appeal",), 3)
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    assert shown.tags == ("fba", "退款", "urgent")
    with sessions() as session:
        details = session.scalars(select(AuditRow.detail).where(AuditRow.action == "tag")).all()
    assert [d["tags"] for d in details] == [["fba", "退款", "q4 appeal"], ["fba", "退款", "urgent"]]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("add", {}),
        ("add", {"add": ["x" * 41]}),
        ("add", {"add": ["bad\x07tag"]}),
        ("remove", {"remove": ["x\x00y"]}),
        ("remove", {"add": ["fba"], "remove": ["FBA"]}),
        ("add", {"add": [f"t{i}" for i in range(21)]}),
    ],
)
def test_bad_tags_are_refused_naming_the_field_and_nothing_changes(
    sessions, ctx, new_case, field, kwargs
):
    case_id = new_case()
    with pytest.raises(InvalidInput) as err:
        tag(sessions, ctx, case_id, **kwargs)
    assert err.value.field == field
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    assert (shown.tags, shown.version) == ((), 1)


def test_a_stale_version_is_refused_and_the_tags_stay(sessions, ctx, new_case):
    case_id = new_case()
    tag(sessions, ctx, case_id, add=["fba"], expected_version=1)
    with pytest.raises(Conflict) as err:
        tag(sessions, ctx, case_id, add=["late"], expected_version=1)
    assert err.value.field == "expected_version"
    assert cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id).tags == ("fba",)


def test_case_list_filters_by_tag_whatever_its_case(sessions, ctx, new_case):
    tagged = new_case(subject="Refund missing")
    new_case(subject="Listing suppressed for no reason")
    tag(sessions, ctx, tagged, add=["FBA", "退款"])
    for asked in ("fba", " FBA ", "退款"):
        found = cases.list_cases(sessions=sessions, now=NOW, tag=asked)
        assert [c["id"] for c in found] == [tagged]
    assert cases.list_cases(sessions=sessions, now=NOW, tag="fb") == []
    with pytest.raises(InvalidInput) as err:
        cases.list_cases(sessions=sessions, now=NOW, tag=" ")
    assert err.value.field == "tag"
