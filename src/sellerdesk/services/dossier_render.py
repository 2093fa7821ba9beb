"""Dossier layout: facts -> sections (title, headers, rows) -> Markdown or printable HTML.

All user text is escaped: HTML through :func:`html.escape` (the page has no script), and
Markdown through :func:`md_escape`, so a ``<script>``, ``<img src=…>`` or ``![x](http://…)``
in a subject, body, event or file name stays text in any viewer (no image is fetched, no
link made).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.core.i18n import t
from sellerdesk.services.dossier_model import DossierFacts


@dataclass
class Section:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""


def _time(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "—"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M:%S %z}"


def _utc(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def _both(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else f"{_time(moment, zone)} ({zone.key}) / {_utc(moment)}"


def _value(value: Any) -> str:
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _hours(seconds: Any) -> str:
    return "—" if seconds is None else f"{int(seconds) / 3600:.2f} h"


def sections(facts: DossierFacts, *, lang: str, zone: ZoneInfo) -> tuple[str, str, list[Section]]:
    """The title, the "generated at" line and the sections of the dossier."""
    case = facts.case

    def L(key: str) -> str:  # a label, read like a constant
        return t(f"dossier.{key}", lang)

    local, utc = L("time_zone").format(zone=zone.key), L("time_utc")
    title = L("title").format(id=case.id, subject=case.subject)
    generated = L("generated").format(at=_both(facts.generated_at, zone))
    out = []
    listed = Section(L("case"), [L("field"), L("value")])
    for name in (f.name for f in fields(case)):
        value = getattr(case, name)
        shown = _both(value, zone) if isinstance(value, datetime) else _value(value)
        listed.rows.append([L(f"f_{name}"), shown])
    out.append(listed)
    body = Section(L("body"), [L("field"), L("value")], empty=L("none"))
    body.rows = [[str(k), _value(v)] for k, v in facts.body.items()]
    out.append(body)
    ids = Section(L("case_ids"), [L("case_id"), local, utc], empty=L("none"))
    ids.rows = [
        [r.amazon_case_id, _time(r.added_at, zone), _utc(r.added_at)] for r in facts.amazon_case_ids
    ]
    out.append(ids)
    idents = Section(L("identifiers"), [L("kind"), L("value")], empty=L("none"))
    idents.rows = [[r.kind, r.value] for r in facts.identifiers]
    out.append(idents)
    timeline = Section(
        L("timeline"),
        ["#", local, utc, L("direction"), L("channel"), L("author"), L("body_text"), L("files")],
        empty=L("none"),
    )
    files = Section(
        L("attachments"),
        ["#", L("file"), L("media_type"), L("size"), "SHA-256"],
        empty=L("none"),
    )
    for n, e in enumerate(facts.events, start=1):
        body_text = e.body
        if e.direction == "status":
            change = f"{_value(e.data.get('from'))} → {_value(e.data.get('to'))}"
            body_text = f"{change}\n{body_text}".strip()
        timeline.rows.append(
            [
                str(n),
                _time(e.occurred_at, zone),
                _utc(e.occurred_at),
                t(f"dossier.dir_{e.direction}", lang),
                _value(e.channel),
                _value(e.author),
                body_text or "—",
                ", ".join(a.file_name for a in e.attachments) or "—",
            ]
        )
        for a in e.attachments:
            files.rows.append([str(n), a.file_name, a.media_type, f"{a.size:,}", a.sha256])
    out += [timeline, files]
    history = Section(L("history"), [local, utc, L("from"), L("to")], empty=L("none"))
    history.rows = [
        [_time(h.at, zone), _utc(h.at), _value(h.from_status), _value(h.to_status)]
        for h in facts.status_history
    ]
    out.append(history)
    clocks = Section(
        L("clocks"),
        [
            L("side"),
            L("running"),
            L("started"),
            L("due"),
            L("budget"),
            L("total"),
            L("turns"),
            L("overdue"),
        ],
        empty=L("none"),
    )
    for side, c in facts.clocks.items():
        clocks.rows.append(
            [
                L(f"side_{side}"),
                L("yes") if c.running else L("no"),
                _both(c.started_at, zone),
                _both(c.due_at, zone),
                _hours(c.budget_seconds),
                _hours(c.total_seconds),
                str(c.turns),
                _hours(c.overdue_seconds) if c.breached else "—",
            ]
        )
    out.append(clocks)
    return title, generated, out


# --- Markdown ---------------------------------------------------------------------------------


# Backslash-escaped wherever they stand: a link or image ([ ]), a code span (`), emphasis
# (*) or strike-through (~), a table cell's end (|) and the escape character itself.
_MD_ALWAYS = re.compile(r"([\\`*\[\]|~])")
# ``_`` opens emphasis only at a word's edge: ``SKU_12_A`` stays as typed
_MD_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# what GitHub-flavoured viewers turn into links by themselves: ``scheme://``, ``www.``,
# ``name@host``; one escaped character keeps each plain text
_MD_AUTOLINKS = re.compile(r"(?i):(?=//)|(?<=\bwww)\.|(?<=\w)@(?=\w)")


def md_escape(text: str) -> str:
    """User text for a Markdown line or table cell, inert in any CommonMark or GitHub
    viewer: no image, link, autolink, raw HTML or code can come from it, and no pipe or
    line break can end its cell. Only what needs it is escaped, so the file stays readable:
    ``![x](http://…)`` becomes ``!\\[x\\](http\\://…)``."""
    text = _MD_ALWAYS.sub(r"\\\1", text)
    text = _MD_EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _MD_AUTOLINKS.sub(lambda m: "\\" + m.group(0), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def render_markdown(facts: DossierFacts, *, lang: str, zone: ZoneInfo) -> str:
    title, generated, parts = sections(facts, lang=lang, zone=zone)
    lines = [f"# {md_escape(title)}", "", f"_{md_escape(generated)}_", ""]
    for s in parts:
        lines += [f"## {md_escape(s.title)}", ""]
        if not s.rows:
            lines += [md_escape(s.empty), ""]
            continue
        lines.append("| " + " | ".join(md_escape(h) for h in s.headers) + " |")
        lines.append("|" + "|".join("---" for _ in s.headers) + "|")
        lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in s.rows]
        lines.append("")
    return "\n".join(lines)


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
sans-serif;margin:2em;color:#111;font-size:13px;line-height:1.45}
h1{font-size:20px;margin:0 0 .2em}
h2{font-size:15px;margin:1.6em 0 .4em;border-bottom:1px solid #999}
.generated{color:#555;margin:0 0 1em}
table{border-collapse:collapse;width:100%;margin:.3em 0}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eee}td{white-space:pre-wrap;word-break:break-word}
td.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(facts: DossierFacts, *, lang: str, zone: ZoneInfo) -> str:
    title, generated, parts = sections(facts, lang=lang, zone=zone)
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="generated">{_h(generated)}</p>',
    ]
    for s in parts:
        page.append(f"<h2>{_h(s.title)}</h2>")
        if not s.rows:
            page.append(f"<p>{_h(s.empty)}</p>")
            continue
        page.append("<table><thead><tr>")
        page.append("".join(f"<th>{_h(h)}</th>" for h in s.headers))
        page.append("</tr></thead><tbody>")
        for row in s.rows:
            cells = "".join(
                f'<td class="mono">{_h(c)}</td>'
                if len(c) == 64 and c.isalnum()
                else f"<td>{_h(c)}</td>"
                for c in row
            )
            page.append(f"<tr>{cells}</tr>")
        page.append("</tbody></table>")
    page += ["</body>", "</html>", ""]
    return "\n".join(page)
