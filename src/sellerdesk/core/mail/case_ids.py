"""Amazon Case IDs named by a mail, in the order the issue trusts them.

1. ``caseID=`` in a Seller Central or Brand Registry link (the Case Log's own URL; seen in
   public code, see docs/integrations.md);
2. a 9-12 digit number within about 40 characters after "Case(s)", "Case ID", "案例",
   "ケース", "Fall", "caso" or "cas" — in the subject first, then the body.

Amazon documents neither its case mail's sender nor its subject format (integrations.md
§2.2), so these are patterns to be checked against real mail, and the raw mail is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_CASE_LINK = re.compile(
    r"https?://(?:sellercentral(?:-[a-z]+)?|brandregistry)\.amazon\.[a-z.]{2,12}/"
    r"[^\s\"'<>]*?[?&;]caseID=(\d{6,14})(?!\d)",
    re.IGNORECASE,
)
_NEAR_WORD = re.compile(
    r"(?:(?<![A-Za-z])(?:cases?|fall|fälle|casos?|cas)(?![A-Za-z])|案例|ケース|個案|案件)"
    r"[^\d\n]{0,40}?(?<!\d)(\d{9,12})(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundCaseIds:
    from_links: tuple[str, ...]  # caseID= in a Seller Central / Brand Registry URL
    from_subject: tuple[str, ...]
    from_body: tuple[str, ...]

    def in_order(self) -> list[tuple[str, tuple[str, ...]]]:
        """(how found, ids) from the most trusted to the least, empty ones left out."""
        steps = [
            ("case-link", self.from_links),
            ("case-id-subject", self.from_subject),
            ("case-id-body", self.from_body),
        ]
        return [(how, ids) for how, ids in steps if ids]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def find_case_ids(subject: str, body: str, links: Iterable[str] = ()) -> FoundCaseIds:
    """The Case IDs ``subject``, ``body`` (text, quoted history included) and ``links``
    (hrefs of the HTML part) name, each step's in the order they appear."""
    linked = [m.group(1) for text in (*links, body) for m in _CASE_LINK.finditer(text)]
    return FoundCaseIds(
        from_links=_unique(linked),
        from_subject=_unique(m.group(1) for m in _NEAR_WORD.finditer(subject)),
        from_body=_unique(m.group(1) for m in _NEAR_WORD.finditer(body)),
    )
