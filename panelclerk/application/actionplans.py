"""Action plans (Cambridgeshire 7.4): the Business Manager adds each action with its owning
agency and date, records the agencies' RAG ratings, and every quarter each agency with open
actions is asked by email for its ratings. Action plans go to agencies and into the annual
report, so an action's words never hold the case's names or other personal details."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from .. import links
from ..store import audit
from ..store.tables import ActionItem, InboundMessage, OutboundMessage
from ..store.tables import Decision as DecisionRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.actions import (
    AT_RISK_WITHIN,
    Action,
    Rag,
    Tracker,
    check_plan_name,
    check_text,
    parse_key,
    parse_ratings,
)
from ..workflow.config import BoardConfig
from ..workflow.distribution import agency_contacts
from ..workflow.errors import UnknownReferral, WorkflowError
from ..workflow.meetings import in_words
from .context import App, work

if TYPE_CHECKING:
    from ..mail.parse import InboundEmail

# The mail parsing, redaction and chat modules are imported where they are used: `status`
# lists the plans and needs none of them (tests/test_startup.py).

UPDATE_KIND = "reminder:actions:"


def tracker(app: App) -> Tracker:
    return Tracker(app.deadlines.calendar, app.config.time_limits)


def as_action(row: ActionItem) -> Action:
    return Action(
        plan=row.plan,
        number=row.number,
        text=row.text,
        agency=row.agency_key,
        due=row.due_on,
        rag=Rag(row.rag),
        rated_on=row.rated_on,
        completed_on=row.completed_on,
    )


def _case(uow: UnitOfWork, app: App, plan: str) -> ReferralRow | None:
    """The referral a plan belongs to, if the plan is a reference code."""
    if not re.fullmatch(rf"{app.config.reference_prefix}-\d{{4}}-\d{{3,}}", plan, re.I):
        return None
    row = uow.session.exec(select(ReferralRow).where(ReferralRow.reference == plan.upper())).first()
    if row is None:
        raise UnknownReferral(plan.upper())
    return row


def _no_personal_details(text: str, row: ReferralRow | None, what: str) -> None:
    """Refused, not masked in silence: the Business Manager sees where and writes it again."""
    from ..nlp.redact import MASK, redact

    names = [str(row.form.get(k) or "") for k in ("child.name", "family.members")] if row else []
    masked = redact(text, names)
    if MASK in masked and MASK not in text:
        raise WorkflowError(
            f"{what[:1].upper()}{what[1:]} holds a name or other personal detail "
            f"({masked!r}). Action plans go to agencies and into the annual report: write it "
            "without them."
        )


def add(app: App, plan: str, text: str, agency: str, due: dt.date, actor_id: str) -> Action:
    """One action on a plan: the next number, "not yet rated" until its agency (or the
    Business Manager) first rates it."""
    config, at, today = app.config, app.clock(), app.today()
    config.business_manager(actor_id, "add to an action plan")
    text = check_text(text)
    if config.agency(agency) is None:
        known = ", ".join(a.id for a in config.agencies)
        raise WorkflowError(
            f"The board file has no agency {agency!r}: the board's agencies are {known}."
        )
    if due < today:
        raise WorkflowError(
            f"The date the action is to be done by, {in_words(due)}, has passed: give today "
            "or a later date."
        )
    with work(app) as uow:
        row = _case(uow, app, plan.strip())
        if row is not None:
            decision = uow.session.exec(
                select(DecisionRow).where(DecisionRow.referral_id == row.id)
            ).first()
            chosen = config.review_type(decision.review_type) if decision else None
            if chosen is None or chosen.kind == "none":
                raise WorkflowError(
                    f"No review was decided for {row.reference}, so it has no action plan "
                    "to add to: name another plan instead."
                )
            plan = row.reference
        else:
            plan = check_plan_name(plan)
        _no_personal_details(text, row, "the action")
        _not_there_already(uow, config, plan, agency, text)
        last = uow.session.exec(
            select(func.max(ActionItem.number)).where(ActionItem.plan == plan)
        ).one()
        item = ActionItem(
            plan=plan,
            number=(last or 0) + 1,
            referral_id=row.id if row else None,
            text=text,
            agency_key=agency,
            due_on=due,
            rag=Rag.UNRATED.value,
            rated_on=today,
            created_at=at,
        )
        uow.session.add(item)
        uow.session.flush()
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="add_action",
            reference=row.reference if row else None,
            details={"action": f"{plan}/{item.number}", "agency": agency, "due": due.isoformat()},
        )
        return as_action(item)


def _not_there_already(
    uow: UnitOfWork, config: BoardConfig, plan: str, agency: str, text: str
) -> None:
    """The same action (plan, agency and words, whatever their case) is added once: a form
    sent twice, or an action typed in again, is refused, naming the one there is."""
    found = uow.session.exec(
        select(ActionItem).where(
            func.lower(ActionItem.plan) == plan.lower(),
            ActionItem.agency_key == agency,
            func.lower(ActionItem.text) == text.lower(),
        )
    ).first()
    if found is not None:
        named = config.agency(agency)
        done = " (complete)" if found.rag == Rag.COMPLETE.value else ""
        raise WorkflowError(
            f"This action is on the plan already for {named.name if named else agency}, as "
            f"{found.plan}/{found.number}{done}: rate that one, or word this one differently."
        )


def _lookup(session: Session, plan: str, number: int) -> ActionItem | None:
    """An action as people name it: the plan's case does not matter."""
    return session.exec(
        select(ActionItem).where(
            func.lower(ActionItem.plan) == plan.lower(), ActionItem.number == number
        )
    ).first()


