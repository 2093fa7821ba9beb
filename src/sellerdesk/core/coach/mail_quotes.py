"""E-mail pasted into a draft: who said it and when, kept with what they said.

Sellers paste Amazon's mail into a draft as a reply quote (an attribution line such as
``On Tue, Nov 24, 2026 at 10:02 AM Amazon <…> wrote:`` / ``在 2026年11月26日 10:02，Amazon
写道：`` then lines starting ``>``) or as a forward (Outlook's ``-----Original Message-----``,
Foxmail's ``------------------ 原始邮件 ------------------`` or a bare ``From:``/``Sent:``
header, then the body). :func:`split_mail` turns each such mail into one :class:`QuotedMail`
(sender, ISO date, body lines) so the reader keeps it as one attributed block instead of
shredding it into prose, bullets and a false ``Subject:``. A quote without an attribution is
left as lines (its ``>`` marks are the reader's to drop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_QUOTED = re.compile(r"^\s*>\s?")
# the words that end an attribution line, in the languages sellers' mail clients use
_WROTE = re.compile(
    r"(?:\bwrote|写道|寫道|\bschrieb|\bescribió|\ba écrit|のメッセージ)\s*[:：]?\s*$", re.IGNORECASE
)
_SCHRIEB = re.compile(r"^\s*Am\s.+\bschrieb\s.+[:：]\s*$")  # "Am 26.11.2026 um 10:02 schrieb X:"
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(?:original message|forwarded message|原始邮件|原始郵件|转发的邮件|转发邮件|"
    r"ursprüngliche nachricht|mensaje original|message d'origine|元のメッセージ)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*+\*{0,2}([^:：*]{1,20}?)\*{0,2}\s*[:：]\s*(.*)$")
_SENT = re.compile(r"^\s*(?:sent|发送时间|gesendet|enviado|envoyé|送信日時)\s*[:：]", re.I | re.M)
_FROM_KEYS = {"from", "发件人", "寄件者", "von", "de", "差出人"}
_DATE_KEYS = {"sent", "date", "发送时间", "时间", "日期", "gesendet", "datum", "enviado", "fecha"}
_DATE_KEYS |= {"送信日時", "envoyé"}
_OTHER_KEYS = {"to", "cc", "subject", "收件人", "抄送", "主题", "an", "betreff", "para", "asunto"}
_OTHER_KEYS |= {"收件者", "主旨", "宛先", "件名", "importance", "objet", "à"}
_MONTHS = {
    "jan": 1, "ene": 1, "jän": 1, "feb": 2, "mar": 3, "mär": 3, "apr": 4, "abr": 4,
    "may": 5, "mai": 5, "jun": 6, "jul": 7, "aug": 8, "ago": 8, "sep": 9, "oct": 10,
    "okt": 10, "nov": 11, "dec": 12, "dez": 12, "dic": 12,
}  # fmt: skip
_MONTH = r"([A-Za-zÄäÖöÜüé]{3})[a-zäöüé]*\.?"
_DATE_FORMS = (
    (re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\.\s*(\d{1,2})\.\s*(20\d{2})"), "dmy"),  # 26.11.2026
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(20\d{{2}})"), "Mdy"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?(20\d{{2}})"), "dMy"),
)
_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?(?![A-Za-z]))?")
_FILLER = re.compile(
    r"(?:\b(?:on|at|am|um|el|le|a las|à|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mo|di|mi|do|fr|sa|so|lun|mar|mié|jue|vie|sáb|dom)\b\.?"
    r"|在|于|周[一二三四五六日天]|星期[一二三四五六日天]|上午|下午|[(（][^()（）]{0,4}[)）])",
    re.IGNORECASE,
)
# bounded as addresses are (64-character local part, 63-character labels), so a long line
# without an address is read in linear time
_ADDRESS = re.compile(
    r"[<(（]?\s{0,3}(?:mailto:)?([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})\s{0,3}[>)）]?"
)
# greetings and sign-offs mail clients and Amazon put around a message (English and Chinese
# ones are the reader's own); a sign-off is short: "Thank you for contacting us." is text
GREETING = re.compile(
    r"^(?:hello|hi|dear|hey|good (?:morning|afternoon|evening)|greetings|guten tag|hallo|"
    r"sehr geehrte|hola|estimad[oa]|buenos días|bonjour|您好|你好|尊敬的|亲爱的|お世話に|"
    r"いつも)\b.{0,60}[,，!！。]?$",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^(?:regards|best regards|kind regards|best|thanks|thank you|many thanks|sincerely|cheers|"
    r"warm regards|mit freundlichen grüßen|viele grüße|freundliche grüße|saludos|atentamente|"
    r"cordialement|谢谢|感谢|此致|祝好|顺祝商祺|よろしくお願い|以上)\b[^.。!?！？]{0,20}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")


@dataclass
class QuotedMail:
    sender: str
    date: str  # YYYY-MM-DD, or "" when the attribution gives none
    lines: list[str] = field(default_factory=list)  # the body, quote marks taken off


def iso_date(text: str) -> str:
    """The first date in ``text`` as YYYY-MM-DD ("Tue, Nov 24, 2026", "2026年11月26日",
    "26.11.2026", "26 nov 2026"), or ""."""
    found: list[tuple[int, str]] = []
    for pattern, order in _DATE_FORMS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts.get("m") or str(_MONTHS.get(parts["M"][:3].casefold(), 0))
            day, year = int(parts["d"]), int(parts["y"])
            if 1 <= int(month) <= 12 and 1 <= day <= 31:
                found.append((m.start(), f"{year:04d}-{int(month):02d}-{day:02d}"))
                break
    return min(found)[1] if found else ""


def _sender(text: str) -> str:
    """The name in ``Amazon Seller Support <seller-support@amazon.com>``, else the address."""
    address = _ADDRESS.search(text)
    name = text[: address.start()] if address else text
    for pattern, _ in _DATE_FORMS:
        name = pattern.sub(" ", name)
    name = _FILLER.sub(" ", _TIME.sub(" ", name))
    name = name.strip(" \t,，;；:：\"'“”‘’-(（<")
    name = " ".join(name.split())
    return name or (address.group(1) if address else "")


def _attribution(line: str) -> tuple[str, str] | None:
    """(sender, date) when ``line`` says who wrote the quote below it."""
    text = line.strip()
    if len(text) > 200 or not (_WROTE.search(text) or _SCHRIEB.match(text)):
        return None
    date = iso_date(text)
    body = _WROTE.sub("", text)
    body = re.sub(r"\bschrieb\b", " ", body)
    sender = _sender(body)
    return (sender, date) if sender and (date or _ADDRESS.search(text)) else None


def _header_at(lines: list[str], at: int) -> tuple[int, str, str] | None:
    """(lines the header takes, sender, date) for a forward's header starting at ``at``."""
    start = at + 1 if _SEPARATOR.match(lines[at]) else at
    sender, date, end = "", "", start
    while end < len(lines):
        m = _HEADER.match(lines[end])
        key = m.group(1).strip().casefold() if m else ""
        if not m or key not in _FROM_KEYS | _DATE_KEYS | _OTHER_KEYS:
            break
        if key in _FROM_KEYS:
            sender = _sender(m.group(2))
        elif key in _DATE_KEYS:
            date = iso_date(m.group(2))
        end += 1
    separated = start > at
    first = _HEADER.match(lines[start]) if start < len(lines) else None
    if not separated and not (first and first.group(1).strip().casefold() in _FROM_KEYS):
        return None  # a bare header starts with From:, never with a draft's own Subject:
    if not separated and not (
        _ADDRESS.search(lines[start]) or _SENT.search("\n".join(lines[start:end]))
    ):
        return None  # "From: Ningbo port / Date: …" in a shipment draft is no mail header
    if sender and (date or separated) and end - start >= 2:
        return end - at, sender, date
    if separated:  # a separator with no header we know: the body follows it
        return 1, "", ""
    return None


