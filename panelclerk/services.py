"""Application services: each command is one transaction that changes the store, writes its
audit entry and commits. Entry points (CLI, mailbox, chat) call these and turn domain errors
into their own answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Unpack

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from . import chatqueue, clock
from .nlp.fields import match_agency, parse_dates
from .store import audit
from .store.engine import make_engine, migrate
from .store.tables import Agency as AgencyRow
from .store.tables import AgendaItem, Document, OutboundMessage, Precis, Recommendation, SignOff
from .store.tables import Board as BoardRow
from .store.tables import Decision as DecisionRow
from .store.tables import Meeting as MeetingRow
from .store.tables import Person as PersonRow
from .store.tables import Referral as ReferralRow
from .store.uow import UnitOfWork
from .workflow.config import BoardConfig
from .workflow.deadlines import Deadlines, Due
from .workflow.distribution import agency_contacts
from .workflow.errors import MoveNotAllowed, NotPermitted, WorkflowError
from .workflow.forms import child_fingerprint, missing_fields, says_yes
from .workflow.lifecycle import DECIDERS, State
from .workflow.meetings import Slot
from .workflow.referral import Actor, Decision, Referral, Submission

MORE_INFORMATION = "more_information"


utcnow = clock.now  # the product's one clock (panelclerk.clock)


@dataclass
class App:
    """Everything a command needs, built once by bootstrap(); nothing is built at import."""

    config: BoardConfig
    engine: Engine
    clock: Callable[[], dt.datetime] = utcnow
    board_id: int = 0
    templates_dir: str | None = None  # the board's own templates, searched first
    deadlines: Deadlines = field(init=False)

    def __post_init__(self) -> None:
        self.deadlines = Deadlines(self.config)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def refresh_meetings(self) -> None:
        """The schedule with the meetings the Chair cancelled through the product as well as
        the config's: read again on each pass of the monitor, since another process (the
        command line) may have cancelled one since."""
        with self.uow() as uow:
            stored = uow.session.exec(
                select(col(MeetingRow.date)).where(MeetingRow.status == "cancelled")
            ).all()
        wanted = tuple(sorted(set(self.config.meetings.cancelled) | set(stored)))
        if wanted != self.deadlines.config.meetings.cancelled:
            rule = self.config.meetings.model_copy(update={"cancelled": wanted})
            self.deadlines = Deadlines(self.config.model_copy(update={"meetings": rule}))

    def today(self) -> dt.date:
        return self.local_date(self.clock())

    @staticmethod
    def local_date(at: dt.datetime) -> dt.date:
        """The calendar date in England of a moment: what every deadline counts from."""
        return at.astimezone(LONDON).date()

    def email(self, template: str, **context: Any) -> tuple[str, str, str]:
        """Subject, text and HTML of one email, with the board's words and its own templates."""
        from .intake.outbox import render_email

        config = self.config
        return render_email(
            template,
            override_dir=self.templates_dir,
            board=config.board,
            terms=config.terms,
            limits=config.time_limits,
            framework=config.framework,
            **context,
        )

    def queue_email(
        self,
        uow: UnitOfWork,
        template: str,
        *,
        kind: str,
        recipients: list[str],
        at: dt.datetime,
        referral_id: int | None = None,
        in_reply_to: str | None = None,
        attachments: Sequence[Document] = (),
        **context: Any,
    ) -> OutboundMessage:
        """One email from a template into the outbox, in the caller's transaction."""
        from .intake import outbox

        subject, text, html = self.email(template, **context)
        return outbox.queue(
            uow,
            self.config,
            kind=kind,
            recipients=recipients,
            subject=subject,
            text=text,
            html=html,
            referral_id=referral_id,
            in_reply_to=in_reply_to,
            attachments=attachments,
            at=at,
        )

    def actor(self, person_id: str) -> Actor:
        if person_id == "system":
            return Actor.system()
        if self.config.person(person_id) is None:
            raise WorkflowError(f"unknown person {person_id!r}: not in the board config")
        return Actor.of(self.config, person_id)


LONDON: dt.tzinfo = clock.LONDON


def bootstrap(
    config: BoardConfig,
    database_url: str,
    clock: Callable[[], dt.datetime] = utcnow,
    audit_key: audit.AuditKey | None = None,
    *,
    seal_unkeyed: bool = False,
) -> App:
    """The application on its database. The audit key is the one given, else the
    environment's (`audit.require_key`: none refuses before the database is touched); a key
    that is not the log's own, or an upgraded log not yet sealed under it, refuses too."""
    key = audit_key or audit.require_key()
    engine = make_engine(database_url)
    try:
        migrate(engine)
        audit.use_key(engine, key)
        with UnitOfWork(engine) as uow:
            if audit.open_with(uow.session, key, clock(), seal=seal_unkeyed):
                uow.commit()
    except BaseException:
        engine.dispose()
        raise
    app = App(config, engine, clock, templates_dir=config.board.templates_dir)
    sync_board(app)
    app.refresh_meetings()
    return app


def sync_board(app: App) -> None:
    """Mirror the config's board, agencies and people into the store (the config wins)."""
    config = app.config
    with app.uow() as uow:
        session = uow.session
        board = session.exec(select(BoardRow)).first()  # one board per database
        if board is None:
            board = BoardRow(
                key=config.reference_prefix.lower(),
                name=config.board.name,
                framework=config.framework.id,
            )
        board.name, board.framework = config.board.name, config.framework.id
        session.add(board)
        session.flush()
        assert board.id is not None
        agencies = {a.key: a for a in session.exec(select(AgencyRow))}
        for agency in config.agencies:
            row = agencies.get(agency.id) or AgencyRow(board_id=board.id, key=agency.id, name="")
            row.name, row.standing_member = agency.name, agency.standing_member
            session.add(row)
        people = {p.key: p for p in session.exec(select(PersonRow))}
        for person in config.people:
            prow = people.get(person.id) or PersonRow(
                board_id=board.id, key=person.id, name="", email=""
            )
            prow.name, prow.email, prow.agency_key = person.name, person.email, person.agency
            prow.roles = list(person.roles)
            session.add(prow)
        uow.commit()
    app.board_id = board.id


