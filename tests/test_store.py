"""The store on SQLite and on a real PostgreSQL: moves with their audit rows in one
transaction, reference codes, recommendations, and a tamper-evident audit log."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, col, select

from panelclerk import boardfile
from panelclerk.application import (
    context,
    meetings,
    recommendations,
    referrals,
    screening,
    status,
)
from panelclerk.application import decision as decision_stage
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store import audit
from panelclerk.store.tables import AgendaItem, AuditEntry, Precis, Recommendation
from panelclerk.workflow.errors import MoveNotAllowed, NotPermitted, UnknownReferral, WorkflowError
from panelclerk.workflow.lifecycle import State

from .conftest import COMPLETE_FORM
from .mail import referral


def entries(app, reference=None):
    with app.uow() as uow:
        query = select(AuditEntry).order_by(col(AuditEntry.seq))
        if reference:
            query = query.where(AuditEntry.reference == reference)
        return [(e.action, e.source_state, e.target_state) for e in uow.session.exec(query)]


def test_migrations_build_exactly_the_tables_in_code(app):
    with app.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_the_child_key_migration_fingerprints_the_referrals_already_held(database_url, config):
    """0008 adds the index that finds a second referral of one child; a board upgrading with
    cases in its store must have them found too, not only those that arrive after."""
    import json

    import sqlalchemy as sa
    from alembic import command

    from panelclerk.store.engine import alembic_config, make_engine
    from panelclerk.workflow.forms import child_fingerprint

    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0007")
    form = {"child.name": "Zebedee Quillfeather", "child.date_of_birth": "02/05/2013"}
    with engine.begin() as db:
        db.execute(sa.text("INSERT INTO board (key, name, framework) VALUES ('b', 'b', 'f')"))
        db.execute(
            sa.text(
                "INSERT INTO referral (board_id, reference, state, received_on, form, missing, "
                "agencies_involved, version, created_at, updated_at) VALUES (1, 'SCR-2025-001', "
                "'declined', '2025-06-01', :form, '[]', '[]', 1, :at, :at)"
            ),
            {"form": json.dumps(form), "at": dt.datetime(2025, 6, 1, tzinfo=dt.UTC)},
        )
    command.upgrade(alembic_config(engine), "head")
    with engine.begin() as db:
        key = db.execute(sa.text("SELECT child_key FROM referral")).scalar_one()
    engine.dispose()
    assert key == child_fingerprint("QUILLFEATHER, Zebedee", "2 May 2013")


def test_complete_referral_goes_to_screening_with_its_audit_trail(app):
    receipt = referrals.receive_referral(app, dict(COMPLETE_FORM))
    assert receipt.reference == "SCR-2026-001"
    assert receipt.state == State.AWAITING_SCREENING and receipt.missing == ()
    assert receipt.referring_agency == "acute_trust"
    assert receipt.slot.meeting.date == dt.date(2026, 12, 8)
    assert entries(app, receipt.reference) == [
        ("receive", None, "received"),
        ("submit_for_screening", "received", "awaiting_screening"),
    ]


def test_reference_codes_count_up_per_year(app, clock):
    refs = [referrals.receive_referral(app, dict(COMPLETE_FORM)).reference for _ in range(3)]
    clock.to(dt.date(2027, 1, 4))
    refs.append(referrals.receive_referral(app, dict(COMPLETE_FORM)).reference)
    assert refs == ["SCR-2026-001", "SCR-2026-002", "SCR-2026-003", "SCR-2027-001"]


def test_incomplete_referral_lists_missing_fields_then_completes(app):
    form = {
        k: v
        for k, v in COMPLETE_FORM.items()
        if k not in ("child.legal_status", "concerns.interagency")
    }
    receipt = referrals.receive_referral(app, form)
    assert receipt.state == State.INCOMPLETE
    assert receipt.missing == ("child.legal_status", "concerns.interagency")
    again = referrals.add_information(app, receipt.reference, {"child.legal_status": "CIN"})
    assert again.state == State.INCOMPLETE and again.missing == ("concerns.interagency",)
    done = referrals.add_information(app, receipt.reference, {"concerns.interagency": "yes"})
    assert done.state == State.AWAITING_SCREENING


def test_a_refused_move_names_the_states_in_the_boards_words(clock, tmp_path):
    """North West calls the précis a significant practice event chronology: a refusal says
    so, not the code's own word for the state."""
    nw = boardfile.load_board(None, "north-west-2014")
    app = context.bootstrap(nw, f"sqlite:///{tmp_path / 'nw.db'}", clock)
    receipt = referrals.receive_referral(app, dict(COMPLETE_FORM))
    ref = receipt.reference
    referrals.add_information(app, ref, {field: "none" for field in receipt.missing})
    screening.place_on_agenda(app, ref, "chair")
    with pytest.raises(MoveNotAllowed) as refused:
        screening.place_on_agenda(app, ref, "chair")
    assert str(refused.value) == (
        f"{ref} is at the stage \u201csignificant practice event chronology requested\u201d, so "
        "you cannot put it on an agenda now: that can be done only at the stage \u201cawaiting "
        "screening\u201d or \u201cmore information asked for\u201d."
    )
    app.engine.dispose()


