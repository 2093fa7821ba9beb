"""The case page's timeline, folded in the middle when it is long (issue 17 files mail on
its own, so a case collects dozens of events and the newest Amazon reply, what the reader
came for, ended up at the bottom of a very long page).

The order stays oldest first. A long timeline shows the first event (the case as it was
opened) and the latest few; the ones between sit behind one line that opens in place (a
``<details>``, no script). The dossier is not folded: it is evidence and shows everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sellerdesk.services.cases import EventView

LATEST_SHOWN = 5
# up to this many events nothing is folded: folding one or two saves nothing
UNFOLDED_UP_TO = 8


@dataclass(frozen=True, slots=True)
class FoldedTimeline:
    """A case's events in order, split into what shows and what waits behind the fold."""

    first: tuple[EventView, ...]  # everything, when nothing is folded
    folded: tuple[EventView, ...]
    latest: tuple[EventView, ...]

    @property
    def count(self) -> int:
        return len(self.first) + len(self.folded) + len(self.latest)

    @property
    def newest(self) -> EventView | None:
        """The event "jump to latest" leads to (never behind the fold)."""
        shown = self.latest or self.first
        return shown[-1] if shown else None


def fold_timeline(
    events: Sequence[EventView],
    *,
    latest_shown: int = LATEST_SHOWN,
    unfolded_up_to: int = UNFOLDED_UP_TO,
) -> FoldedTimeline:
    """The first event and the latest ``latest_shown`` of a timeline longer than
    ``unfolded_up_to``, the others folded between them; a shorter one whole."""
    ordered = tuple(events)
    if len(ordered) <= max(unfolded_up_to, latest_shown + 1):
        return FoldedTimeline(first=ordered, folded=(), latest=())
    return FoldedTimeline(
        first=ordered[:1],
        folded=ordered[1:-latest_shown],
        latest=ordered[-latest_shown:],
    )
