"""The records repositories hand to services: the ORM row classes, by name.

Services read and change these objects' attributes; they never build queries on them (the
repositories do) and never import ``storage.tables`` (which also holds the schema's tables,
indexes and listeners). Kept as a plain re-export so that a record has one definition.
"""

from __future__ import annotations

from sellerdesk.storage.tables import (
    AmazonCaseIdRow,
    ApiTokenRow,
    AttachmentRow,
    AuditRow,
    CalendarFeedRow,
    CaseRow,
    CaseSubjectShingleRow,
    EventAttachmentRow,
    EventRow,
    HealthDocumentRow,
    HealthSnapshotRow,
    IdempotencyKeyRow,
    IdentifierRow,
    LoginAttemptRow,
    ReminderRow,
    ServerSecretRow,
    SignInCounterRow,
    StoreGrantRow,
    StoreRow,
    UserRow,
    WebSessionRow,
)

__all__ = [
    "AmazonCaseIdRow",
    "ApiTokenRow",
    "AttachmentRow",
    "AuditRow",
    "CalendarFeedRow",
    "CaseRow",
    "CaseSubjectShingleRow",
    "EventAttachmentRow",
    "EventRow",
    "HealthDocumentRow",
    "HealthSnapshotRow",
    "IdempotencyKeyRow",
    "IdentifierRow",
    "LoginAttemptRow",
    "ReminderRow",
    "ServerSecretRow",
    "SignInCounterRow",
    "StoreGrantRow",
    "StoreRow",
    "UserRow",
    "WebSessionRow",
]
