"""``case poa new|save|show`` and the POA side of ``case lint`` / ``case render``.

``case lint FILE`` and ``case render FILE`` hand a POA file (a ``[poa]`` table: TOML or
JSON) to :func:`lint_file` / :func:`render_file`; those need no database. ``poa new`` drafts
from a case's facts, ``poa save`` stores an edited file as the case's next version,
``poa show`` prints the saved one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sellerdesk.cli.field_flags import spelled
from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import open_run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.cli.run import Run
    from sellerdesk.core.poa.rules import PoaRules
    from sellerdesk.services.poa import CasePoa, PoaCheck

poa_app = typer.Typer(
    help="Plan of Action (POA) for an appeal: draft, save, show. 行动计划。",
    no_args_is_help=True,
)
FIELDS = {
    "case_id": "CASE_ID",
    "kind": "--kind",
    "lang": "--lang",
    "expected_version": "--expect-version",
    "output": "--output",
    "case": "FILE (its case line)",
    "store": "FILE (its store line)",
}
CaseArg = Annotated[int, typer.Argument(help="The case's number.")]


def _rules(home: Path) -> PoaRules:
    from sellerdesk.services.poa import rules_at

    return rules_at(home)


def _poa_lang(value: str) -> str:
    from sellerdesk.core.errors import InvalidInput
    from sellerdesk.core.i18n import normalise_lang

    lang = normalise_lang(value)
    if lang is None:
        raise InvalidInput.of("config.bad_lang", field="--lang", value=value)
    return lang


def _check_output(path: Path) -> None:
    """A folder, or a path whose folder does not exist, is refused before any work (a
    mistyped -o must not crash after the draft is made, nor write beside the folder)."""
    from sellerdesk.core.errors import InvalidInput

    if path.is_dir():
        raise InvalidInput.of("poa_file.output_is_folder", field="output", path=str(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput.of("dossier_mend.no_folder", field="output", folder=str(folder))


def _write_atomic(path: Path, content: str) -> None:
    """All or nothing: a failed write leaves no half-written file (nor the old one broken)."""
    from sellerdesk.core.errors import InvalidInput

    _check_output(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:  # no permission, a full disk: words, not a traceback
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise InvalidInput.of(
            "dossier_trial.cannot_write", field="output", path=str(path), reason=reason
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise InvalidInput.of(
            "dossier_trial.cannot_write", field="output", path=str(path), reason=reason
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_findings(shown: PoaCheck, lang: str) -> None:
    for f in shown.findings:
        typer.echo(f"\n[{f.severity}] {f.code}: {f.field}")
        typer.echo(f"  {f.message}")
        typer.echo(f"  {t('common.fix', lang)}: {f.fix}")
        typer.echo(f"  {t('poa.cli.source', lang)}: {f.basis} — {f.source}")


def lint_file(file: Path, *, json_out: bool, lang: str | None) -> None:
    """``case lint`` on a POA file: findings and fixes, exit 0 with findings (2 unreadable)."""
    from sellerdesk.core.poa.reading import read_poa
    from sellerdesk.services.poa import check

    run = open_run(lang, shows_times=False)
    rules = _rules(run.settings.home)
    poa = read_poa(file)
    shown = check(poa, rules, run.lang, _attachments_of(run, poa.case_id))
    if json_out:
        emit_json({"kind": "poa", **jsonable(shown)})
        return
    errors = sum(1 for f in shown.findings if f.severity == "error")
    name = rules.kind(poa.kind).name(run.lang)
    key = "poa.cli.ready" if shown.ready else "poa.cli.not_ready"
    warnings = len(shown.findings) - errors
    typer.echo(t(key, run.lang, file=file.name, kind=name, errors=errors, warnings=warnings))
    if not shown.findings:
        typer.echo(t("poa.cli.no_findings", run.lang))
    print_findings(shown, run.lang)


def _attachments_of(run: Run, case_id: int | None) -> tuple[str, ...] | None:
    """The files of the plan's case (its ``case = N`` line), to check the evidence against;
    None when the plan names no case or the database cannot say (lint needs no database)."""
    from sqlalchemy.exc import SQLAlchemyError

    from sellerdesk.core.errors import SellerDeskError
    from sellerdesk.services.poa_context import case_attachments

    if case_id is None:
        return None
    try:
        return case_attachments(run.runtime.sessions, case_id)
    except (SellerDeskError, SQLAlchemyError, OSError):
        # a store that cannot be opened (server down, newer than this code, folder not
        # writable): the file's own lint still runs; any other fault is a fault and shows
        return None


def render_file(file: Path, *, lang: str, json_out: bool) -> None:
    """``case render`` on a POA file: the paste text, labels in ``lang``."""
    from sellerdesk.core.poa.reading import read_poa
    from sellerdesk.core.poa.render import render_poa

    paste_lang = _poa_lang(lang)
    run = open_run(None, shows_times=False)
    rendered = render_poa(read_poa(file), lang=paste_lang, rules=_rules(run.settings.home))
    if json_out:
        emit_json({"kind": "poa", **jsonable(rendered), "chars": rendered.chars})
        return
    typer.echo(rendered.text, nl=False)
    if rendered.untranslated:  # as `case render` of a draft says it: never pasted unawares
        from sellerdesk.core.poa.lint import field_words

        named = "; ".join(field_words(name, run.lang) for name in rendered.untranslated)
        typer.echo(t("dossier_trial.poa_untranslated", run.lang, fields=named), err=True)


def _emit(done: CasePoa, output: Path | None, json_out: bool, lang: str) -> None:
    from sellerdesk.core.poa.reading import poa_json, poa_toml

    header = t("poa.writer.header", done.poa.lang, case=done.case_id)
    as_json = json_out or (output is not None and output.suffix.lower() == ".json")
    content = poa_json(done.poa) if as_json else poa_toml(done.poa, header)
    if output is None:
        typer.echo(content, nl=False)
        return
    _write_atomic(output, content)
    if not json_out:
        from sellerdesk.core.poa.model import placeholder

        marker = placeholder("…", done.poa.lang)  # as the file holds it, whatever the UI's language
        typer.echo(
            t("dossier_mend.poa.written", lang, case=done.case_id, file=output, placeholder=marker)
        )


@poa_app.command("new")
@handles_errors
@spelled(FIELDS)
def new_cmd(
    case_id: CaseArg,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="account-deactivation, listing-removal, ip-complaint, performance-odr, "
            "performance-late-shipment (data/poa.toml).",
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the plan for Amazon: en (default) or zh; the command's own "
            "messages speak it too.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the draft to this file (.toml or .json)."),
    ] = None,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Draft a Plan of Action from the case's facts, with <<FILL: …>> placeholders to fill."""
    from sellerdesk.services import poa as poa_service

    written_in = _poa_lang(lang or "en")
    if output is not None:
        _check_output(output)  # before the work of drafting, not after
    # a seller who asks for a Chinese plan reads Chinese: its messages and errors say so
    # (handles_errors reads the same `lang`); without --lang, the configured language
    run = open_run(lang, tz, at, shows_times=False)
    done = poa_service.draft(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        case_id=case_id,
        kind=kind,
        poa_lang=written_in,
        rules=_rules(run.settings.home),
        lang=run.lang,
    )
    _emit(done, output, json_out, run.lang)