def test_a_refused_move_changes_nothing_and_writes_no_audit(app):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    before = entries(app)
    with pytest.raises(MoveNotAllowed):
        screening.move(app, ref, "record_notifications", "bm")
    with pytest.raises(NotPermitted):
        screening.move(app, ref, "decline", "bm", reason="not ours")
    with pytest.raises(UnknownReferral, match="SCR-2026-999"):
        screening.move(app, "scr-2026-999", "decline", "chair")
    assert entries(app) == before
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "awaiting_screening"


def test_a_crash_inside_the_transaction_rolls_back_state_and_audit(app, monkeypatch):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    before = entries(app)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AgendaItem, "__init__", boom)
    with pytest.raises(RuntimeError):
        screening.place_on_agenda(app, ref, "chair")
    assert entries(app) == before
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "awaiting_screening"


def walk_to_discussed(app, clock):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")  # and every agency asked for its précis
    with app.uow() as uow:
        asked = sorted(p.agency_key for p in uow.session.exec(select(Precis)))
    assert asked == ["acute_trust", "csc", "health", "police"]
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc", "police", "health", "acute_trust"])
    return ref


def test_recommendations_one_current_per_agency_members_only_count(app, clock):
    ref = walk_to_discussed(app, clock)
    recommendations.record_recommendation(app, ref, "csc_head", "scr")
    changed = recommendations.record_recommendation(app, ref, "csc_deputy", "multi_agency_review")
    assert changed.replaced == "scr"  # the deputy speaks for the same agency
    recommendations.record_recommendation(app, ref, "police_head", "scr")
    view = recommendations.record_recommendation(app, ref, "hospital_named_nurse", "no_review")
    assert not view.counts
    same = recommendations.record_recommendation(app, ref, "police_head", "scr")
    assert same.replaced is None
    counted, views = recommendations.tally(app, ref)
    assert counted == {"multi_agency_review": 1, "scr": 1}
    assert [v.agency_key for v in views] == ["acute_trust"]
    with app.uow() as uow:
        rows = uow.session.exec(select(Recommendation)).all()
        assert len(rows) == 4  # the replaced one is kept, marked not current
    actions = [a for a, *_ in entries(app, ref)]
    assert actions.count("record_recommendation") == 4
    with pytest.raises(NotPermitted):
        recommendations.record_recommendation(app, ref, "bm", "scr")
    with pytest.raises(WorkflowError, match="unknown recommendation 'scrr'"):
        recommendations.record_recommendation(app, ref, "police_head", "scrr")
    # found by the chat model: the Chair's own "recommendation" went on the thread as the
    # view of an agency called Independent
    with pytest.raises(WorkflowError, match="not the Independent Chair"):
        recommendations.record_recommendation(app, ref, "chair", "no_review")
    assert len(recommendations.tally(app, ref)[1]) == 1


def test_full_life_cycle_with_due_dates(app, clock):
    ref = walk_to_discussed(app, clock)
    screening.move(app, ref, "defer_decision", "system")
    row = status.pipeline(app)[0]
    assert (
        row.next_due.date == dt.date(2026, 12, 3)
        and row.next_due.what == "decision by the Independent Chair"
    )
    assert row.overdue(app.today())  # notified 3 Nov: one month ran out on 3 Dec
    clock.to(dt.date(2026, 12, 15))
    decision = decision_stage.record_decision(
        app, ref, "chair", review_type="scr", rationale="5(2)(b)(ii) met"
    )
    assert decision.decided_on == dt.date(2026, 12, 15)
    due = app.deadlines.for_referral(status.pipeline(app)[0] and _agg(app, ref), app.today())
    assert [(d.what, d.date) for d in due] == [
        ("decision email to the distribution list", dt.date(2026, 12, 15)),
        ("National SCR Panel notified", dt.date(2026, 12, 29)),
    ]
    screening.move(app, ref, "record_notifications", "system")
    screening.move(app, ref, "start_review", "bm")
    screening.move(app, ref, "complete_review", "bm")
    assert status.pipeline(app) == []
    assert status.pipeline(app, include_closed=True)[0].state == State.REVIEW_COMPLETE


def _agg(app, ref):
    with app.uow() as uow:
        return uow.referrals.aggregate(uow.referrals.row(ref, lock=False))


def test_audit_chain_verifies_and_detects_an_edit(app):
    for _ in range(3):
        referrals.receive_referral(app, dict(COMPLETE_FORM))
    with app.uow() as uow:
        assert audit.verify(uow.session).ok
        entry = uow.session.exec(select(AuditEntry).where(AuditEntry.seq == 3)).one()
        entry.actor = "someone-else"
        uow.session.add(entry)
        uow.commit()
    with app.uow() as uow:
        check = audit.verify(uow.session)
    assert not check.ok and check.broken_at == 3
    assert "changed after it was written" in check.reason


