"""``case lint`` and ``case render`` (the case coach), and ``case new --from-draft``.

Lint and render need no database: they import only the pure coach, so they start as light
as ``sellerdesk hours``. The store's findings (duplicate, account readiness) are added when
``--store`` is given and the tracker's database already exists; lint never creates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli import poa_commands
from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import Run, open_run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.core.coach.data import CoachData
    from sellerdesk.core.coach.draft import Draft
    from sellerdesk.core.coach.lint import HelpArticle, HelpLookup
    from sellerdesk.settings import Settings

FileArg = Annotated[Path, typer.Argument(help="The draft: JSON, TOML, Markdown or plain text.")]
MarketOpt = Annotated[
    str | None,
    typer.Option("--marketplace", help="e.g. US, DE, JP (wins over the draft's own)."),
]
StoreOpt = Annotated[
    str | None, typer.Option("--store", help="The store's name: adds the store's findings.")
]
PasteLangOpt = Annotated[
    str, typer.Option("--paste-lang", help="Language of the paste text checked too: en or zh.")
]


def _coach_data(run: Run) -> CoachData:
    from sellerdesk.core.coach.data import load_coach_data

    return load_coach_data(run.settings.home / "coach")


def _store_exists(settings: Settings) -> bool:
    url = settings.database_url
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return path not in ("", ":memory:") and Path(path).exists()
    return True


def help_articles(settings: Settings) -> HelpLookup:
    """The knowledge base's best self-service article, built only if a draft needs one."""

    def lookup(draft: Draft, lang: str) -> HelpArticle | None:
        from sellerdesk.core.coach.help import knowledge_base_lookup
        from sellerdesk.core.kb import load_knowledge_base

        return knowledge_base_lookup(load_knowledge_base(settings.home))(draft, lang)

    return lookup


def print_lint(
    shown: dict[str, Any], file: Path, lang: str, data: CoachData, paste_lang: str = "en"
) -> None:
    from sellerdesk.core.coach.lint import category_name

    echo = typer.echo
    echo(t("coach.lint.title", lang, file=file.name, score=shown["score"]))
    name = category_name(data, shown["category"], lang)
    echo(t("coach.lint.category", lang, category=shown["category"], name=name))
    # the route and the draft's language as words: "seller-support", "zh" are codes for --json
    echo(t("coach.lint.route", lang, route=t(f"labels.route.{shown['route']}", lang)))
    language = t(f"coach.lint.language_name.{shown['language']}", lang)
    echo(t("coach.lint.language", lang, language=language))
    if not shown["findings"]:
        echo(t("coach.lint.no_findings", lang))
    for finding in shown["findings"]:
        echo(f"\n[{_severity(finding, lang)}] {finding['code']}: {finding['message']}")
        echo(f"  {t('common.fix', lang)}: {finding['fix']}")
    echo("\n" + t("paste.title", lang, lang=paste_lang))
    if not shown.get("paste_findings"):
        echo(t("paste.none", lang))
    for finding in shown.get("paste_findings", []):
        echo(f"[{_severity(finding, lang)}] {finding['code']}: {finding['message']}")
        echo(f"  {t('common.fix', lang)}: {finding['fix']}")


def _severity(finding: dict[str, Any], lang: str) -> str:
    """The finding's severity in the reader's language ("必须修改"); --json keeps the code."""
    return t(f"coach.lint.severity.{finding['severity']}", lang)


def _case_lang(value: str, flag: str) -> str:
    from sellerdesk.core.errors import InvalidInput
    from sellerdesk.core.i18n import normalise_lang

    case_lang = normalise_lang(value)
    if case_lang is None:
        raise InvalidInput.of("config.bad_lang", field=flag, value=value)
    return case_lang


