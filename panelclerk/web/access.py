"""Who may do what in the console: decided from the board file's roles, on the server, on
every request. A page or a button is shown only to those who may use it, and the request
behind it is checked again whatever the page showed."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request

from .state import console, session_of

DECIDERS = frozenset({"decision_maker"})  # the Chair, deputy chairs, or the partners
BUSINESS_MANAGER = frozenset({"business_manager"})

# Each right and the roles that hold it. Case content (a referral's page) is for the
# Business Manager and the decision makers: the console is their place to work (DESIGN 5).
RIGHTS: dict[str, frozenset[str]] = {
    "pipeline": BUSINESS_MANAGER | DECIDERS,
    "referral": BUSINESS_MANAGER | DECIDERS,
    "kept_mail": BUSINESS_MANAGER,
    "release_mail": BUSINESS_MANAGER,
    "file_mail": BUSINESS_MANAGER,  # attach a kept message to a referral, or dismiss it
    "agencies": BUSINESS_MANAGER,  # add or remove an agency involved in a referral
    # the Panel notified, the lead reviewer, the review begun and completed, a précis asked
    # for again: the Business Manager's record (the application lets the Chair too)
    "review_steps": BUSINESS_MANAGER,
    "documents": BUSINESS_MANAGER | DECIDERS,  # a referral's documents, downloaded
    "screen": DECIDERS,  # place on an agenda, ask the referrer for more, decline
    "decide": DECIDERS,  # the decision, or a partner's sign-off
    "meetings": BUSINESS_MANAGER | DECIDERS,
    "run_meetings": BUSINESS_MANAGER,  # the agenda pack, attendance, minutes
    "cancel_meeting": BUSINESS_MANAGER | DECIDERS,  # the Chair's call; the BM may record it
    "failed": BUSINESS_MANAGER,  # failed mail and chat, and their retry
    "actions": BUSINESS_MANAGER | DECIDERS,  # the RAG board: what is at risk is the Chair's
    "run_actions": BUSINESS_MANAGER,  # add, rate, read an agency's update and apply it
    "report": BUSINESS_MANAGER | DECIDERS,  # the annual report's measures and its document
    "data_protection": BUSINESS_MANAGER,  # the subject access export, the purge
}

REFUSED = {
    "pipeline": "The pipeline is for the Business Manager and the {decider}.",
    "referral": "A referral's page is for the Business Manager and the {decider}.",
    "kept_mail": "Held and quarantined mail is for the Business Manager only.",
    "release_mail": "Only the Business Manager may release a message.",
    "file_mail": "Only the Business Manager may attach a message to a referral or dismiss it.",
    "agencies": "Only the Business Manager may add or remove an agency involved in a referral.",
    "review_steps": (
        "Only the Business Manager may record the Panel notification, the lead reviewer, or "
        "a review begun or completed, or ask an agency for its {precis} again."
    ),
    "documents": "A referral's documents are for the Business Manager and the {decider}.",
    "screen": (
        "Only the {decider} may place a referral on an agenda, ask the referrer for more "
        "information or decline it."
    ),
    "decide": "Only the {decider} may record the decision.",
    "meetings": "The meetings are for the Business Manager and the {decider}.",
    "run_meetings": (
        "Only the Business Manager may send the agenda pack or record a meeting's attendance "
        "and minutes."
    ),
    "cancel_meeting": (
        "Only the {decider} (or the Business Manager for them) may cancel or reinstate a meeting."
    ),
    "failed": "Failed mail and chat are for the Business Manager only.",
    "actions": "The action plans are for the Business Manager and the {decider}.",
    "run_actions": (
        "Only the Business Manager may add or rate an action, or read and apply an agency's "
        "action plan update."
    ),
    "report": "The annual report is for the Business Manager and the {decider}.",
    "data_protection": (
        "The subject access export and the purge under the retention rules are for the "
        "Business Manager only."
    ),
}


class SignInRequired(Exception):
    """The page needs a signed-in person: the browser is sent to sign in."""


@dataclass(frozen=True)
class Viewer:
    id: str
    name: str
    roles: frozenset[str]

    def may(self, right: str) -> bool:
        return bool(RIGHTS[right] & self.roles)


def viewer(request: Request) -> Viewer | None:
    """The person signed in, as the board file says now: someone taken out of the file
    since signing in has no console."""
    session = session_of(request)
    if session is None or session.person is None:
        return None
    config = console(request).app.config
    person = config.person(session.person)
    if person is None:
        return None
    return Viewer(person.id, person.name, config.roles_of(person.id))


def require(request: Request, right: str) -> Viewer:
    who = viewer(request)
    if who is None:
        raise SignInRequired
    if not who.may(right):
        terms = console(request).app.config.terms
        raise HTTPException(
            403, REFUSED[right].format(decider=terms.decision_maker, precis=terms.precis)
        )
    return who