@contextmanager
def work(app: App, uow: UnitOfWork | None = None) -> Iterator[UnitOfWork]:
    """The caller's transaction when given (it commits), else a new one committed here."""
    if uow is not None:
        yield uow
        return
    with app.uow() as own:
        yield own
        own.commit()


# ---- receiving -------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    reference: str
    state: State
    missing: tuple[str, ...]
    slot: Slot
    referring_agency: str | None
    unreadable: dict[str, str] = field(default_factory=dict)  # field -> why it is not usable


def _agency_named(config: BoardConfig, text: Any) -> str | None:
    """The board agency a form names, abbreviations and near spellings included
    ("Fenmarsh Constabularly", "CSC")."""
    if not isinstance(text, str) or not text.strip():
        return None
    wanted = text.strip().lower()
    for agency in config.agencies:
        if wanted == agency.id:
            return agency.id
    return match_agency(text, config, mentions=False)


# The incident clock counts from this date: a value that cannot be read is asked for, not
# silently replaced by the day the referral arrived (which would move every deadline later).
CLOCK_DATES = ("incident.notified_date",)


def _read_date(value: Any, written_on: dt.date) -> dt.date | None:
    """A date as people write it: ISO or day-first, "3rd March 2026", or relative to the day
    it was written ("last Tuesday", "yesterday"). None unless exactly one date is given."""
    strict = _as_date(value)
    if strict is not None or not isinstance(value, str):
        return strict
    found = {d.date for d in parse_dates(value, written_on)}
    return found.pop() if len(found) == 1 else None


def _unreadable(form: dict[str, Any], received_on: dt.date, written_on: dt.date) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in CLOCK_DATES:
        value = form.get(name)
        if missing_fields({name: value}, (name,)):
            continue
        day = _read_date(value, written_on)
        shown = " ".join(str(value).split())[:60]
        if day is None:
            out[name] = f"we could not read \u201c{shown}\u201d as one date"
        elif day > received_on:
            out[name] = f"{day:%d %B %Y} is after the referral arrived"
    return out


