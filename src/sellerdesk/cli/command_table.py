"""The top-level commands, as a cheap static table, and ``sellerdesk --help`` drawn from it.

``sellerdesk COMMAND …`` builds only the module that registers COMMAND (``cli/main.py``), so
the top-level help cannot ask Typer for the whole tree without undoing that: it is drawn here,
in the same layout Typer's rich help uses, without importing Typer or Rich.
``tests/cli/test_light_paths.py`` keeps this table in step with the real commands (names,
owning modules, one-line help, order) and the drawing byte for byte equal to Typer's.
"""

from __future__ import annotations

import os
import unicodedata

APP_HELP = (
    "Seller Desk — Amazon Seller Support hours, cases and readiness for seller teams. "
    "卖家支持（运营助手）时间、案例与账号准备度助手。"
)

# (command, module in sellerdesk.cli that registers it, its one-line help), in help order
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "hours",
        "hours_commands",
        "Which desk and channel is open now, and when it next closes or opens.",
    ),
    (
        "windows",
        "hours_commands",
        "Open windows that intersect [FROM 00:00, FROM+DAYS 00:00) in --tz, listed whole.",
    ),
    ("next", "hours_commands", "The next opening and closing of one desk channel."),
    (
        "due",
        "hours_commands",
        "When H business hours of a desk channel have passed since --from (an SLA due time).",
    ),
    ("elapsed", "hours_commands", "Business time of a desk channel between two instants."),
    (
        "plan",
        "planner_commands",
        "This week's overlap of our team's hours with each desk's people, and when to file.",
    ),
    (
        "ical",
        "planner_commands",
        "An RFC 5545 calendar of desk windows (times in UTC, so DST is right anywhere).",
    ),
    (
        "desks",
        "desks_commands",
        "Every desk and channel with its weekly hours and where each rule comes from.",
    ),
    (
        "search",
        "search_commands",
        "Find cases by Case ID, order ID, ASIN, shipment ID, SKU or text.",
    ),
    (
        "reindex",
        "search_commands",
        "Recompute the search tokens and rebuild the index (SQLite FTS5 / PostgreSQL GIN).",
    ),
    (
        "dossier",
        "dossier_commands",
        "One self-contained file: the case, its Case IDs, timeline, attachments and clocks.",
    ),
    (
        "backup",
        "admin_commands",
        "Write the whole store (database and attachments) to one file, while the app runs.",
    ),
    (
        "restore",
        "admin_commands",
        "Load a backup; refuses a store that is not empty unless --force.",
    ),
    (
        "copy-db",
        "admin_commands",
        "Copy every row to an empty database (SQLite -> PostgreSQL), ids kept.",
    ),
    (
        "migrate",
        "admin_commands",
        "Apply pending schema migrations; print the current and head revisions.",
    ),
    (
        "verify",
        "admin_commands",
        "Check the database, the search index and every attachment file (or a backup archive).",
    ),
    (
        "worker",
        "worker_commands",
        "Deliver due reminders as notes on their cases, inside the team's hours.",
    ),
    (
        "remind",
        "worker_commands",
        "List pending reminders; with --due, the ones whose time has come.",
    ),
    (
        "doctor-contact",
        "doctor_commands",
        "Why contact with Seller Support fails: account, reply, channel, topic. 联系失败排查。",
    ),
    (
        "serve",
        "team_commands",
        "Start the team web app and REST API (migrates the store; creates the first admin).",
    ),
    (
        "ask",
        "ask_commands",
        "Answer a question from the knowledge base, or say there is no good answer.",
    ),
    ("config", "config_commands", "Read and change settings (config.toml in the data folder)."),
    ("store", "store_commands", "Seller accounts (stores) the team operates. 店铺。"),
    ("case", "case_commands", "Cases raised with Seller Support. 案例。"),
    ("user", "team_commands", "People who use the web app and API, and their stores. 用户。"),
    ("token", "team_commands", "REST API tokens (Bearer). API 令牌。"),
    (
        "health",
        "health_commands",
        "Account readiness: Account Health metrics, plan, verification, documents. 账号准备度。",
    ),
    ("calendar", "calendar_commands", "Official holiday years added as data. 节假日安排。"),
    ("mail", "mail_commands", "Mail read in: import, the Unfiled inbox. 邮件。"),
    ("alerts", "alerts_commands", "Alerts to the team's chat groups and mailboxes. 提醒。"),
)

# every command module, in the order the full app registers them (the order of the help)
MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for _, module, _ in COMMANDS))

OWNER: dict[str, str] = {name: module for name, module, _ in COMMANDS}


def help_width() -> int:
    """The width Typer's rich help would use: ``TERMINAL_WIDTH``, else ``COLUMNS``, else the
    terminal's (stdin, stdout, stderr), else 80 — as Rich's console decides it."""
    fixed = os.environ.get("TERMINAL_WIDTH", "")
    if fixed.isdigit() and int(fixed) > 0:
        return int(fixed)
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") and os.isatty(1):
        return 80  # Rich's "dumb terminal"
    width = 0
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by terminal cells; a word wider than the line is folded."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _cells(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:
            if _cells(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
    lines.append(line)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _cells(text))


def _panel(title: str, rows: list[tuple[str, str]], width: int, name_width: int) -> list[str]:
    inner = width - 2
    help_width = max(1, inner - name_width - 4)
    out = ["╭─ " + title + " " + "─" * max(0, inner - len(title) - 3) + "╮"]
    for name, text in rows:
        for i, piece in enumerate(_wrap(text, help_width)):
            first = _pad(name if i == 0 else "", name_width)
            out.append("│ " + first + "  " + _pad(piece, help_width) + " │")
    out.append("╰" + "─" * inner + "╯")
    return out


def render_help(width: int | None = None) -> str:
    """``sellerdesk --help`` as Typer draws it when its output is not a terminal."""
    width = width or help_width()
    name_width = max(len(name) for name, _, _ in COMMANDS)
    usage = _pad(" Usage: sellerdesk [OPTIONS] COMMAND [ARGS]...", width)
    lines = [" " * width, usage, " " * width]
    lines += [_pad(" " + piece, width) for piece in _wrap(APP_HELP, width - 2)]
    lines.append(" " * width)
    lines += _panel("Options", [("--help", "Show this message and exit.")], width, name_width)
    lines += _panel("Commands", [(name, text) for name, _, text in COMMANDS], width, name_width)
    return "\n".join(lines) + "\n"
