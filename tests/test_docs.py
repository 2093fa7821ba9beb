"""The docs cannot drift from the code: commands, options and API paths are checked here.

The CLI side reads Click's command tree in process (``typer.main.get_command``), the API
side the app factory's OpenAPI document; nothing is spawned. What is checked:

* every ``sellerdesk …`` command line written anywhere in README.md and docs/*.md (inline
  code and code blocks) names a real command, and every option on it exists in that
  command's ``--help``;
* the README's command tables (header ``| command | …``) list every command of the CLI;
* the README's table of common options (header ``| option | taken by |``) says exactly
  which commands take each option;
* docs/api.md's endpoint table holds every method and path of the OpenAPI document, and
  nothing else.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
CELL = re.compile(r"(?<!\\)\|")
SPAN = re.compile(r"`([^`]+)`")
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")
METHOD_PATH = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[^?\s]*)")
STOP = {">", ">>", "|", "||", "&&", ";", "<"}


@dataclass(frozen=True)
class Mention:
    """One ``sellerdesk …`` command line in a document."""

    where: str
    words: tuple[str, ...]


@cache
def cli() -> Any:
    import typer

    from sellerdesk.cli.main import build_app

    return typer.main.get_command(build_app())


def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if hasattr(node, "commands"):
        for name, child in node.commands.items():
            yield from leaves(child, (*path, name))
    else:
        yield " ".join(path), node


@cache
def commands() -> dict[str, frozenset[str]]:
    """Every leaf command of the CLI and the option names its ``--help`` lists."""
    return {
        path: frozenset(
            {"--help"}
            | {
                name
                for param in command.params
                if param.param_type_name == "option"
                for name in (*param.opts, *param.secondary_opts)
            }
        )
        for path, command in leaves(cli())
    }


def resolve(words: tuple[str, ...]) -> tuple[list[str], list[str], str | None]:
    """The commands a mention names (``a/b`` and ``a|b`` are alternatives), the words left
    after the command path, and a problem if the path is not a command of the CLI."""
    nodes: list[tuple[str, Any]] = [("", cli())]
    rest = list(words)
    while rest and all(hasattr(node, "commands") for _, node in nodes):
        word = rest[0]
        if word.startswith("-"):
            break
        following = []
        for path, node in nodes:
            for name in re.split(r"[/|]", word):
                if name not in node.commands:
                    return [], rest, f"no command `{(path + ' ' + name).strip()}`"
                following.append(((path + " " + name).strip(), node.commands[name]))
        nodes = following
        rest.pop(0)
    found: list[str] = []
    for path, node in nodes:
        found += [p for p, _ in leaves(node, tuple(path.split()))] if path else []
    return found, rest, None


def command_words(line: str) -> tuple[str, ...]:
    try:
        words = shlex.split(line, comments=True)
    except ValueError:  # an unbalanced quote in prose
        words = line.split()
    kept: list[str] = []
    for word in words:
        if word in STOP:
            break
        kept.append(word)
    return tuple(kept[1:])


def mentions(path: Path) -> Iterator[Mention]:
    text = path.read_text(encoding="utf-8")
    in_block, pending = False, ""
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path.relative_to(ROOT)}:{number}"
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            stripped = pending + line.strip().removeprefix("$ ")
            if stripped.endswith("\\"):
                pending = stripped[:-1] + " "
                continue
            pending = ""
            if stripped.startswith("sellerdesk "):
                yield Mention(where, command_words(stripped))
            continue
        for span in SPAN.findall(line.replace("\\|", "|")):
            if span.startswith("sellerdesk "):
                yield Mention(where, command_words(span))


def table_rows(path: Path, header: str) -> Iterator[tuple[str, list[str]]]:
    """The rows (cells, backslash-escaped pipes kept as ``|``) of every table whose header
    row starts with ``header``."""
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(header):
            inside = True
            continue
        if inside and line.startswith("|"):
            if set(line) <= set("|-: "):
                continue
            cells = [c.strip().replace("\\|", "|") for c in CELL.split(line.strip())[1:-1]]
            yield f"{path.relative_to(ROOT)}:{number}", cells
        else:
            inside = False


def every_mention() -> list[Mention]:
    return [m for doc in (README, *DOCS) for m in mentions(doc)]


def test_every_documented_command_line_names_a_real_command_with_real_options() -> None:
    problems = []
    for mention in every_mention():
        found, rest, problem = resolve(mention.words)
        if problem:
            problems.append(f"{mention.where}: {problem}")
            continue
        for option in (w.split("=")[0] for w in rest if OPTION.fullmatch(w.split("=")[0])):
            for path in found:
                if option not in commands()[path]:
                    problems.append(f"{mention.where}: `sellerdesk {path}` has no {option}")
    assert not problems, "\n".join(problems)


def readme_command_rows() -> Iterator[tuple[str, list[str]]]:
    yield from table_rows(README, "| command |")


def test_the_readme_command_tables_list_every_command_of_the_cli() -> None:
    listed: set[str] = set()
    for _, cells in readme_command_rows():
        for span in SPAN.findall(cells[0]):
            words = command_words(span if span.startswith("sellerdesk ") else f"sellerdesk {span}")
            found, _, problem = resolve(words)
            if problem is None:
                listed.update(found)
    missing = sorted(set(commands()) - listed)
    assert not missing, f"commands missing from the README's command tables: {missing}"


def test_every_command_in_the_readme_tables_exists_with_the_options_its_row_names() -> None:
    problems = []
    rows = list(readme_command_rows())
    assert len(rows) > 20, "the README's command tables were not found"
    for where, cells in rows:
        spans = [s for s in SPAN.findall(cells[0]) if not s.startswith("-")]
        row_commands: set[str] = set()
        for span in spans:
            words = command_words(span if span.startswith("sellerdesk ") else f"sellerdesk {span}")
            named = span.startswith("sellerdesk ") or (bool(words) and words[0] in commands_top())
            if not named:
                continue  # a value or a setting named in the cell, not a command
            found, rest, problem = resolve(words)
            if problem:
                problems.append(f"{where}: {problem}")
                continue
            row_commands.update(found)
            for option in (w for w in rest if OPTION.fullmatch(w)):
                problems += [
                    f"{where}: `sellerdesk {p}` has no {option}"
                    for p in found
                    if option not in commands()[p]
                ]
        if not row_commands:
            problems.append(f"{where}: the first cell names no command")
        for cell in cells[1:]:  # an option quoted in the description belongs to the row
            for span in SPAN.findall(cell):
                option = span.split()[0]
                taken = any(option in commands()[p] for p in row_commands)
                if OPTION.fullmatch(option) and option.startswith("--") and not taken:
                    problems.append(f"{where}: no command of the row takes {option}")
    assert not problems, "\n".join(problems)


def commands_top() -> set[str]:
    return {path.split()[0] for path in commands()}


def named_commands(cell: str) -> set[str]:
    """The commands a "taken by" cell names: ``every command`` and backticked commands or
    groups (a group stands for all its commands), minus those after ``except``."""
    taken, _, excepted = cell.partition("except")
    chosen: set[str] = set(commands()) if "every command" in taken else set()
    for part, into in ((taken, chosen.update), (excepted, chosen.difference_update)):
        for span in SPAN.findall(part):
            found, _, problem = resolve(tuple(span.split()))
            assert problem is None, f"{span}: {problem}"
            into(found)
    return chosen


def test_the_readme_says_exactly_which_commands_take_each_common_option() -> None:
    rows = list(table_rows(README, "| option | taken by |"))
    assert len(rows) >= 5, "the README's table of common options was not found"
    problems = []
    for where, (option_cell, taken_by) in rows:
        option = SPAN.findall(option_cell)[0].split()[0]
        said = named_commands(taken_by)
        real = {path for path, options in commands().items() if option in options}
        if said != real:
            problems.append(
                f"{where}: {option} is said of {sorted(said - real)} but not taken by them; "
                f"taken by {sorted(real - said)} but not said"
            )
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from sellerdesk.api.app import create_app
    from sellerdesk.settings import Settings

    home = tmp_path_factory.mktemp("docs-home")
    app = create_app(
        Settings(
            home=home,
            database_url=f"sqlite:///{home / 'sellerdesk.db'}",
            timezone="UTC",
            team_timezone="UTC",
        ),
        run_worker=False,
    )
    try:
        return dict(app.openapi())
    finally:
        app.state.sellerdesk.engine.dispose()


def shape(path: str) -> str:
    """A path with its parameters unnamed: ``/cases/{id}`` and ``/cases/{case_id}`` agree."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_docs_api_lists_every_endpoint_of_the_openapi_document_and_no_other(
    openapi: dict[str, Any],
) -> None:
    documented = {
        (method, shape(path))
        for _, cells in table_rows(ROOT / "docs" / "api.md", "| method and path |")
        for span in SPAN.findall(cells[0])
        for method, path in METHOD_PATH.findall(span)
    }
    real = {
        (method.upper(), shape(path))
        for path, operations in openapi["paths"].items()
        for method in operations
        if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}
    }
    assert documented, "docs/api.md's endpoint table was not found"
    assert sorted(real - documented) == [], "API endpoints missing from docs/api.md"
    assert sorted(documented - real) == [], "docs/api.md documents endpoints the API lacks"


LINK = re.compile(r"\]\(([^)#\s]*)#([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {slug(m) for m in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


def test_every_link_to_a_heading_in_the_docs_finds_that_heading() -> None:
    problems = []
    for doc in (README, *DOCS):
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            for target, anchor in LINK.findall(line):
                file = (doc.parent / target).resolve() if target else doc
                if not file.exists() or anchor not in anchors(file):
                    where = f"{doc.relative_to(ROOT)}:{number}"
                    problems.append(f"{where}: no heading #{anchor} in {target or doc.name}")
    assert not problems, "\n".join(problems)