def test_an_audit_entry_edited_and_every_later_hash_recomputed_is_still_caught(app):
    """On both databases: the keyed hash fits the column, and without the key a rewrite
    re-chained with the hash anyone can compute breaks at the entry rewritten."""
    from .test_audit_key import rechain_unkeyed

    for _ in range(3):
        referrals.receive_referral(app, dict(COMPLETE_FORM))

    def forge(entry: AuditEntry) -> None:
        entry.actor = "someone-else"

    rechain_unkeyed(app, 3, forge)
    with app.uow() as uow:
        check = audit.verify(uow.session)
    assert not check.ok and check.broken_at == 3
    assert check.reason == "the entry is not keyed, though entries before it are"


def test_two_writers_never_both_apply_the_same_move(app):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def place():
        barrier.wait()
        try:
            screening.place_on_agenda(app, ref, "chair")
            outcomes.append("ok")
        except MoveNotAllowed:
            outcomes.append("refused")

    threads = [threading.Thread(target=place) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert [a for a, *_ in entries(app, ref)].count("place_on_agenda") == 1
    with app.uow() as uow:
        assert audit.verify(uow.session).ok


def test_agencies_named_in_a_form_are_matched_as_people_write_them(app):
    """A referrer from an address no agency owns writes its agency by hand: an abbreviation
    or a slip is still the board's agency, so the right précis are asked for."""
    form = {
        **COMPLETE_FORM,
        "referrer.email": "duty.manager@gmail.example",
        "referrer.agency": "Fenmarsh Constabularly",
        "agencies.involved": "Childrens Social Care; Fenmarsh Constabulary",
    }
    receipt = referrals.receive_referral(app, form, referrer_email="duty.manager@gmail.example")
    assert receipt.referring_agency == "police"
    with app.uow() as uow:
        row = uow.referrals.row(receipt.reference, lock=False)
    assert set(row.agencies_involved) >= {"csc", "police"}
    # Another area's force is not ours, though its name holds "police".
    other = referrals.receive_referral(
        app,
        {**form, "referrer.agency": "Police Scotland"},
        referrer_email="duty.manager@gmail.example",
    )
    assert other.referring_agency is None


def test_the_database_and_mail_files_are_their_owners_alone(config, clock, tmp_path, caplog):
    folder = tmp_path / "var" / "data"
    app = context.bootstrap(config, f"sqlite:///{folder / 'p.db'}", clock)
    referrals.receive_referral(app, dict(COMPLETE_FORM))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    for name in ("p.db", "p.db-wal", "p.db-shm"):  # SQLite gives its side files the db's mode
        assert oct((folder / name).stat().st_mode & 0o777) == "0o600", name
    app.engine.dispose()
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    box.transport().send(referral(), "a@b.example", ["c@d.example"])
    [delivered] = (tmp_path / "mb" / "new").iterdir()
    assert oct((tmp_path / "mb").stat().st_mode & 0o777) == "0o700"
    [written] = (tmp_path / "ob").glob("*.eml")
    for path in (delivered, written):
        assert oct(path.stat().st_mode & 0o777) == "0o600", path
    loose = tmp_path / "loose.db"
    loose.touch(mode=0o644)
    loose.chmod(0o644)
    context.bootstrap(config, f"sqlite:///{loose}", clock).engine.dispose()
    assert "can be read by every user of this machine (mode 644)" in caplog.text


def test_a_database_error_never_quotes_the_values_it_was_given(app):
    from sqlalchemy.exc import IntegrityError

    def entry() -> AuditEntry:
        return AuditEntry(
            seq=1,
            at=dt.datetime.now(dt.UTC),
            actor="Amelia Hartley",
            action="x",
            details={},
            prev_hash="0",
            hash="h",
        )

    with app.uow() as uow, pytest.raises(IntegrityError) as raised:
        uow.session.add(entry())
        uow.session.add(entry())  # the same seq twice
        uow.session.flush()
    assert "Amelia" not in str(raised.value) and "parameters hidden" in str(raised.value)


def test_the_pipeline_answers_while_mail_is_being_recorded(app):
    """A page that only reads is not queued behind a transaction that writes: on SQLite it
    once waited for the write lock (up to the 30 s busy timeout) while the mail loop
    recorded a message. The database refuses a write in a reading transaction."""
    referrals.receive_referral(app, COMPLETE_FORM)
    held, done = threading.Event(), threading.Event()

    def writer() -> None:
        with app.uow() as uow:
            uow.session.exec(text("UPDATE board SET name = name"))
            held.set()
            done.wait(10)

    recording = threading.Thread(target=writer)
    recording.start()
    try:
        assert held.wait(5)
        start = time.monotonic()
        [row] = status.pipeline(app)
        assert status.attention(app).quarantined == 0
        assert time.monotonic() - start < 2
        assert row.state == State.AWAITING_SCREENING
    finally:
        done.set()
        recording.join()
    with app.reading() as uow, pytest.raises(DBAPIError):
        uow.session.exec(text("UPDATE board SET name = name"))
    with app.uow() as uow:  # the connection back in the pool writes again
        uow.session.exec(text("UPDATE board SET name = name"))
        uow.commit()
