"""One raw message into what Seller Desk reads of it, with the stdlib ``email`` package
(``policy.default``): headers unfolded and decoded, the text part preferred (HTML turned
into text when there is none), attachments as bytes. Never raises on a damaged mail but
:class:`MalformedMail`, for bytes that are not a mail at all."""

from __future__ import annotations

import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.feedparser import BytesFeedParser
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from sellerdesk.core.mail.charsets import decode_bytes, decode_header_value
from sellerdesk.core.mail.text import html_to_text

_ID_HEADERS = ("message-id", "in-reply-to", "references")
# a mail must carry at least one of these to be read as a mail
_MAIL_HEADERS = {"from", "to", "subject", "date", "message-id", "received", "sender"}


class MalformedMail(ValueError):
    """Bytes that are not a mail (no mail headers); ``code`` names why, for the catalogs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class MailPart:
    file_name: str
    media_type: str
    data: bytes  # empty when left undecoded for being over the size limit
    over_limit_size: int | None = None  # its decoded size, when left undecoded

    @property
    def size(self) -> int:
        return len(self.data) if self.over_limit_size is None else self.over_limit_size


@dataclass(frozen=True)
class ParsedMail:
    sha256: str
    size: int
    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    from_addr: str
    from_name: str
    to_addrs: tuple[str, ...]
    subject: str
    sent_at: datetime | None
    headers: dict[str, str]  # lower-case name -> decoded value (the first of repeats)
    text: str  # the readable text, quoted history included
    html: str | None  # the HTML part as sent (sanitise before showing it)
    links: tuple[str, ...]  # hrefs of the HTML part
    attachments: tuple[MailPart, ...] = field(default=())

    @property
    def thread_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.in_reply_to, *self.references)))


def _ids(value: str) -> tuple[str, ...]:
    """Message-IDs in a header, without their angle brackets (``<a@b> <c@d>``)."""
    found = [p.strip("<>") for p in value.replace(",", " ").split() if "@" in p]
    return tuple(dict.fromkeys(f[:500] for f in found if f and "\x00" not in f))


def _raw_headers(msg: Message) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = name.strip().lower()
        if key not in out:
            out[key] = _no_nul(decode_header_value(str(value)))
    return out


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _part_text(part: Message, charset: str | None) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload, charset)


@dataclass(frozen=True)
class _PartHead:
    kind: str
    charset: str | None
    disposition: str
    file_name: str | None


def _head(part: Message) -> _PartHead:
    """A part's type, charset, disposition and file name, each header parsed once
    (policy.default builds a header object on every read, the importer's biggest cost)."""
    try:
        ctype: Any = part.get("content-type")
        cdisp: Any = part.get("content-disposition")
        kind = str(ctype.content_type) if ctype is not None else part.get_default_type()
        params = dict(ctype.params) if ctype is not None else {}
        dparams = dict(cdisp.params) if cdisp is not None else {}
        disposition = str(cdisp.content_disposition or "") if cdisp is not None else ""
    except Exception:  # a header the registry cannot take: the message's own answers
        kind, params, dparams = part.get_content_type(), {}, {}
        disposition = part.get_content_disposition() or ""
    name = dparams.get("filename") or params.get("name")
    return _PartHead(
        kind.lower(),
        params.get("charset"),
        disposition.lower(),
        decode_header_value(str(name)) if name else None,
    )


_FEED_CHUNK = 1 << 20
_BASE64_SPACE = (" ", "\t", "\r", "\n")


def _parse_bytes(raw: bytes) -> Message:
    """As ``BytesParser.parsebytes``, fed a megabyte at a time: the stdlib's parser turns
    the whole mail into one string and then an ``io.StringIO`` of 4 bytes a character (a
    40 MB mail cost 300 MB on top of its bytes)."""
    feed = BytesFeedParser(policy=policy.default)
    view = memoryview(raw)
    for start in range(0, len(raw), _FEED_CHUNK):
        feed.feed(bytes(view[start : start + _FEED_CHUNK]))
    return feed.close()


def _base64_size(part: Message) -> int | None:
    """The decoded size of a base64 part, counted on its text without decoding it (None
    for any other encoding)."""
    payload = _encoded_text(part)
    if not isinstance(payload, str) or _cte(part) != "base64":
        return None
    letters = len(payload) - sum(payload.count(c) for c in _BASE64_SPACE)
    padding = payload[-200:].rstrip().count("=")
    return max(0, letters * 3 // 4 - min(padding, 2))


def _encoded_text(part: Message) -> object:
    """A part's body as the parser left it. Read as the stdlib's own ``get_payload`` reads
    it: its public reading encodes the whole text once more to look for surrogates."""
    return vars(part).get("_payload")


def _cte(part: Message) -> str:
    return str(part.get("content-transfer-encoding", "")).strip().lower()


def _file_data(part: Message) -> bytes | None:
    """A file part's bytes. Base64 (nearly every attachment) is decoded straight from the
    part's text: the stdlib copies it three times first (bytes, lines, joined lines)."""
    payload = _encoded_text(part)
    if isinstance(payload, str) and _cte(part) == "base64" and payload.isascii():
        try:
            return binascii.a2b_base64(payload)
        except (binascii.Error, ValueError):
            pass  # damaged: the stdlib's reading, defects and all
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else None


def _walk(
    msg: Message, max_file_bytes: int | None = None
) -> tuple[str, str | None, list[MailPart]]:
    plain: list[str] = []
    html: list[str] = []
    files: list[MailPart] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        head = _head(part)
        kind, name = head.kind, head.file_name
        if head.disposition == "attachment" or (name and kind not in ("text/plain", "text/html")):
            size = _base64_size(part) if max_file_bytes is not None else None
            if max_file_bytes is not None and size is not None and size > max_file_bytes:
                # over the limit: never decoded, left out by the caller with its size
                files.append(MailPart(name or "attachment", kind, b"", size))
                continue
            data = _file_data(part)
            if data is not None:
                files.append(MailPart(name or "attachment", kind, data))
        elif kind == "text/plain":
            plain.append(_part_text(part, head.charset))
        elif kind == "text/html":
            html.append(_part_text(part, head.charset))
    return "\n\n".join(p for p in plain if p.strip()), ("\n".join(html) or None), files


def parse_mail(raw: bytes, *, max_file_bytes: int | None = None) -> ParsedMail:
    """What ``raw`` says; MalformedMail when it has no mail headers at all.
    ``max_file_bytes``: a base64 attachment over it is not decoded (its ``data`` is empty,
    its ``over_limit_size`` the size it would have), since it will be left out anyway."""
    if not raw[:4096].strip() and not raw.strip():  # a blank start only: strip copies
        raise MalformedMail("mail.empty")
    msg = _parse_bytes(raw)
    headers = _raw_headers(msg)
    if not _MAIL_HEADERS & headers.keys():
        raise MalformedMail("mail.no_headers")
    try:
        plain, html, files = _walk(msg, max_file_bytes)
    except Exception:  # a part the library cannot take apart: read the body as text
        plain, html, files = _fallback_text(msg), None, []
    links: list[str] = []
    text = plain
    if html is not None:
        html_text, links = html_to_text(html)
        text = plain or html_text
    # addresses are read from the header as written (a decoded name may hold a comma)
    written = {k.lower(): str(v) for k, v in reversed(list(msg.raw_items()))}
    from_name, from_addr = _sender(written.get("from", "") or written.get("sender", ""))
    text = _no_nul(text)
    return ParsedMail(
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        message_id=(_ids(headers.get("message-id", "")) or (None,))[0],
        in_reply_to=_ids(headers.get("in-reply-to", "")),
        references=_ids(headers.get("references", "")),
        from_addr=_no_nul(from_addr.strip().lower())[:320],
        from_name=_no_nul(from_name.strip())[:200],
        to_addrs=_recipients(written.get("to", "")),
        subject=_no_nul(" ".join(headers.get("subject", "").split()))[:500],
        sent_at=_date(headers.get("date", "")),
        headers=headers,
        text=text,
        html=_no_nul(html) if html is not None else None,
        links=tuple(links),
        attachments=tuple(files),
    )


_BRACKETED = re.compile(r"<\s*(?P<addr>[^<>@\s]+@[^<>@\s]+)\s*>\s*$")


def _sender(written: str) -> tuple[str, str]:
    """(name, address) of a From header as written. Read from the header as written, since a
    decoded name may hold a comma; but a mailer may encode the whole header, address and all
    (``=?utf-8?b?…?=``, as Python's ``email.message.Message`` does), and then it is read
    decoded: the address in its closing angle brackets, the name before them."""
    senders = getaddresses([written])
    name, addr = senders[0] if senders else ("", "")
    if "=?" in addr or "@" not in addr:
        decoded = decode_header_value(written)
        bracketed = _BRACKETED.search(decoded)
        if bracketed is not None:
            return decoded[: bracketed.start()].strip().strip('"').strip(), bracketed["addr"]
        found = [pair for pair in getaddresses([decoded]) if "@" in pair[1]]
        if found:
            return found[0]
    return decode_header_value(name), addr


def _recipients(written: str) -> tuple[str, ...]:
    """The addresses of a To header (lower case), decoded first when a mailer encoded it
    whole, as :func:`_sender` reads a From."""
    found = [a for _, a in getaddresses([written]) if a]
    if any("=?" in a for a in found):
        decoded = getaddresses([decode_header_value(written)])
        found = [a for _, a in decoded if "@" in a]
    return tuple(a.lower() for a in found)


def _no_nul(text: str) -> str:
    """NUL characters out (PostgreSQL stores no NUL in text; a mail may carry one)."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _fallback_text(msg: Message) -> str:
    payload = msg.get_payload(decode=True) if not msg.is_multipart() else None
    return decode_bytes(payload, None) if isinstance(payload, bytes) else ""


__all__ = ["EmailMessage", "MailPart", "MalformedMail", "ParsedMail", "parse_mail"]
