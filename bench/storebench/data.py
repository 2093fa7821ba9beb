"""Synthetic stores and cases: deterministic rows (same seed, same data on each backend)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.services.cases.records import search_text
from storebench.phrases import (
    AMAZON_EN,
    AMAZON_ZH,
    B36,
    DESK,
    EN_PRODUCTS_A,
    EN_PRODUCTS_B,
    EN_SENTENCES,
    EN_SUBJECTS,
    ORDER_PREFIX,
    REGIONS,
    STATUS_MIX,
    TEAM_EN,
    TEAM_ZH,
    WAITING,
    ZH_PRODUCTS_A,
    ZH_PRODUCTS_B,
    ZH_SENTENCES,
    ZH_SUBJECTS,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HISTORY = timedelta(days=3 * 365)  # cases were created over the three years before NOW


@dataclass
class Store:
    id: int
    name: str
    region: str
    marketplaces: list[str]
    asins: list[str] = field(default_factory=list)
    shipments: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)


def make_stores(rng: random.Random) -> list[Store]:
    out: list[Store] = []
    names = [
        "Anker",
        "Ugreen",
        "Baseus",
        "Orico",
        "Vtin",
        "Tomtoc",
        "Lamicall",
        "Homemate",
        "Kitchenmax",
        "Petlife",
        "Sunnyday",
        "Outfly",
        "Babyeye",
        "Fitcore",
        "Lumio",
        "Bambu",
        "Magsafe",
        "Nordbag",
        "Kawa",
        "Sakura",
    ]
    layout = ["na"] * 9 + ["eu"] * 7 + ["jp"] * 4
    for i, (name, region) in enumerate(zip(names, layout, strict=True), 1):
        markets = rng.choice(REGIONS[region])
        s = Store(i, f"{name} {region.upper()} {i:02d}", region, list(markets))
        s.asins = ["B0" + "".join(rng.choices(B36, k=8)) for _ in range(2000)]
        s.shipments = ["FBA" + "".join(rng.choices(B36, k=9)) for _ in range(3000)]
        s.skus = [f"{name[:3].upper()}-{rng.randrange(10**5):05d}" for _ in range(500)]
        out.append(s)
    return out


def store_rows_for(stores: list[Store]) -> list[dict[str, Any]]:
    t = NOW - HISTORY - timedelta(days=30)
    return [
        dict(
            id=s.id,
            name=s.name,
            region=s.region,
            marketplaces=s.marketplaces,
            selling_plan="professional",
            verified=True,
            support_plan=None,
            created_at=t,
            updated_at=t,
        )
        for s in stores
    ]


class Generator:
    """Deterministic rows for cases ``first..first+n-1`` (same seed, same data on each backend)."""

    def __init__(self, total: int, events_per_case: int, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.stores = make_stores(self.rng)
        self.weights = [self.rng.randint(1, 6) for _ in self.stores]
        self.total, self.k = total, events_per_case
        self.statuses = [s for s, _ in STATUS_MIX]
        self.status_w = [w for _, w in STATUS_MIX]
        self.step = HISTORY / max(total, 1)

    def order_id(self, region: str) -> str:
        r = self.rng
        return f"{r.choice(ORDER_PREFIX[region])}-{r.randrange(10**7):07d}-{r.randrange(10**7):07d}"

    def product(self, zh: bool) -> str:
        r = self.rng
        if zh:
            return r.choice(ZH_PRODUCTS_A) + r.choice(ZH_PRODUCTS_B)
        return f"{r.choice(EN_PRODUCTS_A)} {r.choice(EN_PRODUCTS_B)}"

    def new_case_input(self, store: Store) -> tuple[str, list[tuple[str, str]]]:
        """Subject and identifier pairs of a case about to be created (duplicate check)."""
        zh = self.rng.random() < 0.5
        order, asin, ship = self.order_id(store.region), self.rng.choice(store.asins), None
        if self.rng.random() < 0.3:
            ship = self.rng.choice(store.shipments)
        subject = self.rng.choice(ZH_SUBJECTS if zh else EN_SUBJECTS).format(
            p=self.product(zh), asin=asin, order=order, ship=ship or "FBA15ABCD123"
        )
        pairs = [("order", order), ("asin", asin)] + ([("shipment", ship)] if ship else [])
        return subject, pairs

    def batch(self, first: int, n: int) -> dict[str, list[dict[str, Any]]]:
        r = self.rng
        cases, acids, idents, events = [], [], [], []
        stores = r.choices(self.stores, weights=self.weights, k=n)
        statuses = r.choices(self.statuses, weights=self.status_w, k=n)
        for j in range(n):
            cid, store, status = first + j, stores[j], statuses[j]
            zh = r.random() < 0.5
            market = r.choice(store.marketplaces)
            created = NOW - HISTORY + self.step * cid
            orders = [self.order_id(store.region) for _ in range(r.choice((0, 1, 1, 1, 2)))]
            asins = list(dict.fromkeys(r.choices(store.asins, k=r.choice((0, 1, 1, 2)))))
            ships = [r.choice(store.shipments)] if r.random() < 0.25 else []
            skus = [r.choice(store.skus)] if r.random() < 0.2 else []
            subject = r.choice(ZH_SUBJECTS if zh else EN_SUBJECTS).format(
                p=self.product(zh),
                asin=asins[0] if asins else "B000000000",
                order=orders[0] if orders else "111-0000000-0000000",
                ship=ships[0] if ships else "FBA000000000",
            )
            sentences = ZH_SENTENCES if zh else EN_SENTENCES
            body = {
                "description": ("" if zh else " ").join(r.sample(sentences, r.randint(2, 4))),
                "expected": "",
                "actual": "",
                "error_codes": [],
                "steps": [],
                "timeline": [],
                "order_ids": orders,
                "asins": asins,
                "skus": skus,
                "shipment_ids": ships,
            }
            pairs = (
                [("order", v) for v in orders]
                + [("asin", v) for v in asins]
                + [("sku", v) for v in skus]
                + [("shipment", v) for v in ships]
            )
            for kind, value in pairs:
                idents.append({"case_id": cid, "kind": kind, "value": value})
            acid = None
            if status != "draft":
                acid = str(15_000_000_000 + cid * 37 + r.randrange(37))  # unique, rising
                acids.append(
                    {
                        "id": cid,
                        "case_id": cid,
                        "amazon_case_id": acid,
                        "added_at": created + timedelta(minutes=5),
                    }
                )
            # events: the draft status move, then alternating out/in messages
            t, bodies = created, []
            for e in range(self.k):
                eid = cid * self.k + e
                if e == 0:
                    events.append(
                        {
                            "id": eid,
                            "case_id": cid,
                            "direction": "status",
                            "channel": None,
                            "author": "cli",
                            "occurred_at": t,
                            "recorded_at": t,
                            "body": "",
                            "data": {"from": None, "to": "draft"},
                        }
                    )
                    continue
                t = t + timedelta(minutes=r.randint(30, 3000))
                inbound = e % 2 == 0
                pool = (AMAZON_ZH if zh else AMAZON_EN) if inbound else (TEAM_ZH if zh else TEAM_EN)
                text_ = r.choice(pool)
                bodies.append(text_)
                events.append(
                    {
                        "id": eid,
                        "case_id": cid,
                        "direction": "in" if inbound else "out",
                        "channel": "case",
                        "author": "amazon" if inbound else "ops",
                        "occurred_at": t,
                        "recorded_at": t,
                        "body": text_,
                        "data": {},
                    }
                )
            is_open = status in OPEN_STATUSES
            breach = None
            if is_open and status != "draft":
                breach = NOW + timedelta(minutes=r.randint(-3 * 1440, 5 * 1440))
            updated = min(t, NOW)
            identifiers = [v for _, v in pairs] + ([acid] if acid else [])
            cases.append(
                {
                    "id": cid,
                    "store_id": store.id,
                    "marketplace": market,
                    "desk": DESK[market],
                    "category": None,
                    "subject": subject,
                    "body": body,
                    "priority": r.choices(("normal", "high", "urgent"), (85, 12, 3))[0],
                    "language": "zh" if zh else "en",
                    "channel": "case",
                    "status": status,
                    "amazon_label": None if status == "draft" else "Answered",
                    "assignee": r.choice(("amy", "bo", "chen", "dai", None)),
                    "tags": [],
                    "merged_into_id": None,
                    "version": 1 + self.k,
                    "created_at": created,
                    "updated_at": updated,
                    "submitted_at": None if status == "draft" else created + timedelta(minutes=5),
                    "resolved_at": updated if status in ("resolved", "closed") else None,
                    "waiting_on": WAITING.get(status),
                    "clock_started_at": updated if breach else None,
                    "next_breach_at": breach,
                    "search_text": search_text(subject, body, identifiers, bodies),
                }
            )
        return {"cases": cases, "acids": acids, "idents": idents, "events": events}