def _form_missing(
    form: dict[str, Any], config: BoardConfig, received_on: dt.date, written_on: dt.date
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The required fields still wanting a usable value, and why each unusable one is not."""
    unreadable = _unreadable(form, received_on, written_on)
    missing = missing_fields(form, config.form.required)
    extra = tuple(n for n in unreadable if n in config.form.required and n not in missing)
    return missing + extra, unreadable


def transition(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    move: str,
    actor: Actor,
    at: dt.datetime,
    **details: Any,
) -> None:
    """Apply a move, save it, audit it and queue the chat message it causes: one transaction."""
    try:
        event = referral.apply(move, actor, at, **details)
    except MoveNotAllowed as exc:
        raise exc.in_words(app.config.state_label) from None
    uow.referrals.save(row, referral, at)
    audit.append(
        uow.session,
        at=at,
        actor=actor.id,
        action=move,
        reference=referral.reference,
        source=event.source.value,
        target=event.target.value,
        details={k: v for k, v in details.items() if k != "decision"},
    )
    chatqueue.after_move(uow.session, app.config, move, row.id, at)
    kind = REMINDERS_OF.get(event.source)
    if kind and event.target not in (event.source, State.MORE_INFO_REQUESTED):
        withdraw_reminders(uow, row, kind, at, why=move)


# The reminders a referral gets while it waits in a state. One still queued when the
# referral moves on (the decision recorded, the meeting held) would ask someone for what is
# done, so it is withdrawn instead of sent; a pause for more information keeps them.
REMINDERS_OF = {
    State.DISCUSSED: "reminder:",
    State.DECISION_PENDING: "reminder:",
    State.PRECIS_REQUESTED: "precis_reminder",
}


def withdraw_reminders(
    uow: UnitOfWork,
    row: ReferralRow | None,
    kind: str,
    at: dt.datetime,
    *,
    why: str,
    recipients: Sequence[str] | None = None,
) -> int:
    """Withdraw the reminders whose kind starts with `kind` still queued for a referral (or,
    with no referral, for none: a meeting's minutes), only those to exactly `recipients`
    when given; audited. Returns how many emails and chat posts it stopped."""
    from .store.tables import ChatMessage

    which = (
        OutboundMessage.referral_id == row.id
        if row is not None
        else col(OutboundMessage.referral_id).is_(None)
    )
    emails = [
        m
        for m in uow.session.exec(
            select(OutboundMessage).where(
                which,
                OutboundMessage.status == "queued",
                col(OutboundMessage.kind).startswith(kind),
            )
        )
        if recipients is None or set(m.recipients) == set(recipients)
    ]
    posts = (
        list(
            uow.session.exec(
                select(ChatMessage).where(
                    ChatMessage.referral_id == row.id,
                    ChatMessage.status == "queued",
                    ChatMessage.kind == "reminder",
                )
            )
        )
        if row is not None and kind == "reminder:"
        else []
    )
    for item in (*emails, *posts):
        item.status = "withdrawn"
        uow.session.add(item)
    if emails or posts:
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="withdraw_reminders",
            reference=row.reference if row else None,
            details={"kind": kind, "emails": len(emails), "chat": len(posts), "after": why},
        )
    return len(emails) + len(posts)


def receive_referral(
    app: App,
    form: dict[str, Any],
    *,
    referrer_email: str | None = None,
    received_at: dt.datetime | None = None,
    written_on: dt.date | None = None,
    source: str = "manual",
    uow: UnitOfWork | None = None,
) -> Receipt:
    """A new referral arrives: give it a reference, check its form, route it (4.1).
    `written_on`: the day the sender wrote it (the email's date), for "last Tuesday"."""
    config = app.config
    at = received_at or app.clock()
    received_on = app.local_date(at)
    written_on = min(written_on or received_on, received_on)
    email = referrer_email or form.get("referrer.email")
    agency = None
    if isinstance(email, str):
        found = config.agency_for_email(email)
        agency = found.id if found else None
    agency = agency or _agency_named(config, form.get("referrer.agency"))
    involved = [
        a for a in (_agency_named(config, x) for x in _as_list(form.get("agencies.involved"))) if a
    ]
    missing, unreadable = _form_missing(form, config, received_on, written_on)
    with work(app, uow) as uow:
        reference = uow.referrals.next_reference(config.reference_prefix, received_on.year)
        notified = (
            None
            if unreadable.get("incident.notified_date")
            else _read_date(form.get("incident.notified_date"), written_on)
        )
        row = ReferralRow(
            board_id=app.board_id,
            reference=reference,
            state=State.RECEIVED.value,
            received_on=received_on,
            notified_on=notified,
            referring_agency=agency,
            referrer_email=email if isinstance(email, str) else None,
            form=_jsonable(form),
            missing=list(missing),
            agencies_involved=involved,
            child_key=child_fingerprint(form.get("child.name"), form.get("child.date_of_birth")),
            created_at=at,
            updated_at=at,
        )
        uow.session.add(row)
        uow.session.flush()
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="receive",
            reference=reference,
            target=State.RECEIVED.value,
            details={"source": source, "agency": agency, "missing": list(missing)},
        )
        _note_same_child(app, uow, row, at)
        referral = uow.referrals.aggregate(row)
        move = "mark_incomplete" if missing else "submit_for_screening"
        transition(app, uow, row, referral, move, Actor.system(), at)
    return Receipt(
        reference,
        referral.state,
        missing,
        app.deadlines.slot(received_on, notified, app.today()),
        agency,
        unreadable,
    )


SAME_CHILD = "_same_child_as"  # kept on the form, so anonymisation clears it with the names


def _same_child(uow: UnitOfWork, row: ReferralRow) -> list[str]:
    """Earlier referrals of the last two years that seem to be about the same child: two
    agencies referring one death is common, and two references would split the case."""
    if row.child_key is None:
        return []
    since = row.received_on - dt.timedelta(days=730)
    return sorted(
        uow.session.exec(
            select(col(ReferralRow.reference)).where(
                ReferralRow.child_key == row.child_key,
                ReferralRow.id != row.id,
                col(ReferralRow.received_on) >= since,
            )
        ).all()
    )


def _note_same_child(app: App, uow: UnitOfWork, row: ReferralRow, at: dt.datetime) -> None:
    """Point a possible second referral of one child out to the Business Manager (chat) and
    the Chair (its card), by reference codes alone; audited. Said once for each pair."""
    told = set(row.form.get(SAME_CHILD) or ())
    same = [r for r in _same_child(uow, row) if r not in told]
    if not same:
        return
    row.form = {**row.form, SAME_CHILD: sorted(told | set(same))}
    uow.session.add(row)
    audit.append(
        uow.session,
        at=at,
        actor="system",
        action="possible_same_child",
        reference=row.reference,
        details={"others": same},
    )
    chatqueue.tell_business_manager(
        uow.session,
        app.config,
        at,
        f"{row.reference} may be about the same child as {', '.join(same)} (the same name "
        "and date of birth on the form). If it is, the Chair can decline one with a reason "
        "naming the other; the Chair's card shows both.",
        referral_id=row.id,
    )


def add_information(
    app: App,
    reference: str,
    fields: dict[str, Any],
    *,
    actor_id: str = "system",
    at: dt.datetime | None = None,
    written_on: dt.date | None = None,
    uow: UnitOfWork | None = None,
) -> Receipt:
    """More of the form arrives (an incomplete referral, or information the Chair asked for)."""
    config, at = app.config, at or app.clock()
    written_on = min(written_on or app.local_date(at), app.local_date(at))
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        form = dict(row.form)
        form.update(_jsonable(fields))
        row.form = form
        key = child_fingerprint(form.get("child.name"), form.get("child.date_of_birth"))
        if key != row.child_key:  # a name or date of birth given or corrected
            row.child_key = key
            _note_same_child(app, uow, row, at)
        involved = {
            a
            for a in (_agency_named(config, x) for x in _as_list(form.get("agencies.involved")))
            if a
        }
        row.agencies_involved = sorted(involved | set(row.agencies_involved))
        missing, unreadable = _form_missing(form, config, row.received_on, written_on)
        row.missing = list(missing)
        details: dict[str, Any] = {"fields": sorted(fields)}
        if not unreadable.get("incident.notified_date"):
            # The latest word wins: a corrected notification date moves the clock, audited.
            notified = _read_date(form.get("incident.notified_date"), written_on)
            if notified is not None and notified != row.notified_on:
                if row.notified_on is not None:
                    details["notified_on"] = [row.notified_on.isoformat(), notified.isoformat()]
                row.notified_on = notified
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="add_information",
            reference=row.reference,
            details=details,
        )
        actor = app.actor(actor_id)
        if referral.state in (State.RECEIVED, State.INCOMPLETE):
            move = "mark_incomplete" if missing else "submit_for_screening"
            if not (move == "mark_incomplete" and referral.state == State.INCOMPLETE):
                transition(app, uow, row, referral, move, actor, at)
        elif referral.state == State.MORE_INFO_REQUESTED:
            transition(app, uow, row, referral, "receive_more_info", actor, at)
        else:
            uow.referrals.save(row, referral, at)
    return Receipt(
        row.reference,
        referral.state,
        missing,
        app.deadlines.slot(row.received_on, row.notified_on, app.today()),
        row.referring_agency,
        unreadable,
    )


# ---- moves -----------------------------------------------------------------------------


def move(
    app: App,
    reference: str,
    move_name: str,
    actor_id: str,
    *,
    uow: UnitOfWork | None = None,
    **details: Any,
) -> Referral:
    """Any move with no rows of its own beyond the referral (request_more_info...)."""
    if move_name == "decline":
        return decline(app, reference, actor_id, str(details.get("reason") or ""), uow=uow)
    if move_name == "complete_review":
        with work(app, uow) as uow:
            return review_step(app, uow, reference, move_name, actor_id, details.get("on"))[1]
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(app, uow, row, referral, move_name, app.actor(actor_id), at, **details)
    return referral


def review_step(
    app: App,
    uow: UnitOfWork,
    reference: str,
    move_name: str,
    actor_id: str,
    on: dt.date | None = None,
) -> tuple[ReferralRow, Referral]:
    """A review begun or completed, on the day it was (7.6 measures both from the decision):
    the Business Manager often records it days later. The day is kept in the audit row."""
    today = app.today()
    on = on or today
    row, referral = uow.referrals.get(reference)
    decided = referral.decision.decided_on if referral.decision else None
    if on > today or (decided is not None and on < decided):
        after = f"the decision ({decided:%d %b %Y})" if decided else "the decision"
        raise WorkflowError(
            f"{row.reference}: the review cannot have been "
            f"{'begun' if move_name == 'start_review' else 'completed'} on {on:%d %b %Y}: "
            f"give a day between {after} and today"
        )
    transition(
        app, uow, row, referral, move_name, app.actor(actor_id), app.clock(), on=on.isoformat()
    )
    return row, referral


def decline(
    app: App, reference: str, actor_id: str, reason: str, *, uow: UnitOfWork | None = None
) -> Referral:
    """The decision maker screens a referral out (4.1). The reason is kept with the case (so
    that it goes when the case is anonymised; the audit log is kept whole, so it holds no
    free text) and goes to the referrer, who would otherwise never hear."""
    config, at = app.config, app.clock()
    reason = reason.strip()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(app, uow, row, referral, "decline", app.actor(actor_id), at)
        if not reason:
            raise WorkflowError(
                f"{row.reference}: give the reason for declining; the referrer is told it"
            )
        row.form = {
            **row.form,
            "_declined": {"reason": reason, "by": actor_id, "on": app.today().isoformat()},
        }
        uow.session.add(row)
        if row.referrer_email:
            app.queue_email(
                uow,
                "email/declined.txt.j2",
                kind="declined",
                recipients=[row.referrer_email],
                referral_id=row.id,
                at=at,
                reference=row.reference,
                reason=reason,
            )
        else:
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"{row.reference} was declined, and it has no referrer email: please tell "
                "the referrer by hand.",
                referral_id=row.id,
            )
    return referral


