"""Small readers for values in the product's TOML data files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: Any) -> date | None:
    """A TOML date (``2026-12-24``) or an ISO string (``"2026-12-24"``); None otherwise."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
