"""Guessable passwords are refused by zxcvbn's estimate plus common Chinese-user passwords
(issue 13 follow-ups, item 1), on both databases; good passphrases of any script pass."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import catalog
from sellerdesk.core.passwords import common_zh, weakness
from sellerdesk.services import sign_in, users
from tests.services.case_fixtures import NOW


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)
    users._dummy_hash.cache_clear()


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("password123456", "account.common_password"),
        ("woaini1314", "account.common_password"),
        ("admin123456", "account.common_password"),
        ("5201314520", "account.common_password"),
        ("qq123456789", "account.common_password"),
        ("zxcvbnm123", "account.common_password"),
        ("abcdefghij", "account.password_sequence"),
        ("qazwsxedcrfv", "account.common_password"),
        ("abcdabcdabcdabcd", "account.password_repeats"),
        ("Sellerdesk2026!", "account.password_product_word"),
    ],
)
def test_a_guessable_password_is_refused_with_why_in_both_languages(sessions, password, key):
    with pytest.raises(InvalidInput) as err:
        users.add(sessions=sessions, now=NOW, name="zhao", role="agent", password=password)
    assert err.value.key == key and err.value.field == "password"
    zh, zh_fix = err.value.words("zh")
    assert zh != err.value.message and zh_fix and "zxcvbn" not in zh
    assert users.list_users(sessions=sessions) == []  # nothing half-written


@pytest.mark.parametrize(
    "password",
    ["正确 马 电池 订书钉", "Tangerine-Harbor-47-Quilt", "correct horse battery staple"],
)
def test_a_good_passphrase_is_accepted_and_signs_in(sessions, password):
    users.add(sessions=sessions, now=NOW, name="zhao", role="agent", password=password)
    found = sign_in.sign_in(sessions=sessions, now=NOW, name="zhao", password=password, client="t")
    assert found.principal.name == "zhao"


def test_a_1024_character_passphrase_is_scored_on_its_first_100_and_kept_whole(sessions):
    long = ("Tangerine-Harbor-47-Quilt " * 40)[:1024]
    users.add(sessions=sessions, now=NOW, name="zhao", role="agent", password=long)
    found = sign_in.sign_in(sessions=sessions, now=NOW, name="zhao", password=long, client="t")
    assert found.principal.name == "zhao"


def test_every_reason_a_password_is_refused_has_words_in_both_languages():
    keys = {
        "account.common_password",
        "account.password_keyboard",
        "account.password_sequence",
        "account.password_repeats",
        "account.password_dates",
        "account.password_product_word",
        "account.password_guessable",
    }
    for lang in ("en", "zh"):
        for key in keys:
            assert f"error.{key}.message" in catalog(lang) and f"error.{key}.fix" in catalog(lang)
    assert {"woaini", "5201314", "1314520", "aini1314", "qq123456", "zxcvbnm"} <= set(common_zh())


def test_the_chinese_list_catches_a_pinyin_phrase_with_digits_around_it():
    assert weakness("Woaini-2026", "li") is not None
    assert weakness("Woaini1314!", "li") is not None
