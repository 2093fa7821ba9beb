"""Why an alert is held, waits or failed, stored as a catalog key and its values (JSON in
``alert_outbox.reason`` and ``alert_attempts.detail``) so that each page and command says it
in its own language. A vendor's own words are kept as they came (``text``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.i18n import catalog, t


def stored(key: str, **params: Any) -> str:
    """The reason as the outbox stores it."""
    return json.dumps({"reason": key, **{k: str(v) for k, v in params.items()}}, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Reason:
    key: str  # alerts.reason.<key>; "text": words stored as they are (a vendor's answer)
    params: tuple[tuple[str, str], ...] = ()

    def words(self, lang: str) -> str:
        values = dict(self.params)
        if self.key == "text":
            return values.get("text", "")
        explained = vendor_words(values.get("kind", ""), values.get("code", ""), lang)
        if explained and "detail" in values:  # the vendor's own text stays, as the detail
            values["detail"] = t(
                "alerts.reason.explained", lang, words=explained, detail=values["detail"]
            )
        try:
            return t(f"alerts.reason.{self.key}", lang, **values)
        except (KeyError, IndexError):  # a reason of another version: its values, plainly
            return "; ".join(f"{k}: {v}" for k, v in self.params) or self.key


def vendor_words(kind: str, code: str, lang: str) -> str:
    """A vendor's error code in words, as the channel's Send test says it ("" when unknown)."""
    if not kind or not code:
        return ""
    key = f"alert_channels.code.{kind}.{code}".replace("-", "m")
    return t(key, lang) if key in catalog(lang) or key in catalog("en") else ""


def read(value: str | None) -> Reason | None:
    """The stored reason (or plain words, for a vendor's answer)."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("reason"), str):
        return Reason("text", (("text", value),))
    key = data.pop("reason")
    return Reason(key, tuple((str(k), str(v)) for k, v in data.items()))


def words(value: str | None, lang: str) -> str | None:
    found = read(value)
    return found.words(lang) if found is not None else None
