"""The tracker's context and the transactions its use cases open, under one name.

:class:`TrackerContext` is defined in :mod:`sellerdesk.services.context` (which imports no
database library), the transactions in :mod:`sellerdesk.storage.session`; most services
take both from here.
"""

from __future__ import annotations

from sellerdesk.services.context import TrackerContext
from sellerdesk.storage.session import joined_transaction, read_transaction, transaction

# services and adapters open transactions through these names (defined in storage.session)
__all__ = [
    "TrackerContext",
    "joined_transaction",
    "read_transaction",
    "transaction",
]