def lint_cmd(
    file: FileArg,
    marketplace: MarketOpt = None,
    store: StoreOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    paste_lang: PasteLangOpt = "en",
) -> None:
    """Score a case draft and say what to fix, in the draft and in its paste text (exit 0
    with findings; 2 if unreadable)."""
    if poa_commands.is_poa(file):  # a Plan of Action file: its own linter (cli/poa_commands.py)
        return poa_commands.lint_file(file, json_out=json_out, lang=lang)
    from sellerdesk.core.coach.lint import lint, result_json
    from sellerdesk.core.coach.paste import paste_and_check, paste_findings_json
    from sellerdesk.core.coach.reading import read_draft

    case_lang = _case_lang(paste_lang, "--paste-lang")
    run = open_run(lang, shows_times=False)
    settings, language, data = run.settings, run.lang, _coach_data(run)
    draft = read_draft(file)
    if store and _store_exists(settings):
        from sellerdesk.services.coach import lint_with_store

        result = lint_with_store(
            sessions=run.runtime.sessions,
            draft=draft,
            data=data,
            store=store,
            marketplace=marketplace,
            lang=language,
        )
    else:
        result = lint(draft, data, marketplace=marketplace)
    shown = result_json(result, data, language, draft=draft, help_article=help_articles(settings))
    _, pasted = paste_and_check(draft, result, data, lang=case_lang, marketplace=marketplace)
    shown["paste_findings"] = paste_findings_json(pasted, data, language)
    if json_out:
        emit_json(shown)
    else:
        print_lint(shown, file, language, data, case_lang)


def render_cmd(
    file: FileArg,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the case text: en or zh.")
    ] = "en",
    marketplace: MarketOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The case text to paste into Seller Central (fields still in Chinese are flagged); what
    the checks find in it goes to stderr (and into ``paste_findings`` with ``--json``)."""
    if poa_commands.is_poa(file):  # a Plan of Action file: its own paste text
        return poa_commands.render_file(file, lang=lang, json_out=json_out)
    from sellerdesk.core.coach.lint import lint
    from sellerdesk.core.coach.paste import paste_and_check, paste_findings_json
    from sellerdesk.core.coach.reading import read_draft

    case_lang = _case_lang(lang, "--lang")
    run = open_run(None, shows_times=False)
    data = _coach_data(run)
    draft = read_draft(file)
    result = lint(draft, data, marketplace=marketplace)
    rendered, pasted = paste_and_check(draft, result, data, lang=case_lang, marketplace=marketplace)
    found = paste_findings_json(pasted, data, run.lang)
    if json_out:
        emit_json({**rendered.as_dict(), "paste_findings": found})
        return
    typer.echo(rendered.text, nl=False)
    for finding in found:
        typer.echo(f"[{_severity(finding, run.lang)}] {finding['message']}", err=True)


def new_from_draft(
    path: Path,
    *,
    store: str | None,
    marketplace: str | None,
    priority: str,
    force: bool,
    reason: str | None,
    json_out: bool,
    lang: str | None,
    tz: str | None,
    at: str | None,
) -> None:
    """``case new --from-draft FILE``: the draft stored as a case with its lint result."""
    from sellerdesk.core.coach.reading import read_draft
    from sellerdesk.services.coach import create_from_draft

    run = open_run(lang, tz, at, shows_times=False)
    settings, data = run.settings, _coach_data(run)
    draft = read_draft(path, field="--from-draft")
    now = run.now  # --tz and --at are checked after the draft, before the store is opened
    done = create_from_draft(
        sessions=run.runtime.sessions,
        now=now,
        ctx=run.runtime.ctx,
        draft=draft,
        data=data,
        lang=run.lang,
        store=store,
        marketplace=marketplace,
        priority=priority,
        force=force,
        reason=reason,
        help_article=help_articles(settings),
    )
    if json_out:
        emit_json(jsonable(done))
    else:
        typer.echo(t("coach.lint.stored", run.lang, id=done.id, score=done.lint["score"]))


def register(case_app: typer.Typer) -> None:
    case_app.command("lint")(handles_errors(lint_cmd))
    case_app.command("render")(handles_errors(render_cmd))
    poa_commands.register(case_app)  # case poa new|save|show
