"""Reading back a case's attachment for download, as the principal may see it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import NotFound
from sellerdesk.services import access
from sellerdesk.services.attachments import blob_path
from sellerdesk.services.cases.errors import not_found
from sellerdesk.services.cases.records import load
from sellerdesk.services.tracker import TrackerContext, read_transaction
from sellerdesk.storage.repositories import attachments as attachment_rows
from sellerdesk.storage.session import Session, sessionmaker


@dataclass(frozen=True)
class CaseFile:
    path: Path
    file_name: str
    media_type: str
    size: int
    sha256: str


def attachment_of_case(
    *,
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    case_id: int,
    sha256: str,
    principal: Principal | None = None,
) -> CaseFile:
    """The file ``sha256`` attached to an event of the case (NotFound when it is not)."""
    with read_transaction(sessions) as session:
        case = load(session, case_id)
        access.check_read(principal, case.store_id, lambda: not_found(case_id))
        found = attachment_rows.file_on_case(session, case.id, sha256)
    path = blob_path(ctx, sha256)
    if found is None or not path.is_file():
        raise NotFound.of("attach.not_on_case", field="sha256", case_id=case_id, sha256=sha256)
    name, blob = found
    return CaseFile(path, name, blob.media_type, blob.size, blob.sha256)