def meeting_row(uow: UnitOfWork, board_id: int, day: dt.date) -> MeetingRow:
    """The stored row of a scheduled meeting, made on first use (agenda status lives there)."""
    found = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
    if found is None:
        found = MeetingRow(board_id=board_id, date=day)
        uow.session.add(found)
        uow.session.flush()
    return found


def _meeting_to_be(app: App, day: dt.date) -> None:
    """A meeting a referral may be put on: one on the schedule, or, when the clock is the
    incident, one convened for the case on any working day."""
    if app.deadlines.incident_clock:
        if not app.deadlines.calendar.is_working_day(day):
            raise WorkflowError(f"{day:%d %b %Y} is not a working day")
    elif app.deadlines.schedule.find(day) is None:
        raise WorkflowError(f"{day:%d %b %Y} is not a scheduled meeting")


def place_on_agenda(
    app: App,
    reference: str,
    actor_id: str,
    meeting_date: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Referral:
    """The decision maker puts the referral on a meeting's agenda: the next it can make."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        if meeting_date is None:
            meeting_date = app.deadlines.slot(app.today(), row.notified_on).meeting.date
        else:
            _meeting_to_be(app, meeting_date)
        transition(
            app,
            uow,
            row,
            referral,
            "place_on_agenda",
            app.actor(actor_id),
            at,
            meeting_date=meeting_date,
        )
        meeting = meeting_row(uow, row.board_id, meeting_date)
        assert meeting.id is not None and row.id is not None
        uow.session.add(AgendaItem(meeting_id=meeting.id, referral_id=row.id, added_at=at))
    return referral


def reschedule(
    app: App,
    reference: str,
    actor_id: str,
    meeting_date: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> dt.date:
    """The referral moves to another meeting (the next after its own, unless one is named):
    its agenda item goes with it, and each agency whose précis is still awaited is asked
    again for the new date (a reminder still queued for the old one is withdrawn)."""
    at, today = app.clock(), app.today()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        was = row.meeting_date
        if meeting_date is None:
            after = max(today, was or today)
            later = [m.date for m in app.deadlines.schedule.year_ahead(after) if m.date > after]
            if not later:
                raise WorkflowError(f"{row.reference}: no later meeting is planned")
            meeting_date = later[0]
        elif meeting_date <= today or meeting_date == was:
            raise WorkflowError(
                f"{row.reference}: move it to a meeting after today, other than its own"
            )
        else:
            _meeting_to_be(app, meeting_date)
        transition(
            app, uow, row, referral, "reschedule", app.actor(actor_id), at,
            meeting_date=meeting_date,
        )  # fmt: skip
        meeting = meeting_row(uow, row.board_id, meeting_date)
        assert meeting.id is not None and row.id is not None
        for item in uow.session.exec(
            select(AgendaItem).where(AgendaItem.referral_id == row.id)
        ).all():
            item.meeting_id = meeting.id
            uow.session.add(item)
        withdraw_reminders(uow, row, "precis_reminder", at, why="reschedule")
        info = app.deadlines.meeting(meeting_date)
        for precis in uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, col(Precis.received_at).is_(None))
        ).all():
            precis.reminded_at = None  # the new meeting's reminder is still to come
            uow.session.add(precis)
            _queue_precis_email(
                app, uow, row, precis.agency_key, info, at, reminder=False, moved_from=was
            )
    return meeting_date


def request_precis(
    app: App, reference: str, actor_id: str = "system", *, uow: UnitOfWork | None = None
) -> list[str]:
    """Each involved agency is asked for a brief précis (4.2); returns the agencies asked."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        agencies = sorted(
            {*row.agencies_involved, *([row.referring_agency] if row.referring_agency else [])}
        )
        transition(
            app, uow, row, referral, "request_precis", app.actor(actor_id), at, agencies=agencies
        )
        assert row.id is not None
        meeting = app.deadlines.meeting(referral.meeting_date or app.today())
        for agency in agencies:
            uow.session.add(Precis(referral_id=row.id, agency_key=agency, requested_at=at))
            _queue_precis_email(app, uow, row, agency, meeting, at, reminder=False)
    return agencies


