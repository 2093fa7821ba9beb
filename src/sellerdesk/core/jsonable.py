"""A read model (frozen dataclass) as the JSON the CLI prints and the API answers.

Times become ISO-8601 text as ``datetime.isoformat`` writes them (``+00:00``, seconds, and
microseconds only when there are some), tuples become lists, nested views become objects in
field order. An optional extra (a field whose default is ``None``) is left out while it is
``None``: an :class:`~sellerdesk.services.cases.models.Outcome` of a status move prints only
``id``, ``status`` and ``version``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any


def jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if item is None and f.default is None:
                continue
            out[f.name] = jsonable(item)
        return out
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
