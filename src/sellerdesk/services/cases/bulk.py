"""One change to many cases (the case list's bulk actions): assign, add a tag, move status.

Each case goes through the same use case as alone (``assign``, ``tag``, ``move``): its own
transaction, at the version the list showed (a stale one is a Conflict), an audit row. A
case that fails does not stop the others; the answer says which were changed and, for
each that was not, why (the service's own error, for the adapter to word).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.services.cases.events import assign, tag
from sellerdesk.services.cases.models import Outcome
from sellerdesk.services.cases.moving import move
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.session import Session, sessionmaker

ACTIONS = ("assign", "tag", "status")
MAX_CASES = 200  # one form's selection: a page of the list is 25


@dataclass(frozen=True)
class BulkFailure:
    case_id: int
    error: SellerDeskError


@dataclass(frozen=True)
class BulkResult:
    """The cases changed (their outcomes) and those not, with the reason for each."""

    action: str
    done: tuple[Outcome, ...]
    failed: tuple[BulkFailure, ...]


def bulk_change(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    action: str,
    value: str,
    cases: Sequence[tuple[int, int | None]],
    principal: Principal | None = None,
) -> BulkResult:
    """``action`` with ``value`` (the assignee — blank: none —, the tag, or the status) on
    each of ``cases`` as ``(case id, version shown)``, one transaction per case."""
    if action not in ACTIONS:
        raise InvalidInput.of("case_views.bad_action", field="action", value=action)
    if not cases:
        raise InvalidInput.of("case_views.none_selected", field="cases")
    if len(cases) > MAX_CASES:
        raise InvalidInput.of("case_views.too_many", field="cases", most=MAX_CASES)
    if action != "assign" and not value.strip():
        raise InvalidInput.of("case_views.no_value", field=action)
    done: list[Outcome] = []
    failed: list[BulkFailure] = []
    for case_id, version in dict.fromkeys(cases):
        try:
            if action == "assign":
                outcome = assign(
                    sessions=sessions,
                    now=now,
                    ctx=ctx,
                    case_id=case_id,
                    user=value,
                    expected_version=version,
                    principal=principal,
                )
            elif action == "tag":
                outcome = tag(
                    sessions=sessions,
                    now=now,
                    ctx=ctx,
                    case_id=case_id,
                    add=[value],
                    expected_version=version,
                    principal=principal,
                )
            else:
                outcome = move(
                    sessions=sessions,
                    now=now,
                    ctx=ctx,
                    case_id=case_id,
                    status=value,
                    expected_version=version,
                    principal=principal,
                )
        except SellerDeskError as exc:
            failed.append(BulkFailure(case_id, exc))
        else:
            done.append(outcome)
    return BulkResult(action, tuple(done), tuple(failed))
