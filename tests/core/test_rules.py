"""Sourced rules: the shipped file loads with provenance; user files override per key."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.rules import builtin_rules_path, load_rules


def _write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(paths: list[Path]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        load_rules(paths)
    return caught.value


SOURCED = 'source = "a help page"\nas_of = "2026-02-01"\nconfidence = "public-source"\n'


def test_shipped_rules_load_with_their_seed_provenance() -> None:
    rules = load_rules([builtin_rules_path()])
    submit = rules["high-priority-submission"]
    assert submit.values == {"before": "10:00", "days": "Mon-Fri"}
    assert submit.fact.source.startswith("Seed S8")
    assert submit.fact.as_of == date(2026, 1, 16)
    assert submit.fact.confidence == "seed-claim"
    assert "Unverified" in submit.fact.note
    reply = rules["first-reply-expected"]
    assert reply.values == {"business_hours": 24, "channel": "case"}
    assert reply.fact.source.startswith("Seed S7")


def test_rule_values_cannot_be_changed_in_place() -> None:
    rule = load_rules([builtin_rules_path()])["high-priority-submission"]
    with pytest.raises(TypeError):
        rule.values["before"] = "09:00"  # type: ignore[index]


def test_a_user_override_changes_only_the_value_it_names_and_becomes_the_users(
    tmp_path: Path,
) -> None:
    user = _write(tmp_path, '[rule.high-priority-submission]\nbefore = "09:00"\n')
    rules = load_rules([builtin_rules_path(), user])
    submit = rules["high-priority-submission"]
    assert submit.values == {"before": "09:00", "days": "Mon-Fri"}
    assert submit.fact.confidence == "user"
    assert str(user) in submit.fact.source
    assert rules["first-reply-expected"].fact.confidence == "seed-claim"


def test_a_user_override_with_full_provenance_keeps_it(tmp_path: Path) -> None:
    user = _write(tmp_path, f"[rule.first-reply-expected]\nbusiness_hours = 48\n{SOURCED}")
    reply = load_rules([builtin_rules_path(), user])["first-reply-expected"]
    assert reply.values["business_hours"] == 48
    assert reply.fact.confidence == "public-source"
    assert reply.fact.as_of == date(2026, 2, 1)


def test_a_user_file_may_add_a_rule_of_its_own(tmp_path: Path) -> None:
    user = _write(tmp_path, '[rule.call-back]\nminutes = 12\nnote = "our experience"\n')
    rule = load_rules([builtin_rules_path(), user])["call-back"]
    assert rule.values == {"minutes": 12}
    assert (rule.fact.confidence, rule.fact.note) == ("user", "our experience")


def test_malformed_toml_is_refused_with_the_file_and_a_fix(tmp_path: Path) -> None:
    bad = _write(tmp_path, "[rule.x\nbefore = 1\n")
    error = _refusal([bad])
    assert error.field == str(bad)
    assert error.fix


def test_a_missing_file_is_refused_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert _refusal([missing]).field == str(missing)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('as_of = "2026-01-16"\nconfidence = "seed-claim"\n', "source"),
        ('source = "x"\nconfidence = "seed-claim"\n', "as_of"),
        ('source = "x"\nas_of = "2026-01-16"\n', "confidence"),
        ('source = "x"\nas_of = "2026-01-16"\nconfidence = "rumour"\n', "confidence"),
        ('source = "x"\nas_of = "16 Jan"\nconfidence = "seed-claim"\n', "as_of"),
        ('source = ""\nas_of = "2026-01-16"\nconfidence = "seed-claim"\n', "source"),
    ],
)
def test_incomplete_provenance_is_refused_naming_the_field(
    tmp_path: Path, body: str, name: str
) -> None:
    shipped = _write(tmp_path, f'[rule.submit]\nbefore = "10:00"\n{body}')
    error = _refusal([shipped])
    assert error.field == f"{shipped}: rule.submit.{name}"
    assert error.fix
    assert error.words("zh")[1] != error.fix  # and in Chinese


def test_a_shipped_rule_without_any_provenance_is_refused(tmp_path: Path) -> None:
    shipped = _write(tmp_path, '[rule.submit]\nbefore = "10:00"\n')
    assert _refusal([shipped]).field == f"{shipped}: rule.submit.source"


def test_a_user_table_with_partial_provenance_is_refused(tmp_path: Path) -> None:
    user = _write(tmp_path, '[rule.high-priority-submission]\nsource = "my notes"\n')
    error = _refusal([builtin_rules_path(), user])
    assert error.field == f"{user}: rule.high-priority-submission.as_of"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[desk.cn]\n", "desk"),
        ("schema = 2\n", "schema"),
        ("rule = 3\n", "rule"),
        ('[rule.Bad_Key]\nsource = "x"\n', "rule.Bad_Key"),
        ("[rule]\nsubmit = 1\n", "rule.submit"),
        (f"[rule.submit]\n{SOURCED}[rule.submit.nested]\na = 1\n", "rule.submit.nested"),
        ('[rule.submit]\nnote = 3\nsource = "x"\n', "rule.submit.note"),
    ],
)
def test_a_malformed_rules_file_is_refused_naming_the_key(
    tmp_path: Path, text: str, field: str
) -> None:
    shipped = _write(tmp_path, text)
    error = _refusal([shipped])
    assert error.field == f"{shipped}: {field}"
    assert error.fix
    message, fix = error.words("zh")  # the data folder's rules.toml is edited by people
    assert fix and re.search(r"[\u4e00-\u9fff]", message + fix), (message, fix)


def test_no_files_means_no_rules() -> None:
    assert load_rules([]) == {}