def _queue_precis_email(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    agency_id: str,
    meeting: Any,
    at: dt.datetime,
    *,
    reminder: bool,
    moved_from: dt.date | None = None,
) -> bool:
    config = app.config
    recipients = agency_contacts(config, agency_id)
    agency = config.agency(agency_id)
    if not recipients or agency is None:
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="precis_no_contact",
            reference=row.reference,
            details={"agency": agency_id},
        )
        return False
    app.queue_email(
        uow,
        "email/precis_request.txt.j2",
        kind="precis_reminder" if reminder else "precis_request",
        recipients=recipients,
        referral_id=row.id,
        at=at,
        reference=row.reference,
        agency_name=agency.name,
        meeting=meeting,
        reminder=reminder,
        moved_from=moved_from,
    )
    return True


def send_precis_reminders(app: App) -> list[tuple[str, str]]:
    """Remind agencies whose précis is outstanding once the reminder date has come."""
    today, at, sent = app.today(), app.clock(), []
    with work(app) as uow:
        waiting = uow.session.exec(
            select(Precis, ReferralRow).where(
                Precis.referral_id == ReferralRow.id,
                col(Precis.received_at).is_(None),
                col(Precis.reminded_at).is_(None),
            )
        ).all()
        for precis, row in waiting:
            if row.meeting_date is None or State(row.state) != State.PRECIS_REQUESTED:
                continue
            meeting = app.deadlines.meeting(row.meeting_date)
            if today < meeting.precis_reminder:
                continue
            if _queue_precis_email(app, uow, row, precis.agency_key, meeting, at, reminder=True):
                precis.reminded_at = at
                uow.session.add(precis)
                audit.append(
                    uow.session,
                    at=at,
                    actor="system",
                    action="precis_reminder",
                    reference=row.reference,
                    details={"agency": precis.agency_key},
                )
                sent.append((row.reference, precis.agency_key))
    return sent


def record_panel_notification(app: App, reference: str, actor_id: str, on: dt.date) -> None:
    """The local authority has notified the National Panel (and Ofsted) of the serious
    incident, so the notification is no longer due. It is kept on the form, where the
    referrer may already have said so ("National Panel notified: yes")."""
    config = app.config
    if not config.roles_of(actor_id) & {"business_manager", "decision_maker"}:
        raise NotPermitted(
            reference.upper(),
            "record_panel_notification",
            actor_id,
            ("business_manager", "decision_maker"),
            config.role_titles,
        )
    if on > app.today():
        raise WorkflowError(
            f"{reference.upper()}: {on:%d %b %Y} is in the future; record the notification "
            "once it has been sent"
        )
    with work(app) as uow:
        row = uow.referrals.row(reference)
        before = row.form.get("notification.panel_notified")
        row.form = {**row.form, "notification.panel_notified": f"yes, {on:%d/%m/%Y}"}
        uow.session.add(row)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="record_panel_notification",
            reference=row.reference,
            details={"on": on.isoformat(), "said_before": says_yes(before)},
        )


def record_precis(
    app: App,
    reference: str,
    agency: str,
    text: str,
    *,
    author_email: str,
    original: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    at = app.clock()
    with work(app, uow) as uow:
        row = uow.referrals.row(reference)
        found = uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency)
        ).first()
        if found is None:
            raise WorkflowError(
                f"{row.reference}: no {app.config.terms.precis} was asked of {agency!r}"
            )
        replaced = found.received_at is not None
        found.text, found.original = text, original or text
        found.received_at, found.author_email = at, author_email
        uow.session.add(found)
        audit.append(
            uow.session,
            at=at,
            actor=author_email,
            action="record_precis",
            reference=row.reference,
            details={"agency": agency, "replaced": replaced},
        )
        chatqueue.queue(uow.session, app.config, "thread_update", at, referral_id=row.id)
        withdraw_reminders(
            uow,
            row,
            "precis_reminder",
            at,
            why="record_precis",
            recipients=agency_contacts(app.config, agency),
        )


