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
        froms = ", ".join(label(s) for s in allowed_from) or "no state"
        super().__init__(
            f"{reference}: cannot {move.replace('_', ' ')} while the referral is "
            f"{label(state)} (allowed from: {froms})"
        )

    def in_words(self, label: Callable[[str], str]) -> MoveNotAllowed:
        """The same refusal naming the states in the board's own words ("significant
        practice event chronology requested", not "precis requested")."""
        return MoveNotAllowed(self.reference, self.move, self.state, self.allowed_from, label)


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
