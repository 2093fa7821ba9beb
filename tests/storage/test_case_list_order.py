"""The case list's order against a brute-force sort: next breach first (cases without a
running clock last), then id; on both databases, whatever the filters and the limit."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from sellerdesk.storage.repositories.case_reads import list_filtered
from sellerdesk.storage.tables import StoreRow
from tests.storage.tracker_rows import T0, add_case, add_store

STATUSES = ["waiting-amazon", "closed", "needs-action"]


def test_the_list_is_sorted_by_next_breach_with_idle_cases_last_then_by_id(engine):
    rng = random.Random(3)
    with Session(engine) as session, session.begin():
        stores = [add_store(session, "acme").id, add_store(session, "beta").id]
        cases = []
        for _ in range(90):
            store_id = rng.choice(stores)
            breach = None if rng.random() < 0.4 else T0 + timedelta(hours=rng.randint(0, 30))
            status = rng.choice(STATUSES)
            cases.append((store_id, status, breach))
        ids = []
        for store_id, status, breach in cases:
            store = session.get_one(StoreRow, store_id)
            ids.append(add_case(session, store, "x", status=status, next_breach_at=breach).id)
    rows = [(cid, *case) for cid, case in zip(ids, cases, strict=True)]

    def expected(keep, limit):  # type: ignore[no-untyped-def]
        chosen = [r for r in rows if keep(r)]
        chosen.sort(key=lambda r: (r[3] is None, r[3] or T0, r[0]))
        return [r[0] for r in chosen][:limit]

    cut = T0 + timedelta(hours=12)
    with engine.connect() as session:  # a Core connection, as the read commands use
        for limit in (1, 7, 40, 200):
            got = [r.id for r in list_filtered(session, limit=limit)]
            assert got == expected(lambda r: True, limit)
            for store_id in stores:
                for status in STATUSES:
                    got = [
                        r.id
                        for r in list_filtered(
                            session, store_id=store_id, status=status, limit=limit
                        )
                    ]
                    want = expected(lambda r, s=store_id, t=status: r[1] == s and r[2] == t, limit)
                    assert got == want, (store_id, status, limit)
            got = [r.id for r in list_filtered(session, store_ids=[stores[1]], limit=limit)]
            assert got == expected(lambda r: r[1] == stores[1], limit)
            got = [r.id for r in list_filtered(session, breaching_at=cut, limit=limit)]
            assert got == expected(lambda r: r[3] is not None and r[3] <= cut, limit)