@poa_app.command("save")
@handles_errors
@spelled(FIELDS)
def save_cmd(
    case_id: CaseArg,
    file: Annotated[Path, typer.Argument(help="The edited POA file (TOML or JSON).")],
    expect_version: Annotated[
        int | None,
        typer.Option("--expect-version", help="The POA version you edited (0: none saved)."),
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    at: AtOpt = None,
) -> None:
    """Save a POA file as the case's next version (versioned, audited)."""
    from sellerdesk.core.errors import InvalidInput
    from sellerdesk.core.poa.errors import PoaForAnotherCase
    from sellerdesk.core.poa.reading import read_poa
    from sellerdesk.services import poa as poa_service

    run = open_run(lang, None, at, shows_times=False)
    poa = read_poa(file)
    try:
        done = poa_service.save(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            poa=poa,
            rules=_rules(run.settings.home),
            lang=run.lang,
            expected_version=expect_version,
        )
    except PoaForAnotherCase as exc:  # the file's line, and the command that writes one
        key = f"paste_mend.cli.poa_other_{exc.line}"
        raise InvalidInput.of(key, field=exc.line, **exc.params) from None
    if json_out:
        emit_json(jsonable(done))
    else:
        key = "poa.cli.unchanged" if done.unchanged else "poa.cli.saved"
        typer.echo(t(key, run.lang, case=case_id, version=done.version))
        print_findings(done.check, run.lang)


@poa_app.command("show")
@handles_errors
@spelled(FIELDS)
def show_cmd(case_id: CaseArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """The case's saved Plan of Action as paste text (--json: with its findings and history)."""
    from sellerdesk.core.errors import NotFound
    from sellerdesk.services import poa as poa_service

    run = open_run(lang, shows_times=False)
    try:
        done = poa_service.load(
            sessions=run.runtime.sessions,
            case_id=case_id,
            rules=_rules(run.settings.home),
            lang=run.lang,
        )
    except NotFound as exc:  # none saved yet: the commands that draft and save one
        if exc.key != "poa.not_found":
            raise
        raise NotFound.of("paste_mend.cli.poa_not_found", field="case_id", **exc.params) from None
    if json_out:
        emit_json(jsonable(done))
    else:
        typer.echo(done.check.text, nl=False)


def register(case_app: typer.Typer) -> None:
    case_app.add_typer(poa_app, name="poa")


def is_poa(file: Path) -> bool:
    """Whether ``case lint`` / ``case render`` were given a POA file instead of a draft."""
    from sellerdesk.core.poa.reading import is_poa_file

    return is_poa_file(file)
