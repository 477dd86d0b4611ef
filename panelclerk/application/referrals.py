"""A referral arrives (Cambridgeshire 3.3-3.4): its reference, its form checked against the
board's required fields, and more of the form as it comes (an incomplete referral, or the
information the Chair asked for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select

from .. import chatqueue
from ..nlp.fields import parse_dates
from ..store import audit
from ..store.tables import Precis
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.agencies import agencies_listed, match_name
from ..workflow.config import BoardConfig
from ..workflow.distribution import agency_contacts
from ..workflow.errors import WorkflowError
from ..workflow.forms import child_fingerprint, missing_fields
from ..workflow.lifecycle import State
from ..workflow.meetings import Slot
from ..workflow.referral import Actor
from .context import App, work
from .precis import queue_precis_email
from .transition import apply_move, record_move, transition, withdraw_reminders


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
    ("Fenmarsh Constabularly", "CSC", "children's social care"; never "Police Scotland"):
    the board's one matcher, `workflow.agencies`."""
    return match_name(text, config) if isinstance(text, str) else None


# The incident clock counts from this date: a value that cannot be read is asked for, not
# silently replaced by the day the referral arrived (which would move every deadline later).
CLOCK_DATES = ("incident.notified_date",)


def read_date(value: Any, written_on: dt.date) -> dt.date | None:
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
        day = read_date(value, written_on)
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
    involved = agencies_listed(form.get("agencies.involved"), config)
    missing, unreadable = _form_missing(form, config, received_on, written_on)
    with work(app, uow) as uow:
        reference = uow.referrals.next_reference(config.reference_prefix, received_on.year)
        notified = (
            None
            if unreadable.get("incident.notified_date")
            else read_date(form.get("incident.notified_date"), written_on)
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
        # Asked before the row is written, so that it cannot find itself; the move is
        # applied before too, so the row is written once, in its new state.
        same = _same_child(uow, row)
        referral = uow.referrals.aggregate(row)
        move = "mark_incomplete" if missing else "submit_for_screening"
        moved = apply_move(app, uow, row, referral, move, Actor.system(), at)
        uow.referrals.added(row)
        uow.session.flush()  # its id, for the rows that point at it
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="receive",
            reference=reference,
            target=State.RECEIVED.value,
            details={"source": source, "agency": agency, "missing": list(missing)},
        )
        _note_same_child(app, uow, row, at, same)
        record_move(app, uow, row, referral, moved, move, Actor.system(), at)
    return Receipt(
        reference,
        referral.state,
        missing,
        app.deadlines.slot(received_on, notified, app.today()),
        agency,
        unreadable,
    )


SAME_CHILD = "_same_child_as"  # kept on the form, so anonymisation clears it with the names
# The names of the files the referral email carried, for its page (read here once rather
# than from the message on every view); on the form, so anonymisation clears them too.
ARRIVED_WITH = "_arrived_with"


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


def _note_same_child(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    at: dt.datetime,
    found: list[str] | None = None,
) -> None:
    """Point a possible second referral of one child out to the Business Manager (chat) and
    the Chair (its card), by reference codes alone; audited. Said once for each pair.
    `found`: `_same_child` already asked (before the row was written)."""
    told = set(row.form.get(SAME_CHILD) or ())
    found = _same_child(uow, row) if found is None else found
    same = [r for r in found if r not in told]
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
        involved = set(agencies_listed(form.get("agencies.involved"), config))
        involved -= set(form.get(REMOVED_AGENCIES) or ())  # taken off by the Business Manager
        row.agencies_involved = sorted(involved | set(row.agencies_involved))
        missing, unreadable = _form_missing(form, config, row.received_on, written_on)
        row.missing = list(missing)
        details: dict[str, Any] = {"fields": sorted(fields)}
        if not unreadable.get("incident.notified_date"):
            # The latest word wins: a corrected notification date moves the clock, audited.
            notified = read_date(form.get("incident.notified_date"), written_on)
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


# ---- the agencies on a referral -------------------------------------------------------------

REMOVED_AGENCIES = "_agencies_removed"  # on the form: a later form listing them adds none back


@dataclass(frozen=True)
class AgencyChange:
    reference: str
    agency: str  # the board's agency id
    asked: bool  # asked for its précis now (the referral is waiting for them)
    nobody_to_ask: bool  # involved, but the board file names nobody there


