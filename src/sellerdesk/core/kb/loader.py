"""Read knowledge-base articles and ranking settings: the shipped files, then the user's.

Articles: every ``data/kb/*.toml`` shipped with the package, then every ``*.toml`` in the
``kb`` folder of the user's data folder (sorted by name). An article is an ``[[article]]``
table with a stable ``id``; a user's article with a shipped id replaces that article
whole, and ``{id = "…", enabled = false}`` hides it. A user article without
``source``/``as_of``/``confidence`` is recorded as the user's own, dated by its file (the
same rule as ``rules.toml``). Ranking: ``data/kb-ranking.toml``, then ``kb-ranking.toml``
in the data folder changes only the values it names.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import CONFIDENCES, Fact
from sellerdesk.core.input_guard import load_toml
from sellerdesk.core.kb.model import ROUTES, Article, Ranking
from sellerdesk.core.toml_values import as_date

SCHEMA = 1
_ID = re.compile(r"[a-z][a-z0-9-]{1,63}")
_TEXT_KEYS = ("title_zh", "title_en", "answer_zh", "answer_en")
_ARTICLE_KEYS = {
    "id",
    "enabled",
    "route",
    *_TEXT_KEYS,
    "keywords_zh",
    "keywords_en",
    "where",
    "source",
    "as_of",
    "confidence",
    "note",
}
_RANKING_TABLES: dict[str, tuple[str, ...]] = {
    "bm25": ("k1", "b", "title_weight", "keywords_weight", "answer_weight"),
    "terms": ("unigram_weight", "fuzzy_weight", "junction_bigram_weight", "name_mass"),
    "confidence": ("bias", "query_coverage", "article_coverage", "margin", "threshold"),
    "stop_words": ("en", "zh"),
}
_ABOUT = {"source", "as_of", "note"}


def builtin_article_paths() -> list[Path]:
    folder = resources.files("sellerdesk") / "data" / "kb"
    with resources.as_file(folder) as path:
        return sorted(Path(path).glob("*.toml"))


def user_article_paths(user_folder: Path | None) -> list[Path]:
    if user_folder is None or not (user_folder / "kb").is_dir():
        return []
    return sorted((user_folder / "kb").glob("*.toml"))


def builtin_ranking_path() -> Path:
    ref = resources.files("sellerdesk") / "data" / "kb-ranking.toml"
    with resources.as_file(ref) as path:
        return Path(path)


def _read(path: Path, what: str) -> tuple[dict[str, Any], datetime]:
    try:
        raw = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise InvalidInput.of(
            "kb.unreadable", field=str(path), what=what, reason=exc.strerror
        ) from None
    try:
        return load_toml(raw, str(path)), modified
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("kb.not_toml", field=str(path), reason=str(exc)) from None


def load_articles(builtin: Sequence[Path], user: Sequence[Path] = ()) -> dict[str, Article]:
    """Articles by id, in file order: shipped ones, then the user's replacing or adding."""
    articles: dict[str, Article] = {}
    for path in [*builtin, *user]:
        is_builtin = path in builtin
        data, modified = _read(path, "knowledge-base")
        for i, table in enumerate(_article_tables(path, data)):
            where = f"{path}: article[{i}]"
            article_id = table.get("id")
            if not isinstance(article_id, str) or not _ID.fullmatch(article_id):
                raise InvalidInput.of("kb.bad_id", field=f"{where}.id", value=article_id)
            if is_builtin and article_id in articles:
                raise InvalidInput.of("kb.id_twice", field=f"{where}.id")
            if table.get("enabled", True) is False:
                articles.pop(article_id, None)
                continue
            articles[article_id] = _article(table, where, path, is_builtin, modified)
    return articles