def split_mail(lines: list[str]) -> list[str | QuotedMail]:
    """``lines`` with each attributed quote or forwarded mail taken out as a QuotedMail
    (nested ones follow their parent, in order); every other line as it was."""
    out: list[str | QuotedMail] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        said = _attribution(line) if not _QUOTED.match(line) else None
        quoted_from = _next_quoted(lines, at + 1) if said else None
        if said and quoted_from is not None:
            end = quoted_from
            while end < len(lines) and (_QUOTED.match(lines[end]) or not lines[end].strip()):
                end += 1
            while end > quoted_from and not lines[end - 1].strip():
                end -= 1
            inner = [_QUOTED.sub("", x, count=1) for x in lines[quoted_from:end]]
            out += _mail(*said, split_mail(inner))
            at = end
            continue
        header = _header_at(lines, at) if not _QUOTED.match(line) else None
        if header:
            taken, sender, date = header
            end = at + taken
            while end < len(lines) and not _SEPARATOR.match(lines[end]):
                end += 1
            out += _mail(sender or "", date, split_mail(lines[at + taken : end]))
            at = end
            continue
        if _QUOTED.match(line) and any(_QUOTED.match(x) for x in lines[at + 1 : at + 2]):
            # an unattributed quote: its lines stay, but a mail quoted inside it is found
            end = at
            while end < len(lines) and _QUOTED.match(lines[end]):
                end += 1
            inner = [_QUOTED.sub("", x, count=1) for x in lines[at:end]]
            found = _attributed_inside(inner) or split_mail(inner)
            mailed = any(isinstance(x, QuotedMail) for x in found)
            out += found if mailed else lines[at:end]
            at = end
            continue
        out.append(line)
        at += 1
    return out


