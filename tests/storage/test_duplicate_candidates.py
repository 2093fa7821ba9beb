"""The duplicate guard's trigram index: it holds exactly the open cases' subject trigrams
after every kind of change, and the candidates it yields never miss a very similar subject
(the same answer as comparing with every open case of the store)."""

from __future__ import annotations

from contextlib import suppress
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.orm import Session

from sellerdesk.core.cases.duplicates import SIMILAR_SUBJECT, set_similarity, shingles
from sellerdesk.core.cases.status import OPEN_STATUSES, STATUSES
from sellerdesk.services.cases import find_duplicates
from sellerdesk.storage import duplicate_candidates, duplicate_postings
from sellerdesk.storage.bulk import insert_rows, search_index_suspended
from sellerdesk.storage.tables import CaseRow, CaseSubjectShingleRow, StoreRow
from tests.storage.test_bulk import case_row, store_row
from tests.storage.tracker_rows import add_case, add_store

Posting = tuple[int, str, int, int]


def stored_postings(conn: Connection | Session) -> set[Posting]:
    t = CaseSubjectShingleRow
    rows = conn.execute(select(t.store_id, t.shingle, t.shingle_count, t.case_id))
    return {(s, g, n, c) for s, g, n, c in rows}


def expected_postings(conn: Connection | Session) -> set[Posting]:
    """What the index must hold: computed from the cases as they are now."""
    rows = conn.execute(select(CaseRow.id, CaseRow.store_id, CaseRow.subject, CaseRow.status))
    out: set[Posting] = set()
    for case_id, store_id, subject, status in rows:
        if status in OPEN_STATUSES:
            grams = shingles(subject)
            out |= {(store_id, g, len(grams), case_id) for g in grams}
    return out


def brute_force_scores(session: Session, store_id: int, subject: str) -> list[tuple[int, float]]:
    """(case id, Jaccard index) of every open case of the store at or above the threshold."""
    mine = shingles(subject)
    rows = session.execute(
        select(CaseRow.id, CaseRow.subject).where(
            CaseRow.store_id == store_id, CaseRow.status.in_(OPEN_STATUSES)
        )
    )
    scores = sorted((i, set_similarity(mine, shingles(s))) for i, s in rows)
    return [(i, score) for i, score in scores if score >= SIMILAR_SUBJECT]


def brute_force(session: Session, store_id: int, subject: str) -> list[int]:
    return [i for i, _ in brute_force_scores(session, store_id, subject)]


def scores_from_the_index(session: Session, store_id: int, subject: str) -> list[tuple[int, float]]:
    found = duplicate_candidates.similar_open_subjects(
        session, store_id=store_id, grams=shingles(subject), threshold=SIMILAR_SUBJECT
    )
    return [(m.case_id, m.score) for m in found]


def similar_found(session: Session, store_id: int, subject: str) -> list[int]:
    found = find_duplicates(session, store_id=store_id, subject=subject, pairs=())
    return [m.case_id for m in found]


def test_the_index_follows_subject_status_and_store_changes_made_through_the_orm(engine):
    with Session(engine) as session, session.begin():
        acme, zeta = add_store(session, "acme"), add_store(session, "zeta")
        draft = add_case(session, acme, "Listing suppressed 商品被抑制")
        closed = add_case(session, acme, "Refund missing", status="closed")
        assert stored_postings(session) == expected_postings(session)
        assert {p[3] for p in stored_postings(session)} == {draft.id}
        draft.subject = "Listing blocked"
        closed.status = "reopened"
        session.flush()
        assert stored_postings(session) == expected_postings(session)
        draft.status, closed.store_id = "merged", zeta.id
        session.flush()
        assert {(p[0], p[3]) for p in stored_postings(session)} == {(zeta.id, closed.id)}
        session.delete(closed)
        session.flush()
        assert stored_postings(session) == set()


def test_a_change_that_leaves_subject_status_and_store_alone_does_not_touch_the_index(engine):
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "Refund missing")
        before = stored_postings(session)
        case.assignee, case.priority = "li", "high"
        with patch.object(duplicate_postings, "index_case") as reindex:
            session.flush()
        reindex.assert_not_called()
        assert stored_postings(session) == before


def test_the_bulk_path_rebuilds_the_index_from_the_loaded_cases(engine):
    statuses = ["draft", "closed", "waiting-amazon", "merged", "reopened", "resolved"]
    with engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1), store_row(2)])
        with search_index_suspended(conn):
            insert_rows(
                conn,
                CaseRow.__table__,
                [
                    case_row(i, 1 + i % 2, f"Subject {i} 退款{i}", status=statuses[i % 6])
                    for i in range(1, 40)
                ],
            )
        assert stored_postings(conn) == expected_postings(conn) != set()


def test_a_near_duplicate_behind_five_thousand_newer_open_cases_is_still_found(engine):
    with engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        with search_index_suspended(conn):
            rows = [case_row(1, 1, "FBA shipment FBA15ABCD123 stuck in receiving")]
            rows += [case_row(i, 1, f"Unrelated issue number {i:05d}") for i in range(2, 5_200)]
            insert_rows(conn, CaseRow.__table__, rows)
    with Session(engine) as session:
        found = similar_found(session, 1, "FBA shipment FBA15ABCD123 stuck in receiving!")
        assert found == [1]


