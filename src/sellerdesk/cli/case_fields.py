"""The case services name domain fields (``store``, ``case_id``, ``amazon_case_id``); the
case commands name them as a person types them: the flag or the argument's metavar."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sellerdesk.core.errors import SellerDeskError

FLAGS = {
    "case_id": "ID",
    "into": "INTO",
    "assignee": "USER",
    "amazon_case_id": "--case-id",
    "expected_version": "--expect-version",
    "occurred_at": "--at",
    "order_ids": "--order-id",
    "asins": "--asin",
    "skus": "--sku",
    "shipment_ids": "--shipment-id",
    "attachment": "--attach",
    **{
        name: f"--{name}"
        for name in (
            "store",
            "subject",
            "priority",
            "reason",
            "marketplace",
            "desk",
            "status",
            "tag",
            "limit",
            "channel",
            "direction",
            "body",
            "add",
            "remove",
        )
    },
}


@contextmanager
def flags(**overrides: str) -> Iterator[None]:
    """Errors raised inside name the command's own flags (``overrides``: this command's
    words where they differ, e.g. ``status="STATUS"`` for ``case status``)."""
    words: Mapping[str, str] = {**FLAGS, **overrides}
    try:
        yield
    except SellerDeskError as exc:
        if exc.field is not None and exc.field in words:
            exc.field = words[exc.field]
        raise
