"""Action plans over months, in any order: what each agency is asked, and what its answer
may change (Cambridgeshire 7.4).

A model-based (stateful) test. Hypothesis chooses when the Business Manager adds actions for
three agencies, how many days pass (each day's jobs run), when an agency answers its
quarterly request (sometimes rating another agency's action too, and the monitor reads it),
and when the Business Manager applies a held answer or rates an action by hand.
After each step:

- an agency is asked at most once for each quarter's ratings, and reminded at most once,
  never before it was asked, never once it has answered, and only while it has open
  actions;
- an answer is held for the Business Manager, never applied on arrival, and applying it
  changes that agency's actions only, as of the day it came;
- an action is complete exactly when its rating says so, and no rating is dated in the
  future or before the action existed;
- the audit chain is whole.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlmodel import col

from panelclerk.application import actionplans
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ActionItem, InboundMessage, OutboundMessage
from panelclerk.workflow.distribution import agency_contacts

from .mail import message
from .models import StoreModel, runs

AGENCIES = ("police", "csc", "health")
PLAN = "Neglect audit 2026"
RAGS = st.sampled_from(["red", "amber", "green", "complete"])
REQUEST = actionplans.UPDATE_KIND


class ActionPlanModel(StoreModel):
    def __init__(self) -> None:
        super().__init__()
        self.box = MaildirMailbox(self.dir / "mailbox", self.dir / "outbox")
        self.router = Router(self.app)
        self.answers: dict[str, str] = {}  # an answer's Message-ID -> the agency it is from
        self.answered: list[tuple[str, dt.datetime]] = []  # who answered, when

    def actions(self) -> dict[str, ActionItem]:
        return {f"{a.plan}/{a.number}": a for a in self.rows(ActionItem)}

    def requests(self) -> list[OutboundMessage]:
        return self.rows(OutboundMessage, col(OutboundMessage.kind).startswith(REQUEST))

    @initialize()
    def a_plan_in_place(self) -> None:
        """An audit's plan with an action for each agency, rated two months ago: the first
        quarter's requests are a few weeks away."""
        self.clock.now -= dt.timedelta(days=60)
        for agency in AGENCIES:
            self.the_business_manager_adds_an_action(agency, 200)
        self.clock.now += dt.timedelta(days=60)

    # ---- what people do ----------------------------------------------------------------

    @rule(agency=st.sampled_from(AGENCIES), days=st.integers(20, 400))
    def the_business_manager_adds_an_action(self, agency: str, days: int) -> None:
        due = self.app.today() + dt.timedelta(days=days)
        self.added = getattr(self, "added", 0) + 1  # the same words twice are refused
        words = f"Train staff in escalation, round {self.added}"
        actionplans.add(self.app, PLAN, words, agency, due, "bm")

    @rule(days=st.integers(1, 40))
    def days_pass(self, days: int) -> None:
        """Each day's jobs run, as the monitor runs them on every pass."""
        for _ in range(days):
            open_before = {a.agency_key for a in self.actions().values() if a.rag != "complete"}
            asked_before = {r.id for r in self.requests()}
            self.clock.now += dt.timedelta(days=1)
            actionplans.update_requests(self.app)
            for request in self.requests():
                if request.id not in asked_before:
                    agency = request.kind.removeprefix(REQUEST).split(":")[0]
                    assert agency in open_before, request.kind  # only about open actions
                    if request.kind.endswith(":reminder"):  # not once it has answered
                        [asked] = [
                            r
                            for r in self.requests()
                            if r.kind == request.kind.removesuffix(":reminder")
                        ]
                        answered = [
                            at for a, at in self.answered if a == agency and at >= asked.created_at
                        ]
                        assert not answered, (request.kind, answered)
                    event("reminded" if request.kind.endswith(":reminder") else "asked")

    @precondition(lambda self: self.requests())
    @rule(data=st.data(), others=st.booleans())
    def an_agency_answers(self, data, others: bool) -> None:
        """The agency replies to its request, one line an action; sometimes it rates another
        agency's action as well (a slip, or a forgery)."""
        request = data.draw(st.sampled_from(sorted(self.requests(), key=lambda r: r.id or 0)))
        agency = request.kind.removeprefix(REQUEST).split(":")[0]
        actions = self.actions()
        own = sorted(k for k, a in actions.items() if a.agency_key == agency)
        theirs = sorted(k for k, a in actions.items() if a.agency_key != agency)
        lines = [f"{k}: {data.draw(RAGS)}, progress as planned" for k in own[:3]]
        if others and theirs:
            lines.append(f"{theirs[0]}: complete")
        msg = message(
            agency_contacts(self.config, agency)[0],
            f"RE: {request.subject}",
            "Our ratings:\n" + "\n".join(lines) + "\n\nRegards",
            in_reply_to=request.message_id,
        )
        self.answers[msg["Message-ID"]] = agency
        self.answered.append((agency, self.clock()))
        self.box.deliver(msg.as_bytes())
        # the monitor reads it on its next pass: held, and nothing applied on arrival
        before = {k: (a.rag, a.rated_on) for k, a in actions.items()}
        [result] = self.router.run_once(self.box)
        assert (result.kind, result.outcome) == ("action_update", "held"), result
        assert {k: (a.rag, a.rated_on) for k, a in self.actions().items()} == before

    @precondition(lambda self: self.answers)
    @rule(data=st.data())
    def the_business_manager_applies_an_answer(self, data) -> None:
        held = self.rows(
            InboundMessage,
            InboundMessage.kind == "action_update",
            col(InboundMessage.released_at).is_(None),
        )
        if not held:
            return
        answer = data.draw(st.sampled_from(sorted(held, key=lambda m: m.id or 0)))
        agency = self.answers[answer.message_id or ""]
        before = self.actions()
        applied = actionplans.apply_update(self.app, answer.id, "bm")
        after = self.actions()
        came = self.app.local_date(answer.received_at)
        for key, item in after.items():
            recorded = any(a.recorded and a.key == key for a in applied)
            if before[key].agency_key != agency:
                assert not recorded and (item.rag, item.rated_on) == (
                    before[key].rag,
                    before[key].rated_on,
                ), key
            elif recorded:
                assert item.rated_on == max(came, self.app.local_date(item.created_at))
        event("an answer applied")

    @precondition(lambda self: self.actions())
    @rule(data=st.data(), rag=RAGS)
    def the_business_manager_rates_by_hand(self, data, rag: str) -> None:
        key = data.draw(st.sampled_from(sorted(self.actions())))
        actionplans.rate(self.app, key, rag, "bm")

    # ---- the promises ------------------------------------------------------------------

    @invariant()
    def each_quarter_is_asked_once_and_reminded_once(self) -> None:
        kinds = Counter(r.kind for r in self.requests())
        assert all(n == 1 for n in kinds.values()), kinds
        for kind in kinds:
            if kind.endswith(":reminder"):
                assert kind.removesuffix(":reminder") in kinds  # never before the request

    @invariant()
    def ratings_are_dated_and_complete_means_complete(self) -> None:
        today = self.app.today()
        for key, item in self.actions().items():
            assert (item.completed_on is not None) == (item.rag == "complete"), key
            assert self.app.local_date(item.created_at) <= item.rated_on <= today, key


ActionPlanModel.TestCase.settings = runs(examples=30, steps=30)
test_action_plans_over_months_keep_their_promises = ActionPlanModel.TestCase
