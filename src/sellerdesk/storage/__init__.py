"""Persistence: SQLAlchemy tables, repositories that never commit, Alembic migrations.

SQLite (WAL) in the data folder is the default; ``SELLERDESK_DATABASE_URL`` selects
PostgreSQL (``postgresql+psycopg://…``). Services own the transaction.
"""
