"""The case domain's "no such case" (imports no database library: the reads raise it too)."""

from __future__ import annotations

from sellerdesk.core.errors import NotFound


def not_found(case_id: int, field: str = "case_id") -> NotFound:
    return NotFound.of("case.not_found", field=field, case_id=case_id)
