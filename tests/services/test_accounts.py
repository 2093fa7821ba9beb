"""Account changes end sessions; password rules (issue 13, item 6), on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput, TooManyAttempts, Unauthenticated
from sellerdesk.services import accounts, sign_in, tokens, users
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.tables import UserRow
from tests.services.case_fixtures import NOW

PASSWORD = "correct horse battery"
NEW = "another fine passphrase"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)
    users._dummy_hash.cache_clear()


def add(sessions, name="li", role="agent", **kw):  # type: ignore[no-untyped-def]
    return users.add(sessions=sessions, now=NOW, name=name, role=role, password=PASSWORD, **kw)


def enter(sessions, name="li", password=PASSWORD):  # type: ignore[no-untyped-def]
    return sign_in.sign_in(sessions=sessions, now=NOW, name=name, password=password, client="t")


def live(sessions, signed) -> bool:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        return sign_in.resolve(session, signed.secret, now=NOW) is not None


def test_changing_ones_password_keeps_this_session_and_ends_the_others(sessions):
    add(sessions)
    here, there = enter(sessions), enter(sessions)
    accounts.change_own_password(
        sessions=sessions, now=NOW, name="li", current=PASSWORD, new=NEW, keep_session=here.secret
    )
    assert live(sessions, here) and not live(sessions, there)
    assert enter(sessions, password=NEW).principal.name == "li"
    with pytest.raises(Unauthenticated):
        enter(sessions)


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_sign_in(sessions):
    add(sessions)
    here = enter(sessions)
    for _ in range(sign_in.MAX_FAILURES_PER_NAME):
        with pytest.raises(InvalidInput) as err:
            accounts.change_own_password(
                sessions=sessions, now=NOW, name="li", current="not it at all", new=NEW
            )
        assert err.value.key == "account.wrong_current_password"
        assert err.value.field == "current_password"
    with pytest.raises(TooManyAttempts):
        accounts.change_own_password(
            sessions=sessions, now=NOW, name="li", current=PASSWORD, new=NEW
        )
    assert live(sessions, here)
    later = NOW + sign_in.WINDOW + timedelta(minutes=1)
    assert (
        sign_in.sign_in(
            sessions=sessions, now=later, name="li", password=PASSWORD, client="t"
        ).principal.name
        == "li"
    )


def test_the_new_password_must_differ_from_the_current_one(sessions):
    add(sessions)
    with pytest.raises(InvalidInput) as err:
        accounts.change_own_password(
            sessions=sessions, now=NOW, name="li", current=PASSWORD, new=PASSWORD
        )
    assert err.value.key == "account.same_password"


def test_an_admin_reset_gives_a_one_time_password_and_ends_every_session(sessions):
    add(sessions)
    one, two = enter(sessions), enter(sessions)
    password = accounts.reset_password(sessions=sessions, now=NOW, name="li").password
    assert not live(sessions, one) and not live(sessions, two)
    fresh = enter(sessions, password=password)
    assert fresh.must_change_password


def test_a_reset_clears_the_sign_in_limit_of_that_name(sessions):
    add(sessions)
    for _ in range(sign_in.MAX_FAILURES_PER_NAME):
        with pytest.raises(Unauthenticated):
            enter(sessions, password="wrong wrong wrong")
    with pytest.raises(TooManyAttempts):
        enter(sessions)
    password = accounts.reset_password(sessions=sessions, now=NOW, name="li").password
    assert enter(sessions, password=password).principal.name == "li"


def test_disabling_ends_every_session_and_revokes_every_token(sessions):
    add(sessions)
    signed = enter(sessions)
    made = [tokens.create(sessions=sessions, now=NOW, user="li") for _ in range(2)]
    out = accounts.set_active(sessions=sessions, now=NOW, name="li", active=False)
    assert out.active is False and out.tokens_revoked == 2
    assert not live(sessions, signed)
    assert all(t.revoked_at for t in tokens.list_tokens(sessions=sessions, user="li"))
    for token in made:
        with pytest.raises(Unauthenticated):
            tokens.authenticate(sessions=sessions, secret=token.token, now=NOW)
    with pytest.raises(Unauthenticated):
        enter(sessions)
    accounts.set_active(sessions=sessions, now=NOW, name="li", active=True)
    assert enter(sessions).principal.name == "li"
    with pytest.raises(Unauthenticated):  # revoked tokens stay revoked
        tokens.authenticate(sessions=sessions, secret=made[0].token, now=NOW)


def test_a_disabled_users_cached_token_is_refused_at_once_in_this_process(sessions):
    add(sessions)
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    cache = tokens.PrincipalCache(3600.0)
    tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    accounts.set_active(sessions=sessions, now=NOW, name="li", active=False)
    with pytest.raises(Unauthenticated):
        tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)


def test_a_role_change_ends_every_session_and_the_new_sign_in_has_the_new_role(sessions):
    add(sessions)
    signed = enter(sessions)
    out = accounts.set_role(sessions=sessions, now=NOW, name="li", role="viewer")
    assert out.role == "viewer" and not live(sessions, signed)
    assert enter(sessions).principal.role == "viewer"


def test_the_last_active_admin_cannot_be_disabled_or_demoted(sessions):
    add(sessions, name="boss", role="admin")
    with pytest.raises(Conflict):
        accounts.set_active(sessions=sessions, now=NOW, name="boss", active=False)
    with pytest.raises(Conflict):
        accounts.set_role(sessions=sessions, now=NOW, name="boss", role="agent")
    add(sessions, name="deputy", role="admin")
    accounts.set_role(sessions=sessions, now=NOW, name="boss", role="agent")
    with transaction(sessions) as session:
        assert session.scalar(select(UserRow.role).where(UserRow.name == "boss")) == "agent"


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("qwertyuiop", "account.common_password"),
        ("Password123", "account.common_password"),
        ("1q2w3e4r5t", "account.common_password"),
        ("my name is wangfang!", "account.contains_name"),
        ("WANGFANG-2026-spring", "account.contains_name"),
        ("x" * 5 + "yz" * 510, "account.password_too_long"),
        ("short", "user.weak_password"),
    ],
)
def test_common_name_bearing_and_overlong_passwords_are_refused_with_their_reason(
    sessions, password, key
):
    with pytest.raises(InvalidInput) as err:
        users.add(sessions=sessions, now=NOW, name="wangfang", role="agent", password=password)
    assert err.value.key == key and err.value.field == "password"
    zh, _ = err.value.words("zh")
    assert zh and zh != err.value.message


def test_a_long_passphrase_up_to_the_bound_is_kept_whole(sessions):
    long = "a sentence that goes on " * 42  # 1,008 characters
    users.add(sessions=sessions, now=NOW, name="li", role="agent", password=long)
    assert enter(sessions, password=long).principal.name == "li"
    with pytest.raises(Unauthenticated):
        enter(sessions, password=long[:200])


def test_a_one_time_password_never_breaks_the_rules(sessions):
    for _ in range(20):
        users.check_password(accounts.one_time_password("abc"), "abc")
