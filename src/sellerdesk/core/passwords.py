"""How guessable a new password is: zxcvbn's estimator, plus common Chinese-user passwords.

zxcvbn (https://github.com/dwolf/zxcvbn-python) finds dictionary words with digits or symbols
around them, l33t spellings, reversed words, sequences (``abcdefghij``), repeats, keyboard
patterns and dates, and estimates the guesses needed; a password must score at least
:data:`MIN_SCORE` (0-4; 3 means about 10^8 guesses, "safely unguessable" against an online
attack). Its lists are English-centric, so ``data/common-passwords-zh.txt`` (pinyin phrases
and digit codes such as woaini, 5201314) is given to it as extra dictionary words.

Only the first :data:`SCORED` characters are scored: zxcvbn's matching grows quadratically
with the length, and a passphrase longer than that is long enough; the whole password (up to
1,024 characters) is still what is hashed and checked at sign-in.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

MIN_SCORE = 3
SCORED = 100  # characters scored by zxcvbn (the rest is kept, not scored)
PRODUCT_WORDS = ("sellerdesk", "amazon", "seller")

# zxcvbn's match patterns -> the catalog key saying why, most telling first
_COMMON = "account.common_password"
_BY_PATTERN = (
    ("spatial", "account.password_keyboard"),
    ("sequence", "account.password_sequence"),
    ("repeat", "account.password_repeats"),
    ("date", "account.password_dates"),
    ("regex", "account.password_dates"),  # zxcvbn's only regex is recent years
)
GUESSABLE = "account.password_guessable"


@cache
def common_zh() -> tuple[str, ...]:
    """The words of ``data/common-passwords-zh.txt``, most common first."""
    ref = resources.files("sellerdesk") / "data" / "common-passwords-zh.txt"
    lines = ref.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def estimate(password: str, name: str) -> dict[str, Any]:
    """zxcvbn's result for the first :data:`SCORED` characters of ``password``."""
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    inputs = [name, *PRODUCT_WORDS, *common_zh()]
    result: dict[str, Any] = zxcvbn(password[:SCORED], user_inputs=inputs, max_length=SCORED)
    return result


def weakness(password: str, name: str) -> str | None:
    """None when ``password`` is hard enough to guess, else the catalog key saying why."""
    result = estimate(password, name)
    if int(result["score"]) >= MIN_SCORE:
        return None
    matches: list[dict[str, Any]] = result.get("sequence", [])
    for match in matches:
        if match.get("pattern") != "dictionary":
            continue
        source = match.get("dictionary_name")
        word = str(match.get("matched_word", ""))
        if source == "passwords" or (source == "user_inputs" and word not in PRODUCT_WORDS):
            return _COMMON
        if source == "user_inputs":
            return "account.password_product_word"
    patterns = {m.get("pattern") for m in matches}
    for pattern, key in _BY_PATTERN:
        if pattern in patterns:
            return key
    return GUESSABLE
