"""Seller accounts the team operates: add, list, update and remove."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.input_guard import check_line, problem, scrub
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import access
from sellerdesk.services.access import store_named as store_named  # re-exported: it lives below
from sellerdesk.services.store_views import StoreRemoval, StoreView, UpdatedStore
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import StoreRow
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import health as health_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

REGIONS = ("na", "eu", "jp", "cn", "uk")
PLANS = ("professional", "individual")


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    text = value.strip().lower()
    if text not in allowed:
        raise InvalidInput.of(
            "case.not_allowed_here", field=field, value=value, allowed=", ".join(allowed)
        )
    return text


def check_marketplaces(codes: Iterable[str], ctx: TrackerContext) -> list[str]:
    """Upper-cased, de-duplicated codes, each served by a desk."""
    from sellerdesk.hours import desk_for_marketplace

    out = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not out:
        raise InvalidInput.of("store.no_marketplace", field="marketplaces")
    for code in out:
        try:
            desk_for_marketplace(ctx.desks, code)
        except NotFound as exc:
            raise exc.recast(InvalidInput, field="marketplaces") from None
    return out


def region_marketplaces(ctx: TrackerContext) -> dict[str, tuple[str, ...]]:
    """Per region, the marketplace codes a store of that region may sell on.

    A region's desk (the desk keyed like the region: ``na`` serves US, CA, MX) lists them,
    plus the codes of desks a team defined itself (keyed otherwise); a region whose desk
    names no marketplace (``cn``: sellers registered in China, on any marketplace) or has
    no desk may sell on every marketplace a desk serves."""
    every = tuple(dict.fromkeys(m for d in ctx.desks.values() for m in d.marketplaces))
    own = tuple(m for d in ctx.desks.values() if d.key not in REGIONS for m in d.marketplaces)
    out: dict[str, tuple[str, ...]] = {}
    for region in REGIONS:
        desk = ctx.desks.get(region)
        listed = desk.marketplaces if desk is not None else ()
        out[region] = tuple(dict.fromkeys(listed + own)) if listed else every
    return out


def _fit_region(region: str, codes: list[str], ctx: TrackerContext, field: str) -> None:
    allowed = region_marketplaces(ctx)[region]
    outside = [code for code in codes if code not in allowed]
    if outside:
        raise InvalidInput.of(
            "store.outside_region",
            field=field,
            codes=", ".join(outside),
            region=region,
            allowed=", ".join(allowed),
        )


def _audited(store: StoreView) -> dict[str, Any]:
    """The store as the audit trail records it: the JSON of its view (the audit's column
    holds JSON; the services hand back the view itself)."""
    detail: dict[str, Any] = jsonable(store)
    return detail


def _changes(before: StoreView, after: StoreView) -> dict[str, dict[str, Any]]:
    """Per field of the view that differs: its JSON ``from`` and ``to`` (for the audit)."""
    return {
        f.name: {"from": jsonable(old), "to": jsonable(new)}
        for f in fields(StoreView)
        if (old := getattr(before, f.name)) != (new := getattr(after, f.name))
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
) -> StoreView:
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("store.admin_only", field="role")
    check_line(name, "name")
    clean = " ".join(name.split())
    if not clean or len(clean) > 120 or any(ord(c) < 32 for c in name):
        raise InvalidInput.of("store.bad_name", field="name", value=name)
    if problem(name) or set(clean) <= {"."}:  # "." and ".." are not a page a URL can reach
        raise InvalidInput.of("input.bad_store_name", field="name", value=scrub(name))
    chosen_region = _choice(region, REGIONS, "region")
    codes = check_marketplaces(marketplaces, ctx)
    _fit_region(chosen_region, codes, ctx, "marketplaces")
    row = StoreRow(
        name=clean,
        region=chosen_region,
        marketplaces=codes,
        selling_plan=_choice(plan, PLANS, "plan"),
        verified=verified,
        support_plan=_support_plan(support_plan or ""),
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
                detail=_audited(StoreView.of(row)),
            )
            return StoreView.of(row)
    except IntegrityError:  # another process added the same name between check and insert
        raise _taken(clean) from None


def _taken(name: str) -> Conflict:
    return Conflict.of("store.taken", field="name", name=name)


def update(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    name: str,
    plan: str | None = None,
    verified: bool | None = None,
    support_plan: str | None = None,
    marketplaces: Iterable[str] | None = None,
    region: str | None = None,
    principal: Principal | None = None,
) -> UpdatedStore:
    """Change what is given (``support_plan=""`` clears it); the store as it is now.

    A marketplace with open cases of the store cannot be dropped: those cases would name a
    marketplace the store no longer sells on. A new region or new marketplaces must fit
    (:func:`region_marketplaces`); a profile left as it was is not checked again. Only an
    admin changes a store's profile (``principal=None``: the local operator)."""
    with transaction(sessions) as session:
        row = _admin_store(session, principal, name, "store.profile_admin_only")
        changes: dict[str, Any] = {}
        if plan is not None:
            changes["selling_plan"] = _choice(plan, PLANS, "plan")
        if verified is not None:
            changes["verified"] = verified
        if support_plan is not None:
            changes["support_plan"] = _support_plan(support_plan)
        if marketplaces is not None:
            changes["marketplaces"] = check_marketplaces(marketplaces, ctx)
        if region is not None:
            changes["region"] = _choice(region, REGIONS, "region")
        if not changes:
            raise InvalidInput.of("store.nothing_to_change", field="plan")
        store_rows.lock(session, row.id)
        _fit_changed_region(row, changes, ctx)
        if "marketplaces" in changes:
            _keep_used_marketplaces(session, row, changes["marketplaces"])
        before = StoreView.of(row)
        for column, value in changes.items():
            setattr(row, column, value)
        row.updated_at = now
        session.flush()
        changed = _changes(before, StoreView.of(row))
        audit.record(
            session,
            at=now,
            actor=principal.name if principal else ctx.actor,
            entity="store",
            entity_id=row.id,
            action="update",
            detail=changed,
        )
        return replace(UpdatedStore.of(row), changed=tuple(sorted(changed)))


