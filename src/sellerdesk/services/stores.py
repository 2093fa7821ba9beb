"""Seller accounts the team operates: add and list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.tables import StoreRow

REGIONS = ("na", "eu", "jp", "cn", "uk")
PLANS = ("professional", "individual")


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    text = value.strip().lower()
    if text not in allowed:
        raise InvalidInput(
            f"{value!r} is not allowed here.", field=field, fix=f"use one of: {', '.join(allowed)}."
        )
    return text


def check_marketplaces(codes: Iterable[str], ctx: TrackerContext) -> list[str]:
    """Upper-cased, de-duplicated codes, each served by a desk."""
    from sellerdesk.hours import desk_for_marketplace

    out = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not out:
        raise InvalidInput(
            "a store needs at least one marketplace.", field="--marketplaces", fix="e.g. US,CA."
        )
    for code in out:
        try:
            desk_for_marketplace(ctx.desks, code)
        except NotFound as exc:
            raise InvalidInput(exc.message, field="--marketplaces", fix=exc.fix) from None
    return out


def store_json(row: StoreRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "region": row.region,
        "marketplaces": list(row.marketplaces),
        "plan": row.selling_plan,
        "verified": row.verified,
        "support_plan": row.support_plan,
        "created_at": row.created_at.isoformat(),
    }


def add(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    name: str,
    region: str,
    marketplaces: Iterable[str],
    plan: str = "professional",
    verified: bool = False,
    support_plan: str | None = None,
    principal: Principal | None = None,
) -> dict[str, Any]:
    if principal is not None and not principal.is_admin:
        raise Forbidden("only an admin may add a store.", field="role", fix="ask an admin.")
    clean = " ".join(name.split())
    if not clean or len(clean) > 120 or any(ord(c) < 32 for c in name):
        raise InvalidInput(
            f"{name!r} is not a store name.", field="NAME", fix="give 1 to 120 characters."
        )
    row = StoreRow(
        name=clean,
        region=_choice(region, REGIONS, "--region"),
        marketplaces=check_marketplaces(marketplaces, ctx),
        selling_plan=_choice(plan, PLANS, "--plan"),
        verified=verified,
        support_plan=(support_plan or "").strip() or None,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction(sessions) as session:
            if store_rows.get_by_name(session, clean) is not None:
                raise _taken(clean)
            store_rows.add(session, row)
            audit.record(
                session,
                at=now,
                actor=principal.name if principal else ctx.actor,
                entity="store",
                entity_id=row.id,
                action="add",
                detail=store_json(row),
            )
            return store_json(row)
    except IntegrityError:  # another process added the same name between check and insert
        raise _taken(clean) from None


def _taken(name: str) -> Conflict:
    return Conflict(
        f"a store named {name!r} already exists.",
        field="NAME",
        fix="choose another name, or use the existing store (`sellerdesk store list`).",
    )


def list_stores(
    *, sessions: sessionmaker[Session], principal: Principal | None = None
) -> list[dict[str, Any]]:
    """Every store, or only those the principal may read."""
    with transaction(sessions) as session:
        rows = store_rows.list_all(session)
        if principal is not None:
            rows = [r for r in rows if principal.can_read(r.id)]
        return [store_json(r) for r in rows]


def store_named(session: Session, name: str, *, field: str = "--store") -> StoreRow:
    """The store called ``name``, or InvalidInput listing the stores there are."""
    row = store_rows.get_by_name(session, " ".join(name.split()))
    if row is None:
        known = store_rows.names(session)
        raise NotFound(
            f"there is no store {name!r}.",
            field=field,
            fix=f"use one of: {', '.join(known)}."
            if known
            else "add one first: sellerdesk store add NAME --region na --marketplaces US.",
        )
    return row
