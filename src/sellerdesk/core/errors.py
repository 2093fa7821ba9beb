"""Errors that carry what a person needs to fix the input.

Adapters map them to exit codes (2 invalid input, 3 conflict) and HTTP statuses.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from sellerdesk.core.i18n import catalog, t

E = TypeVar("E", bound="SellerDeskError")


class SellerDeskError(Exception):
    """Base of every error Seller Desk raises on purpose.

    An error made with :meth:`of` takes its words from the message catalogs
    (``error.<key>.message`` and ``.fix``): ``message`` and ``fix`` hold the English (logs,
    the API's JSON), :meth:`words` gives them in the reader's language. Errors still written
    inline in English show as they are in every language.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        fix: str | None = None,
        key: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.fix = fix
        self.key = key
        self.params = params or {}

    @classmethod
    def of(cls, key: str, *, field: str | None = None, **params: Any) -> Self:
        message, fix = _catalog_words(key, "en", params)
        return cls(message, field=field, fix=fix, key=key, params=params)

    def recast(self, kind: type[E], *, field: str | None) -> E:
        """The same words (and catalog key) as another kind of error, about another field."""
        return kind(self.message, field=field, fix=self.fix, key=self.key, params=self.params)

    def words(self, lang: str, *, page: bool = False) -> tuple[str, str | None]:
        """``(message, fix)`` in ``lang`` (English for an error with no catalog key).

        ``page``: for a person at a web form, where the catalog has words for one
        (``error.<key>.page_message`` / ``page_fix``: no "this endpoint", no advice only an
        administrator can follow); the API and the CLI keep the plain words."""
        if self.key is not None and page:
            message, fix = _catalog_words(self.key, lang, self.params)
            for name in ("page_message", "page_fix"):
                ref = f"error.{self.key}.{name}"
                if ref in catalog(lang) or ref in catalog("en"):
                    text = t(ref, lang).format(**self.params)
                    message, fix = (text, fix) if name == "page_message" else (message, text)
            return message, fix
        if self.key is None or lang == "en":
            return self.message, self.fix
        return _catalog_words(self.key, lang, self.params)

    def __str__(self) -> str:
        parts = []
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        if self.fix:
            parts.append(f" Fix: {self.fix}")
        return "".join(parts)

    def as_dict(self) -> dict[str, str | None]:
        """For scripts: English words, and ``key`` naming the error where it has one."""
        return {
            "code": self.code,
            "key": self.key,
            "message": self.message,
            "field": self.field,
            "fix": self.fix,
        }

    @property
    def code(self) -> str:
        return "error"


class InvalidInput(SellerDeskError):
    """The caller gave something we cannot use; nothing was changed."""

    exit_code = 2

    @property
    def code(self) -> str:
        return "invalid-input"


class Conflict(SellerDeskError):
    """The request clashes with what is stored (a duplicate, a stale version)."""

    exit_code = 3

    @property
    def code(self) -> str:
        return "conflict"


class NotFound(InvalidInput):
    """A named thing (desk, channel, store, case) does not exist."""

    @property
    def code(self) -> str:
        return "not-found"


class Unauthenticated(SellerDeskError):
    """No valid credentials (a missing, wrong, expired or revoked token or session)."""

    exit_code = 2

    @property
    def code(self) -> str:
        return "unauthenticated"


class Forbidden(SellerDeskError):
    """Signed in, but the role or the store grants do not allow this."""

    exit_code = 2

    @property
    def code(self) -> str:
        return "forbidden"


class TooManyAttempts(SellerDeskError):
    """Sign-in refused for a while after repeated failures."""

    exit_code = 2

    def __init__(
        self, message: str, *, retry_after: int, field: str | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message, field=field, fix=fix)
        self.retry_after = retry_after

    @property
    def code(self) -> str:
        return "too-many-attempts"


class Coded(str):
    """A parameter that is a code (or codes joined by ", ") of a label table, such as the
    statuses ``draft, closed`` of ``app.status``: scripts and logs keep the codes (it is a
    plain ``str``), a sentence in any language shows their words (草稿、已关闭 / Draft, Closed)."""

    table: str

    def __new__(cls, codes: str, table: str) -> Coded:
        made = super().__new__(cls, codes)
        made.table = table
        return made

    def words(self, lang: str) -> str:
        joiner = "、" if lang == "zh" else ", "
        return joiner.join(t(f"{self.table}.{code}", lang) for code in self.split(", "))


def _catalog_words(key: str, lang: str, params: dict[str, Any]) -> tuple[str, str | None]:
    params = {k: v.words(lang) if isinstance(v, Coded) else v for k, v in params.items()}
    # formatted even without params, so that a text's {{ and }} always read as { and }
    message = t(f"error.{key}.message", lang).format(**params)
    # an error without a fix of its own takes its family's (error.report.fix for
    # error.report.not_json): many problems of one file share one way out
    family = key.rsplit(".", 1)[0]
    for fix in (f"error.{key}.fix", f"error.{family}.fix"):
        if fix in catalog(lang) or fix in catalog("en"):
            return message, t(fix, lang).format(**params)
    return message, None
