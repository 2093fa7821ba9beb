"""Recently built case-list pages, reused while the data they show has not changed.

Clients poll the case list (dashboards, scripts, the web app); most polls find nothing new.
A page is filed under the data version it was read at (``storage.repositories.versions``:
exact on both databases) and the request's filters and readable stores, so a hit is as
correct as a fresh read. What changes with the clock alone — whether a clock has breached
and by how long — is never cached: it is computed per request from the kept due time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import Any

# (a case's list fields without the breach ones, its next breach or None)
Item = tuple[dict[str, Any], datetime | None]


class ListCache:
    """A small LRU of pages (and of the views' counts, filed the same way), safe to share
    between the server's worker threads."""

    def __init__(self, max_pages: int = 256) -> None:
        self.max_pages = max_pages
        self._pages: OrderedDict[Hashable, list[Item]] = OrderedDict()
        self._counts: OrderedDict[Hashable, tuple[int, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_counts(self, key: Hashable) -> tuple[int, ...] | None:
        with self._lock:
            found = self._counts.get(key)
            if found is not None:
                self._counts.move_to_end(key)
            return found

    def put_counts(self, key: Hashable, counts: tuple[int, ...]) -> None:
        if self.max_pages <= 0:
            return
        with self._lock:
            self._counts[key] = counts
            self._counts.move_to_end(key)
            while len(self._counts) > self.max_pages:
                self._counts.popitem(last=False)

    def get(self, key: Hashable) -> list[Item] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: Hashable, page: list[Item]) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)


def with_breach(item: Item, now: datetime) -> dict[str, Any]:
    """The item as the list shows it at ``now``: a copy (the cached one is shared)."""
    fields, due = item
    breached = due is not None and now >= due
    out = dict(fields)
    out["breached"] = breached
    out["overdue_seconds"] = int((now - due).total_seconds()) if due and breached else None
    return out
