"""Subjects, store names, user names and tags refuse invisible-only and bidirectional-control
text the same way for the CLI, the API and the web (they share these services), and nothing
is written (issue 13 follow-ups, item 6), on both databases."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import cases, stores, users
from tests.services.case_fixtures import NOW

INVISIBLE = ["\u200b", "\ufeff", " \u200b\u200c ", "   "]
BIDI = ["evil\u202e", "\u2066live\u2069", "a\u202ab"]


@pytest.mark.parametrize("subject", INVISIBLE + BIDI)
def test_a_subject_of_invisible_characters_or_with_a_bidi_control_is_refused(
    sessions, ctx, acme, subject
):
    with pytest.raises(InvalidInput) as err:
        cases.create(
            sessions=sessions, ctx=ctx, now=NOW, store=acme, marketplace="US", subject=subject
        )
    assert err.value.field == "subject"
    assert err.value.key in ("input.blank", "input.bidi_control", "case.subject_empty")
    assert cases.list_cases(sessions=sessions, now=NOW) == []


def test_a_subject_over_300_characters_is_refused_whole_not_cut(sessions, ctx, acme):
    with pytest.raises(InvalidInput) as err:
        cases.create(
            sessions=sessions, ctx=ctx, now=NOW, store=acme, marketplace="US", subject="x" * 400
        )
    assert err.value.key == "case.subject_too_long" and err.value.params["most"] == 300
    assert err.value.params["length"] == 400  # the message says how long it is


@pytest.mark.parametrize("name", ["\u200b", "\ufeff\u200b", "Acme\u202eSU"])
def test_a_store_name_of_invisible_characters_or_with_a_bidi_control_is_refused(
    sessions, ctx, name
):
    with pytest.raises(InvalidInput) as err:
        stores.add(sessions=sessions, now=NOW, ctx=ctx, name=name, region="na", marketplaces=["US"])
    assert err.value.field == "name" and err.value.key in ("input.blank", "input.bidi_control")
    assert stores.list_stores(sessions=sessions) == []


@pytest.mark.parametrize("name", ["\u200b", "li\u202e"])
def test_a_user_name_of_invisible_characters_or_with_a_bidi_control_is_refused(sessions, name):
    with pytest.raises(InvalidInput) as err:
        users.add(
            sessions=sessions, now=NOW, name=name, role="agent", password="Tangerine-Harbor-47"
        )
    assert err.value.field == "name" and err.value.key in ("input.blank", "input.bidi_control")
    assert users.list_users(sessions=sessions) == []


@pytest.mark.parametrize(
    ("tag", "key"), [("\u200b", "input.blank"), ("fba\u202e", "input.bidi_control")]
)
def test_a_tag_of_invisible_characters_or_with_a_bidi_control_is_refused(
    sessions, ctx, new_case, tag, key
):
    case_id = new_case()
    with pytest.raises(InvalidInput) as err:
        cases.tag(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, add=[tag])
    assert err.value.key == key and err.value.field == "add"
