"""A problem found by a check (of an archive or of the store): a catalog key and its values.

The words are the error catalog's (``error.<key>.message``), so a refused restore and the
report of ``sellerdesk verify`` say the same thing, in English or Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.i18n import t


@dataclass(frozen=True)
class Problem:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(f"error.{self.key}.message", lang).format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "message": self.text("en"), **self.params}

    def error(self, field: str) -> InvalidInput:
        return InvalidInput.of(self.key, field=field, **self.params)


def from_error(exc: SellerDeskError) -> Problem:
    return Problem(exc.key or "backup.not_a_backup", dict(exc.params))


class BackupFailed(Exception):
    """A backup that did not pass: its problems, and where the unusable archive went
    (``kept``: renamed to ``….failed.tar.gz``; None: removed, nothing left under the name)."""

    def __init__(self, path: str, problems: list[Problem], kept: str | None) -> None:
        self.path, self.problems, self.kept = path, problems, kept
        super().__init__("; ".join(p.text("en") for p in problems))

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "kept_as": self.kept,
            "problems": [p.as_dict() for p in self.problems],
        }
