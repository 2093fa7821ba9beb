"""Every fixture of tests/data/mail becomes what expected.toml says (state, case, reason,
candidates, direction), read in file-name order, on SQLite and PostgreSQL; a second
reading of the whole corpus files nothing new."""

from __future__ import annotations

from sqlalchemy import func, select

from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.storage.schema import events, mail_messages
from tests.services.case_fixtures import later
from tests.services.mail.corpus_cases import CORPUS, corpus_rules, expected, make_corpus_cases


def _read_all(sessions, ctx, source):  # type: ignore[no-untyped-def]
    rules = corpus_rules()
    return {
        name: ingest_one(
            sessions,
            raw=(CORPUS / name).read_bytes(),
            source=source,
            now=later(200),
            ctx=ctx,
            rules=rules,
        )
        for name in sorted(expected())
    }


def test_every_corpus_mail_is_filed_unfiled_ignored_or_refused_as_expected(sessions, ctx):
    made = make_corpus_cases(sessions, ctx)
    ids = {v: k for k, v in made.items()}
    acme = MailSource("file", store_id=1)
    outcomes = _read_all(sessions, ctx, acme)
    wrong = []
    for name, want in expected().items():
        got = outcomes[name]
        seen = {
            "state": got.state,
            "reason": got.reason,
            "case": ids.get(got.case_id, "new") if got.case_id is not None else None,
        }
        wish = {"state": want["state"], "reason": want["reason"], "case": want.get("case")}
        if "candidates" in want:
            seen["candidates"] = sorted(ids.get(c, "?") for c in got.candidates)
            wish["candidates"] = sorted(want["candidates"])
        if seen != wish:
            wrong.append((name, seen, wish))
    assert wrong == []


def test_a_team_mail_is_an_out_event_and_an_amazon_reply_an_in_event(sessions, ctx):
    make_corpus_cases(sessions, ctx)
    outcomes = _read_all(sessions, ctx, MailSource("file", store_id=1))
    with sessions() as session:
        out = session.execute(
            select(events.c.direction, events.c.channel, events.c.author).where(
                events.c.id == outcomes["28_team_out.eml"].event_id
            )
        ).one()
        reply = session.execute(
            select(events.c.direction).where(
                events.c.id == outcomes["02_en_case_id_subject.eml"].event_id
            )
        ).scalar_one()
    assert (out[0], out[1], out[2]) == ("out", "e-mail", "ops@example-seller.cn")
    assert reply == "in"


def test_reading_the_corpus_again_files_nothing_new(sessions, ctx):
    make_corpus_cases(sessions, ctx)
    first = _read_all(sessions, ctx, MailSource("file", store_id=1))
    with sessions() as session:
        rows = session.scalar(select(func.count()).select_from(mail_messages))
        event_count = session.scalar(select(func.count()).select_from(events))
    second = _read_all(sessions, ctx, MailSource("file:again.mbox", store_id=1))
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(mail_messages)) == rows
        assert session.scalar(select(func.count()).select_from(events)) == event_count
    readable = [n for n, o in first.items() if o.state != "refused"]
    assert all(second[n].duplicate and second[n].mail_id == first[n].mail_id for n in readable)


def test_a_notice_opens_a_draft_case_in_the_owning_store_with_its_asin(sessions, ctx):
    make_corpus_cases(sessions, ctx)
    outcomes = _read_all(sessions, ctx, MailSource("file", store_id=1))
    shown = cases.show(
        sessions=sessions,
        now=later(201),
        ctx=ctx,
        case_id=outcomes["15_notice_listing_removal.eml"].case_id,
    )
    assert shown.status == "draft" and shown.store == "acme"
    assert "B0NEWLIST1" in shown.body.get("asins", [])


def test_an_amazon_reply_moves_its_case_to_needs_action(sessions, ctx):
    made = make_corpus_cases(sessions, ctx)
    _read_all(sessions, ctx, MailSource("file", store_id=1))
    shown = cases.show(sessions=sessions, now=later(201), ctx=ctx, case_id=made["D"])
    assert shown.status == "needs-action" and shown.amazon_label == "Answered"