def _fit_changed_region(row: StoreRow, changes: dict[str, Any], ctx: TrackerContext) -> None:
    region = changes.get("region", row.region)
    codes = changes.get("marketplaces", list(row.marketplaces))
    if region == row.region and set(codes) == set(row.marketplaces):
        return  # as it was: a store made before the rule is not refused for an unrelated edit
    _fit_region(region, codes, ctx, "marketplaces" if "marketplaces" in changes else "region")


def _support_plan(value: str) -> str | None:
    text = " ".join(value.split())
    if len(text) > 40:
        raise InvalidInput.of("store.support_plan_too_long", field="support_plan", value=value)
    return text or None


def _keep_used_marketplaces(session: Session, row: StoreRow, kept: list[str]) -> None:
    dropped = [m for m in row.marketplaces if m not in kept]
    if not dropped:
        return
    used = case_rows.open_marketplaces(session, row.id, OPEN_STATUSES)
    busy = {m: n for m, n in used.items() if m in dropped}
    if busy:
        listed = ", ".join(f"{m} ({n})" for m, n in sorted(busy.items()))
        raise Conflict.of(
            "store.marketplace_busy",
            field="marketplaces",
            store=row.name,
            listed=listed,
            codes=", ".join(sorted(busy)),
        )


def _admin_store(
    session: Session, principal: Principal | None, name: str, refusal: str
) -> StoreRow:
    """The store ``name`` for a change only an admin makes (``principal=None``: the local
    operator). A store the principal may not read does not exist for them (NotFound, as
    everywhere); one they may read is refused (Forbidden, ``refusal``)."""
    row = access.store_for(session, principal, name, field="name")
    if principal is not None and not principal.is_admin:
        raise Forbidden.of(refusal, field="role")
    return row


def removal_of(
    *, sessions: sessionmaker[Session], name: str, principal: Principal | None = None
) -> StoreRemoval:
    """What removing the store would meet: its cases and Account Health records (either
    keeps the store, see :func:`remove`). Admins only, like the removal itself."""
    with transaction(sessions) as session:
        row = _admin_store(session, principal, name, "store.remove_admin_only")
        counts = case_rows.count_by_status(session, row.id)
        return StoreRemoval(
            store=StoreView.of(row),
            cases=sum(counts.values()),
            open_cases=sum(n for s, n in counts.items() if s in OPEN_STATUSES),
            health_records=health_rows.count_records(session, row.id),
        )


def remove(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    name: str,
    principal: Principal | None = None,
) -> StoreView:
    """Delete a store that has no cases (of any status) and no Account Health records; what
    it was. Its access grants go with it. Only an admin removes a store (``principal=None``:
    the local operator)."""
    with transaction(sessions) as session:
        row = _admin_store(session, principal, name, "store.remove_admin_only")
        store_rows.lock(session, row.id)
        counts = case_rows.count_by_status(session, row.id)
        total = sum(counts.values())
        if total:
            still_open = sum(n for s, n in counts.items() if s in OPEN_STATUSES)
            raise Conflict.of(
                "store.has_cases", field="name", store=row.name, total=total, open=still_open
            )
        kept = health_rows.count_records(session, row.id)
        if kept:
            raise Conflict.of("store.has_health", field="name", store=row.name, kept=kept)
        gone = StoreView.of(row)
        store_rows.delete(session, row)
        audit.record(
            session,
            at=now,
            actor=principal.name if principal else ctx.actor,
            entity="store",
            entity_id=gone.id,
            action="remove",
            detail=_audited(gone),
        )
        return gone


def list_stores(
    *, sessions: sessionmaker[Session], principal: Principal | None = None
) -> list[StoreView]:
    """Every store, or only those the principal may read."""
    with transaction(sessions) as session:
        rows = store_rows.list_all(session)
        if principal is not None:
            rows = [r for r in rows if principal.can_read(r.id)]
        return [StoreView.of(r) for r in rows]
