"""What the console's reads and acts share: the application's context, the errors it
raises, the board's names for its agencies, people and review types, and the console's own
audit entries (a sign-in, a sign-out, a view of a referral)."""

from __future__ import annotations

from typing import Any

from ...application import context
from ...store import audit
from ...workflow.config import BoardConfig
from ...workflow.errors import MoveNotAllowed, NotPermitted, UnknownReferral, WorkflowError

App = context.App
LONDON = context.LONDON

__all__ = [
    "LONDON",
    "App",
    "MoveNotAllowed",
    "NotPermitted",
    "UnknownReferral",
    "WorkflowError",
]

# The console's own audit actions, in the style of the rest of the log: a verb, the
# reference code, the signed-in person, and no free text.
VIEW_REFERRAL = audit.VIEW_REFERRAL
SIGN_IN = audit.SIGN_IN
SIGN_OUT = audit.SIGN_OUT
CONSOLE_ACTIONS = frozenset({VIEW_REFERRAL, SIGN_IN, SIGN_OUT})


def record(app: App, action: str, person_id: str, **details: Any) -> None:
    """One console event in the audit log (a sign-in, a sign-out), in its own transaction."""
    with context.work(app) as uow:
        audit.append(uow.session, at=app.clock(), actor=person_id, action=action, details=details)


def agency_name(config: BoardConfig, key: str | None) -> str:
    if key is None:
        return "not known"
    agency = config.agency(key)
    return agency.name if agency else key


def person_name(config: BoardConfig, key: str) -> str:
    person = config.person(key)
    return person.name if person else key


def review_label(config: BoardConfig, review_type: str) -> str:
    found = config.review_type(review_type)
    return found.label if found else review_type


def agencies(config: BoardConfig) -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in config.agencies]