def test_sql_core_updates_that_bypass_the_orm_are_repaired_by_a_rebuild(engine):
    from sellerdesk.storage.duplicate_index import rebuild_duplicate_candidates

    with Session(engine) as session, session.begin():
        add_case(session, add_store(session), "Refund missing")
        session.execute(update(CaseRow).values(status="closed"))
        rebuild_duplicate_candidates(session.connection())
        assert stored_postings(session) == expected_postings(session) == set()


# -- the candidates are exact: property test against the brute-force comparison -------------

ALPHABET = "abcAB 退款到账-!"
words = st.text(alphabet=ALPHABET, min_size=0, max_size=16)


@st.composite
def near(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few edits, so that some stored subjects sit around the threshold."""
    text = list(base)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        match draw(st.sampled_from(["insert", "delete", "case", "repeat"])):
            case "insert":
                text.insert(at, draw(st.sampled_from(ALPHABET)))
            case "delete" if at < len(text):
                del text[at]
            case "case" if at < len(text):
                text[at] = text[at].swapcase()
            case "repeat":
                text.extend(text[:at])
    return "".join(text)


@st.composite
def stores_of_cases(draw: st.DrawFn) -> tuple[str, list[tuple[int, str, str]]]:
    query = draw(words)
    cases = draw(
        st.lists(
            st.tuples(
                st.sampled_from([1, 1, 1, 2]),
                st.one_of(near(query), words),
                st.sampled_from(STATUSES),
            ),
            max_size=25,
        )
    )
    return query, cases


def _load(session: Session, cases: list[tuple[int, str, str]]) -> None:
    stores = {1: add_store(session, "acme"), 2: add_store(session, "zeta")}
    for store, subject, status in cases:
        add_case(session, stores[store], subject, status=status)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=stores_of_cases(), rare_below=st.sampled_from([1, 2, 64]))
def test_similar_subjects_found_are_exactly_those_of_a_comparison_with_every_open_case(
    engine: Engine, data: tuple[str, list[tuple[int, str, str]]], rare_below: int
) -> None:
    query, cases = data
    session = Session(engine)
    try:
        session.begin()
        _load(session, cases)
        store_id = session.scalars(select(StoreRow.id).where(StoreRow.name == "acme")).one()
        with patch.object(duplicate_candidates, "RARE_BELOW", rare_below):
            assert similar_found(session, store_id, query) == brute_force(session, store_id, query)
            # the scores counted from the postings are the very floats a comparison gives
            expected = brute_force_scores(session, store_id, query)
            assert scores_from_the_index(session, store_id, query) == expected
        assert stored_postings(session) == expected_postings(session)
    finally:
        with suppress(Exception):
            session.rollback()
        session.close()


def test_the_bounds_keep_a_pair_exactly_at_the_threshold(engine):
    # "abcdef" and "abcdefg": 4 of 5 trigrams shared, Jaccard exactly 0.8
    assert set_similarity(shingles("abcdef"), shingles("abcdefg")) == SIMILAR_SUBJECT
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "abcdefg")
        assert similar_found(session, case.store_id, "abcdef") == [case.id]
        assert scores_from_the_index(session, case.store_id, "abcdef") == [(case.id, 0.8)]


def test_a_trigram_repeated_in_a_subject_counts_once_on_either_side(engine):
    # both are the set {abc, bca, cab}: Jaccard 1, however often the pattern repeats
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "ABCabcabcabc!")
        assert stored_postings(session) == expected_postings(session)
        assert len(stored_postings(session)) == 3
        assert scores_from_the_index(session, case.store_id, "abc abc") == []  # 1 of 6 shared
        assert scores_from_the_index(session, case.store_id, "abcabc") == [(case.id, 1.0)]


def test_the_migration_indexes_the_open_cases_already_stored(engine):
    from alembic import command
    from alembic.script import ScriptDirectory

    from sellerdesk.storage.migrate import alembic_config, upgrade

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    ours = next(r for r in script.walk_revisions() if r.path.endswith("_duplicate_candidates.py"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, str(ours.down_revision))  # the schema before this index
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        insert_rows(
            conn,
            CaseRow.__table__,
            [case_row(1, 1, "Refund missing 退款"), case_row(2, 1, "Closed", status="closed")],
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert stored_postings(conn) == expected_postings(conn)
        assert {p[3] for p in stored_postings(conn)} == {1}


def test_copying_a_store_rebuilds_the_index_instead_of_copying_it(
    engine, sqlite_template, tmp_path
):
    import shutil

    from sellerdesk.storage import transfer
    from sellerdesk.storage.engine import make_engine

    with Session(engine) as session, session.begin():
        store = add_store(session)
        add_case(session, store, "Listing suppressed 商品被抑制")
        add_case(session, store, "Refund missing", status="resolved")
    shutil.copy(sqlite_template, tmp_path / "copy.db")
    target = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    with engine.connect() as src, target.begin() as dst:
        copied = transfer.copy_tables(src, dst)
        assert "case_subject_shingles" not in copied
        assert stored_postings(dst) == expected_postings(dst) == stored_postings(src)
    target.dispose()
