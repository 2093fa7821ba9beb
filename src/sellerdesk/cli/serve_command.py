"""``sellerdesk serve``: the team web app and REST API under uvicorn.

It says where it listens, and on a loopback address that the team's other machines cannot
reach it and which flag changes that. Behind a reverse proxy, ``--proxy-headers`` (on by
default; ``--forwarded-allow-ips`` names the proxies trusted) lets the app see the client's
address and HTTPS, and ``--root-path`` serves it under a path prefix (api/root_path.py). The
README's "Use on a LAN / behind a reverse proxy" says what ``--host 0.0.0.0`` exposes.
Nothing web is imported until the command runs (``sellerdesk hours`` must stay light).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from ipaddress import ip_address
from typing import Annotated, Any

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import open_operator_run
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t

ALL_ADDRESSES = ("0.0.0.0", "::", "")
ROOT_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)+")
TRUSTED_DEFAULT = "127.0.0.1"  # uvicorn's own default when FORWARDED_ALLOW_IPS is unset


def local_only(host: str) -> bool:
    """Whether only this machine can reach ``host`` (a loopback address or ``localhost``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to


def root_path_of(value: str) -> str:
    """``/desk/`` → ``/desk``; ``""`` or ``/`` → no prefix; anything else is refused."""
    root = value.strip().rstrip("/")
    if root and not ROOT_PATH.fullmatch(root):
        raise InvalidInput.of("serve.bad_root_path", field="--root-path", value=value)
    return root


def _browse_url(host: str, port: int, root: str) -> str:
    shown = "127.0.0.1" if host in ALL_ADDRESSES else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 address in a URL
    return f"http://{shown}:{port}{root}/"


def _listening_lines(
    host: str, port: int, root: str, proxy_headers: bool, trusted: str, lang: str
) -> list[str]:
    url = _browse_url(host, port, root)
    lines = [t("serve.listen.starting", lang, url=url)]
    if local_only(host):
        lines.append(t("serve.listen.local_only", lang, host=host))
    elif host in ALL_ADDRESSES:
        lines.append(t("serve.listen.all", lang, port=port, root=root))
    else:
        lines.append(t("serve.listen.address", lang, host=host, port=port))
    if root:
        lines.append(t("serve.listen.root_path", lang, root=root))
    if proxy_headers:
        lines.append(t("serve.listen.proxy", lang, ips=trusted))
    else:
        lines.append(t("serve.listen.no_proxy", lang))
    return lines


@handles_errors
def serve_cmd(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on (0.0.0.0: every network address)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Processes (one per core).")] = 1,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Do not deliver reminders in this process.")
    ] = False,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers/--no-proxy-headers",
            help="Trust X-Forwarded-For/-Proto from the addresses of --forwarded-allow-ips.",
        ),
    ] = True,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Proxies trusted, comma-separated (default: $FORWARDED_ALLOW_IPS, else "
            "127.0.0.1).",
        ),
    ] = None,
    root_path: Annotated[
        str,
        typer.Option("--root-path", help="Path prefix the reverse proxy serves it under."),
    ] = "",
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Start the team web app and REST API (migrates the store; creates the first admin)."""
    if not 1 <= port <= 65535:
        raise InvalidInput.of("serve.bad_port", field="--port", value=port)
    if not 1 <= workers <= 64:
        raise InvalidInput.of("serve.bad_workers", field="--workers", value=workers)
    root = root_path_of(root_path)
    trusted = forwarded_allow_ips or os.environ.get("FORWARDED_ALLOW_IPS") or TRUSTED_DEFAULT
    shown, runtime = open_operator_run(lang, reads_locale=True)
    # several processes are safe on SQLite too (WAL: readers in parallel, writers take turns
    # under BEGIN IMMEDIATE; reminder claims, idempotency keys, sessions and the login limit
    # live in the database); PostgreSQL is for several machines or heavy writing
    from sellerdesk.services import users

    password = users.ensure_first_admin(sessions=runtime.sessions, now=datetime.now(UTC))
    runtime.engine.dispose()  # the app's processes open their own
    if json_out:
        admin = {"name": users.FIRST_ADMIN, "password": password} if password else None
        emit_json(
            {
                "url": _browse_url(host, port, root),
                "host": host,
                "port": port,
                "local_only": local_only(host),
                "root_path": root,
                "proxy_headers": proxy_headers,
                "forwarded_allow_ips": trusted if proxy_headers else None,
                "admin": admin,
                "worker": not no_worker,
            }
        )
    else:
        if password:
            typer.echo(t("web.serve.first_admin", shown))
            login = {"name": users.FIRST_ADMIN, "password": password}
            typer.echo(t("cli_mend.serve.first_admin_login", shown, **login))
        typer.echo(t("web.serve.worker_off" if no_worker else "web.serve.worker_on", shown))
        for line in _listening_lines(host, port, root, proxy_headers, trusted, shown):
            typer.echo(line)
    from sellerdesk.settings import SERVE_WORKER_ENV

    os.environ[SERVE_WORKER_ENV] = "0" if no_worker else "1"
    import uvicorn

    extra: dict[str, Any] = {"root_path": root} if root else {}
    if forwarded_allow_ips:
        extra["forwarded_allow_ips"] = forwarded_allow_ips
    uvicorn.run(
        "sellerdesk.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        log_level="info",
        **extra,
    )