def _article_tables(path: Path, data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    unknown = set(data) - {"article", "schema"}
    if unknown:
        raise InvalidInput.of("kb.unknown_top", field=f"{path}: {sorted(unknown)[0]}")
    if data.get("schema", SCHEMA) != SCHEMA:
        raise InvalidInput.of(
            "file.bad_schema", field=f"{path}: schema", value=data["schema"], schema=SCHEMA
        )
    tables = data.get("article", [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise InvalidInput.of("kb.not_articles", field=f"{path}: article")
    return tables


def _article(
    table: Mapping[str, Any], where: str, path: Path, builtin: bool, modified: datetime
) -> Article:
    for key in table:
        if key not in _ARTICLE_KEYS:
            raise InvalidInput.of(
                "kb.unknown_key", field=f"{where}.{key}", allowed=", ".join(sorted(_ARTICLE_KEYS))
            )
    texts = {key: _text(table, key, where) for key in _TEXT_KEYS}
    required = _TEXT_KEYS if builtin else ()
    for key in required:
        if not texts[key]:
            raise InvalidInput.of("kb.missing", field=f"{where}.{key}", setting=key)
    for kind in ("title", "answer"):
        if not texts[f"{kind}_zh"] and not texts[f"{kind}_en"]:
            raise InvalidInput.of("kb.missing_both", field=f"{where}.{kind}_en", kind=kind)
    route = table.get("route")
    if route not in ROUTES:
        what = "kb.no_route" if route is None else "kb.bad_route"
        raise InvalidInput.of(what, field=f"{where}.route", value=route, allowed=", ".join(ROUTES))
    return Article(
        id=table["id"],
        route=route,
        title_zh=texts["title_zh"],
        title_en=texts["title_en"],
        answer_zh=texts["answer_zh"],
        answer_en=texts["answer_en"],
        keywords_zh=_words(table, "keywords_zh", where),
        keywords_en=_words(table, "keywords_en", where),
        where=_text(table, "where", where),
        fact=_fact(table, where, path, builtin, modified),
        origin=str(path),
    )


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise InvalidInput.of("kb.not_text", field=f"{where}.{key}", setting=key)
    return value.strip()


def _words(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput.of("kb.not_strings", field=f"{where}.{key}", setting=key)
    return tuple(v.strip() for v in value if v.strip())


def _fact(
    table: Mapping[str, Any], where: str, path: Path, builtin: bool, modified: datetime
) -> Fact:
    note = _text(table, "note", where)
    if not builtin and not any(k in table for k in ("source", "as_of", "confidence")):
        return Fact(f"user file {path}", modified.date(), "user", note)
    source = _text(table, "source", where)
    if not source:
        raise InvalidInput.of("kb.no_source", field=f"{where}.source")
    as_of = as_date(table.get("as_of"))
    if as_of is None:
        raise InvalidInput.of("kb.bad_as_of", field=f"{where}.as_of", value=table.get("as_of"))
    confidence = table.get("confidence")
    if confidence not in CONFIDENCES:
        what = "rules.no_confidence" if confidence is None else "file.bad_confidence"
        raise InvalidInput.of(
            what, field=f"{where}.confidence", value=confidence, allowed=", ".join(CONFIDENCES)
        )
    return Fact(source, as_of, confidence, note)


def load_ranking(paths: Sequence[Path]) -> Ranking:
    """The shipped ranking settings with each later file's values applied."""
    values: dict[str, Any] = {}
    sources: list[str] = []
    for path in paths:
        data, _ = _read(path, "ranking")
        for name, table in data.items():
            if name == "schema":
                continue
            if name not in _RANKING_TABLES or not isinstance(table, Mapping):
                raise InvalidInput.of(
                    "kb.unknown_ranking_table",
                    field=f"{path}: {name}",
                    tables=", ".join(f"[{t}]" for t in _RANKING_TABLES),
                )
            for key, value in table.items():
                if key in _ABOUT:
                    if key == "source":
                        sources.append(f"[{name}] {value}")
                    continue
                if key not in _RANKING_TABLES[name]:
                    raise InvalidInput.of(
                        "kb.unknown_setting",
                        field=f"{path}: {name}.{key}",
                        allowed=", ".join(_RANKING_TABLES[name]),
                    )
                values[key] = _setting(path, f"{name}.{key}", value)
    missing = [k for keys in _RANKING_TABLES.values() for k in keys if k not in values]
    if missing:
        raise InvalidInput.of("kb.setting_missing", field=f"{paths[0]}: {missing[0]}")
    if not 0.0 <= values["threshold"] <= 1.0 or not 0.0 <= values["b"] <= 1.0:
        raise InvalidInput.of("kb.out_of_unit", field=f"{paths[-1]}: confidence.threshold")
    en, zh = values.pop("en"), values.pop("zh")
    return Ranking(**values, stop_en=tuple(en), stop_zh=tuple(zh), source="; ".join(sources))


def _setting(path: Path, key: str, value: Any) -> Any:
    if key.startswith("stop_words."):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise InvalidInput.of("kb.not_words", field=f"{path}: {key}")
    # confidence coefficients may be negative; BM25 and term weights may not
    negative_ok = key.startswith("confidence.") and not key.endswith(".threshold")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput.of("kb.not_number", field=f"{path}: {key}", value=value)
    if value < 0 and not negative_ok:
        raise InvalidInput.of("kb.negative", field=f"{path}: {key}", value=value)
    return float(value)
