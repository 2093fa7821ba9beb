"""The ORM classes, mapped onto the Core tables of :mod:`sellerdesk.storage.schema`.

The schema (columns, types, defaults, indexes) is stated once, there; a class here names
its columns again only as typed attributes (``Mapped[...]``), so that mypy knows them.
API and CLI shapes live elsewhere. The mapper events at the end keep the duplicate guard's
index in step with every ORM change of a case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, deferred, validates

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage import duplicate_postings, schema


class Base(DeclarativeBase):
    metadata: ClassVar[MetaData] = schema.metadata


class StoreRow(Base):
    __table__ = schema.stores

    id: Mapped[int]
    name: Mapped[str]
    region: Mapped[str]
    marketplaces: Mapped[list[str]]
    selling_plan: Mapped[str]
    verified: Mapped[bool]
    support_plan: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CaseRow(Base):
    __table__ = schema.cases

    id: Mapped[int]
    store_id: Mapped[int]
    marketplace: Mapped[str]
    desk: Mapped[str]
    category: Mapped[str | None]
    subject: Mapped[str]
    body: Mapped[dict[str, Any]]
    priority: Mapped[str]
    language: Mapped[str]
    channel: Mapped[str]
    status: Mapped[str]
    amazon_label: Mapped[str | None]
    assignee: Mapped[str | None]
    tags: Mapped[list[str]]
    merged_into_id: Mapped[int | None]
    version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    waiting_on: Mapped[str | None]
    clock_started_at: Mapped[datetime | None]
    next_breach_at: Mapped[datetime | None]
    search_text: Mapped[str]
    # only the search index reads it: loading it with every listed case cost ≈ 20 ms per 50
    # rows, so it is loaded when first asked for
    search_tokens: Mapped[str] = deferred(schema.cases.c.search_tokens)

    @validates("search_text")
    def _tokenise(self, _key: str, value: str) -> str:
        # what the search index reads is set whenever search_text is (a Core UPDATE of
        # search_text must set it too, see storage/search.py)
        self.search_tokens = index_text(value or "")
        return value


class CaseSubjectShingleRow(Base):
    __table__ = schema.case_subject_shingles

    store_id: Mapped[int]
    shingle: Mapped[str]
    shingle_count: Mapped[int]
    case_id: Mapped[int]


class AmazonCaseIdRow(Base):
    __table__ = schema.amazon_case_ids

    id: Mapped[int]
    case_id: Mapped[int]
    amazon_case_id: Mapped[str]
    added_at: Mapped[datetime]


class IdentifierRow(Base):
    __table__ = schema.case_identifiers

    id: Mapped[int]
    case_id: Mapped[int]
    kind: Mapped[str]
    value: Mapped[str]


class EventRow(Base):
    __table__ = schema.events

    id: Mapped[int]
    case_id: Mapped[int]
    direction: Mapped[str]
    channel: Mapped[str | None]
    author: Mapped[str | None]
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    body: Mapped[str]
    data: Mapped[dict[str, Any]]


class AttachmentRow(Base):
    __table__ = schema.attachments

    id: Mapped[int]
    sha256: Mapped[str]
    size: Mapped[int]
    media_type: Mapped[str]
    created_at: Mapped[datetime]


class EventAttachmentRow(Base):
    __table__ = schema.event_attachments

    event_id: Mapped[int]
    attachment_id: Mapped[int]
    file_name: Mapped[str]


class ReminderRow(Base):
    __table__ = schema.reminders

    id: Mapped[int]
    case_id: Mapped[int]
    kind: Mapped[str]
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None]
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AuditRow(Base):
    __table__ = schema.audit_log

    id: Mapped[int]
    at: Mapped[datetime]
    actor: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[int]
    action: Mapped[str]
    detail: Mapped[dict[str, Any]]


class HealthSnapshotRow(Base):
    __table__ = schema.health_snapshots

    id: Mapped[int]
    store_id: Mapped[int]
    source: Mapped[str]
    taken_at: Mapped[datetime]
    imported_at: Mapped[datetime]
    metrics: Mapped[dict[str, Any]]
    raw: Mapped[dict[str, Any] | None]
    recorded_by: Mapped[str]


class HealthDocumentRow(Base):
    __table__ = schema.health_documents

    id: Mapped[int]
    store_id: Mapped[int]
    doc_key: Mapped[str]
    status: Mapped[str]
    note: Mapped[str]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str]


# -- the duplicate guard's index follows every ORM change of a case ------------------------


@event.listens_for(CaseRow, "after_insert")
def _index_new_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    duplicate_postings.index_case(conn, schema.case_subject_shingles, case, replace=False)


@event.listens_for(CaseRow, "after_update")
def _reindex_changed_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    if duplicate_postings.indexed_fields_changed(case):
        duplicate_postings.index_case(conn, schema.case_subject_shingles, case, replace=True)


@event.listens_for(CaseRow, "after_delete")
def _unindex_deleted_case(_mapper: Mapper[CaseRow], conn: Connection, case: CaseRow) -> None:
    duplicate_postings.unindex_case(conn, schema.case_subject_shingles, case.id)


# --- users, access and sign-in (the team web app and REST API) ----------------------------


class UserRow(Base):
    __table__ = schema.users

    id: Mapped[int]
    name: Mapped[str]
    role: Mapped[str]
    password_hash: Mapped[str]
    active: Mapped[bool]
    must_change_password: Mapped[bool]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    password_expires_at: Mapped[datetime | None]
    language: Mapped[str | None]
    time_zone: Mapped[str | None]


class StoreGrantRow(Base):
    __table__ = schema.store_grants

    user_id: Mapped[int]
    store_id: Mapped[int]
    created_at: Mapped[datetime]


class ApiTokenRow(Base):
    __table__ = schema.api_tokens

    id: Mapped[int]
    user_id: Mapped[int]
    name: Mapped[str]
    token_hash: Mapped[str]
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class CalendarFeedRow(Base):
    __table__ = schema.calendar_feeds

    id: Mapped[int]
    user_id: Mapped[int]
    secret_hash: Mapped[str]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class WebSessionRow(Base):
    __table__ = schema.web_sessions

    id: Mapped[int]
    user_id: Mapped[int]
    session_hash: Mapped[str]
    csrf_token: Mapped[str]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class IdempotencyKeyRow(Base):
    __table__ = schema.idempotency_keys

    id: Mapped[int]
    user_id: Mapped[int]
    key: Mapped[str]
    fingerprint: Mapped[str]
    status_code: Mapped[int | None]
    response: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]


class LoginAttemptRow(Base):
    __table__ = schema.login_attempts

    id: Mapped[int]
    name: Mapped[str]
    client: Mapped[str]
    at: Mapped[datetime]
    succeeded: Mapped[bool]


class SignInCounterRow(Base):
    __table__ = schema.sign_in_counters

    key: Mapped[str]
    window_start: Mapped[datetime]
    attempts: Mapped[int]


class ServerSecretRow(Base):
    __table__ = schema.server_secrets

    name: Mapped[str]
    value: Mapped[str]
    created_at: Mapped[datetime]


# tables defined beside this module, registered on the shared metadata (backups copy them)
from sellerdesk.storage import alert_channel_rows as _alert_channel_rows  # noqa: E402, F401
from sellerdesk.storage import mailbox_rows as _mailbox_rows  # noqa: E402, F401
