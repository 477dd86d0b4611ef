"""Neutral chat output: every platform adapter renders these and nothing else, so a behaviour
exists on every platform or on none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..application.context import App


@dataclass(frozen=True)
class Deadline:
    """A date the person reading the card must act by, shown before its buttons: "Decision
    due: Wed 30 Dec 2026", or "Decision overdue: it was due Wed 30 Dec 2026"."""

    what: str  # "Decision"
    due: dt.date
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today

    def text(self) -> str:
        if self.overdue:
            return f"{self.what} overdue: it was due {self.due:%a %d %b %Y}"
        return f"{self.what} due: {self.due:%a %d %b %Y}"


@dataclass(frozen=True)
class Button:
    action: str  # pc:agenda, pc:recommend, ...
    label: str
    value: str
    style: str | None = None  # primary, danger


@dataclass(frozen=True)
class Card:
    title: str
    fields: tuple[tuple[str, str], ...] = ()
    lines: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    note: str | None = None
    deadline: Deadline | None = None  # shown just before the buttons, on every platform

    def text(self) -> str:
        """The plain-text form: the console adapter and every notification's fallback."""
        out = [self.title]
        out += [f"  {label}: {value}" for label, value in self.fields]
        out += [f"  {line}" for line in self.lines]
        if self.deadline:
            out.append(f"  {self.deadline.text()}")
        if self.buttons:
            out.append("  " + "  ".join(f"[{b.label}]" for b in self.buttons))
        if self.note:
            out.append(f"  {self.note}")
        return "\n".join(out)


@dataclass(frozen=True)
class Input:
    id: str
    label: str
    kind: str = "text"  # text, multiline, select
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for select
    optional: bool = False


@dataclass(frozen=True)
class Modal:
    callback: str  # pc_decision, pc_decline, pc_more_info
    title: str
    reference: str
    inputs: tuple[Input, ...]
    submit: str = "Submit"


@dataclass(frozen=True)
class Reply:
    """What a conversation answers: a message, a card, or a modal to open; `private` replies
    are shown only to the person (Slack ephemeral)."""

    text: str | None = None
    card: Card | None = None
    modal: Modal | None = None
    private: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # a modal's per-input errors


def decision_form_refusal(app: App, person_id: str | None, reference: str) -> Reply | None:
    """The decision form names the case and what the panel said: it is offered only to a
    decider (the framework's decision maker role, as the submission itself checks). Anyone
    else is answered privately, saying who may; None when the form may be shown (or the
    person is unknown to the board, which the conversation answers itself)."""
    from ..workflow.errors import NotPermitted
    from ..workflow.lifecycle import DECIDERS

    if person_id is None or app.config.person(person_id) is None:
        return None
    actor = app.actor(person_id)
    if actor.roles & set(DECIDERS):
        return None
    if app.config.framework.decision_makers == "partners":
        refused = NotPermitted(
            reference.upper(), "sign_off", person_id, ("partner",), app.config.role_titles
        )
    else:
        refused = NotPermitted(
            reference.upper(), "record_decision", person_id, DECIDERS, actor.titles
        )
    return Reply(text=f"{refused} The form is shown to them alone.", private=True)
