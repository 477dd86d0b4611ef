"""Domain errors. Each entry point turns them into its own answer (CLI line, email, chat)."""

from __future__ import annotations


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


class MoveNotAllowed(WorkflowError):
    def __init__(
        self, reference: str, move: str, state: str, allowed_from: tuple[str, ...]
    ) -> None:
        self.reference = reference
        self.move = move
        self.state = state
        froms = ", ".join(allowed_from) or "no state"
        super().__init__(
            f"{reference}: cannot {move.replace('_', ' ')} while the referral is "
            f"{state.replace('_', ' ')} (allowed from: {froms})"
        )


class NotPermitted(WorkflowError):
    def __init__(self, reference: str, move: str, actor: str, roles: tuple[str, ...]) -> None:
        self.reference = reference
        self.move = move
        self.actor = actor
        who = ", ".join(r.replace("_", " ") for r in roles)
        super().__init__(f"{reference}: {actor} may not {move.replace('_', ' ')}; only: {who}")


class InvalidDecision(WorkflowError):
    """A decision that does not fit the board's review types or lacks what it must record."""
