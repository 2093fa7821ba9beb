"""Back-off after a refused login: a wrong password tried at every poll can get a QQ/163
mailbox locked by its provider. After the server refuses the login, the worker's polls leave
the mailbox alone for 5 minutes, then 10, 20, 40, and at most an hour between tries; a login
that works, or new credentials (user name, password, host), start over at once. A person's
own "Poll now" or "Test" is tried at once (they are there to see the answer).

The count and the time are kept in the mailbox's recorded failure (``last_error``), which a
working login clears: no column of its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

AUTH_FAILURES = ("mailbox.error.login_failed",)
FIRST = timedelta(minutes=5)
MOST = timedelta(hours=1)


def with_backoff(
    error: dict[str, Any] | None, previous: dict[str, Any] | None, now: datetime
) -> dict[str, Any] | None:
    """``error`` (a poll's or a test's) with the back-off it calls for: a refused login one
    more in a row than ``previous`` recorded, and when the worker may try again."""
    if error is None or error.get("key") not in AUTH_FAILURES:
        return error
    before = 0
    if previous and previous.get("key") in AUTH_FAILURES:
        before = int(previous.get("auth_failures") or 0)
    failures = before + 1
    wait = min(FIRST * 2 ** min(failures - 1, 10), MOST)
    return {
        **error,
        "auth_failures": failures,
        "retry_after": (now + wait).isoformat(),
        "wait_minutes": int(wait.total_seconds() // 60),
    }


def retry_after(error: dict[str, Any] | None) -> datetime | None:
    """When the worker may log in again, if a refused login holds it back."""
    if not error or error.get("key") not in AUTH_FAILURES or not error.get("retry_after"):
        return None
    try:
        return datetime.fromisoformat(str(error["retry_after"]))
    except ValueError:
        return None


def without_backoff(error: dict[str, Any] | None) -> dict[str, Any] | None:
    """The refusal alone (a worker says the same refusal once, whatever its wait)."""
    if error is None:
        return None
    return {
        k: v for k, v in error.items() if k not in ("auth_failures", "retry_after", "wait_minutes")
    }
