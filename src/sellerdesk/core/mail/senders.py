"""Who sent a mail, by the rules in ``data/mail_senders.toml`` (sourced data, not code),
and whether it is an auto-reply.

The shipped rules may be overridden by the team's ``mail_senders.toml`` in its data folder:
a sender rule with the same ``match`` or a notice with the same ``name`` replaces the
shipped one, new ones are added, a ``[team]`` or ``[limits]`` table replaces the shipped one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput

SENDER_KINDS = ("case-reply", "notice", "amazon")
NOTICE_ACTIONS = ("draft-case", "annotate")
_TLD = r"[a-z]{2,3}(?:\.[a-z]{2})?"


@dataclass(frozen=True)
class SenderRule:
    match: str
    kind: str
    source: str
    confidence: str
    pattern: re.Pattern[str]

    @property
    def rank(self) -> tuple[int, int, int]:
        # an address before a domain, an exact one before a pattern, a longer one first
        return (0 if self.match.startswith("@") else 1, "*" not in self.match, len(self.match))


@dataclass(frozen=True)
class NoticeRule:
    name: str
    subject: tuple[re.Pattern[str], ...]
    action: str
    category: str
    source: str
    confidence: str


@dataclass(frozen=True)
class MailRules:
    senders: tuple[SenderRule, ...]
    notices: tuple[NoticeRule, ...]
    team_addresses: frozenset[str]
    team_domains: frozenset[str]
    max_raw_bytes: int
    as_of: str

    def sender_kind(self, address: str) -> str | None:
        """``case-reply``, ``notice``, ``amazon`` or None (not Amazon) for ``address``."""
        found = [r for r in self.senders if r.pattern.fullmatch(address.strip().lower())]
        return max(found, key=lambda r: r.rank).kind if found else None

    def is_team(self, address: str) -> bool:
        addr = address.strip().lower()
        domain = addr.rpartition("@")[2]
        return addr in self.team_addresses or domain in self.team_domains

    def notice_for(self, subject: str) -> NoticeRule | None:
        for rule in self.notices:
            if any(p.search(subject) for p in rule.subject):
                return rule
        return None


def _sender_pattern(match: str) -> re.Pattern[str]:
    text = match.strip().lower()
    if text.startswith("@"):
        domain = re.escape(text[1:]).replace(r"\*", _TLD)
        return re.compile(rf"[^@\s]+@(?:[a-z0-9-]+\.)*{domain}")
    return re.compile(re.escape(text).replace(r"\*", _TLD))


def _bad(path: str, what: str) -> InvalidInput:
    return InvalidInput.of("mail.bad_rules", field="mail_senders.toml", path=path, what=what)


def _build(data: Mapping[str, Any], where: str) -> MailRules:
    senders = []
    for spec in data.get("sender", []):
        if spec.get("kind") not in SENDER_KINDS or not spec.get("match"):
            raise _bad(where, f"sender {spec.get('match')!r}: kind must be one of {SENDER_KINDS}")
        senders.append(
            SenderRule(
                spec["match"].lower(),
                spec["kind"],
                str(spec.get("source", "")),
                str(spec.get("confidence", "low")),
                _sender_pattern(spec["match"]),
            )
        )
    notices = []
    for spec in data.get("notice", []):
        if spec.get("action") not in NOTICE_ACTIONS:
            raise _bad(where, f"notice {spec.get('name')!r}: action must be {NOTICE_ACTIONS}")
        try:
            pats = tuple(re.compile(p, re.IGNORECASE) for p in spec.get("subject", []))
        except re.error as exc:
            raise _bad(where, f"notice {spec.get('name')!r}: {exc}") from None
        notices.append(
            NoticeRule(
                spec["name"],
                pats,
                spec["action"],
                str(spec.get("category", "notice")),
                str(spec.get("source", "")),
                str(spec.get("confidence", "low")),
            )
        )
    team = data.get("team", {})
    return MailRules(
        senders=tuple(senders),
        notices=tuple(notices),
        team_addresses=frozenset(a.lower() for a in team.get("addresses", [])),
        team_domains=frozenset(d.lower().lstrip("@") for d in team.get("domains", [])),
        max_raw_bytes=int(data.get("limits", {}).get("max_raw_bytes", 100 << 20)),
        as_of=str(data.get("meta", {}).get("as_of", "")),
    )


def _merge(shipped: dict[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(shipped)
    for key, ident in (("sender", "match"), ("notice", "name")):
        mine = {str(s.get(ident, "")).lower(): s for s in own.get(key, [])}
        kept = [s for s in shipped.get(key, []) if str(s.get(ident, "")).lower() not in mine]
        out[key] = [*list(mine.values()), *kept] if key == "notice" else [*kept, *mine.values()]
    for key in ("team", "limits", "meta"):
        if key in own:
            out[key] = own[key]
    return out


@cache
def _shipped() -> dict[str, Any]:
    ref = resources.files("sellerdesk") / "data" / "mail_senders.toml"
    return tomllib.loads(ref.read_text(encoding="utf-8"))


def load_mail_rules(data_dir: Path | None = None) -> MailRules:
    """The shipped rules with the data folder's ``mail_senders.toml`` applied over them."""
    own_path = data_dir / "mail_senders.toml" if data_dir is not None else None
    if own_path is None or not own_path.is_file():
        return _shipped_rules()
    try:
        own = tomllib.loads(own_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _bad(str(own_path), str(exc)) from None
    return _build(_merge(_shipped(), own), str(own_path))


@cache
def _shipped_rules() -> MailRules:
    return _build(_shipped(), "mail_senders.toml")


_AUTO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[\s-]*(?:reply|response|antwort)|out of (?:the )?office|"
    r"自动回复|自動回覆|自動応答|自動返信|不在|abwesenheit|réponse automatique|"
    r"respuesta automática|risposta automatica)",
    re.IGNORECASE,
)


def is_auto_reply(headers: Mapping[str, str], subject: str, *, from_amazon: bool) -> bool:
    """An auto-reply or bulk mail, which never opens a case or an event (no mail loops).

    ``Auto-Submitted: auto-replied``, ``X-Autoreply``, ``X-Autorespond`` and an
    out-of-office subject always count. ``Auto-Submitted: auto-generated`` and
    ``Precedence: bulk|junk|auto_reply`` count unless the sender is Amazon: Amazon's own
    notices are machine-sent by nature, and dropping them would lose the replies."""
    auto = headers.get("auto-submitted", "").strip().lower()
    if (
        auto.startswith("auto-replied")
        or headers.get("x-autoreply")
        or headers.get("x-autorespond")
    ):
        return True
    if _AUTO_SUBJECT.match(subject):
        return True
    if from_amazon:
        return False
    precedence = headers.get("precedence", "").strip().lower()
    return (auto not in ("", "no")) or precedence in ("bulk", "auto_reply", "junk")
