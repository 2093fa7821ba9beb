"""``case assign`` takes only a user who may work on the case's store (or --unassign), and
``case list --view/--assignee/--priority/--sort`` read the web app's views (issue 15, 4)."""

from __future__ import annotations

PASSWORD = "a fine passphrase"


def _team(cli):  # type: ignore[no-untyped-def]
    for store in ("acme", "beta"):
        cli("store", "add", store, "--region", "na", "--marketplaces", "US")
    cli("user", "add", "boss", "--role", "admin", "--password", PASSWORD)
    cli("user", "add", "li", "--role", "agent", "--password", PASSWORD)
    cli("user", "grant", "li", "acme")
    cli("user", "add", "eve", "--role", "viewer", "--password", PASSWORD)
    cli("user", "grant", "eve", "acme")
    cli("user", "add", "bo", "--role", "agent", "--password", PASSWORD)
    cli("user", "grant", "bo", "beta")
    made = []
    for subject, priority in (
        ("Listing suppressed for a missing attribute", "normal"),
        ("Refund not received for order", "urgent"),
    ):
        out = cli(
            "case",
            "new",
            "--store",
            "acme",
            "--marketplace",
            "US",
            "--subject",
            subject,
            "--priority",
            priority,
            "--json",
        )
        assert out.exit_code == 0, out.stderr
        made.append(out.json()["id"])
    return made


def test_assign_refuses_who_may_not_own_the_case_naming_user(cli):  # type: ignore[no-untyped-def]
    first, _ = _team(cli)
    for name, words in (
        ("nobody", "there is no user named"),
        ("eve", "is a viewer"),
        ("bo", "does not work on this case's store"),
    ):
        out = cli("case", "assign", str(first), name)
        assert out.exit_code == 2, (name, out.stdout)
        assert words in out.stderr and "USER" in out.stderr, out.stderr
    assert cli("case", "assign", str(first), "li").exit_code == 0
    assert cli("case", "show", str(first), "--json").json()["assignee"] == "li"
    out = cli("case", "assign", str(first), "--unassign", "--json")
    assert out.exit_code == 0, out.stderr
    assert cli("case", "show", str(first), "--json").json()["assignee"] is None
    both = cli("case", "assign", str(first), "li", "--unassign")
    assert both.exit_code == 2 and "--unassign" in both.stderr


def test_case_list_reads_the_views_and_sorts(cli):  # type: ignore[no-untyped-def]
    first, second = _team(cli)
    cli("case", "assign", str(first), "li")

    def listed(*args: str) -> list[int]:
        out = cli("case", "list", *args, "--json")
        assert out.exit_code == 0, out.stderr
        return [c["id"] for c in out.json()]

    assert listed("--view", "mine", "--user", "li") == [first]
    assert listed("--view", "unassigned") == [second]
    assert listed("--assignee", "-") == [second]
    assert listed("--priority", "urgent") == [second]
    assert listed("--sort", "priority") == [second, first]
    assert listed("--sort", "priority", "--desc") == [first, second]
    assert listed("--view", "resolved-week") == []
    mine = cli("case", "list", "--view", "mine")
    assert mine.exit_code == 2 and "--user" in mine.stderr
    bad = cli("case", "list", "--view", "later")
    assert bad.exit_code == 2 and "--view" in bad.stderr
    bad = cli("case", "list", "--sort", "colour")
    assert bad.exit_code == 2 and "--sort" in bad.stderr
