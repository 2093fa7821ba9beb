"""How a command answers, alike everywhere: with ``--json`` the read model as JSON, else its
words for a person; a list with nothing in it says so in words (and is ``[]`` in JSON)."""

from __future__ import annotations

from collections.abc import Callable, Sized
from typing import Any

import typer

from sellerdesk.cli.render import emit_json
from sellerdesk.core.jsonable import jsonable


def answer(value: Any, *, json_out: bool, line: str) -> None:
    """``value`` as JSON, or ``line`` for a person."""
    if json_out:
        emit_json(jsonable(value))
    else:
        typer.echo(line)


def answer_list(values: Sized, *, json_out: bool, none: str, show: Callable[[], None]) -> None:
    """``values`` as JSON; else ``none`` when there are none, or ``show()`` them."""
    if json_out:
        emit_json(jsonable(values))
    elif not len(values):
        typer.echo(none)
    else:
        show()
