"""Benchmark: the case tracker's store on SQLite and PostgreSQL at 1,000,000 cases.

Each backend gets a fresh database (SQLite: a file in a temporary folder, through
``make_engine`` with the app's pragmas; PostgreSQL: a throwaway database created from the
admin URL and dropped afterwards), migrated with ``sellerdesk.storage.migrate.upgrade``, so the
FTS5 triggers (SQLite) and the GIN trigram index (PostgreSQL) exist; the load suspends them.

Load: synthetic but realistic cases (20 stores over NA/EU/JP marketplaces; ~10 % open, the rest
mostly closed/resolved; subjects, descriptions and event bodies half Chinese half English from
phrase lists; order IDs 3-7-7, ASINs B0xxxxxxxx from per-store catalogues, FBA shipment IDs,
unique 11-digit Amazon Case IDs; ``next_breach_at`` on cases with a running clock;
``search_text`` built by the service's own ``case_records.search_text``) through the storage
layer's bulk path (``storage/bulk.py``: raw ``executemany`` on SQLite, ``COPY`` on PostgreSQL),
one transaction per batch (cases, Case IDs, identifiers, events), with the search index
suspended during the load and rebuilt once at the end. Load rate = cases / seconds spent in
the database, the index rebuild included (generation excluded, shown apart). If the
load time budget runs out first, the rest is measured on what was loaded, and the full-size
load time is extrapolated (labelled).

Then ANALYZE, and per query kind: warm-up, then up to N random queries (time-boxed), p50/p95 ms,
through the functions the CLI uses and beside them the plain-SQL floor (one hand-written
statement on the raw DBAPI connection). EXPLAIN output for each query kind follows the table.

Usage: python bench/store_bench.py [--backend sqlite|postgresql|both] [--cases N]
       [--events-per-case K] [--quick] [--load-budget S] [--queries N]
       PostgreSQL admin URL: SELLERDESK_BENCH_PG_URL (default postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.services import cases as case_service
from sellerdesk.services.case_records import search_text
from sellerdesk.storage import search as store_search
from sellerdesk.storage.bulk import insert_rows, search_index_suspended
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import upgrade
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, EventRow, IdentifierRow, StoreRow

PG_ADMIN_URL = os.environ.get(
    "SELLERDESK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HISTORY = timedelta(days=3 * 365)  # cases were created over the three years before NOW
TARGETS = {"list": 20.0, "ident": 20.0, "text": 50.0, "dup": 20.0}
LOAD_TARGET = 20_000  # cases/s

# -- synthetic data ----------------------------------------------------------------------------
REGIONS = {
    "na": (["US", "CA", "MX"], ["US"], ["US", "CA"]),
    "eu": (["DE", "FR", "IT", "ES"], ["DE", "FR", "IT", "ES", "NL", "SE", "PL"], ["DE"]),
    "jp": (["JP"],),
}
DESK = {"US": "na", "CA": "na", "MX": "na", "JP": "jp"} | {
    m: "eu" for m in ("DE", "FR", "IT", "ES", "NL", "SE", "PL")
}
ORDER_PREFIX = {
    "na": ("111", "112", "113", "114"),
    "eu": ("302", "303", "305", "028"),
    "jp": ("249", "250", "503"),
}
# status, weight (‰); ~10 % open
STATUS_MIX = [
    ("closed", 700),
    ("resolved", 180),
    ("merged", 20),
    ("draft", 8),
    ("submitted", 12),
    ("waiting-amazon", 50),
    ("needs-action", 25),
    ("reopened", 5),
]
WAITING = {
    "submitted": "amazon",
    "waiting-amazon": "amazon",
    "reopened": "amazon",
    "needs-action": "team",
}
EN_PRODUCTS_A = [
    "stainless",
    "insulated",
    "wireless",
    "bamboo",
    "silicone",
    "ergonomic",
    "foldable",
    "waterproof",
    "magnetic",
    "ceramic",
    "leather",
    "organic",
    "portable",
    "rechargeable",
    "adjustable",
    "vintage",
    "cordless",
    "ultralight",
]
EN_PRODUCTS_B = [
    "tumbler",
    "earbuds",
    "cutting-board",
    "phone-case",
    "office-chair",
    "yoga-mat",
    "backpack",
    "desk-lamp",
    "knife-set",
    "pet-feeder",
    "car-charger",
    "dumbbell",
    "hair-dryer",
    "baby-monitor",
    "tent",
    "garlic-press",
]
ZH_PRODUCTS_A = [
    "不锈钢",
    "保温",
    "无线",
    "竹制",
    "硅胶",
    "人体工学",
    "折叠",
    "防水",
    "磁吸",
    "陶瓷",
    "真皮",
    "有机",
    "便携",
    "充电式",
    "可调节",
    "复古",
]
ZH_PRODUCTS_B = [
    "保温杯",
    "蓝牙耳机",
    "砧板",
    "手机壳",
    "办公椅",
    "瑜伽垫",
    "双肩包",
    "台灯",
    "刀具套装",
    "宠物喂食器",
    "车载充电器",
    "哑铃",
    "吹风机",
    "婴儿监视器",
    "帐篷",
    "压蒜器",
]
EN_SUBJECTS = [
    "Listing suppressed for {p} ({asin})",
    "Refund not received for order {order}",
    "Inventory lost at fulfillment center, shipment {ship}",
    "Buy Box lost on {asin} after price change",
    "Account health warning: product authenticity complaint on {p}",
    "Brand Registry: cannot edit detail page of {asin}",
    "Reimbursement request for damaged units of {p}",
    "FBA shipment {ship} stuck in receiving",
    "Incorrect fee charged for {p} (size tier)",
    "Customer return marked unsellable, order {order}",
    "Listing blocked: restricted keyword in title of {p}",
    "Payment hold: disbursement delayed",
    "Category approval request for {p}",
    "Duplicate ASIN created for {p}",
    "A-to-z claim on order {order}",
]
ZH_SUBJECTS = [
    "{p} 商品listing被抑制 ({asin})",
    "订单 {order} 退款未到账",
    "货件 {ship} 在运营中心丢失库存",
    "{asin} 调价后失去购物车",
    "账户状况警告：{p} 收到真实性投诉",
    "品牌备案：无法编辑 {asin} 详情页",
    "{p} 破损商品索赔申请",
    "FBA货件 {ship} 一直卡在接收中",
    "{p} 尺寸分段收费错误",
    "买家退货被标记为不可售，订单 {order}",
    "{p} 标题含受限关键词导致listing被屏蔽",
    "资金冻结：回款延迟",
    "{p} 品类审核申请",
    "{p} 出现重复ASIN",
    "订单 {order} 收到A-to-z索赔",
]
EN_SENTENCES = [
    "The listing was deactivated without any notification in Seller Central.",
    "We have attached the invoice from our supplier and the product photos.",
    "The carrier confirmed delivery to the fulfillment center on the tracking page.",
    "Please reinstate the listing as soon as possible, sales have stopped.",
    "The units were received but the inventory count shows fewer than shipped.",
    "Our brand is registered and the trademark certificate is attached.",
    "The customer reported the item as damaged but the return was never scanned.",
    "We already opened a case last week and did not receive a reply.",
    "The fee preview shows a larger size tier than the actual dimensions.",
    "Could you please escalate this to the relevant team for investigation?",
    "The product complies with all safety requirements for this marketplace.",
    "Sales dropped sharply after the Buy Box was lost yesterday.",
]
ZH_SENTENCES = [
    "卖家后台没有任何通知，商品就被下架了。",
    "我们已附上供应商发票和产品实拍图片。",
    "承运商的物流追踪页面显示货件已经送达运营中心。",
    "请尽快恢复该商品的销售权限，目前销量已经停止。",
    "仓库已经签收，但库存数量比发货数量少。",
    "我们的品牌已经完成备案，商标注册证书见附件。",
    "买家反馈商品破损，但退货一直没有被扫描入库。",
    "上周已经开过一个案例，至今没有收到回复。",
    "费用预览显示的尺寸分段比实际尺寸大。",
    "麻烦将此问题升级给相关团队进行调查。",
    "该产品符合本站点的全部安全合规要求。",
    "昨天失去购物车之后销量大幅下降。",
]
AMAZON_EN = [
    "Thank you for contacting Amazon Selling Partner Support. We are reviewing your request.",
    "We have transferred your case to the appropriate team; they will reply within 24 hours.",
    "Please provide an invoice dated within the last 365 days showing the quantity purchased.",
    "We have reinstated the listing. It may take up to 24 hours to be visible on the detail page.",
    "Our investigation found that the units were received. No reimbursement is due.",
    "We have issued a reimbursement for the missing units to your account.",
]
AMAZON_ZH = [
    "感谢您联系亚马逊卖家支持，我们正在审核您的请求。",
    "我们已将您的案例转交给相关团队，他们将在24小时内回复。",
    "请提供近365天内开具、显示采购数量的发票。",
    "我们已恢复该商品，详情页可能需要最多24小时才能显示。",
    "经调查，这些商品已被接收，因此不予赔偿。",
    "我们已为丢失的商品向您的账户发放赔偿。",
]
TEAM_EN = [
    "Attached are the documents you requested, please review again.",
    "The issue is still not resolved, please escalate to the leadership team.",
    "Thank you, we confirm the listing is active again.",
    "We disagree with the result, the shipment tracking proves delivery.",
]
TEAM_ZH = [
    "已按要求补充上传文件，请再次审核。",
    "问题仍未解决，请升级处理。",
    "谢谢，确认商品已经恢复在售。",
    "我们不同意调查结果，物流追踪可以证明已送达。",
]
# search terms: words that occur in the phrase lists (3+ characters; and 2-character Chinese)
EN_TERMS = [
    "listing",
    "suppressed",
    "refund",
    "reimbursement",
    "shipment",
    "inventory",
    "invoice",
    "trademark",
    "escalate",
    "damaged",
    "carrier",
    "tumbler",
    "earbuds",
    "backpack",
    "dumbbell",
    "authenticity",
    "bamboo",
    "magnetic",
    "unsellable",
    "disbursement",
]
ZH_TERMS = [
    "被抑制",
    "购物车",
    "运营中心",
    "品牌备案",
    "真实性投诉",
    "保温杯",
    "蓝牙耳机",
    "瑜伽垫",
    "不可售",
    "尺寸分段",
    "物流追踪",
    "商标注册",
    "回款延迟",
    "婴儿监视器",
    "宠物喂食器",
]
ZH2_TERMS = [
    "退款",
    "库存",
    "索赔",
    "发票",
    "下架",
    "货件",
    "品牌",
    "费用",
    "销量",
    "破损",
    "买家",
    "审核",
]
B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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


# -- databases ---------------------------------------------------------------------------------
class Backend:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.tmp: tempfile.TemporaryDirectory[str] | None = None
        self.db_name = ""
        self.admin: Engine | None = None
        if kind == "sqlite":
            self.tmp = tempfile.TemporaryDirectory(prefix="store_bench_")
            self.url = f"sqlite:///{Path(self.tmp.name) / 'bench.db'}"
        else:
            self.db_name = f"sellerdesk_bench_{uuid.uuid4().hex[:10]}"
            self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.db_name}"'))
            self.url = (
                make_url(PG_ADMIN_URL)
                .set(database=self.db_name)
                .render_as_string(hide_password=False)
            )
        self.engine = make_engine(self.url)
        upgrade(self.engine)

    def size(self) -> str:
        if self.kind == "sqlite":
            assert self.tmp is not None
            total = sum(p.stat().st_size for p in Path(self.tmp.name).iterdir())
            return f"{total / 2**30:.2f} GiB (file + WAL)"
        with self.engine.connect() as conn:
            return str(
                conn.execute(
                    text("SELECT pg_size_pretty(pg_database_size(current_database()))")
                ).scalar()
            )

    def close(self) -> None:
        self.engine.dispose()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'))
            self.admin.dispose()
        if self.tmp is not None:
            self.tmp.cleanup()


@dataclass
class LoadResult:
    cases: int
    events: int
    idents: int
    db_seconds: float
    gen_seconds: float
    analyze_seconds: float
    complete: bool


def load(backend: Backend, gen: Generator, n: int, batch: int, budget: float) -> LoadResult:
    tables = [
        ("cases", CaseRow.__table__),
        ("acids", AmazonCaseIdRow.__table__),
        ("idents", IdentifierRow.__table__),
        ("events", EventRow.__table__),
    ]
    with backend.engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, store_rows_for(gen.stores))
    db = gen_t = 0.0
    done = events = idents = 0
    start = perf_counter()
    # the bulk path: one transaction per batch, the search index suspended for the whole load
    # and rebuilt once at the end (that rebuild counts as database time)
    with backend.engine.connect() as conn:
        with search_index_suspended(conn):
            conn.commit()
            while done < n:
                size = min(batch, n - done)
                t0 = perf_counter()
                rows = gen.batch(done + 1, size)
                t1 = perf_counter()
                for key, table in tables:
                    insert_rows(conn, table, rows[key])
                conn.commit()
                t2 = perf_counter()
                gen_t, db = gen_t + t1 - t0, db + t2 - t1
                done += size
                events += len(rows["events"])
                idents += len(rows["idents"])
                if done % (batch * 50) == 0:
                    rate = done / db
                    print(
                        f"  [{backend.kind}] {done:,} cases loaded, {rate:,.0f} cases/s", flush=True
                    )
                if perf_counter() - start > budget and done < n:
                    print(
                        f"  [{backend.kind}] load budget of {budget:.0f} s spent at {done:,} cases"
                    )
                    break
            t0 = perf_counter()
        conn.commit()  # leaving the block restored the triggers / the index and rebuilt it
        rebuilt = perf_counter() - t0
        db += rebuilt
        print(f"  [{backend.kind}] search index rebuilt in {rebuilt:,.1f} s (in the load time)")
    if backend.kind == "postgresql":  # the app's ids come from the sequences
        with backend.engine.begin() as conn:
            for table in ("cases", "amazon_case_ids", "events", "stores"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    t0 = perf_counter()
    if backend.kind == "sqlite":
        raw = backend.engine.raw_connection()
        raw.cursor().execute("ANALYZE")
        raw.close()
    else:
        with backend.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return LoadResult(done, events, idents, db, gen_t, perf_counter() - t0, done >= n)


# -- measuring ---------------------------------------------------------------------------------
@dataclass
class Row:
    group: str
    what: str
    p50: float
    p95: float
    n: int
    target: float | None = None
    note: str = ""


def measure(
    call: Callable[[int], Any], queries: int, box: float, warm: int = 10
) -> tuple[float, float, int]:
    t_warm = perf_counter()
    for i in range(warm):  # warm-up, cut short when single queries are slow
        call(i)
        if perf_counter() - t_warm > box / 4:
            break
    times: list[float] = []
    deadline = perf_counter() + box
    for i in range(queries):
        t0 = perf_counter()
        call(warm + i)
        times.append((perf_counter() - t0) * 1e3)
        if perf_counter() > deadline and len(times) >= 2:
            break
    if len(times) < 2:
        return times[0], times[0], 1
    qs = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), qs[18], len(times)


class Raw:
    """One hand-written statement on the raw DBAPI connection (autocommit)."""

    def __init__(self, backend: Backend) -> None:
        self.kind = backend.kind
        self.conn = backend.engine.raw_connection()
        if self.kind == "postgresql":
            self.conn.driver_connection.autocommit = True  # type: ignore[union-attr]
        self.cur = self.conn.cursor()

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.kind == "postgresql" else statement

    def run(self, statement: str, params: tuple[Any, ...]) -> list[Any]:
        self.cur.execute(self.sql(statement), params)
        return self.cur.fetchall()

    def explain(self, statement: str, params: tuple[Any, ...]) -> str:
        if self.kind == "sqlite":
            rows = self.run("EXPLAIN QUERY PLAN " + statement, params)
            return "\n".join(f"      {r[3]}" for r in rows)
        rows = self.run("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params)
        return "\n".join(f"      {r[0]}" for r in rows)

    def close(self) -> None:
        self.cur.close()
        self.conn.invalidate() if self.kind == "postgresql" else self.conn.close()


def like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def run_queries(
    backend: Backend, gen: Generator, loaded: int, queries: int, box: float
) -> tuple[list[Row], list[str]]:
    sessions = make_session_factory(backend.engine)
    raw = Raw(backend)
    rng = random.Random(7)
    stores = gen.stores
    rows: list[Row] = []
    plans: list[str] = []
    sqlite = backend.kind == "sqlite"
    ilike = "LIKE" if sqlite else "ILIKE"

    def add(
        group: str, what: str, call: Callable[[int], Any], target: float | None, note: str = ""
    ) -> None:
        p50, p95, n = measure(call, queries, box)
        rows.append(Row(group, what, p50, p95, n, target, note))
        print(
            f"  [{backend.kind}] {group} / {what}: p50 {p50:.2f} ms, p95 {p95:.2f} ms (n={n})",
            flush=True,
        )

    # sample identifiers from the loaded data (raw, untimed)
    sample_ids = [rng.randint(1, loaded) for _ in range(400)]
    marks = ",".join("?" * len(sample_ids))
    acids = [
        r[0]
        for r in raw.run(
            f"SELECT amazon_case_id FROM amazon_case_ids WHERE case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    orders = [
        r[0]
        for r in raw.run(
            f"SELECT value FROM case_identifiers WHERE kind='order' AND case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    asins = [
        r[0]
        for r in raw.run(
            f"SELECT value FROM case_identifiers WHERE kind='asin' AND case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    idents = [x for trio in zip(acids, orders, asins, strict=False) for x in trio]
    rng.shuffle(idents)

    open_list = ["waiting-amazon", "needs-action", "submitted", "reopened"]
    closed_list = ["closed", "resolved"]
    picks_open = [(rng.choice(stores), rng.choice(open_list)) for _ in range(queries + 20)]
    picks_closed = [(rng.choice(stores), rng.choice(closed_list)) for _ in range(queries + 20)]

    def svc_list(picks: list[tuple[Store, str]]) -> Callable[[int], Any]:
        return lambda i: case_service.list_cases(
            sessions=sessions, now=NOW, store=picks[i][0].name, status=picks[i][1], limit=50
        )

    def repo_list(picks: list[tuple[Store, str]]) -> Callable[[int], Any]:
        def call(i: int) -> Any:
            with sessions() as s:
                return case_rows.list_filtered(
                    s, store_id=picks[i][0].id, status=picks[i][1], limit=50
                )

        return call

    list_sql = (
        "SELECT id FROM cases WHERE store_id = ? AND status = ? "
        "ORDER BY next_breach_at NULLS LAST, id LIMIT 50"
    )
    list_sql_plain = (
        "SELECT id FROM cases WHERE store_id = ? AND status = ? ORDER BY next_breach_at LIMIT 50"
    )

    def raw_list(picks: list[tuple[Store, str]], sql: str) -> Callable[[int], Any]:
        return lambda i: raw.run(sql, (picks[i][0].id, picks[i][1]))

    for label, picks in (("open status", picks_open), ("closed/resolved", picks_closed)):
        g = f"case list, {label}"
        add(g, "service list_cases (CLI)", svc_list(picks), TARGETS["list"])
        add(g, "repository list_filtered", repo_list(picks), TARGETS["list"])
        add(g, "SQL floor, same order (NULLS LAST, id)", raw_list(picks, list_sql), None)
        add(g, "SQL floor, ORDER BY next_breach_at only", raw_list(picks, list_sql_plain), None)
        plans.append(
            f"    {g}: {list_sql}  -- {picks[0][0].id}, {picks[0][1]!r}\n"
            + raw.explain(list_sql, (picks[0][0].id, picks[0][1]))
        )

    # identifiers
    def ident_fn(fn: Callable[..., Any]) -> Callable[[int], Any]:
        def call(i: int) -> Any:
            with sessions() as s:
                return fn(s, idents[i % len(idents)])

        return call

    ident_sql = (
        "SELECT case_id FROM amazon_case_ids WHERE amazon_case_id = ? UNION ALL "
        "SELECT case_id FROM case_identifiers WHERE value = ? LIMIT 50"
    )
    g = "identifier lookup (Case ID / order / ASIN)"
    add(g, "identifier_matches", ident_fn(store_search.identifier_matches), TARGETS["ident"])
    add(g, "search_cases (as `case search`)", ident_fn(store_search.search_cases), TARGETS["ident"])
    add(g, "SQL floor", lambda i: raw.run(ident_sql, (idents[i % len(idents)],) * 2), None)
    plans.append(
        f"    {g}: {ident_sql}  -- {idents[0]!r}\n" + raw.explain(ident_sql, (idents[0],) * 2)
    )

    # text
    if sqlite:
        fts_sql = (
            "SELECT c.id FROM cases_fts JOIN cases AS c ON c.id = cases_fts.rowid "
            "WHERE cases_fts MATCH ? ORDER BY cases_fts.rank, c.id DESC LIMIT 50"
        )
        short_sql = (
            "SELECT id FROM cases WHERE search_text LIKE ? ESCAPE '\\' "
            "ORDER BY updated_at DESC, id DESC LIMIT 50"
        )
    else:
        fts_sql = short_sql = (
            "SELECT id FROM cases WHERE search_text ILIKE ? ESCAPE '\\' ORDER BY "
            "word_similarity(?, search_text) DESC, updated_at DESC, id DESC LIMIT 50"
        )

    def floor_params(term: str) -> tuple[Any, ...]:
        if sqlite:
            return ('"' + term + '"',) if len(term) >= 3 else (like(term),)
        return (like(term), term)

    for label, pool in (
        ("English word (3+ chars)", EN_TERMS),
        ("Chinese word (3+ chars)", ZH_TERMS),
        ("Chinese word (2 chars)", ZH2_TERMS),
    ):
        terms = [rng.choice(pool) for _ in range(queries + 20)]
        sql = fts_sql if len(pool[0]) >= 3 and label != "Chinese word (2 chars)" else short_sql
        g = f"text search, {label}"

        def svc(i: int, terms: list[str] = terms) -> Any:
            with sessions() as s:
                return store_search.search_cases(s, terms[i])

        add(g, "search_cases", svc, TARGETS["text"])
        add(
            g,
            "SQL floor",
            lambda i, terms=terms, sql=sql: raw.run(sql, floor_params(terms[i])),
            None,
        )
        hits = raw.run(
            f"SELECT count(*) FROM cases WHERE search_text {ilike} ? ESCAPE '\\'", (like(terms[0]),)
        )[0][0]
        plans.append(
            f"    {g}: {sql}  -- {terms[0]!r} (matches {hits:,} cases)\n"
            + raw.explain(sql, floor_params(terms[0]))
        )
    if not sqlite:  # what the GIN index alone costs, without ranking every match
        terms = [rng.choice(EN_TERMS + ZH_TERMS) for _ in range(queries + 20)]
        unranked = "SELECT id FROM cases WHERE search_text ILIKE ? ESCAPE '\\' LIMIT 50"
        add(
            "text search, diagnostics",
            "SQL, 3+ char word, no ORDER BY (PG)",
            lambda i: raw.run(unranked, (like(terms[i]),)),
            None,
        )
    else:
        terms = [rng.choice(EN_TERMS + ZH_TERMS) for _ in range(queries + 20)]
        unranked = "SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? LIMIT 50"
        add(
            "text search, diagnostics",
            "SQL, 3+ char word, FTS5 no rank (SQLite)",
            lambda i: raw.run(unranked, ('"' + terms[i] + '"',)),
            None,
        )

    # duplicate check on create
    dup_inputs = []
    for _ in range(queries + 20):
        st = rng.choice(stores)
        subject, pairs = gen.new_case_input(st)
        dup_inputs.append((st, subject, pairs))

    def dup(i: int) -> Any:
        st, subject, pairs = dup_inputs[i]
        with sessions() as s, s.begin():
            return case_service.find_duplicates(s, store_id=st.id, subject=subject, pairs=pairs)

    statuses = ",".join(f"'{s}'" for s in OPEN_STATUSES)
    dup_ident_sql = (
        "SELECT i.case_id, i.kind, i.value FROM case_identifiers AS i "
        "JOIN cases AS c ON c.id = i.case_id WHERE i.value IN (?, ?, ?) "
        f"AND c.store_id = ? AND c.status IN ({statuses}) ORDER BY i.case_id"
    )
    dup_subj_sql = (
        f"SELECT id, subject FROM cases WHERE store_id = ? AND status IN ({statuses}) "
        "ORDER BY id DESC LIMIT 5000"
    )

    def dup_params(i: int) -> tuple[Any, ...]:
        st, _, pairs = dup_inputs[i]
        vals = [v for _, v in pairs] + ["-"] * (3 - len(pairs))
        return (*vals, st.id)

    g = "duplicate check on create"
    add(g, "find_duplicates (create path)", dup, TARGETS["dup"])
    add(g, "SQL floor: identifier statement", lambda i: raw.run(dup_ident_sql, dup_params(i)), None)
    add(
        g,
        "SQL floor: + open-subjects fetch (2 stmts)",
        lambda i: (
            raw.run(dup_ident_sql, dup_params(i)),
            raw.run(dup_subj_sql, (dup_inputs[i][0].id,)),
        ),
        None,
    )
    opens = raw.run(
        f"SELECT count(*) FROM cases WHERE store_id = ? AND status IN ({statuses})",
        (dup_inputs[0][0].id,),
    )[0][0]
    sample = [s for _, s in raw.run(dup_subj_sql, (dup_inputs[0][0].id,))]
    from sellerdesk.core.cases.duplicates import similarity

    t0 = perf_counter()
    for other in sample:
        similarity(dup_inputs[0][1], other)
    sim_ms = (perf_counter() - t0) * 1e3
    plans.append(
        f"    {g}: store {dup_inputs[0][0].id} has {opens:,} open cases; Python similarity over "
        f"the {len(sample):,} fetched subjects took {sim_ms:.1f} ms\n"
        f"    {dup_ident_sql}\n"
        + raw.explain(dup_ident_sql, dup_params(0))
        + f"\n    {dup_subj_sql}\n"
        + raw.explain(dup_subj_sql, (dup_inputs[0][0].id,))
    )
    raw.close()
    return rows, plans


# -- report ------------------------------------------------------------------------------------
def report(
    kind: str,
    res: LoadResult,
    rows: list[Row],
    plans: list[str],
    size: str,
    target_cases: int,
    k: int,
) -> list[tuple[str, bool]]:
    rate, erate = res.cases / res.db_seconds, res.events / res.db_seconds
    print(
        f"\n### {kind}: {res.cases:,} cases, {res.events:,} events, {res.idents:,} identifiers; database {size}\n"
    )
    print(
        f"load: {res.db_seconds:,.1f} s in the database ({rate:,.0f} cases/s, {erate:,.0f} events/s); "
        f"generating the rows in Python took another {res.gen_seconds:,.1f} s; ANALYZE {res.analyze_seconds:.1f} s"
    )
    if not res.complete:
        est = target_cases / rate
        print(
            f"EXTRAPOLATED (not measured): {target_cases:,} cases with {target_cases * k:,} events at "
            f"this rate would take about {est / 60:,.0f} min (the rate falls as indexes grow, so "
            "this is a lower bound)"
        )
    print("\n| query | what | p50 ms | p95 ms | n | target p95 |\n|---|---|---:|---:|---:|---|")
    checks: list[tuple[str, bool]] = [
        (f"{kind}: load >= {LOAD_TARGET:,} cases/s ({rate:,.0f})", rate >= LOAD_TARGET)
    ]
    for r in rows:
        tgt = ""
        if r.target is not None:
            ok = r.p95 <= r.target
            tgt = f"<= {r.target:.0f} ms {'PASS' if ok else 'MISS'}"
            checks.append(
                (f"{kind}: {r.group} / {r.what}: p95 {r.p95:.1f} ms <= {r.target:.0f} ms", ok)
            )
        print(f"| {r.group} | {r.what} | {r.p50:.2f} | {r.p95:.2f} | {r.n} | {tgt} |")
    print("\nquery plans (one sample each):")
    print("\n".join(plans))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, help="default 1,000,000 (quick: 20,000)")
    parser.add_argument("--events-per-case", type=int, help="default 5 (quick: 3)")
    parser.add_argument("--quick", action="store_true", help="CI smoke test, under 60 s for both")
    parser.add_argument(
        "--load-budget", type=float, help="seconds of loading per backend (default 420)"
    )
    parser.add_argument("--queries", type=int, help="timed queries per row (default 200; quick 40)")
    parser.add_argument("--batch", type=int, default=2000, help="cases per transaction")
    args = parser.parse_args(argv)
    n = args.cases or (20_000 if args.quick else 1_000_000)
    k = args.events_per_case or (3 if args.quick else 5)
    budget = args.load_budget or (60.0 if args.quick else 420.0)
    queries = args.queries or (40 if args.quick else 200)
    box = 0.6 if args.quick else 12.0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    import sqlite3

    import sqlalchemy

    print(
        f"Case tracker store benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {n:,} cases x {k} events "
        f"(quick={args.quick}); Python {sys.version.split()[0]}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}; {os.cpu_count()} CPUs; query time box {box:.0f} s per row"
    )
    checks: list[tuple[str, bool]] = []
    t_all = perf_counter()
    for kind in backends:
        t0 = perf_counter()
        backend = Backend(kind)
        try:
            if kind == "postgresql":
                with backend.engine.connect() as conn:
                    print(
                        f"  PostgreSQL {conn.exec_driver_sql('SHOW server_version').scalar()}",
                        flush=True,
                    )
            gen = Generator(n, k)
            res = load(backend, gen, n, args.batch, budget)
            rows, plans = run_queries(backend, gen, res.cases, queries, box)
            checks += report(kind, res, rows, plans, backend.size(), n, k)
        finally:
            backend.close()
        print(f"\n{kind}: {perf_counter() - t0:.0f} s in all")
    print("\nTargets:\n" + "\n".join(f"  {'PASS' if ok else 'MISS'}  {t}" for t, ok in checks))
    print(f"\ntotal {perf_counter() - t_all:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
