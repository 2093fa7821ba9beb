"""The case services name domain fields (``store``, ``case_id``, ``amazon_case_id``); the
case commands name them as a person types them: the flag or the argument's metavar."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.file_input import read_file_text
from sellerdesk.core.input_guard import check_text, load_json

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


def read_body_file(path: Path | None) -> dict[str, Any] | None:
    """JSON with the structured fields, or Markdown/plain text taken as the description."""
    if path is None:
        return None
    text = read_file_text(path, "--body-file")  # missing, folder, no permission, not UTF-8
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = load_json(text, "--body-file")  # nesting, NUL, surrogates (input_guard)
        except json.JSONDecodeError as exc:
            raise InvalidInput.of(
                "body_file.bad_json", field="--body-file", path=str(path), reason=str(exc)
            ) from None
        if not isinstance(data, dict):
            raise InvalidInput.of("body_file.not_object", field="--body-file", path=str(path))
        return data
    return {"description": check_text(text, "--body-file")}
