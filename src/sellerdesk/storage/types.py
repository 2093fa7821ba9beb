"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Dialect, String, Text, TypeDecorator, func, literal


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as UTC on every backend.

    SQLite has no time-zone type, so a naive value read back would be ambiguous; we refuse
    naive values on the way in and attach UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


def iso_utc_text(column: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    """The column's UTC time as the text ``datetime.isoformat()`` gives (``…T09:04:00+00:00``,
    ``.ffffff`` only when there are microseconds), rendered by the database.

    For pages of rows that are only shown: parsing a timestamp into a ``datetime`` and
    formatting it back cost more per row than reading the row. SQLite holds the text
    SQLAlchemy wrote (``YYYY-MM-DD HH:MM:SS.ffffff``); PostgreSQL formats its ``timestamptz``."""
    if dialect == "postgresql":
        text = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US')
    else:
        text = func.replace(column, " ", "T")
    # NULL stays NULL: replace() and || both give NULL for it, on both databases
    trimmed: ColumnElement[str] = func.replace(text, ".000000", "", type_=String)
    return trimmed + literal("+00:00", String)


_MAX_POSITION = 16383  # tsvector positions end there (PostgreSQL's MAXENTRYPOS - 1)
_MAX_POSITIONS = 256  # positions kept per lexeme (MAXNUMPOS; PostgreSQL drops the rest)
# what a tsvector's lexemes and positions may take (MAXSTRPOS is 1,048,575 bytes), with room
TSVECTOR_BUDGET = 1_000_000
_POSITIONS = [str(i) for i in range(_MAX_POSITION + 1)]


def tsvector_literal(tokens: str) -> str:
    """PostgreSQL's ``tsvector`` text of a space-separated token string, positions kept
    (``'退款':1,5 '款未':2``) so that phrase queries (``<->``) work.

    Building it here is what makes the index cheap: ``to_tsvector`` runs PostgreSQL's word
    parser, ≈ 0.3 ms a case on Chinese text; reading this literal is a plain split.

    Any token string fits, bounded the way ``to_tsvector`` bounds text: tokens after the
    16,383rd all take position 16,383 (still found as words; a phrase there is not), a token
    keeps its first 256 positions, and once the lexemes and positions would pass
    :data:`TSVECTOR_BUDGET` bytes the tokens not yet seen are left out (a case of about a
    megabyte of distinct words; what came first stays findable). Tokens longer than the
    lexeme limit never get here (``core.search_tokens.index_text`` leaves them out).
    """
    positions: dict[str, list[str]] = {}
    budget = TSVECTOR_BUDGET
    for i, word in enumerate(tokens.split(), 1):
        found = positions.get(word)
        if found is None:
            cost = len(word.encode()) + 5  # the lexeme, alignment, a count and one position
            if cost > budget:
                break
            budget -= cost
            positions[word] = [_POSITIONS[min(i, _MAX_POSITION)]]
        elif len(found) < _MAX_POSITIONS and i <= _MAX_POSITION:
            budget -= 2
            found.append(_POSITIONS[i])
        elif len(found) < _MAX_POSITIONS and found[-1] != _POSITIONS[_MAX_POSITION]:
            budget -= 2
            found.append(_POSITIONS[_MAX_POSITION])
    return " ".join(f"'{word}':{','.join(at)}" for word, at in positions.items())


def stored_tokens(tokens: str, dialect: str) -> str:
    """The token string as the column gives it back after storing ``tokens``: the same on
    SQLite; on PostgreSQL, bounded as :func:`tsvector_literal` bounds it. Compare this, not
    the raw tokens, to find rows whose tokens are stale (``reindex``, ``verify``)."""
    if dialect != "postgresql":
        return tokens
    return tokens_of_tsvector(tsvector_literal(tokens))


def tokens_of_tsvector(value: str) -> str:
    """The token string back from a ``tsvector``'s text (tokens hold no quote or space)."""
    placed: list[tuple[int, str]] = []
    for item in value.split():
        lexeme, _, where = item.rpartition(":")
        token = lexeme.strip("'")
        placed += [(int(p.rstrip("ABCD")), token) for p in where.split(",")]
    return " ".join(t for _, t in sorted(placed))


class SearchTokens(TypeDecorator[str]):
    """The search tokens: a space-separated string to the application on every backend.

    SQLite stores the string (FTS5 reads it). PostgreSQL stores a ``tsvector`` with the
    positions of the string's tokens, so its GIN index is built on the column itself.
    """

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            # imported here: the PostgreSQL dialect package pulls in asyncio (≈ 50-100 ms),
            # which a command on a SQLite store should not pay at start-up
            from sqlalchemy.dialects.postgresql import TSVECTOR

            return dialect.type_descriptor(TSVECTOR())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return tsvector_literal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value  # type: ignore[no-any-return]
        return tokens_of_tsvector(str(value))
