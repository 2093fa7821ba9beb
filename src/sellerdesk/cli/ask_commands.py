"""``sellerdesk ask "question"``: self-service answers from the bilingual knowledge base.

No database: the knowledge base is read from the package and the data folder's ``kb``
folder and indexed in memory on each run (docs/knowledge-base.md).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sellerdesk.cli.options import JsonOpt, check_lang, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.core.kb import Answer, load_knowledge_base
from sellerdesk.core.kb.tokens import han_share
from sellerdesk.services import locale

MAX_LIMIT = 10
QuestionArg = Annotated[str, typer.Argument(help="Your question, in Chinese or English.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="zh or en (default: the question's language, else config)."),
]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="At most this many answers (1-10).")]


def answer_language(question: str, flag: str | None, configured: str | None) -> str:
    """The flag; else the question's own language; else the configured one, else the locale."""
    chosen = normalise_lang(flag)
    if chosen:
        return chosen
    if any(ch.isalpha() for ch in question):
        return "zh" if han_share(question) >= 0.5 else "en"
    return locale.language(configured, locale.env_locale())


def _as_json(answer: Answer, lang: str) -> dict[str, Any]:
    article = answer.article
    return {
        "id": article.id,
        "title": article.title(lang),
        "answer": article.answer(lang),
        "where": article.where,
        "route": article.route,
        "confidence": round(answer.confidence, 3),
        "score": round(answer.score, 3),
        "source": article.fact.source,
        "source_confidence": article.fact.confidence,
        "as_of": article.fact.as_of.isoformat(),
    }


def _print_answer(number: int, answer: Answer, lang: str) -> None:
    article, sep = answer.article, "：" if lang == "zh" else ": "
    fact = article.fact
    route = t(f"ask.route_name.{article.route}", lang)
    level = t(f"confidence.{fact.confidence}", lang)
    typer.echo(f"{number}. {article.title(lang)}")
    typer.echo(f"   {t('ask.answer', lang)}{sep}{article.answer(lang)}")
    if article.where:
        typer.echo(f"   {t('ask.where', lang)}{sep}{article.where}")
    typer.echo(
        f"   {t('ask.route', lang)}{sep}{route} · "
        f"{t('ask.confidence', lang)} {answer.confidence:.2f}"
    )
    typer.echo(f"   {t('ask.source', lang)}{sep}{fact.source} ({level}, {fact.as_of.isoformat()})")


@handles_errors
def ask_cmd(
    question: QuestionArg,
    limit: LimitOpt = 3,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Answer a question from the knowledge base, or say there is no good answer."""
    check_lang(lang)
    from sellerdesk.settings import load_settings

    settings = load_settings()
    shown = answer_language(question, lang, settings.lang)
    if not question.strip():
        raise InvalidInput(t("ask.empty", shown), field="QUESTION", fix=t("ask.empty_fix", shown))
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            t("ask.limit", shown, limit=limit), field="--limit", fix=t("ask.limit_fix", shown)
        )
    answers = load_knowledge_base(settings.home).search(question, limit=limit)
    if json_out:
        emit_json(
            {
                "question": question,
                "lang": shown,
                "answers": [_as_json(a, shown) for a in answers],
                "no_good_answer": not answers,
            }
        )
        return
    if not answers:
        typer.echo(t("ask.no_good_answer", shown, question=question.strip()))
        typer.echo(t("ask.no_good_answer_hint", shown))
        return
    for number, answer in enumerate(answers, start=1):
        if number > 1:
            typer.echo("")
        _print_answer(number, answer, shown)


def register(app: typer.Typer) -> None:
    app.command("ask")(ask_cmd)
