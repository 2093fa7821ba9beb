"""A problem found by a check (of an archive or of the store): a catalog key and its values.

The words are the error catalog's (``error.<key>.message``), so a refused restore and the
report of ``sellerdesk verify`` say the same thing, in English or Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.i18n import t


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(f"error.{self.key}.message", lang).format(**self.params)

    def error(self, field: str) -> InvalidInput:
        return InvalidInput.of(self.key, field=field, **self.params)


def from_error(exc: SellerDeskError) -> Problem:
    return Problem(exc.key or "backup.not_a_backup", dict(exc.params))


class BackupFailed(Exception):
    """A backup that did not pass: its problems, and where the unusable archive went
    (``kept``: renamed to ``….failed.tar.gz``; None: removed, nothing left under the name)."""

    def __init__(self, path: Path, problems: tuple[Problem, ...], kept: Path | None) -> None:
        self.path, self.problems, self.kept = path, problems, kept
        super().__init__("; ".join(p.text("en") for p in problems))
