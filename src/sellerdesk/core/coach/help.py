"""The knowledge base behind the coach's ``self-service-topic`` fix.

``sellerdesk ask`` and the lint share one index (:mod:`sellerdesk.core.kb`): when the
lint says a draft is a help-page question, the best self-service article for its
subject and description becomes the concrete fix ("read this, in this menu").
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.coach.lint import HelpLookup
from sellerdesk.core.kb import KnowledgeBase


@dataclass(frozen=True)
class KnowledgeArticle:
    id: str
    title: str
    where: str


def draft_question(draft: Draft) -> str:
    """What the seller asks: the subject and the description (not the timeline or steps)."""
    return "\n".join(part for part in (draft.subject, draft.description) if part.strip())


def knowledge_base_lookup(kb: KnowledgeBase) -> HelpLookup:
    def lookup(draft: Draft, lang: str) -> KnowledgeArticle | None:
        answer = kb.best_self_service(draft_question(draft))
        if answer is None:
            return None
        article = answer.article
        return KnowledgeArticle(article.id, article.title(lang), article.where)

    return lookup
