"""The case status machine.

``draft → submitted → waiting-amazon ⇄ needs-action → resolved → closed``, plus
``reopened`` (a resolved or closed case that needs Amazon again) and ``merged`` (folded
into another case; final). ``submitted`` requires an Amazon Case ID.
"""

from __future__ import annotations

from sellerdesk.core.errors import Coded, InvalidInput

STATUSES = (
    "draft",
    "submitted",
    "waiting-amazon",
    "needs-action",
    "resolved",
    "closed",
    "reopened",
    "merged",
)

ALLOWED: dict[str, tuple[str, ...]] = {
    "draft": ("submitted", "closed", "merged"),
    "submitted": ("waiting-amazon", "needs-action", "resolved", "closed", "merged"),
    "waiting-amazon": ("needs-action", "resolved", "closed", "merged"),
    "needs-action": ("waiting-amazon", "resolved", "closed", "merged"),
    "resolved": ("closed", "reopened", "merged"),
    "closed": ("reopened",),
    "reopened": ("waiting-amazon", "needs-action", "resolved", "closed", "merged"),
    "merged": (),
}

OPEN_STATUSES = ("draft", "submitted", "waiting-amazon", "needs-action", "reopened")
# who must act next, which decides which clock runs
WAITING_ON = {
    "submitted": "amazon",
    "waiting-amazon": "amazon",
    "reopened": "amazon",
    "needs-action": "team",
}


def check_status(value: str, *, field: str = "status") -> str:
    if value not in STATUSES:
        raise InvalidInput.of(
            "case.bad_status", field=field, value=value, allowed=", ".join(STATUSES)
        )
    return value


def check_move(current: str, target: str, *, has_case_id: bool) -> None:
    """Refuse an illegal move, listing the moves that are allowed from ``current``."""
    check_status(target)
    allowed = ALLOWED[current]
    if target not in allowed:
        # the statuses are said in words (草稿 → 等待亚马逊), their codes kept in the params
        now, to = Coded(current, "app.status"), Coded(target, "app.status")
        if not allowed:
            raise InvalidInput.of("case.illegal_move_final", field="status", current=now, target=to)
        raise InvalidInput.of(
            "case.illegal_move",
            field="status",
            current=now,
            target=to,
            allowed=Coded(", ".join(allowed), "app.status"),
        )
    if target == "submitted" and not has_case_id:
        raise InvalidInput.of("case.submit_needs_case_id", field="amazon_case_id")
