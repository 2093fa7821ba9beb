"""Access control as a service concern: every scoped service call checks its Principal here.

``principal=None`` means the local operator (the CLI): everything. A store the principal
may not read is reported as not found, listing only the stores it may read.
"""

from __future__ import annotations

from collections.abc import Callable

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, NotFound
from sellerdesk.storage.records import StoreRow
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session


def can_read(principal: Principal | None, store_id: int) -> bool:
    return principal is None or principal.can_read(store_id)


def check_read(principal: Principal | None, store_id: int, missing: Callable[[], NotFound]) -> None:
    if not can_read(principal, store_id):
        raise missing()


def check_write(
    principal: Principal | None, store_id: int, missing: Callable[[], NotFound]
) -> None:
    """NotFound for a store not granted; Forbidden for a granted store read-only to them."""
    if principal is None or principal.can_write(store_id):
        return
    if not principal.can_read(store_id):
        raise missing()
    raise Forbidden.of("access.read_only", field="role", user=principal.name, role=principal.role)


def readable_store_ids(principal: Principal | None) -> frozenset[int] | None:
    return None if principal is None else principal.readable_store_ids


def visible_store_names(session: Session, principal: Principal | None) -> list[str]:
    return [r.name for r in store_rows.list_all(session) if can_read(principal, r.id)]


def store_for(
    session: Session,
    principal: Principal | None,
    name: str,
    *,
    field: str = "store",
    write: bool = False,
) -> StoreRow:
    """The store called ``name`` as this principal may see it (NotFound otherwise)."""
    if principal is None:
        from sellerdesk.services.stores import store_named

        return store_named(session, name, field=field)
    row = store_rows.get_by_name(session, " ".join(name.split()))

    def missing() -> NotFound:
        known = visible_store_names(session, principal)
        if known:
            return NotFound.of("store.not_found", field=field, name=name, known=", ".join(known))
        return NotFound.of("store.none_granted", field=field, name=name)

    if row is None:
        raise missing()
    if write:
        check_write(principal, row.id, missing)
    else:
        check_read(principal, row.id, missing)
    return row
