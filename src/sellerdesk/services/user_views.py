"""What the user, token and account services hand back: frozen read models with real
datetimes (``None`` where a moment has not happened yet).

The adapters render them: the CLI as text or ``--json`` through ``core/jsonable`` (the same
JSON the dicts these replace printed), the Admin page from their attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Self

from sellerdesk.storage.records import ApiTokenRow, UserRow


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    name: str
    role: str
    active: bool
    must_change_password: bool
    stores: tuple[str, ...]  # the stores granted (an admin reads every store: none listed)
    created_at: datetime
    password_expires_at: datetime | None = None  # a one-time password handed out, until then
    language: str | None = None  # the user's own settings (None: the page's, the team's)
    time_zone: str | None = None

    @classmethod
    def of(cls, row: UserRow, stores: tuple[str, ...] = ()) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            role=row.role,
            active=row.active,
            must_change_password=row.must_change_password,
            stores=stores,
            created_at=row.created_at,
            password_expires_at=row.password_expires_at,
            language=row.language,
            time_zone=row.time_zone,
        )


@dataclass(frozen=True, slots=True)
class ActivityChange(UserView):
    """The user after ``enable``/``disable``: did it change, how many tokens were revoked."""

    tokens_revoked: int = 0
    changed: bool = False


@dataclass(frozen=True, slots=True)
class OneTimePassword:
    """A password an admin hands out (a reset, a new user): shown once, it works until
    ``expires_at`` and must be changed at the first sign-in."""

    name: str
    password: str
    expires_at: datetime
    must_change_password: bool = True


@dataclass(frozen=True, slots=True)
class Removal:
    """A user removed: their open cases now belong to ``reassigned_to`` (None: nobody)."""

    name: str
    reassigned_to: str | None
    case_ids: tuple[int, ...]  # the open cases that were theirs
    tokens_removed: int


@dataclass(frozen=True, slots=True)
class Person:
    """One user as the admin's People page shows them: the user and their open cases."""

    user: UserView
    open_case_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class GrantView:
    """One user's access to one store after a grant or a revoke."""

    user: str
    store: str
    granted: bool


@dataclass(frozen=True, slots=True)
class TokenView:
    """An API token as listed: never its secret."""

    id: int
    user: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiTokenRow, user: str) -> Self:
        return cls(
            id=row.id,
            user=user,
            name=row.name,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
        )


@dataclass(frozen=True, slots=True)
class NewToken(TokenView):
    """A token just created: ``token`` is the only copy of its secret (shown once)."""

    token: str = ""