def _find(uow: UnitOfWork, config: BoardConfig, key: str) -> ActionItem:
    plan, number = parse_key(key)
    row = _lookup(uow.session, plan, number)
    if row is None:
        raise WorkflowError(
            f"There is no action {plan}/{number}: see {links.action_plans(config)}."
        )
    return row


def rate(
    app: App,
    key: str,
    rating: str,
    actor_id: str,
    note: str | None = None,
    on: dt.date | None = None,
) -> Action:
    """The quarter's rating, as the owning agency gave it; complete closes the action."""
    app.config.business_manager(actor_id, "record an action's rating")
    rag = Rag.read(rating)
    with work(app) as uow:
        return _rate(app, uow, _find(uow, app.config, key), rag, actor_id, note, on or app.today())


def _rate(
    app: App,
    uow: UnitOfWork,
    item: ActionItem,
    rag: Rag,
    actor_id: str,
    note: str | None,
    on: dt.date,
) -> Action:
    if on > app.today() or on < app.local_date(item.created_at):
        raise WorkflowError(
            f"{item.plan}/{item.number} cannot have been rated on {in_words(on)}: give a "
            "day between when it was added and today."
        )
    if note is not None:
        note = check_text(note, "the note")
        case = uow.session.get(ReferralRow, item.referral_id) if item.referral_id else None
        _no_personal_details(note, case, "the note")
    was = item.rag
    item.rag, item.rated_on = rag.value, on
    item.note = note if note is not None else item.note
    item.completed_on = on if rag == Rag.COMPLETE else None
    uow.session.add(item)
    audit.append(
        uow.session,
        at=app.clock(),
        actor=actor_id,
        action="rate_action",
        reference=item.plan if item.referral_id else None,
        details={"action": f"{item.plan}/{item.number}", "from": was, "to": rag.value},
    )
    return as_action(item)


ACTION_WORDS = re.compile(r"\b(action\s+plans?|RAG\s+ratings?)\b", re.I)


