"""Domain errors. Each entry point turns them into its own answer (CLI line, email, chat)."""

from __future__ import annotations

from collections.abc import Callable, Mapping


class WorkflowError(Exception):
    """A request the domain refuses, with a message fit to show the person who asked."""


class ConfigError(WorkflowError):
    """A board configuration that cannot be used; names the file, the key and what was expected."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"config error in {where}: {problem}")


class UnknownReferral(WorkflowError):
    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no referral with reference code {reference!r}")


def _spaced(state: str) -> str:
    return state.replace("_", " ")


class MoveNotAllowed(WorkflowError):
    def __init__(
        self,
        reference: str,
        move: str,
        state: str,
        allowed_from: tuple[str, ...],
        label: Callable[[str], str] = _spaced,
    ) -> None:
        self.reference = reference
        self.move = move
        self.state = state
        self.allowed_from = allowed_from
        states = [f"\u201c{label(s)}\u201d" for s in allowed_from]
        froms = " or ".join([", ".join(states[:-1]), states[-1]] if len(states) > 1 else states)
        act = ON_IT.get(move, move.replace("_", " ")).format(precis=label("precis"))
        super().__init__(
            f"{reference} is at the stage \u201c{label(state)}\u201d, so you cannot {act} now: "
            f"that can be done only at the stage {froms or 'of another'}."
        )

    def in_words(self, label: Callable[[str], str]) -> MoveNotAllowed:
        """The same refusal naming the states in the board's own words ("significant
        practice event chronology requested", not "precis requested")."""
        return MoveNotAllowed(self.reference, self.move, self.state, self.allowed_from, label)


# How a refusal that the referral's state forbids names the act, done to the referral.
ON_IT = {
    "mark_incomplete": "mark it incomplete",
    "submit_for_screening": "send it for screening",
    "request_more_info": "ask the referrer for more information",
    "receive_more_info": "record the more information asked for",
    "decline": "decline it",
    "place_on_agenda": "put it on an agenda",
    "reschedule": "move it to another meeting",
    "request_precis": "ask the agencies involved for their {precis}",
    "record_discussion": "record it as discussed",
    "defer_decision": "defer its decision",
    "record_decision": "record the decision",
    "record_notifications": "record that the decision was sent out",
    "start_review": "record its review as begun",
    "complete_review": "record its review as complete",
}

# How a refusal names the act, where the move's own name would not read as English.
ACTS = {
    "record_decision": "record the decision",
    "sign_off": "sign off",
    "decline": "decline a referral",
    "place_on_agenda": "put a referral on an agenda",
    "reschedule": "move a referral to another meeting",
    "request_more_info": "ask the referrer for more information",
    "record_recommendation": "record a recommendation",
    "record_lead_reviewer": "record the lead reviewer",
    "confirm_agenda": "confirm the agenda pack",
    "export": "export what is held about a referral",
    "start_review": "start the review",
    "complete_review": "complete the review",
    "record_panel_notification": "record that the serious incident was notified",
}
# How a refusal names who may: a board's own words replace these (BoardConfig.role_titles).
TITLES = {
    "decision_maker": "decision maker",
    "business_manager": "Business Manager",
    "partner": "safeguarding partners",
    "agency_representative": "representatives of the board's agencies",
}


class NotPermitted(WorkflowError):
    """Someone acting outside their role: the answer says who may, never just "no"."""

    def __init__(
        self,
        reference: str,
        move: str,
        actor: str,
        roles: tuple[str, ...],
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self.reference = reference
        self.move = move
        self.actor = actor
        self.roles = roles
        names = {**TITLES, **(titles or {})}
        who = " or the ".join(
            dict.fromkeys(names.get(r, r.replace("_", " ")) for r in roles if r != "system")
        )
        act = ACTS.get(move, move.replace("_", " "))
        super().__init__(f"{reference}: only the {who} may {act}.")


class InvalidDecision(WorkflowError):
    """A decision that does not fit the board's review types or lacks what it must record."""
