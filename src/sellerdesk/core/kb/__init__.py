"""Self-service answers: a small bilingual knowledge base and its search (pure, no I/O at import).

>>> kb = load_knowledge_base(settings.home)          # built on first use, then cached
>>> kb.search("仓储费怎么算")[0].article.id
'fba-storage-fees'
>>> kb.best_self_service("Please reinstate my account") is None
True
"""

from __future__ import annotations

from pathlib import Path

from sellerdesk.core.kb.index import KnowledgeBase
from sellerdesk.core.kb.loader import (
    builtin_article_paths,
    builtin_ranking_path,
    load_articles,
    load_ranking,
    user_article_paths,
)
from sellerdesk.core.kb.model import ROUTES, Answer, Article, Ranking, Route

__all__ = [
    "ROUTES",
    "Answer",
    "Article",
    "KnowledgeBase",
    "Ranking",
    "Route",
    "load_knowledge_base",
]

RANKING_FILE = "kb-ranking.toml"

_Signature = tuple[tuple[str, int, int], ...]
_cache: dict[Path | None, tuple[_Signature, KnowledgeBase]] = {}


def _user_ranking(user_folder: Path | None) -> list[Path]:
    if user_folder is None or not (user_folder / RANKING_FILE).is_file():
        return []
    return [user_folder / RANKING_FILE]


def _signature(files: list[Path]) -> _Signature:
    stats = []
    for path in files:
        stat = path.stat()
        stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def load_knowledge_base(user_folder: Path | None = None) -> KnowledgeBase:
    """The shipped articles with the user's (``<user_folder>/kb/*.toml``) applied.

    Built on the first call and kept for the process; a changed, added or removed user
    file (seen by its modification time and size) builds it again.
    """
    article_files, ranking_files = user_article_paths(user_folder), _user_ranking(user_folder)
    signature = _signature([*article_files, *ranking_files])
    cached = _cache.get(user_folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    articles = load_articles(builtin_article_paths(), article_files)
    ranking = load_ranking([builtin_ranking_path(), *ranking_files])
    kb = KnowledgeBase(articles.values(), ranking)
    _cache[user_folder] = (signature, kb)
    return kb