def _precis_stage(row: ReferralRow) -> bool:
    """The agencies involved are being asked for their précis: a new one is asked too."""
    state = State(row.state)
    return state == State.PRECIS_REQUESTED or (
        state == State.MORE_INFO_REQUESTED and row.paused_from == State.PRECIS_REQUESTED.value
    )


def _agency_on(app: App, text: str) -> str:
    found = match_name(text, app.config) if text.strip() else None
    if found is None:
        raise WorkflowError(
            f"no agency of the board is called \u201c{' '.join(text.split())[:60]}\u201d"
        )
    return found


def add_agency(app: App, reference: str, actor_id: str, agency: str, reason: str) -> AgencyChange:
    """The Business Manager adds an agency involved with the child (one a form missed, or
    whose précis arrived about a referral it was not on), with the reason, audited. At the
    précis stage it is asked for its précis at once, as the others were; an agency with
    nobody to ask is told to the Business Manager (`precis.queue_precis_email`)."""
    config = app.config
    config.business_manager(actor_id, "add an agency to a referral")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("give the reason for adding the agency")
    agency_id = _agency_on(app, agency)
    found = config.agency(agency_id)
    name = found.name if found else agency_id
    at = app.clock()
    with work(app) as uow:
        row, _ = uow.referrals.get(reference)
        if agency_id in row.agencies_involved:
            raise WorkflowError(f"{name} is already involved in {row.reference}")
        if agency_id == row.referring_agency:
            raise WorkflowError(f"{name} is the referring agency of {row.reference}")
        row.agencies_involved = sorted({*row.agencies_involved, agency_id})
        if agency_id in (row.form.get(REMOVED_AGENCIES) or ()):  # taken off before: back on
            removed = [a for a in row.form[REMOVED_AGENCIES] if a != agency_id]
            row.form = {**row.form, REMOVED_AGENCIES: removed}
        row.updated_at = at
        uow.session.add(row)
        asked = False
        if _precis_stage(row) and row.meeting_date is not None:
            assert row.id is not None
            waiting = uow.session.exec(
                select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency_id)
            ).first()
            if waiting is None:
                uow.session.add(Precis(referral_id=row.id, agency_key=agency_id, requested_at=at))
            meeting = app.deadlines.meeting(row.meeting_date)
            asked = queue_precis_email(app, uow, row, agency_id, meeting, at, reminder=False)
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="add_agency",
            reference=row.reference,
            details={"agency": agency_id, "reason": reason, "asked_for_precis": asked},
        )
        reference = row.reference
    return AgencyChange(reference, agency_id, asked, not agency_contacts(config, agency_id))


def remove_agency(
    app: App, reference: str, actor_id: str, agency: str, reason: str
) -> AgencyChange:
    """The Business Manager takes an agency off a referral (named by mistake), with the
    reason, audited. A précis it has sent is kept; one still awaited is no longer awaited or
    reminded. The referring agency stays on its referral."""
    config = app.config
    config.business_manager(actor_id, "remove an agency from a referral")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("give the reason for removing the agency")
    agency_id = _agency_on(app, agency)
    found = config.agency(agency_id)
    name = found.name if found else agency_id
    at = app.clock()
    with work(app) as uow:
        row, _ = uow.referrals.get(reference)
        if agency_id == row.referring_agency:
            raise WorkflowError(
                f"{name} referred {row.reference}: the referring agency stays on its referral"
            )
        if agency_id not in row.agencies_involved:
            raise WorkflowError(f"{name} is not involved in {row.reference}")
        row.agencies_involved = [a for a in row.agencies_involved if a != agency_id]
        removed = sorted({*(row.form.get(REMOVED_AGENCIES) or ()), agency_id})
        row.form = {**row.form, REMOVED_AGENCIES: removed}
        row.updated_at = at
        uow.session.add(row)
        awaited = uow.session.exec(
            select(Precis).where(
                Precis.referral_id == row.id,
                Precis.agency_key == agency_id,
                col(Precis.received_at).is_(None),
            )
        ).first()
        if awaited is not None:  # the request is in the audit log; nothing is awaited now
            uow.session.delete(awaited)
            withdraw_reminders(
                uow,
                row,
                "precis_reminder",
                at,
                why="remove_agency",
                recipients=agency_contacts(config, agency_id),
            )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="remove_agency",
            reference=row.reference,
            details={"agency": agency_id, "reason": reason, "precis_awaited": awaited is not None},
        )
        reference = row.reference
    return AgencyChange(reference, agency_id, False, False)
