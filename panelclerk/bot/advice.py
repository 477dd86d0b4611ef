"""Should I refer? A designated safeguarding lead describes a case in a direct message; the
reply says whether the criteria for a review look met, asks only what decides it, and starts
a referral by secure email. Nothing typed here is stored: a session lives in memory, half an
hour at most, and holds the facts read, never the words."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from ..nlp.facts import extract_facts
from ..workflow.config import BoardConfig
from ..workflow.criteria import QUESTIONS, Facts, Value, advise
from ..workflow.forms import label
from .cards import Button, Card, Reply
from .conversation import mask_quotes, render_advice

SESSION_SECONDS = 30 * 60
YES = {"yes", "y", "yeah", "yep", "true", "correct", "it did", "they did"}
NO = {"no", "n", "nope", "false", "not", "none"}
UNSURE = {"don't know", "dont know", "not sure", "unknown", "unsure", "?"}


@dataclass
class _Session:
    facts: Facts
    expires: float
    last_question: str | None = None  # a later yes or no can correct its answer


class Advice:
    def __init__(self, config: BoardConfig, board_words: frozenset[str]) -> None:
        self.config = config
        self.board_words = board_words  # the board's own words, never masked as names
        self._sessions: dict[tuple[str, str], _Session] = {}
        self._lock = threading.Lock()

    def on_direct_message(self, platform: str, user_id: str, text: str) -> Reply:
        """Should I refer? Nothing typed here is stored; the session lives in memory only."""
        key = (platform, user_id)
        now = time.monotonic()
        with self._lock:
            self._sessions = {k: v for k, v in self._sessions.items() if v.expires > now}
            session = self._sessions.get(key)
        answer = text.strip().lower().rstrip(".!")
        if session is not None and (answer in YES or answer in NO or answer in UNSURE):
            # the question shown last, or else the last one answered, whose answer this
            # corrects ("If they were in fact under 18, reply no"); never the first still
            # open, which after a "don't know" is the question just answered
            question = session.last_question or next(
                iter(advise(session.facts, self.config).ask_about), None
            )
            if question:
                value: Value = "true" if answer in YES else "false" if answer in NO else "unknown"
                facts = session.facts.with_answer(question, value, text.strip())
                if value == "unknown":  # do not ask the same question again
                    facts = facts.with_answer(question, "unknown")
                return self._advise(
                    key, facts, asked=question if value == "unknown" else None, answered=question
                )
        if len(text.split()) < 4:
            return Reply(
                text="Describe the case in a few sentences (no names needed): what "
                "happened to the child, whether abuse or neglect is known or "
                "suspected, and how agencies worked together."
            )
        return self._advise(key, mask_quotes(extract_facts(text), self.board_words), said=text)

    def _advise(
        self,
        key: tuple[str, str],
        facts: Facts,
        asked: str | None = None,
        said: str = "",
        answered: str | None = None,
    ) -> Reply:
        advice = advise(facts, self.config)
        questions = [q for q in advice.ask_about if q != asked]
        last = questions[0] if questions else answered
        with self._lock:
            self._sessions[key] = _Session(facts, time.monotonic() + SESSION_SECONDS, last)
        text = render_advice(facts, advice, self.config, asked=said, keep=self.board_words)
        if questions:
            first = questions[0]
            return Reply(
                card=Card(
                    "Should I refer?",
                    (),
                    tuple(text.split("\n")),
                    (
                        Button("pc:answer", "Yes", f"{first}|true"),
                        Button("pc:answer", "No", f"{first}|false"),
                        Button("pc:answer", "Don't know", f"{first}|unknown"),
                    ),
                    f"Reply yes, no or don't know: {QUESTIONS.get(first, first)}",
                )
            )
        if advice.outcome == "more_information_needed":
            return Reply(text=text)
        return Reply(
            card=Card(
                "Should I refer?",
                (),
                tuple(text.split("\n")),
                (Button("pc:start_referral", "Start a referral", advice.outcome, "primary"),),
            )
        )

    def start_referral(self) -> Reply:
        """How to refer: the form's required fields and where to send them. Names and the
        details of the case go by secure email, never into chat, so nothing is stored here."""
        terms = self.config.terms
        fields = [f"  - {label(f)}" for f in self.config.form.required]
        return Reply(
            text="\n".join(
                [
                    f"To start a referral, send the {terms.referral_form} by secure email to "
                    f"{self.config.board.mailbox}, with these fields filled in:",
                    *fields,
                    "Attach supporting documents and chronologies if you have them. You will get a "
                    "reference code and hear which meeting it can make, and anything missing.",
                    "Nothing you typed here has been stored.",
                ]
            ),
            private=True,
        )

    def on_answer_button(self, platform: str, user_id: str, value: str) -> Reply:
        """A button answers the question on its own card, which may be an older one than the
        question shown last."""
        question, _, answer = value.partition("|")
        word = {"true": "yes", "false": "no"}.get(answer, "don't know")
        with self._lock:
            session = self._sessions.get((platform, user_id))
            if session is not None and question in QUESTIONS:
                session.last_question = question
        return self.on_direct_message(platform, user_id, word)
