"""How a channel's claimed alerts become messages: one each while the channel's rate allows,
else folded into digests, one language per digest, at most ``most`` alerts each."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]


def pack(claimed: Sequence[Row], *, room: int, most: int) -> list[list[Row]]:
    """Messages for ``claimed`` when the channel takes ``room`` more requests now.

    Urgent alerts go first. Within the room every alert is its own message; a burst beyond it
    is folded into as few digests as fit (each language apart, as a person reads one)."""
    if not claimed or room <= 0:
        return []
    ordered = sorted(claimed, key=lambda row: (not row["urgent"], row["id"]))
    if len(ordered) <= room:
        return [[row] for row in ordered]
    by_lang: dict[str, list[Row]] = {}
    for row in ordered:
        by_lang.setdefault(str(row["lang"]), []).append(row)
    # share the room among the languages, at least one message each, then split evenly
    messages: list[list[Row]] = []
    share = max(room // len(by_lang), 1)
    for group in by_lang.values():
        count = (
            min(max(math.ceil(len(group) / most), 1), share) if len(group) > share else len(group)
        )
        size = math.ceil(len(group) / count)
        messages += [group[i : i + size] for i in range(0, len(group), size)]
    return messages
