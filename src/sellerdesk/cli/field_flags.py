"""The store, user, token, account and health services name domain fields (``name``,
``store``, ``password``, ``role``); their commands name them as a person typed them: the
flag or the argument's metavar. One table per command group (the case commands have theirs
in ``cli/case_fields.py``)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sellerdesk.core.errors import SellerDeskError

F = TypeVar("F", bound=Callable[..., Any])

STORE = {
    "name": "NAME",
    "region": "--region",
    "plan": "--plan",
    "marketplaces": "--marketplaces",
    "support_plan": "--support-plan",
}
USER = {"name": "NAME", "store": "STORE", "password": "--password", "role": "--role"}
ACCOUNT = {"name": "NAME", "role": "ROLE"}
TOKEN = {"user": "USER", "name": "--name", "token_id": "ID"}
HEALTH = {
    name: f"--{name.replace('_', '-')}"
    for name in (
        "store",
        "marketplace",
        "odr",
        "late_shipment",
        "pre_fulfilment_cancel",
        "valid_tracking",
        "ahr",
        "have",
        "missing",
        "expired",
        "note",
    )
}

# the hours, search, config and display-zone services name their fields by what they are
HOURS_WINDOWS = {"days": "--days"}
HOURS_DUE = {"hours": "--hours"}
PLANNER = {"days": "--weeks"}  # the calendar's span: --weeks x 7 days
SEARCH = {"text": "TEXT"}
CONFIG_SET = {"value": "VALUE"}
ZONE_FLAG = {"timezone": "--tz"}  # only when --tz was given (else the setting is named)


def spelled(words: Mapping[str, str]) -> Callable[[F], F]:
    """The command's errors name ``words[field]`` for the domain fields in ``words``
    (put it under ``@handles_errors``, which prints the field)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except SellerDeskError as exc:
                if exc.field is not None and exc.field in words:
                    exc.field = words[exc.field]
                raise

        return wrapper  # type: ignore[return-value]

    return decorate
