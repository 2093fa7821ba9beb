"""How a channel's claimed alerts become messages.

Alerts of one case, one trigger and one language claimed in the same round (a burst of
replies to one case, or a night's alerts released at the team's opening) are one *bundle*:
they are said once, "×N" with the newest alert's words, never N lines. Then each bundle is
its own message while the channel's rate allows, else bundles are folded into digests, one
language per digest, at most ``most`` bundles each. Every channel kind is treated alike
(e-mail too: its rate in ``data/alert_channels.toml`` makes a burst one digest mail).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.alerts.delivery import AlertMessage, Mention
from sellerdesk.core.alerts.trimming import one_line
from sellerdesk.core.i18n import t

Row = Mapping[str, Any]
Bundle = list[Row]
# where a trigger's link leads, worded on the button (default: the case page)
LINK_LABELS = {
    "mail-unfiled": "alert_channels.open_unfiled",
    "health-crossed": "alert_channels.open_stores",
}
DIGEST_LINK = "/admin/alert-outbox"
LINE_GIST = 120  # characters of the newest alert's text on a bundle's digest line


@dataclass(frozen=True)
class Packed:
    """One message to send: its bundles, each of one case (or one alert without a case)."""

    bundles: tuple[Bundle, ...]

    @property
    def rows(self) -> list[Row]:
        return [row for bundle in self.bundles for row in bundle]


def bundles_of(ordered: Sequence[Row]) -> list[Bundle]:
    """Alerts of one case, trigger and language together, in the order of their first."""
    found: dict[tuple[Any, ...], Bundle] = {}
    for row in ordered:
        case = row.get("case_id")
        key = (case, row["trigger"], row["lang"]) if case is not None else ("alert", row["id"])
        found.setdefault(key, []).append(row)
    return list(found.values())


def pack(claimed: Sequence[Row], *, room: int, most: int) -> list[Packed]:
    """Messages for ``claimed`` when the channel takes ``room`` more requests now.

    Urgent alerts go first. Within the room every bundle is its own message; a burst beyond
    it is folded into as few digests as fit (each language apart, as a person reads one)."""
    if not claimed or room <= 0:
        return []
    ordered = sorted(claimed, key=lambda row: (not row["urgent"], row["id"]))
    units = bundles_of(ordered)
    if len(units) <= room:
        return [Packed((unit,)) for unit in units]
    by_lang: dict[str, list[Bundle]] = {}
    for unit in units:
        by_lang.setdefault(str(unit[0]["lang"]), []).append(unit)
    # share the room among the languages, at least one message each, then split evenly
    messages: list[Packed] = []
    share = max(room // len(by_lang), 1)
    for group in by_lang.values():
        count = (
            min(max(math.ceil(len(group) / most), 1), share) if len(group) > share else len(group)
        )
        size = math.ceil(len(group) / count)
        messages += [Packed(tuple(group[i : i + size])) for i in range(0, len(group), size)]
    return messages


def absolute(link: str | None, base_url: str | None) -> str | None:
    if not link or "://" in link or not base_url:
        return link
    return base_url.rstrip("/") + "/" + link.lstrip("/")


def _label(trigger: str, lang: str) -> str:
    return t(LINK_LABELS.get(trigger, "alert_channels.open_case"), lang)


def _newest(bundle: Bundle) -> Row:
    return max(bundle, key=lambda row: row["id"])


def _times(title: str, bundle: Bundle) -> str:
    return f"{title} ×{len(bundle)}" if len(bundle) > 1 else title


def _line(bundle: Bundle, base_url: str | None) -> str:
    """A bundle's digest line: its newest title once, ×N, and (when several) the start of
    its newest text, which carries the Case ID and the reply's first words."""
    newest = _newest(bundle)
    words = _times(newest["title"], bundle)
    if len(bundle) > 1:
        words = f"{words} — {one_line(str(newest['text']), LINE_GIST)}"
    return " ".join(("•", words, absolute(newest["link"], base_url) or "")).rstrip()


def message_of(packed: Packed, handles: Mapping[str, str], base_url: str | None) -> AlertMessage:
    """The message of one packed group: one bundle says its case once (``×N``, the newest
    alert's words and link); several make a digest of one line per bundle."""
    group = packed.rows
    mentions = tuple(
        Mention(name, handles[name])
        for name in dict.fromkeys(row["mention_user"] for row in group)
        if name in handles
    )
    ids = tuple(row["id"] for row in group)
    urgent = any(row["urgent"] for row in group)
    lang = str(group[0]["lang"])
    if len(packed.bundles) == 1:
        bundle = packed.bundles[0]
        newest = _newest(bundle)
        return AlertMessage(
            title=_times(newest["title"], bundle),
            text=newest["text"],
            link=absolute(newest["link"], base_url),
            lang=lang,
            urgent=urgent,
            mentions=mentions,
            alert_ids=ids,
            link_label=_label(str(newest["trigger"]), lang),
        )
    return AlertMessage(
        title=t("alerts.digest.title", lang, n=len(group)),
        text="\n".join(_line(bundle, base_url) for bundle in packed.bundles),
        link=absolute(DIGEST_LINK, base_url),
        lang=lang,
        urgent=urgent,
        mentions=mentions,
        alert_ids=ids,
        link_label=t("alert_channels.open_outbox", lang),
    )