def update_from(session: Session, config: BoardConfig, email: InboundEmail) -> str | None:
    """The agency an action plan update is from: a reply to its quarterly request, or a
    new message about action plans from one of its addresses that rates one of its own
    actions ("SCR-2026-001/1: amber"). Either way it is held for the Business Manager."""
    from ..mail.replies import latest_reply
    from ..outbox.compose import answered_by

    for ours in answered_by(session, email):
        if ours.kind.startswith(UPDATE_KIND):
            return ours.kind.removeprefix(UPDATE_KIND).split(":")[0]
    agency = config.agency_for_email(email.from_addr) if email.from_addr else None
    if agency is None or not ACTION_WORDS.search(email.subject):
        return None
    for line in parse_ratings(latest_reply(email.text)):
        item = _lookup(session, *parse_key(line.key))
        if item is not None and item.agency_key == agency.id:
            return agency.id
    return None


def _answered_since(
    session: Session, config: BoardConfig, agency_id: str, asked: dt.datetime
) -> bool:
    """Whether an action plan update from the agency has come since it was asked."""
    updates = session.exec(
        select(InboundMessage.sender).where(
            InboundMessage.kind == "action_update", col(InboundMessage.received_at) >= asked
        )
    )
    return any(
        (agency := config.agency_for_email(sender or "")) is not None and agency.id == agency_id
        for sender in updates
    )


@dataclass(frozen=True)
class Applied:
    key: str
    recorded: bool
    why: str  # what was recorded, or why the line was left for the Business Manager


