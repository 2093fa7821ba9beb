"""Seller Desk: a self-hosted operations assistant for teams that sell on Amazon.

The public library API for support hours lives in :mod:`sellerdesk.hours`.
"""

__version__ = "0.1.0"
