"""Options every command shares, and the wrapper that turns errors into exit codes."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from sellerdesk.core.errors import SellerDeskError
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.core.input_guard import check_text
from sellerdesk.services import locale

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (machine-readable).")]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="Zone to show times in: a city (北京, Shanghai) or an IANA name (default: "
        "SELLERDESK_TZ, else the team's zone).",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="Pretend 'now' is this ISO-8601 instant (no offset: read in --tz)."),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="zh or en (default: config, else locale).")
]
DesksOpt = Annotated[
    Path | None, typer.Option("--desks", help="One more desks TOML file to apply (docs/desks.md).")
]
ChannelOpt = Annotated[
    str, typer.Option("--channel", "-c", help="phone, chat, case, self-service or emergency.")
]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(fn: F) -> F:
    """Print ``error: field: message`` and the fix; exit 2 (invalid input) or 3 (conflict)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_arguments(kwargs)
            return fn(*args, **kwargs)
        except SellerDeskError as exc:
            lang = error_lang(kwargs.get("lang"))
            if kwargs.get("json_out"):
                import json

                sys.stderr.write(json.dumps({"error": exc.as_dict()}, ensure_ascii=False) + "\n")
            else:
                where = f"{exc.field}: " if exc.field else ""
                message, fix = exc.words(lang)
                sys.stderr.write(f"{t('common.error', lang)}: {where}{message}\n")
                if fix:
                    sys.stderr.write(f"{t('common.fix', lang)}: {fix}\n")
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _check_arguments(kwargs: dict[str, Any]) -> None:
    """Every text argument is valid Unicode: an undecodable byte in argv arrives as a lone
    surrogate, which no database or terminal can take (core/input_guard.py)."""
    for name, value in kwargs.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                check_text(item, f"--{name.replace('_', '-')}")


def error_lang(flag: str | None) -> str:
    """The language a failed command speaks, as a working one would: the flag, else the
    configured language, else the locale."""
    from sellerdesk.settings import load_settings

    configured = None
    # a broken config file must not hide the error being reported
    with contextlib.suppress(SellerDeskError, OSError, ValueError):
        configured = load_settings().lang
    return locale.language(flag, configured, locale.env_locale())


def check_lang(value: str | None) -> None:
    from sellerdesk.core.errors import InvalidInput

    if value is not None and normalise_lang(value) is None:
        raise InvalidInput.of("config.bad_lang", field="--lang", value=value)
