"""Users, grants, passwords (argon2), tokens and browser sessions, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from sellerdesk.services import sign_in, tokens, users
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.tables import ApiTokenRow, UserRow, WebSessionRow
from tests.services.case_fixtures import NOW

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)


def add(sessions, name="li", role="agent", password=PASSWORD, **kw):  # type: ignore[no-untyped-def]
    return users.add(sessions=sessions, now=NOW, name=name, role=role, password=password, **kw)


def test_a_user_is_stored_with_an_argon2_hash_never_the_password(sessions):
    add(sessions)
    with transaction(sessions) as session:
        stored = session.scalar(select(UserRow.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("password", ["", "short", "aaaaaaaaaaaaaaa", "li", "ababababababab"])
def test_weak_passwords_are_refused(sessions, password):
    with pytest.raises(InvalidInput) as err:
        add(sessions, password=password)
    assert err.value.field == "password"


@pytest.mark.parametrize(("name", "role"), [("with space", "agent"), ("", "agent"), ("li", "boss")])
def test_bad_names_and_roles_are_refused(sessions, name, role):
    with pytest.raises(InvalidInput):
        add(sessions, name=name, role=role)


def test_a_taken_name_is_a_conflict(sessions):
    add(sessions)
    with pytest.raises(Conflict):
        add(sessions, role="viewer")


def test_grants_are_listed_and_revoked(sessions, acme):
    add(sessions)
    users.grant(sessions=sessions, now=NOW, name="li", store=acme)
    users.grant(sessions=sessions, now=NOW, name="li", store=acme)  # twice is once
    assert users.list_users(sessions=sessions)[0].stores == (acme,)
    users.revoke(sessions=sessions, now=NOW, name="li", store=acme)
    assert users.list_users(sessions=sessions)[0].stores == ()
    with pytest.raises(NotFound):
        users.grant(sessions=sessions, now=NOW, name="li", store="nowhere")


def test_the_first_admin_is_made_once_with_a_one_time_password(sessions):
    password = users.ensure_first_admin(sessions=sessions, now=NOW)
    assert password and len(password) >= 20
    assert users.ensure_first_admin(sessions=sessions, now=NOW) is None
    listed = users.list_users(sessions=sessions)
    assert [(u.name, u.role, u.must_change_password) for u in listed] == [("admin", "admin", True)]


def test_people_added_before_the_first_start_do_not_keep_it_from_making_the_admin(sessions):
    users.add(sessions=sessions, now=NOW, name="liwei", role="agent", password="Amz-case-2026!x")

    password = users.ensure_first_admin(sessions=sessions, now=NOW)

    assert password and len(password) >= 20
    assert users.has_admin(sessions=sessions)
    roles = {u.name: u.role for u in users.list_users(sessions=sessions)}
    assert roles == {"admin": "admin", "liwei": "agent"}
    assert users.ensure_first_admin(sessions=sessions, now=NOW) is None


def test_a_team_that_added_its_own_admin_gets_no_second_one(sessions):
    users.add(sessions=sessions, now=NOW, name="wang", role="admin", password="Amz-case-2026!x")

    assert users.ensure_first_admin(sessions=sessions, now=NOW) is None
    assert [u.name for u in users.list_users(sessions=sessions)] == ["wang"]


def test_a_hash_made_with_old_parameters_is_replaced_at_sign_in(sessions, monkeypatch):
    from argon2 import PasswordHasher

    add(sessions)
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: stronger)
    sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="t")
    with transaction(sessions) as session:
        stored = session.scalar(select(UserRow.password_hash))
    assert "m=2048,t=2" in stored


def test_a_token_resolves_to_its_user_with_grants_until_revoked(sessions, acme):
    add(sessions)
    users.grant(sessions=sessions, now=NOW, name="li", store=acme)
    made = tokens.create(sessions=sessions, now=NOW, user="li", name="ci")
    with transaction(sessions) as session:
        stored = session.scalar(select(ApiTokenRow.token_hash))
        principal = tokens.resolve(session, made.token, now=NOW)
    assert stored == tokens.digest(made.token) and made.token not in stored
    assert principal.name == "li" and principal.role == "agent" and len(principal.store_ids) == 1
    assert tokens.list_tokens(sessions=sessions)[0].last_used_at is not None
    tokens.revoke(sessions=sessions, now=NOW, token_id=made.id)
    with transaction(sessions) as session, pytest.raises(Unauthenticated):
        tokens.resolve(session, made.token, now=NOW)


def test_a_cached_token_stays_valid_for_its_ttl_after_revocation_and_not_longer(sessions):
    add(sessions)
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    clock = [100.0]
    cache = tokens.PrincipalCache(2.0, monotonic=lambda: clock[0])

    def who() -> str:
        return tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache).name

    assert who() == "li"
    with transaction(sessions) as session:  # revoked by another process (its own database write)
        session.get(ApiTokenRow, made.id).revoked_at = NOW
    clock[0] += 1.9
    assert who() == "li"  # within the bound the cache promises
    clock[0] += 0.2
    with pytest.raises(Unauthenticated):
        who()


def test_a_token_revoked_in_this_process_is_refused_at_once_despite_the_cache(sessions):
    add(sessions)
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    cache = tokens.PrincipalCache(3600.0)
    tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    tokens.revoke(sessions=sessions, now=NOW, token_id=made.id)
    with pytest.raises(Unauthenticated):
        tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)


def test_a_token_cache_of_zero_seconds_checks_every_request(sessions):
    add(sessions)
    made = tokens.create(sessions=sessions, now=NOW, user="li")
    cache = tokens.PrincipalCache(0)
    tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)
    tokens.revoke(sessions=sessions, now=NOW, token_id=made.id)
    with pytest.raises(Unauthenticated):
        tokens.authenticate(sessions=sessions, secret=made.token, now=NOW, cache=cache)


def test_an_unknown_token_is_unauthenticated(sessions):
    with transaction(sessions) as session, pytest.raises(Unauthenticated):
        tokens.resolve(session, "sdk_nothing", now=NOW)


def test_a_session_is_stored_as_a_hash_and_ends_at_sign_out_or_expiry(sessions):
    add(sessions)
    signed = sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="t")
    with transaction(sessions) as session:
        assert session.scalar(select(WebSessionRow.session_hash)) == tokens.digest(signed.secret)
        assert sign_in.resolve(session, signed.secret, now=NOW) is not None
        late = NOW + sign_in.SESSION_LIFETIME + timedelta(seconds=1)
        assert sign_in.resolve(session, signed.secret, now=late) is None
    sign_in.sign_out(sessions=sessions, now=NOW, secret=signed.secret)
    with transaction(sessions) as session:
        assert sign_in.resolve(session, signed.secret, now=NOW) is None


def test_failed_sign_ins_are_limited_per_name_and_a_success_clears_the_count(sessions):
    add(sessions)

    def attempt(password: str, at_minutes: float = 0, client: str = "c1"):  # type: ignore[no-untyped-def]
        return sign_in.sign_in(
            sessions=sessions,
            now=NOW + timedelta(minutes=at_minutes),
            name="li",
            password=password,
            client=client,
        )

    for _ in range(4):
        with pytest.raises(Unauthenticated):
            attempt("wrong wrong wrong")
    attempt(PASSWORD)  # the fifth is right: the count starts again
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            attempt("wrong wrong wrong", 1)
    with pytest.raises(TooManyAttempts):
        attempt(PASSWORD, 2)
    assert attempt(PASSWORD, 17).principal.name == "li"  # the window has passed


def test_one_client_trying_many_names_is_limited(sessions):
    for i in range(sign_in.MAX_FAILURES_PER_CLIENT):
        with pytest.raises(Unauthenticated):
            sign_in.sign_in(sessions=sessions, now=NOW, name=f"u{i}", password="x", client="bot")
    with pytest.raises(TooManyAttempts):
        sign_in.sign_in(sessions=sessions, now=NOW, name="other", password="x", client="bot")


def test_an_inactive_user_cannot_sign_in(sessions):
    add(sessions)
    with transaction(sessions) as session:
        session.scalars(select(UserRow)).one().active = False
    with pytest.raises(Unauthenticated):
        sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="t")