def _attributed_inside(inner: list[str]) -> list[str | QuotedMail] | None:
    """A quote whose own lines hold the attribution ("> 在 2026年12月1日，Amazon <…> 写道："
    then "> 您好，…"): what follows the attribution, to the quote's end, is that mail."""
    for at, line in enumerate(inner):
        said = _attribution(line)
        if said and _next_quoted(inner, at + 1) is None and any(x.strip() for x in inner[at:]):
            return [*inner[:at], *_mail(*said, split_mail(inner[at + 1 :]))]
    return None


def _next_quoted(lines: list[str], at: int) -> int | None:
    while at < len(lines) and not lines[at].strip():
        at += 1
    return at if at < len(lines) and _QUOTED.match(lines[at]) else None


def _mail(sender: str, date: str, body: list[str | QuotedMail]) -> list[str | QuotedMail]:
    own = QuotedMail(sender, date, [x for x in body if isinstance(x, str)])
    if not sender:  # a forward without a header we could read: its lines stay lines
        return [*own.lines, *(x for x in body if isinstance(x, QuotedMail))]
    return [own, *(x for x in body if isinstance(x, QuotedMail))]


def joined(lines: list[str]) -> str:
    """Lines of one paragraph joined: a space between words, none between Chinese sentences."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        cjk_seam = out and _wide(out[-1]) and _wide(line[0])
        out = f"{out}{'' if cjk_seam or not out else ' '}{line}"
    return out


def _wide(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def first_sentence(text: str, most: int = 200) -> str:
    """The gist of a quote for the timeline: its first sentence past a thank-you (cut at
    ``most`` characters)."""
    sentences = [x.strip() for x in _SENTENCE_END.split(text) if x.strip()]
    while len(sentences) > 1 and re.match(r"(?i)thank you|thanks|感谢|谢谢", sentences[0]):
        sentences.pop(0)
    sentence = sentences[0] if sentences else ""
    return sentence if len(sentence) <= most else sentence[: most - 1].rstrip() + "…"
