"""People (issue 15, point 2), on both databases: removing a user hands their open cases to
someone who may work on them, in one audited transaction; one-time passwords expire;
disabled and removed users' sessions and tokens stop at once; a user's own settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from sellerdesk.services import accounts, cases, sign_in, stores, tokens, users
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.tables import AuditRow, CaseRow, UserRow, WebSessionRow
from tests.services.case_fixtures import NOW

PASSWORD = "correct horse battery"
NEW = "another fine passphrase"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)
    users._dummy_hash.cache_clear()


def add(sessions: Any, name: str, role: str = "agent", *grants: str) -> None:
    users.add(sessions=sessions, now=NOW, name=name, role=role, password=PASSWORD)
    for store in grants:
        users.grant(sessions=sessions, now=NOW, name=name, store=store)


def enter(sessions: Any, name: str, password: str = PASSWORD, at: Any = NOW) -> sign_in.SignedIn:
    return sign_in.sign_in(sessions=sessions, now=at, name=name, password=password, client="t")


def live(sessions: Any, signed: sign_in.SignedIn) -> bool:
    with transaction(sessions) as session:
        return sign_in.resolve(session, signed.secret, now=NOW) is not None


def owner_and_version(sessions: Any, case_id: int) -> tuple[str | None, int]:
    with transaction(sessions) as session:
        row = session.get(CaseRow, case_id)
        assert row is not None
        return row.assignee, row.version


@pytest.fixture
def team(
    sessions: Any, ctx: TrackerContext, acme: str, new_case: Callable[..., int]
) -> dict[str, int]:
    """li (agent on acme) owns two open cases and a resolved one; boss is the admin."""
    add(sessions, "boss", "admin")
    add(sessions, "li", "agent", acme)
    made = {name: new_case(subject=f"Listing {name} suppressed again") for name in "abc"}
    for case_id in made.values():
        cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="li")
    cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=made["c"], status="closed")
    return made


def test_removing_a_user_hands_their_open_cases_over_audited_and_versioned(
    sessions: Any, acme: str, team: dict[str, int]
) -> None:
    add(sessions, "wang", "agent", acme)
    before = {k: owner_and_version(sessions, v)[1] for k, v in team.items()}
    out = accounts.remove(sessions=sessions, now=NOW, name="li", reassign_to="wang", actor="boss")
    assert out.reassigned_to == "wang" and out.case_ids == (team["a"], team["b"])
    for key in "ab":
        assert owner_and_version(sessions, team[key]) == ("wang", before[key] + 1)
    assert owner_and_version(sessions, team["c"]) == ("li", before["c"])  # closed: kept as it was
    with transaction(sessions) as session:
        assert session.scalar(select(UserRow.id).where(UserRow.name == "li")) is None
        rows = session.scalars(select(AuditRow).where(AuditRow.action.in_(["assign", "remove"])))
        audited = [(r.entity, r.action, r.actor, r.detail.get("to")) for r in rows]
    assert ("user", "remove", "boss", "wang") in audited
    assert audited.count(("case", "assign", "boss", "wang")) == 2


def test_removing_without_an_heir_leaves_the_open_cases_unassigned(
    sessions: Any, team: dict[str, int]
) -> None:
    out = accounts.remove(sessions=sessions, now=NOW, name="li")
    assert out.reassigned_to is None and len(out.case_ids) == 2
    assert owner_and_version(sessions, team["a"])[0] is None


@pytest.mark.parametrize(
    ("heir", "role", "grant", "key"),
    [
        ("li", None, False, "people.reassign_to_self"),
        ("zhou", "viewer", True, "people.reassign_no_access"),
        ("zhou", "agent", False, "people.reassign_no_access"),
    ],
)
def test_the_cases_go_only_to_someone_who_may_work_on_them(
    sessions: Any,
    acme: str,
    team: dict[str, int],
    heir: str,
    role: str | None,
    grant: bool,
    key: str,
) -> None:
    if role:
        add(sessions, heir, role, *([acme] if grant else []))
    with pytest.raises(InvalidInput) as err:
        accounts.remove(sessions=sessions, now=NOW, name="li", reassign_to=heir)
    assert err.value.key == key and err.value.field == "reassign_to"
    assert owner_and_version(sessions, team["a"])[0] == "li"  # nothing changed
    with transaction(sessions) as session:
        assert session.scalar(select(UserRow.id).where(UserRow.name == "li")) is not None


def test_a_disabled_or_unknown_heir_is_refused_and_an_admin_heir_needs_no_grant(
    sessions: Any, team: dict[str, int]
) -> None:
    add(sessions, "gone", "admin")
    accounts.set_active(sessions=sessions, now=NOW, name="gone", active=False)
    with pytest.raises(InvalidInput) as err:
        accounts.remove(sessions=sessions, now=NOW, name="li", reassign_to="gone")
    assert err.value.key == "people.reassign_disabled"
    with pytest.raises(NotFound) as missing:
        accounts.remove(sessions=sessions, now=NOW, name="li", reassign_to="nobody")
    assert missing.value.field == "reassign_to"
    out = accounts.remove(sessions=sessions, now=NOW, name="li", reassign_to="boss")
    assert out.reassigned_to == "boss"


def test_one_cannot_remove_oneself_nor_the_last_active_admin(sessions: Any) -> None:
    add(sessions, "boss", "admin")
    with pytest.raises(Conflict) as own:
        accounts.remove(sessions=sessions, now=NOW, name="boss", signed_in_as="boss")
    assert own.value.key == "people.remove_self"
    with pytest.raises(Conflict) as last:
        accounts.remove(sessions=sessions, now=NOW, name="boss")
    assert last.value.key == "account.last_admin"
    add(sessions, "deputy", "admin")
    accounts.remove(sessions=sessions, now=NOW, name="boss", signed_in_as="deputy")
    with pytest.raises(Conflict):
        accounts.set_active(
            sessions=sessions, now=NOW, name="deputy", active=False, signed_in_as="deputy"
        )


def test_a_removed_users_sessions_and_tokens_stop_at_once(sessions: Any, acme: str) -> None:
    add(sessions, "li", "agent", acme)
    signed = enter(sessions, "li")
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    cache = tokens.PrincipalCache(3600.0)
    tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    out = accounts.remove(sessions=sessions, now=NOW, name="li")
    assert out.tokens_removed == 1
    assert not live(sessions, signed)
    with pytest.raises(Unauthenticated):
        tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    with transaction(sessions) as session:
        assert session.scalar(select(WebSessionRow.id)) is None
    with pytest.raises(Unauthenticated):
        enter(sessions, "li")


def test_a_disabled_users_session_and_cached_token_stop_at_once(sessions: Any) -> None:
    add(sessions, "li")
    signed = enter(sessions, "li")
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    cache = tokens.PrincipalCache(3600.0)
    tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    accounts.set_active(sessions=sessions, now=NOW, name="li", active=False)
    assert not live(sessions, signed)
    with pytest.raises(Unauthenticated):
        tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)


def test_a_reset_password_expires_after_a_day_and_says_so(sessions: Any) -> None:
    add(sessions, "li")
    made = accounts.reset_password(sessions=sessions, now=NOW, name="li")
    assert made.expires_at == NOW + accounts.ONE_TIME_LIFETIME == NOW + timedelta(hours=24)
    assert enter(sessions, "li", made.password, NOW + timedelta(hours=23)).must_change_password
    with pytest.raises(Unauthenticated) as err:
        enter(sessions, "li", made.password, NOW + timedelta(hours=24))
    assert err.value.key == "people.password_expired"
    with pytest.raises(Unauthenticated) as wrong:  # a wrong password says nothing of it
        enter(sessions, "li", "not the password at all", NOW + timedelta(hours=25))
    assert wrong.value.key != "people.password_expired"


def test_choosing_ones_own_password_ends_the_expiry(sessions: Any) -> None:
    add(sessions, "li")
    made = accounts.reset_password(sessions=sessions, now=NOW, name="li")
    accounts.change_own_password(
        sessions=sessions, now=NOW, name="li", current=made.password, new=NEW
    )
    assert users.person(sessions=sessions, name="li").user.password_expires_at is None
    assert enter(sessions, "li", NEW, NOW + timedelta(days=30)).principal.name == "li"


def test_a_new_user_gets_a_one_time_password_that_expires(sessions: Any) -> None:
    made = accounts.add_with_one_time_password(
        sessions=sessions, now=NOW, name="wang", role="viewer", actor="boss"
    )
    assert made.expires_at == NOW + timedelta(hours=24) and made.must_change_password
    assert enter(sessions, "wang", made.password).must_change_password
    with pytest.raises(Unauthenticated):
        enter(sessions, "wang", made.password, NOW + timedelta(days=2))


def test_ones_own_language_and_zone_take_city_names_and_empty_means_default(
    sessions: Any,
) -> None:
    add(sessions, "li")
    out = accounts.set_own_settings(
        sessions=sessions, now=NOW, name="li", language="zh-CN", time_zone="北京时间"
    )
    assert (out.language, out.time_zone) == ("zh", "Asia/Shanghai")
    assert enter(sessions, "li").principal.time_zone == "Asia/Shanghai"  # pages may read it
    with pytest.raises(InvalidInput) as zone:
        accounts.set_own_settings(
            sessions=sessions, now=NOW, name="li", language="", time_zone="Atlantis"
        )
    assert zone.value.field == "time_zone"
    with pytest.raises(InvalidInput) as lang:
        accounts.set_own_settings(
            sessions=sessions, now=NOW, name="li", language="fr", time_zone=""
        )
    assert lang.value.field == "language"
    cleared = accounts.set_own_settings(
        sessions=sessions, now=NOW, name="li", language="", time_zone=""
    )
    assert (cleared.language, cleared.time_zone) == (None, None)


def test_store_access_is_set_as_a_whole(sessions: Any, ctx: TrackerContext, acme: str) -> None:
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="brio", region="eu", marketplaces=["DE"])
    add(sessions, "li", "agent", acme)
    out = users.set_access(sessions=sessions, now=NOW, name="li", stores=["brio"])
    assert out.stores == ("brio",)
    assert enter(sessions, "li").principal.store_ids != frozenset()
    with pytest.raises(NotFound):
        users.set_access(sessions=sessions, now=NOW, name="li", stores=["nowhere"])
    assert users.set_access(sessions=sessions, now=NOW, name="li", stores=[]).stores == ()