def apply_update(app: App, inbound_id: int, actor_id: str) -> list[Applied]:
    """The ratings an agency's held reply gives, one a line, recorded as of the day it came,
    once the Business Manager has read it and vouches for it: only its own agency's actions,
    and a note holding personal details is left out. The message leaves the held list."""
    from ..mail.parse import ParseError, parse_email
    from ..mail.replies import latest_reply

    config = app.config
    config.business_manager(actor_id, "record an agency's ratings")
    with work(app) as uow:
        # the message's row locked: a second apply of the same update at once (two clicks,
        # two people) waits for the first, then finds it applied and does nothing
        row = uow.session.exec(
            select(InboundMessage)
            .where(col(InboundMessage.id) == inbound_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if row is None or row.kind != "action_update" or row.released_at is not None:
            raise WorkflowError(f"no action plan update waiting with id {inbound_id}")
        if not row.raw:
            raise WorkflowError(
                f"message {inbound_id}'s content was removed under the retention rules"
            )
        try:
            email = parse_email(row.raw, config.mailbox.max_message_bytes)
        except ParseError as exc:
            raise WorkflowError(f"message {inbound_id} cannot be read: {exc}") from None
        agency = update_from(uow.session, config, email)
        lines = parse_ratings(latest_reply(email.text))
        if agency is None or not lines:
            raise WorkflowError(
                f"no ratings could be read in message {inbound_id}: read it on "
                f"{links.action_update(config, inbound_id)} and record each rating on "
                f"{links.action_plans(config)}"
            )
        owner = config.agency(agency)
        name = owner.name if owner else agency
        on = app.local_date(row.received_at)
        out: list[Applied] = []
        for line in lines:
            try:
                item = _find(uow, config, line.key)
            except WorkflowError as exc:
                out.append(Applied(line.key, False, str(exc)))
                continue
            key = f"{item.plan}/{item.number}"
            if item.agency_key != agency:
                out.append(Applied(key, False, f"not {name}'s action"))
                continue
            note: str | None = line.note or None
            left_out = ""
            if note is not None:
                try:
                    case = (
                        uow.session.get(ReferralRow, item.referral_id) if item.referral_id else None
                    )
                    _no_personal_details(check_text(note, "the note"), case, "the note")
                except WorkflowError:
                    note, left_out = None, "; its note was left out: it holds personal details"
            _rate(
                app, uow, item, line.rag, actor_id, note, max(on, app.local_date(item.created_at))
            )
            out.append(Applied(key, True, f"{line.rag.value} on {on:%d %b %Y}{left_out}"))
        row.released_at, row.released_by = app.clock(), actor_id
        uow.session.add(row)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="apply_update",
            details={"inbound_id": inbound_id, "recorded": sum(1 for a in out if a.recorded)},
        )
        return out


@dataclass(frozen=True)
class Listed:
    action: Action
    note: str | None
    rating_due: dt.date | None
    risks: tuple[str, ...]


def listing(
    app: App, plan: str | None = None, agency: str | None = None, everything: bool = False
) -> list[Listed]:
    today, track = app.today(), tracker(app)
    with app.reading() as uow:
        query = select(ActionItem).order_by(col(ActionItem.plan), col(ActionItem.number))
        if plan:
            query = query.where(func.lower(ActionItem.plan) == plan.strip().lower())
        if agency:
            query = query.where(ActionItem.agency_key == agency)
        if not everything:
            query = query.where(ActionItem.rag != Rag.COMPLETE.value)
        rows = list(uow.session.exec(query))
    out = []
    for row in rows:
        action = as_action(row)
        out.append(
            Listed(
                action,
                row.note,
                track.rating_due(action),
                tuple(track.risks(action, today, AT_RISK_WITHIN)),
            )
        )
    return out


def update_requests(app: App) -> list[str]:
    """Each quarter, ask every agency with open actions for their ratings, once, when the
    first of its actions' ratings is nearly due, and remind it once if the date passes with
    none recorded; the Business Manager records the answers. Returns the agencies written
    to."""
    from .. import chatqueue

    config, today, at, track = app.config, app.today(), app.clock(), tracker(app)
    asked: list[str] = []
    with app.reading() as uow:
        rows = list(
            uow.session.exec(select(ActionItem).where(ActionItem.rag != Rag.COMPLETE.value))
        )
    owed: dict[str, list[tuple[Action, dt.date]]] = {}
    for row in rows:
        action = as_action(row)
        ask, due = track.ask_on(action), track.rating_due(action)
        if ask is not None and due is not None and ask <= today:
            owed.setdefault(action.agency, []).append((action, due))
    managers = config.people_with_role("business_manager")
    for agency_id, items in sorted(owed.items()):
        agency = config.agency(agency_id)
        by = min(due for _, due in items)
        kind = f"{UPDATE_KIND}{agency_id}:{by.isoformat()}"
        with work(app) as uow:
            sent = {
                m.kind: m.created_at
                for m in uow.session.exec(
                    select(OutboundMessage).where(
                        col(OutboundMessage.kind).in_([kind, f"{kind}:reminder"])
                    )
                )
            }
            # a reminder only when the request went in time, the date has passed since, and
            # the agency has not answered (its answer may wait for the Business Manager)
            reminder = kind in sent and app.local_date(sent[kind]) <= by < today
            if (kind in sent and not reminder) or f"{kind}:reminder" in sent:
                continue
            if reminder and _answered_since(uow.session, config, agency_id, sent[kind]):
                continue
            keys = ", ".join(a.key for a, _ in items)
            contacts = agency_contacts(config, agency_id)
            name = agency.name if agency else agency_id
            app.queue_email(
                uow,
                "email/action_update.txt.j2",
                kind=f"{kind}:reminder" if reminder else kind,
                recipients=contacts or [m.email for m in managers],
                at=at,
                agency=name,
                actions=[a for a, _ in sorted(items, key=lambda i: (i[0].plan, i[0].number))],
                by=by,
                reminder=reminder,
            )
            if not contacts:
                told = (
                    f"The quarter's ratings of {name}'s actions ({keys}) are due by "
                    f"{by:%d %b %Y}, but nobody of {name} is in the board file: ask them by hand."
                )
            elif reminder:
                told = (
                    f"{name} has not sent the ratings of {keys}, due by {by:%d %b %Y}: "
                    "reminded once by email."
                )
            else:
                told = (
                    f"{name} is asked for the quarter's ratings of {keys} by {by:%d %b %Y}; "
                    f"record each on {links.action_plans(config)}."
                )
            chatqueue.tell_business_manager(uow.session, config, at, told)
            asked.append(agency_id)
    return asked
