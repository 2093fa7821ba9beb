"""A mail's text: HTML turned into text for matching, HTML made safe for display (nh3, a
maintained sanitiser), and the quoted history trimmed from the text shown on a case."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import nh3

_SKIPPED = {"script", "style", "head", "title", "noscript", "template"}
_BLOCKS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "blockquote", "hr", "section", "article", "footer", "header", "ul", "ol",
}  # fmt: skip


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The readable text of ``html`` (no script, style or head) and the links it holds."""
    parser = _TextOf()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser is lenient; a failure keeps what was read
        pass
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out, [unescape(h) for h in parser.hrefs]


# no images: a remote image in a mail is a tracking pixel more often than content
_SAFE_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}


def sanitise_html(html: str) -> str:
    """HTML safe to show inside a page: no script, style, event handlers or images; links
    kept and opened without a referrer."""
    return nh3.clean(html, tags=_SAFE_TAGS, link_rel="noopener noreferrer nofollow")


# a line that starts the quoted history of a reply (Gmail, Outlook, Apple Mail, Foxmail,
# QQ Mail, 163, and their Chinese, Japanese and German wordings)
_HISTORY = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:Original\s+Message|原始邮件|原始郵件|Replied\s+Message|回复的原邮件)\s*-{2,}
      | _{10,}
      | On\s.{4,200}\swrote:\s*$
      | Am\s.{4,200}\sschrieb.{0,40}:\s*$
      | Le\s.{4,200}\sa\sécrit\s*:\s*$
      | 在\s?.{4,200}(?:写道|寫道)\s*[:：]\s*$
      | .{4,200}に.{0,20}書きました\s*[:：]\s*$
      | (?:From|发件人|寄件者|差出人|Von)\s*[:：].{1,300}$
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_FORWARD = re.compile(r"^\s*(?:fwd?|转发|轉寄|転送|wg)\s*[:：]", re.IGNORECASE)


def trim_quoted(text: str, *, subject: str = "") -> str:
    """The new part of a reply: lines quoted with ``>`` dropped and everything from the first
    history marker on cut (the raw message keeps it all). A forward keeps what it forwards,
    which is the point of it, without its banner and header block (``From:``, ``Sent:``,
    ``主题:``…): the forwarded words come first, after the forwarder's own note if any, so
    the case and the alert show Amazon's words rather than "Forwarded message / From: …"."""
    lines = [line.rstrip() for line in text.splitlines() if not line.lstrip().startswith(">")]
    if _is_forward("\n".join(lines), subject):
        kept = _without_forward_header(lines)
    else:
        kept = []
        for line in lines:
            if kept and _HISTORY.match(line):
                break
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# a forward's own marker in its body, when the subject lost its "Fwd:" (Gmail, Apple Mail,
# Thunderbird, and their Chinese, Japanese and German wordings)
_FORWARD_MARK = re.compile(
    r"^[\s>]*-*\s*(?:Forwarded\s+message|Begin\s+forwarded\s+message|"
    r"转发的邮件|轉寄的郵件|転送されたメッセージ|Weitergeleitete\s+Nachricht)",
    re.IGNORECASE | re.MULTILINE,
)
# the forwarded part's sender line: Outlook "From: Name [mailto:a@b]", Foxmail and QQ
# '发件人: "Amazon"<a@b>;', Gmail "From: Name <a@b>" (HTML forwards read as text alike)
_QUOTED_FROM = re.compile(
    r"^[\s>*]*(?:From|发件人|寄件者|寄件人|差出人|Von|De)\s*\**\s*[:：](?P<rest>.{1,300})$",
    re.IGNORECASE | re.MULTILINE,
)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# a line that starts or frames the forwarded part: the forward markers above, Outlook's and
# Foxmail's "---- Original Message / 原始邮件 ----" and Outlook's line of underscores
_BANNER = re.compile(
    r"^[\s>]*(?:-*\s*(?:Forwarded\s+message|Begin\s+forwarded\s+message|转发的邮件|轉寄的郵件|"
    r"転送されたメッセージ|Weitergeleitete\s+Nachricht)"
    r"|-{2,}\s*(?:Original\s+Message|原始邮件|原始郵件)\s*-{2,}|_{10,}\s*$)",
    re.IGNORECASE,
)
# the header lines of a forwarded part after its sender line (Outlook, Gmail, Apple Mail,
# Foxmail and QQ Mail, and their Chinese, Japanese, German and French wordings)
_FORWARDED_FIELD = re.compile(
    r"^[\s*]*(?:From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Importance|发件人|发送时间|时间|日期|"
    r"收件人|抄送|主题|寄件者|寄件人|寄件日期|收件者|副本|主旨|差出人|送信日時|日付|宛先|件名|"
    r"Von|Gesendet|Datum|An|Betreff|De|Envoyé|Date\s+d'envoi|À|Objet)\s*\**\s*[:：]",
    re.IGNORECASE,
)


def _is_forward(text: str, subject: str) -> bool:
    """A forward by its subject (``Fwd:``, ``转发：``…) or, when the subject lost that, by a
    forward marker in its body that comes before any reply history (a reply quoting an old
    forward is still a reply)."""
    if _FORWARD.match(subject):
        return True
    mark = _FORWARD_MARK.search(text)
    if mark is None:
        return False
    before = text[: mark.start()].splitlines()
    return not any(_HISTORY.match(line) for line in before[1:])


def _without_forward_header(lines: list[str]) -> list[str]:
    """A forward's lines with the forwarded part's banner and header block left out: the
    forwarder's note (if any), then the forwarded words. Unchanged when no sender line
    (``From:``, ``发件人:``…) says where the forwarded part starts."""
    start = next((i for i, line in enumerate(lines) if _QUOTED_FROM.match(line)), None)
    if start is None:
        return lines
    note = lines[:start]
    while note and (not note[-1].strip() or _BANNER.match(note[-1])):
        note.pop()
    end = start + 1
    while end < len(lines) and _FORWARDED_FIELD.match(lines[end]):
        end += 1
    words = lines[end:]
    return [*note, "", *words] if note else words


def forwarded_sender(text: str, *, subject: str = "") -> str | None:
    """The address the forwarded part of a forward came from (lower case), or None when the
    mail is not a forward or names no sender: a teammate forwarding Amazon's reply to the
    team's mailbox passes on Amazon's words, which are filed as Amazon's."""
    if not _is_forward(text, subject):
        return None
    line = _QUOTED_FROM.search(text)
    found = _ADDRESS.search(line.group("rest")) if line else None
    return found.group(0).lower() if found else None