def record_discussion(
    app: App,
    reference: str,
    actor_id: str,
    attended: Iterable[str],
    *,
    uow: UnitOfWork | None = None,
) -> None:
    at = app.clock()
    attended = _known_agencies(app.config, attended)
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(
            app, uow, row, referral, "record_discussion", app.actor(actor_id), at, attended=attended
        )
        assert referral.meeting_date is not None
        _held(uow, meeting_row(uow, row.board_id, referral.meeting_date), attended)


def _known_agencies(config: BoardConfig, attended: Iterable[str]) -> list[str]:
    attended = sorted(set(attended))
    unknown = [a for a in attended if config.agency(a) is None]
    if unknown:
        known = ", ".join(a.id for a in config.agencies)
        raise WorkflowError(
            f"unknown agencies in the attendance: {', '.join(unknown)} (the board's: {known})"
        )
    return attended


def _held(uow: UnitOfWork, meeting: MeetingRow, attended: Iterable[str]) -> list[str]:
    """The meeting is on record as held, its attendance added to; who is new to it."""
    added = sorted(set(attended) - set(meeting.attended_agencies))
    meeting.status = "held"
    meeting.attended_agencies = sorted(set(meeting.attended_agencies) | set(attended))
    uow.session.add(meeting)
    return added


def record_meeting(
    app: App, day: dt.date, actor_id: str, attended: Iterable[str]
) -> tuple[str, ...]:
    """The Business Manager records that a meeting took place and who attended (7.6): a
    meeting whose business was action plans or other items, with no referral discussed,
    is on record too, and its minutes fall due. Attendance adds to what the discussions
    recorded; it returns the agencies on record for the meeting."""
    config, at = app.config, app.clock()
    config.business_manager(actor_id, "record a meeting's attendance")
    attended = _known_agencies(config, attended)
    if not attended:
        raise WorkflowError("name at least one agency that attended")
    if day > app.today():
        raise WorkflowError(f"the meeting of {day:%d %b %Y} has not happened yet")
    if not app.deadlines.incident_clock and app.deadlines.schedule.find(day) is None:
        raise WorkflowError(
            f"no {config.terms.group} meeting is scheduled on {day:%a %d %b %Y}: see "
            "`panelclerk meetings`, or add the date to meetings.extra in the board config"
        )
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, day)
        added = _held(uow, meeting, attended)
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="record_meeting",
            details={"meeting": day.isoformat(), "attended": added},
        )
        return tuple(meeting.attended_agencies)


@dataclass(frozen=True)
class RecommendationResult:
    reference: str
    agency: str
    review_type: str
    counts: bool
    replaced: str | None


def record_recommendation(
    app: App,
    reference: str,
    person_id: str,
    review_type: str,
    *,
    methodology: str | None = None,
    text: str | None = None,
    uow: UnitOfWork | None = None,
) -> RecommendationResult:
    """One current recommendation per agency (4.3); only sub-group members count (6.3)."""
    config, at = app.config, app.clock()
    person = config.person(person_id)
    if person is None or person.agency is None:
        raise NotPermitted(
            reference,
            "record_recommendation",
            person_id,
            ("agency_representative",),
        )
    if "chair" in person.roles:  # independent of every agency, and the one who weighs them
        raise WorkflowError(
            f"{reference.upper()}: recommendations come from the agencies' representatives, "
            "not the Independent Chair"
        )
    if review_type != MORE_INFORMATION and config.review_type(review_type) is None:
        choices = ", ".join([r.id for r in config.review_types] + [MORE_INFORMATION])
        raise WorkflowError(f"unknown recommendation {review_type!r}; choose one of: {choices}")
    counts = bool({"member", "deputy", "partner"} & set(person.roles))
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        if referral.state not in (State.DISCUSSED, State.DECISION_PENDING):
            raise WorkflowError(
                f"{row.reference}: recommendations are taken after the meeting "
                f"discussed it; it is {app.config.state_label(referral.state)}"
            )
        previous = uow.session.exec(
            select(Recommendation).where(
                Recommendation.referral_id == row.id,
                Recommendation.agency_key == person.agency,
                col(Recommendation.current).is_(True),
            )
        ).first()
        replaced = None
        if previous is not None:
            if (previous.review_type, previous.methodology) == (review_type, methodology):
                return RecommendationResult(row.reference, person.agency, review_type, counts, None)
            previous.current = False
            replaced = previous.review_type
            uow.session.add(previous)
        assert row.id is not None
        uow.session.add(
            Recommendation(
                referral_id=row.id,
                agency_key=person.agency,
                person_key=person.id,
                review_type=review_type,
                methodology=methodology,
                counts=counts,
                text=text,
                recorded_at=at,
            )
        )
        audit.append(
            uow.session,
            at=at,
            actor=person.id,
            action="record_recommendation",
            reference=row.reference,
            details={
                "agency": person.agency,
                "review_type": review_type,
                "methodology": methodology,
                "counts": counts,
                "replaced": replaced,
            },
        )
        chatqueue.queue(uow.session, app.config, "thread_update", at, referral_id=row.id)
    return RecommendationResult(row.reference, person.agency, review_type, counts, replaced)


def tally(app: App, reference: str) -> tuple[Counter[str], list[Recommendation]]:
    """Members' current recommendations counted by review type, and invited agencies' views."""
    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        current = list(
            uow.session.exec(
                select(Recommendation).where(
                    Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
                )
            )
        )
        counted = Counter(r.review_type for r in current if r.counts)
        views = [r for r in current if not r.counts]
    return counted, views


