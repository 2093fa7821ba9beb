"""Checking what a person typed for a channel: every refusal names its field and the fix."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sellerdesk.core.alerts.channel import FORMATS, SMTP_SECURITY
from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.input_guard import check_line

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_NAME = 80
# the vendors' robot addresses are 80-250 characters; 2,048 is the longest URL every browser
# and proxy carries, so a longer "address" is a paste of more than the address
MAX_WEBHOOK = 2048
SIGNED_KINDS = (ChannelKind.DINGTALK, ChannelKind.FEISHU)


@dataclass(frozen=True, slots=True)
class ChannelInput:
    """A channel's fields as given; ``None`` in an edit keeps the stored value, and for a
    secret ``""`` clears it."""

    name: str | None = None
    kind: str | None = None
    enabled: bool | None = None
    webhook: str | None = None
    signing_secret: str | None = None
    keyword: str | None = None
    message_format: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_to: str | None = None
    smtp_ca_file: str | None = None  # "" clears it
    smtp_skip_verify: bool | None = None

    def given(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


def _bad(what: str, field: str, **params: Any) -> InvalidInput:
    return InvalidInput.of(f"alert_channel.{what}", field=field, **params)


def kind_of(value: str) -> ChannelKind:
    try:
        return ChannelKind(value.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in ChannelKind)
        raise _bad("bad_kind", "kind", value=value, known=known) from None


def clean_name(value: str) -> str:
    check_line(value, "name")
    name = " ".join(value.split())
    if len(name) > MAX_NAME:  # said with the limit: a form never cuts a name silently
        raise _bad("name_too_long", "name", length=len(name), limit=MAX_NAME)
    if not name:
        raise _bad("bad_name", "name", value=value)
    return name


def _is_loopback(host: str | None) -> bool:
    return (host or "") in _LOOPBACK


def clean_webhook(value: str) -> str:
    url = value.strip()
    if len(url) > MAX_WEBHOOK:
        raise _bad("webhook_too_long", "webhook", length=len(url), limit=MAX_WEBHOOK)
    parts = urlsplit(url)
    plain_loopback = parts.scheme == "http" and _is_loopback(parts.hostname)
    if not parts.hostname or (parts.scheme != "https" and not plain_loopback):
        raise _bad("bad_webhook", "webhook")
    return url


def _address(value: str, field: str) -> str:
    address = value.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in address):
        raise _bad("bad_address", field, value=address)
    return address


def checked(kind: ChannelKind, values: dict[str, Any]) -> dict[str, Any]:
    """The whole channel (stored values with the changes applied) checked, as columns."""
    out = dict(values)
    out["name"] = clean_name(str(values.get("name") or ""))
    out["kind"] = kind.value
    out["enabled"] = bool(values.get("enabled", True))
    fmt = str(values.get("message_format") or "")
    if fmt and fmt not in FORMATS[kind]:
        raise _bad("bad_format", "format", value=fmt, known=", ".join(FORMATS[kind]))
    out["message_format"] = fmt
    keyword = " ".join(str(values.get("keyword") or "").split())
    if keyword and kind not in SIGNED_KINDS:
        raise _bad("keyword_not_here", "keyword", kind=kind.value)
    if len(keyword) > 200:
        raise _bad("bad_keyword", "keyword")
    out["keyword"] = keyword or None
    secret = str(values.get("signing_secret") or "").strip()
    if secret and kind not in SIGNED_KINDS:
        raise _bad("secret_not_here", "secret", kind=kind.value)
    out["signing_secret"] = secret or None
    if kind is ChannelKind.EMAIL:
        return _checked_smtp(out)
    out["webhook"] = clean_webhook(str(values.get("webhook") or ""))
    for name in ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_password"):
        out[name] = None
    out["smtp_from"] = out["smtp_to"] = out["smtp_ca_file"] = None
    out["smtp_skip_verify"] = False
    return out


def clean_ca_file(value: str) -> str:
    """A CA file as an absolute path, refused unless it is a readable PEM certificate (a
    self-hosted server's own CA, the file its administrator hands out)."""
    path = Path(value.strip()).expanduser()
    if not path.is_file():
        raise _bad("ca_missing", "smtp-ca-file", path=str(path))
    try:
        pem = path.read_bytes()[:1_000_000]
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise ValueError("no PEM certificate")
        ssl.create_default_context(cadata=pem.decode("ascii", "replace"))
    except (OSError, ValueError, ssl.SSLError):
        raise _bad("ca_not_pem", "smtp-ca-file", path=str(path)) from None
    return str(path.resolve())


def _checked_smtp(out: dict[str, Any]) -> dict[str, Any]:
    host = str(out.get("smtp_host") or "").strip()
    if not host or any(c.isspace() for c in host):
        raise _bad("bad_smtp_host", "smtp-host")
    security = str(out.get("smtp_security") or "starttls").strip().lower()
    if security not in SMTP_SECURITY:
        raise _bad("bad_security", "smtp-security", value=security)
    if security == "none" and not _is_loopback(host):
        raise _bad("plain_smtp_remote", "smtp-security", host=host)
    default_port = {"tls": 465, "starttls": 587, "none": 25}[security]
    port = out.get("smtp_port") or default_port
    if not isinstance(port, int) or not 0 < port < 65536:
        raise _bad("bad_port", "smtp-port", value=port)
    to = [_address(a, "smtp-to") for a in str(out.get("smtp_to") or "").split(",") if a.strip()]
    if not to:
        raise _bad("no_recipients", "smtp-to")
    out.update(
        webhook=None,
        smtp_host=host,
        smtp_port=port,
        smtp_security=security,
        smtp_user=str(out.get("smtp_user") or "").strip() or None,
        smtp_password=str(out.get("smtp_password") or "") or None,
        smtp_from=_address(str(out.get("smtp_from") or ""), "smtp-from"),
        smtp_to=", ".join(to),
    )
    ca = str(out.get("smtp_ca_file") or "").strip()
    plain = security == "none"  # nothing to verify
    out["smtp_ca_file"] = clean_ca_file(ca) if ca and not plain else None
    out["smtp_skip_verify"] = bool(out.get("smtp_skip_verify")) and not plain
    return out
