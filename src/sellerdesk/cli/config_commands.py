"""``sellerdesk config get|set|unset|list``: the user's config.toml in the data folder."""

from __future__ import annotations

from typing import Annotated

import typer

from sellerdesk.cli.field_flags import CONFIG_SET, spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.core.i18n import t
from sellerdesk.services import locale, user_config
from sellerdesk.settings import CONFIG_KEYS, Settings, load_settings

config_app = typer.Typer(
    help="Read and change settings (config.toml in the data folder).", no_args_is_help=True
)


@config_app.command("list")
@handles_errors
def config_list(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Every setting, its value and what it means."""
    check_lang(lang)
    settings = load_settings()
    values = user_config.effective_values(settings)
    if json_out:
        emit_json({"path": str(settings.config_path), "values": values.by_key()})
        return
    rows = [[key, str(values.value_of(key) or ""), CONFIG_KEYS[key][0]] for key in CONFIG_KEYS]
    print_table(["key", "value", "meaning"], rows, title=str(settings.config_path))
    _say_if_deprecated(settings, lang)


def _say_if_deprecated(settings: Settings, lang: str | None) -> None:
    """The deprecated ``timezone`` key, when set: read as the team's zone, or ignored."""
    state = user_config.deprecated_zone_note(settings)
    if state is not None:
        shown = locale.language(lang, settings.lang, locale.env_locale())
        typer.echo(t(f"setup.config.timezone_{state}", shown), err=True)


@config_app.command("get")
@handles_errors
def config_get(key: Annotated[str, typer.Argument()], json_out: JsonOpt = False) -> None:
    """One setting's value."""
    settings = load_settings()
    value = user_config.effective_values(settings).value_of(key)
    if json_out:
        emit_json({key: value})
    else:
        typer.echo("" if value is None else str(value))


# VALUE may start with a dash (`config set backup.keep -1`): it reaches the setting's own
# check (and its message) instead of Typer's "No such option"
@config_app.command("set", context_settings={"ignore_unknown_options": True})
@handles_errors
@spelled(CONFIG_SET)
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY")],
    value: Annotated[str, typer.Argument(metavar="VALUE")],
    lang: LangOpt = None,
) -> None:
    """Change a setting, e.g. `config set team.hours "Mon-Fri 09:00-18:00"`."""
    check_lang(lang)
    settings = load_settings()
    saved = user_config.set_value(settings, key, value)
    shown = locale.language(lang, saved.lang)
    value = str(saved.config.get(key, value))  # as saved: 北京 is saved as Asia/Shanghai
    typer.echo(t("config.set", shown, key=key, value=value, path=settings.config_path))
    if key == "timezone":
        _say_if_deprecated(saved, lang)


@config_app.command("unset")
@handles_errors
def config_unset(key: Annotated[str, typer.Argument()], lang: LangOpt = None) -> None:
    """Remove a setting so that its default applies."""
    check_lang(lang)
    settings = load_settings()
    user_config.unset_value(settings, key)
    shown = locale.language(lang, settings.lang)
    typer.echo(t("config.unset", shown, key=key, path=settings.config_path))


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
