"""Access control as a service concern: every scoped service call checks its Principal here.

``principal=None`` means the local operator (the CLI): everything. A store the principal
may not read is reported as not found, listing only the stores it may read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, NotFound
from sellerdesk.storage.repositories import case_reads

if TYPE_CHECKING:  # the ORM is imported by the writes, not by the read commands
    from sellerdesk.storage.reading import Connection
    from sellerdesk.storage.records import StoreRow
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
    return _visible(case_reads.store_names(case_reads.flushed(session)), principal)


def _visible(stores: Sequence[tuple[int, str]], principal: Principal | None) -> list[str]:
    return [name for store_id, name in stores if can_read(principal, store_id)]


def _unknown_store(known: Sequence[str], name: str, field: str) -> NotFound:
    if known:
        return NotFound.of("store.not_found", field=field, name=name, known=", ".join(known))
    return NotFound.of("store.none_granted", field=field, name=name)


def readable_store_id(
    conn: Connection, principal: Principal | None, name: str, *, field: str = "store"
) -> int:
    """The id of the store called ``name`` if this principal may read it (NotFound listing
    the stores it may read otherwise): :func:`store_for` for a Core read."""
    store_id = case_reads.store_id_named(conn, " ".join(name.split()))
    if store_id is not None and can_read(principal, store_id):
        return store_id
    stores = case_reads.store_names(conn)
    if principal is None and not stores:
        raise NotFound.of("store.none_yet", field=field, name=name)
    raise _unknown_store(_visible(stores, principal), name, field)


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
        return store_named(session, name, field=field)
    from sellerdesk.storage.repositories import stores as store_rows

    row = store_rows.get_by_name(session, " ".join(name.split()))

    def missing() -> NotFound:
        return _unknown_store(visible_store_names(session, principal), name, field)

    if row is None:
        raise missing()
    if write:
        check_write(principal, row.id, missing)
    else:
        check_read(principal, row.id, missing)
    return row


def store_named(session: Session, name: str, *, field: str = "store") -> StoreRow:
    """The store called ``name``, or NotFound (naming the domain ``field``, which the
    adapters spell their way) listing the stores there are."""
    from sellerdesk.storage.repositories import stores as store_rows

    row = store_rows.get_by_name(session, " ".join(name.split()))
    if row is None:
        known = store_rows.names(session)
        if known:
            raise NotFound.of("store.not_found", field=field, name=name, known=", ".join(known))
        raise NotFound.of("store.none_yet", field=field, name=name)
    return row