def record_decision(
    app: App,
    reference: str,
    actor_id: str,
    *,
    uow: UnitOfWork | None = None,
    **submission: Unpack[Submission],
) -> Decision:
    """The decision maker records the decision (4.4-4.6); only the configured Chair may."""
    at = app.clock()
    actor = app.actor(actor_id)
    if not actor.roles & set(DECIDERS):  # refuse before looking at what was submitted
        raise NotPermitted(reference.upper(), "record_decision", actor_id, DECIDERS, actor.titles)
    if app.config.framework.decision_makers == "partners":
        raise WorkflowError(
            f"the {app.config.terms.decision_maker} decide jointly: each signs "
            "off (services.decide), and the decision is made when all agree"
        )
    decision = Decision.make(app.config, decided_on=app.today(), decided_by=actor_id, **submission)
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        _apply_decision(app, uow, row, referral, actor, decision, at)
    return decision


def _apply_decision(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    actor: Actor,
    decision: Decision,
    at: dt.datetime,
    **details: Any,
) -> None:
    """The move to decided and the decision's row, in the caller's transaction."""
    transition(
        app,
        uow,
        row,
        referral,
        "record_decision",
        actor,
        at,
        decision=decision,
        review_type=decision.review_type,
        methodology=decision.methodology,
        **details,
    )
    assert row.id is not None
    uow.session.add(
        DecisionRow(
            referral_id=row.id,
            review_type=decision.review_type,
            kind=decision.kind,
            methodology=decision.methodology,
            rationale=decision.rationale,
            decided_on=decision.decided_on,
            decided_by=decision.decided_by,
            lead_reviewer=decision.lead_reviewer,
            recorded_at=at,
        )
    )


@dataclass(frozen=True)
class Decided:
    """What a decision submission did: the decision when made, else who is still to agree."""

    reference: str
    decision: Decision | None
    waiting: tuple[str, ...] = ()
    disagreeing: tuple[str, ...] = ()


def decide(app: App, reference: str, actor_id: str, **submission: Unpack[Submission]) -> Decided:
    """The decision maker's submission: the Chair decides alone; the safeguarding partners
    each sign off, and the decision is made when all of them agree (Working Together 2023)."""
    if app.config.framework.decision_makers != "partners":
        decision = record_decision(app, reference, actor_id, **submission)
        return Decided(reference.upper(), decision)
    return sign_off(app, reference, actor_id, **submission)


def sign_off(app: App, reference: str, actor_id: str, **submission: Unpack[Submission]) -> Decided:
    config, at = app.config, app.clock()
    actor = app.actor(actor_id)
    if "decision_maker" not in actor.roles:
        raise NotPermitted(
            reference.upper(), "sign_off", actor_id, ("partner",), config.role_titles
        )
    # Checks the content; the decision itself is made when every partner agrees.
    Decision.make(config, decided_on=app.today(), decided_by=actor_id, **submission)
    review_type, rationale = submission["review_type"], submission["rationale"]
    methodology = submission.get("methodology")
    lead_reviewer = submission.get("lead_reviewer")
    partners = config.deciders
    with work(app) as uow:
        row, referral = uow.referrals.get(reference)
        if referral.state not in (State.DISCUSSED, State.DECISION_PENDING):
            raise WorkflowError(
                f"{row.reference}: the {config.terms.decision_maker} sign off "
                f"after the {config.terms.group} met; it is "
                f"{config.state_label(referral.state)}"
            )
        assert row.id is not None
        current = {
            s.person_key: s
            for s in uow.session.exec(
                select(SignOff).where(SignOff.referral_id == row.id, col(SignOff.current).is_(True))
            )
        }
        mine = current.get(actor_id)
        if mine is None or (mine.review_type, mine.methodology) != (review_type, methodology):
            if mine is not None:
                mine.current = False
                uow.session.add(mine)
            mine = SignOff(
                referral_id=row.id,
                person_key=actor_id,
                review_type=review_type,
                methodology=methodology or None,
                rationale=rationale.strip(),
                lead_reviewer=lead_reviewer or None,
                recorded_at=at,
            )
            uow.session.add(mine)
            current[actor_id] = mine
            audit.append(
                uow.session,
                at=at,
                actor=actor_id,
                action="sign_off",
                reference=row.reference,
                details={"review_type": review_type, "methodology": methodology},
            )
            chatqueue.queue(uow.session, config, "thread_update", at, referral_id=row.id)
        waiting = tuple(p.name for p in partners if p.id not in current)
        choices = {(s.review_type, s.methodology) for s in current.values()}
        disagreeing = tuple(
            p.name
            for p in partners
            if p.id in current
            and (current[p.id].review_type, current[p.id].methodology) != (review_type, methodology)
        )
        if waiting or len(choices) > 1:
            return Decided(row.reference, None, waiting, disagreeing)
        joint = _joint_rationale([(p.name, current[p.id].rationale) for p in partners])
        reviewer = next((s.lead_reviewer for s in current.values() if s.lead_reviewer), None)
        decision = Decision.make(
            config,
            review_type=review_type,
            rationale=joint,
            decided_on=app.today(),
            decided_by="partners",
            methodology=methodology,
            lead_reviewer=reviewer,
        )
        _apply_decision(
            app, uow, row, referral, actor, decision, at, jointly=[p.id for p in partners]
        )
    return Decided(row.reference, decision)


def _joint_rationale(given: Sequence[tuple[str, str]]) -> str:
    """The partners' reasons, one line each in the board's order of partners; partners who
    gave the same reason share its line, so the decision email does not say it three times."""
    said: dict[str, list[str]] = {}
    for name, rationale in given:
        said.setdefault(" ".join(rationale.split()), []).append(name)
    return "\n".join(
        f"{', '.join(names[:-1])} and {names[-1]}: {text}"
        if len(names) > 1
        else f"{names[0]}: {text}"
        for text, names in said.items()
    )


