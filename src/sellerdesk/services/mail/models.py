"""What mail read in is told and what it answers (typed read models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sellerdesk.core.alerts.freshness import SKIPPED_OLD
from sellerdesk.services.mail.blobs import LeftOut

# a mail's state: on a case / waiting for a person / a person said no / an auto-reply
STATES = ("filed", "unfiled", "dismissed", "ignored")
# how a filed mail found its case
LINK_REASONS = (
    "case-link",
    "case-id-subject",
    "case-id-body",
    "thread",
    "identifier",
    "notice-draft",
    "by-hand",
    "new-case",
)
# why a mail is unfiled (or ignored)
UNFILED_REASONS = ("several", "none", "no-store", "case-closed", "auto-reply")


@dataclass(frozen=True)
class MailSource:
    """Where mail comes from: a mailbox key, ``file`` or ``upload`` (``file:<name>`` is
    read as ``file``: one file's mail and another's are the same source, so importing a
    message twice from two files is still one mail). ``store_id``: the store owning the
    source (its open cases are matched by identifier, its notices open cases there);
    ``store_ids``: the stores whose cases it may file on (None: every store)."""

    key: str
    store_id: int | None = None
    store_ids: tuple[int, ...] | None = None

    @property
    def source_key(self) -> str:
        key = self.key.strip()
        if key.startswith("file:") or key == "file":
            return "file"
        return key[:120] or "upload"

    @property
    def actor(self) -> str:
        return f"mail:{self.source_key}"[:80]


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one message. ``state``: filed / unfiled / ignored / refused (not a
    mail: nothing stored); ``reason``: the link reason when filed, else why not (a code the
    catalogs word); ``duplicate``: read before (nothing changed, the first reading's
    state reported)."""

    mail_id: int | None
    state: str
    case_id: int | None
    reason: str | None
    duplicate: bool = False
    event_id: int | None = None
    candidates: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    subject: str = ""

    def alert_left_out_as_old(self, state: str | None = None) -> bool:
        """A new reading that sent no alert because the mail was old (history, not news);
        ``state``: only when it ended ``filed`` (or ``unfiled``), which are worded apart."""
        return not self.duplicate and SKIPPED_OLD in self.notes and state in (None, self.state)


@dataclass(frozen=True)
class MailFileView:
    """A file a mail carried: ``check``, what the byte check found it is instead (a
    core.file_kinds.verdict code), None when it is what its name says."""

    name: str
    size: int
    check: str | None = None


@dataclass(frozen=True)
class MailView:
    """A mail as the Unfiled list and the case page show it."""

    id: int
    source_key: str
    from_addr: str
    from_name: str
    subject: str
    sent_at: datetime | None
    received_at: datetime
    state: str
    kind: str
    case_id: int | None
    reason: str | None
    candidates: tuple[int, ...]
    notes: tuple[str, ...]
    shown_text: str
    raw_sha256: str | None
    files: tuple[str, ...] = field(default=())
    attachments: tuple[MailFileView, ...] = field(default=())
    left_out: tuple[LeftOut, ...] = field(default=())  # files too big to keep
