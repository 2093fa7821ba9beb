"""The tables. ORM classes only; API and CLI shapes live elsewhere.

Events are append-only (a correction is a new event). Cases carry a ``version`` for
optimistic locking: an update names the version it read and is refused if it moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, validates

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage import duplicate_postings
from sellerdesk.storage.types import SearchTokens, UTCDateTime


class Base(DeclarativeBase):
    pass


class StoreRow(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    region: Mapped[str] = mapped_column(String(8))
    marketplaces: Mapped[list[str]] = mapped_column(JSON)
    selling_plan: Mapped[str] = mapped_column(String(20), default="professional")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    support_plan: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="RESTRICT"))
    marketplace: Mapped[str] = mapped_column(String(4))
    desk: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)  # structured: description, timeline …
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16), default="case")
    status: Mapped[str] = mapped_column(String(16))
    amazon_label: Mapped[str | None] = mapped_column(String(80))  # Amazon's raw status text
    assignee: Mapped[str | None] = mapped_column(String(80))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # clock state, kept denormalised so that "sort by next breach" is one indexed query
    waiting_on: Mapped[str | None] = mapped_column(String(8))  # "amazon" | "team" | None
    clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_breach_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # what the search index reads: index_text(search_text), set whenever search_text is
    # (a Core UPDATE of search_text must set it too, see storage/search.py). Deferred: only
    # the index reads it, and loading it with every listed case cost ≈ 20 ms per 50 rows
    search_tokens: Mapped[str] = mapped_column(SearchTokens, default="", deferred=True)

    @validates("search_text")
    def _tokenise(self, _key: str, value: str) -> str:
        self.search_tokens = index_text(value or "")
        return value

    __table_args__ = (
        # id last: `ORDER BY next_breach_at NULLS LAST, id` is then one index walk on
        # PostgreSQL too (closed cases all have a NULL breach and were sorted by id)
        Index("ix_cases_store_status_breach", "store_id", "status", "next_breach_at", "id"),
        Index("ix_cases_status_breach", "status", "next_breach_at", "id"),
        # the unfiltered list (an admin's, the REST API's default) and the dashboard's
        # latest submitted cases: index walks instead of sorting every case (migration 0009)
        Index("ix_cases_breach", "next_breach_at", "id"),
        Index("ix_cases_submitted", "submitted_at"),
    )


class CaseSubjectShingleRow(Base):
    """Derived: the subject trigrams of every OPEN case, for the duplicate guard's candidates.

    Kept in step by the mapper events below (``storage/duplicate_postings.py``) on every ORM
    change of a case's status, subject or store, and rebuilt whole by the bulk path
    (``storage/bulk.py``), which bypasses the ORM.
    Not copied by backups or ``copy-db`` (``storage/transfer.py`` rebuilds it). The primary
    key is the lookup: one store's postings of one trigram, narrowed to a band of subject
    sizes (``shingle_count``, the number of distinct trigrams of the case's subject).
    """

    __tablename__ = "case_subject_shingles"

    store_id: Mapped[int] = mapped_column(Integer)
    shingle: Mapped[str] = mapped_column(String(3))
    shingle_count: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        PrimaryKeyConstraint(
            "store_id", "shingle", "shingle_count", "case_id", name="pk_case_subject_shingles"
        ),
        Index("ix_case_subject_shingles_case", "case_id"),
        {"sqlite_with_rowid": False},  # the rows live in the primary key's B-tree
    )


class AmazonCaseIdRow(Base):
    """Amazon's Case IDs; a case may carry several (after a merge, or a re-filed case)."""

    __tablename__ = "amazon_case_ids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    amazon_case_id: Mapped[str] = mapped_column(String(16), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdentifierRow(Base):
    """Order IDs, ASINs, SKUs and shipment IDs named by a case, for exact lookup."""

    __tablename__ = "case_identifiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # order | asin | sku | shipment
    value: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("case_id", "kind", "value"),
        Index("ix_identifiers_value", "value", "kind"),
    )


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(8))  # in | out | note | status
    channel: Mapped[str | None] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(80))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_events_case_time", "case_id", "occurred_at"),)


class AttachmentRow(Base):
    """A content-addressed file under the data folder: the same bytes are stored once."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventAttachmentRow(Base):
    __tablename__ = "event_attachments"

    event_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    )
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))  # the name the user gave it


class ReminderRow(Base):
    """A durable follow-up; a worker claims it with a conditional UPDATE, so it fires once."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("case_id", "kind", "due_at"),
        Index("ix_reminders_due", "done_at", "due_at"),
    )


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class HealthSnapshotRow(Base):
    """One reading of a store's Account Health: an imported report, figures typed by hand, or
    a report fetched through the SP-API. Never edited: a newer reading is a new row."""

    __tablename__ = "health_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(8))  # report | manual | sp-api
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)  # end of the report's window
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)  # parsed, per marketplace
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the report as Amazon sent it
    recorded_by: Mapped[str] = mapped_column(String(80))

    __table_args__ = (Index("ix_health_snapshots_store_taken", "store_id", "taken_at", "id"),)


class HealthDocumentRow(Base):
    """The state of one registration document of the check-list, per store."""

    __tablename__ = "health_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="RESTRICT"))
    doc_key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(8))  # have | missing | expired
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(80))

    __table_args__ = (UniqueConstraint("store_id", "doc_key"),)


# -- the duplicate guard's index follows every ORM change of a case ------------------------

_POSTINGS = cast(Table, CaseSubjectShingleRow.__table__)


@event.listens_for(CaseRow, "after_insert")
def _index_new_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    duplicate_postings.index_case(conn, _POSTINGS, case, replace=False)


@event.listens_for(CaseRow, "after_update")
def _reindex_changed_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    if duplicate_postings.indexed_fields_changed(case):
        duplicate_postings.index_case(conn, _POSTINGS, case, replace=True)


@event.listens_for(CaseRow, "after_delete")
def _unindex_deleted_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    duplicate_postings.unindex_case(conn, _POSTINGS, case.id)


# --- users, access and sign-in (the team web app and REST API) ----------------------------


class UserRow(Base):
    """A person who signs in; ``role`` is admin, agent or viewer. Only an argon2 hash is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # set for a generated one-time password: the first sign-in asks for a new one
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StoreGrantRow(Base):
    """An agent or viewer may see (and an agent change) the stores granted to them."""

    __tablename__ = "store_grants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiTokenRow(Base):
    """A Bearer token of the REST API, kept as the sha256 of its secret (never the secret)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarFeedRow(Base):
    """A user's secret iCal subscription URL, kept as the sha256 of its secret."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebSessionRow(Base):
    """A signed-in browser; the cookie holds a secret whose sha256 is stored here, so that
    signing out (or revoking a user) ends the session on every process at once."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotencyKeyRow(Base):
    """A create request's ``Idempotency-Key``: the same key never creates twice; a replay gets
    the stored answer, the same key with another request is refused."""

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: still running
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("user_id", "key"),)


class LoginAttemptRow(Base):
    """Sign-in attempts, in the database so that the rate limit holds across processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_login_attempts_name_at", "name", "at"),
        Index("ix_login_attempts_client_at", "client", "at"),
    )


class SignInCounterRow(Base):
    """Sign-in attempts in the current window, one row per ``name:…`` or ``client:…``,
    reserved by one upsert before a password is checked (the limit holds under a burst)."""

    __tablename__ = "sign_in_counters"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer)


class ServerSecretRow(Base):
    """A key only this server's processes know (the sign-in form's CSRF token is signed with it)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