def record_statutory_response(
    app: App, reference: str, sender: str, text: str, *, uow: UnitOfWork | None = None
) -> str:
    """The National Panel's (or the DfE's, Ofsted's) answer about a case, kept with it."""
    config, at = app.config, app.clock()
    bodies = {
        config.distribution.national_panel: config.terms.national_panel,
        config.distribution.dfe: "Department for Education",
        config.distribution.ofsted: "Ofsted",
    }
    body = bodies.get(sender.lower())
    if body is None:
        raise WorkflowError(f"{sender} is not a statutory body in the board config")
    with work(app, uow) as uow:
        row = uow.referrals.row(reference)
        form = dict(row.form)
        answers = list(form.get("statutory.responses") or [])
        answers.append({"from": body, "at": at.isoformat(), "text": text[:20000]})
        form["statutory.responses"] = answers
        row.form = form
        uow.session.add(row)
        audit.append(
            uow.session,
            at=at,
            actor=sender,
            action="statutory_response",
            reference=row.reference,
            details={"from": body},
        )
        chatqueue.queue(uow.session, config, "thread_update", at, referral_id=row.id)
    return body


# ---- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A statutory notice (DfE, Panel, Ofsted): when it is due and whether it went."""

    body: str
    status: str  # queued, sent, failed
    due: dt.date
    sent_at: dt.datetime | None

    def overdue(self, today: dt.date) -> bool:
        return self.status != "sent" and self.due < today


@dataclass(frozen=True)
class PipelineRow:
    reference: str
    state: State
    referring_agency: str | None
    received_on: dt.date
    meeting_date: dt.date | None
    missing: tuple[str, ...]
    precis_waiting: tuple[str, ...]
    next_due: Due | None
    closed: bool
    notices: tuple[Notice, ...] = ()
    review_day: tuple[int, int] | None = None  # (working day reached, of how many)

    def overdue(self, today: dt.date) -> bool:
        return self.next_due is not None and self.next_due.overdue(today)


def pipeline(app: App, *, include_closed: bool = False) -> list[PipelineRow]:
    today = app.today()
    out: list[PipelineRow] = []
    with app.uow() as uow:
        rows = list(uow.session.exec(select(ReferralRow).order_by(col(ReferralRow.reference))))
        notices: dict[int, list[Notice]] = {}
        limit = app.config.time_limits.panel_notification_after_decision
        decided = {d.referral_id: d.decided_on for d in uow.session.exec(select(DecisionRow))}
        sent = uow.session.exec(
            select(OutboundMessage).where(col(OutboundMessage.kind).startswith("notice:"))
        )
        for message in sent:
            if message.referral_id is None or message.referral_id not in decided:
                continue
            on = decided[message.referral_id]
            due = app.deadlines.calendar.after(on, limit) if limit else on
            notices.setdefault(message.referral_id, []).append(
                Notice(message.kind.removeprefix("notice:"), message.status, due, message.sent_at)
            )
        waiting: dict[int, list[str]] = {}
        for p in uow.session.exec(select(Precis).where(col(Precis.received_at).is_(None))):
            waiting.setdefault(p.referral_id, []).append(p.agency_key)
        for row in rows:
            referral = uow.referrals.aggregate(row)
            if referral.closed and not include_closed:
                continue
            assert row.id is not None
            out.append(
                PipelineRow(
                    reference=row.reference,
                    state=referral.state,
                    referring_agency=row.referring_agency,
                    received_on=row.received_on,
                    meeting_date=row.meeting_date,
                    missing=tuple(row.missing),
                    precis_waiting=tuple(sorted(waiting.get(row.id, []))),
                    next_due=app.deadlines.next_due(
                        referral,
                        today,
                        row.notified_on,
                        says_yes(row.form.get("notification.panel_notified")) is True,
                    ),
                    review_day=_review_day(app, referral, row.notified_on, today),
                    closed=referral.closed,
                    notices=tuple(notices.get(row.id, [])),
                )
            )
    return out


@dataclass(frozen=True)
class Attention:
    """What waits for the Business Manager beyond the referrals themselves."""

    quarantined: int
    held: int
    outbox_queued: int
    outbox_failed: int
    chat_failed: int = 0


def attention(app: App) -> Attention:
    from sqlalchemy import func

    from .store.tables import ChatMessage, InboundMessage, OutboundMessage

    with app.uow() as uow:
        inbound = dict(
            uow.session.exec(
                select(InboundMessage.outcome, func.count())
                .where(col(InboundMessage.released_at).is_(None))
                .group_by(InboundMessage.outcome)
            ).all()
        )
        outbound = dict(
            uow.session.exec(
                select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
            ).all()
        )
        chat_failed = uow.session.exec(
            select(func.count()).select_from(ChatMessage).where(ChatMessage.status == "failed")
        ).one()
    return Attention(
        inbound.get("quarantined", 0),
        inbound.get("held", 0),
        outbound.get("queued", 0),
        outbound.get("failed", 0),
        chat_failed,
    )


def _review_day(
    app: App, referral: Referral, notified_on: dt.date | None, today: dt.date
) -> tuple[int, int] | None:
    from .workflow.deadlines import PRE_DECISION

    if not app.deadlines.incident_clock or referral.state not in PRE_DECISION:
        return None
    plan = app.deadlines.plan(notified_on or referral.received_on)
    return plan.day(today, app.deadlines.calendar), plan.length


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for parse in (dt.date.fromisoformat,):
            try:
                return parse(text)
            except ValueError:
                pass
        for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
    return None


def _jsonable(form: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in form.items():
        out[key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out
