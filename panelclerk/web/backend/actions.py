"""Action plans as the console shows them (a RAG board by plan and agency) and the Business
Manager's acts on them: add an action, rate one, and apply the ratings an agency's emailed
update gives, once read. Each act is the application's own (`application/actionplans.py`),
the same the command line calls, as the signed-in person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...application import actionplans
from ...application.inbound import kept as kept_mail
from ...mail.replies import latest_reply
from ...store.tables import InboundMessage
from ...workflow.actions import parse_ratings
from ...workflow.errors import WorkflowError
from .common import App, agency_name

RATINGS = ("red", "amber", "green", "complete")  # what a person may give
SHOWN = ("unrated", *RATINGS)  # what an action may be: a new one is not yet rated


@dataclass(frozen=True)
class ActionLine:
    key: str  # PLAN/NUMBER
    plan: str
    number: int
    text: str
    agency: str  # the agency's name
    due: dt.date
    rag: str  # unrated, red, amber, green, complete
    rated_on: dt.date
    note: str | None
    rating_due: dt.date | None
    risks: tuple[str, ...]

    @property
    def short(self) -> str:
        """The action's words cut to about SHORT characters, at a word, to tell it apart in
        a list: "SCR-2026-001/1" alone says nothing of what is to be done."""
        return shortened(self.text)


SHORT = 60


def shortened(text: str, most: int = SHORT) -> str:
    if len(text) <= most:
        return text
    cut = text[:most].rsplit(" ", 1)[0] if " " in text[:most] else text[:most]
    return cut.rstrip(" ,;:.-") + "\u2026"


@dataclass(frozen=True)
class PlanGroup:
    plan: str
    agencies: tuple[tuple[str, tuple[ActionLine, ...]], ...]  # (agency name, its actions)
    counts: tuple[tuple[str, int], ...]  # (rating, how many), in SHOWN order


@dataclass(frozen=True)
class ActionsBoard:
    plans: tuple[PlanGroup, ...]
    total: int
    open: int
    complete_shown: bool


def _line(app: App, listed: actionplans.Listed) -> ActionLine:
    action = listed.action
    return ActionLine(
        key=action.key,
        plan=action.plan,
        number=action.number,
        text=action.text,
        agency=agency_name(app.config, action.agency),
        due=action.due,
        rag=action.rag.value,
        rated_on=action.rated_on,
        note=listed.note,
        rating_due=listed.rating_due,
        risks=listed.risks,
    )


def actions_board(app: App, everything: bool = False) -> ActionsBoard:
    """Every open action (and the complete ones, with `everything`), by plan, then by the
    agency that owns it, in the order they were added."""
    lines = [_line(app, listed) for listed in actionplans.listing(app, everything=everything)]
    plans: dict[str, dict[str, list[ActionLine]]] = {}
    for line in lines:
        plans.setdefault(line.plan, {}).setdefault(line.agency, []).append(line)
    groups = []
    for plan, by_agency in plans.items():
        mine = [line for actions in by_agency.values() for line in actions]
        groups.append(
            PlanGroup(
                plan,
                tuple((name, tuple(actions)) for name, actions in sorted(by_agency.items())),
                tuple((r, n) for r in SHOWN if (n := sum(1 for a in mine if a.rag == r))),
            )
        )
    return ActionsBoard(
        tuple(groups),
        len(lines),
        sum(1 for line in lines if line.rag != "complete"),
        everything,
    )


def add_action(app: App, plan: str, text: str, agency: str, due: dt.date, person_id: str) -> str:
    """An action added to a plan (CLI `actions add`); its key."""
    return actionplans.add(app, plan, text, agency, due, person_id).key


def rate_action(
    app: App, key: str, rating: str, person_id: str, note: str | None = None
) -> ActionLine:
    """An action's rating recorded today, as its agency gave it (CLI `actions rate`)."""
    rated = actionplans.rate(app, key, rating, person_id, note)
    return _found(app, rated.key)


def _found(app: App, key: str) -> ActionLine:
    """The action named as people write it (the plan's case does not matter)."""
    for listed in actionplans.listing(app, everything=True):
        if listed.action.key.lower() == key.strip().lower():
            return _line(app, listed)
    raise WorkflowError(f"no action {key}")


def find_action(app: App, key: str) -> ActionLine | None:
    """The action a key names, as people write it; None when there is none."""
    try:
        return _found(app, key)
    except WorkflowError:
        return None


@dataclass(frozen=True)
class RatingRead:
    key: str
    rating: str
    note: str
    action: ActionLine | None  # the action it names, if there is one


@dataclass(frozen=True)
class UpdatePage:
    kept: kept_mail.Kept
    ratings: tuple[RatingRead, ...]
    waiting: bool  # not applied yet


def action_update(app: App, inbound_id: int, person_id: str) -> UpdatePage:
    """An agency's held action plan update: its text (the read audited, as any held
    message's) and the ratings read from it, beside the actions they name."""
    with app.uow() as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None or row.kind != "action_update":
            raise WorkflowError(f"there is no action plan update with number {inbound_id}")
        waiting = row.released_at is None and row.outcome == "held"
        if row.attached_to:
            gone = f"it was attached to {row.attached_to}"
        elif row.dismissed_at:
            gone = "it was dismissed"
        else:
            gone = "its ratings were applied, or it was released"
    if not waiting:
        raise WorkflowError(
            f"the action plan update number {inbound_id} is no longer waiting: {gone}"
        )
    kept = kept_mail.read_kept(app, inbound_id, person_id)
    actions = {
        listed.action.key.lower(): listed for listed in actionplans.listing(app, everything=True)
    }
    try:
        lines = parse_ratings(latest_reply(kept.text))
    except WorkflowError:
        lines = []
    ratings = []
    for line in lines:
        listed = actions.get(line.key.lower())
        ratings.append(
            RatingRead(line.key, line.rag.value, line.note, _line(app, listed) if listed else None)
        )
    return UpdatePage(kept, tuple(ratings), waiting)


@dataclass(frozen=True)
class AppliedLine:
    key: str
    recorded: bool
    why: str


def apply_update(app: App, inbound_id: int, person_id: str) -> list[AppliedLine]:
    """The ratings the update gives, recorded (CLI `actions apply`); what each line came to."""
    return [
        AppliedLine(a.key, a.recorded, a.why)
        for a in actionplans.apply_update(app, inbound_id, person_id)
    ]
