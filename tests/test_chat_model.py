"""Whoever presses whatever in chat, in any order, only the Chair's acts take effect.

A model-based (stateful) test of the conversations every chat platform shares: Hypothesis
chooses who acts (the Chair, the Business Manager, a member, an invited agency's
representative, a deputy chair where there is one, someone not in the board's configuration),
what they press or submit (put on the agenda, recommend, decide, decline, ask for more
information, free text in the thread) and on which referral, between meetings being held.
After each step:

- a refused act gets an answer to the person alone and changes nothing: no state, no audit
  entry, no email, no chat message;
- only the Chair (or a deputy chair) declines and decides (Cambridgeshire 4.1, 4.4); the
  Chair or the Business Manager for the Chair puts a referral on the agenda and asks the
  referrer for more (3.1, 4.1);
- each agency has at most one current recommendation, and only sub-group members' count
  (6.3);
- the audit chain is whole, and no answer names a child or gives a date of birth.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlmodel import col, func, select

from panelclerk import boardfile, services
from panelclerk.bot.cards import Reply
from panelclerk.bot.conversations import Conversations
from panelclerk.intake.maildir import MaildirMailbox
from panelclerk.intake.monitor import Router
from panelclerk.store import audit
from panelclerk.store.tables import (
    AuditEntry,
    ChatMessage,
    Decision,
    OutboundMessage,
    Recommendation,
    Referral,
)

from .conftest import LONDON, Clock
from .mail import REFERRER, child, form_body, message, spellings

CONFIG = boardfile.load_board()
DECIDERS = {p.id for p in CONFIG.people if {"chair", "deputy_chair"} & set(p.roles)}
# weighted so that whole cases (screened, discussed, recommended on, decided) are reached
PEOPLE = [None, "bm", "csc_head", "csc_deputy", "police_head", "hospital_named_nurse"]
PEOPLE += sorted(DECIDERS) * 3
ACTS = ("agenda", "recommend", "recommend", "recommend", "decide", "decline", "more_info")
ACTS += ("free text",)
CHAIR_ONLY = {"decide", "decline"}
FOR_THE_CHAIR = {"agenda", "more_info"}  # the Business Manager may act for the Chair
REVIEW_TYPES = [r.id for r in CONFIG.review_types]
WORDS = (
    "I think a full SCR is needed",
    "no review, single agency learning only",
    "we need more information first",
    "hmm",
)


class ChatModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="panelclerk-chat-model-"))
        self.clock = Clock(dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON).astimezone(dt.UTC))
        self.app = services.bootstrap(CONFIG, f"sqlite:///{self.dir / 'p.db'}", self.clock)
        self.chat = Conversations(self.app)
        self.children: list[tuple[str, str]] = []
        self.said: list[str] = []  # every answer the model was given
        self.references: list[str] = []

    def teardown(self) -> None:
        self.app.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    @initialize(numbers=st.lists(st.integers(0, 29), min_size=2, max_size=4, unique=True))
    def referrals_arrived(self, numbers: list[int]) -> None:
        box = MaildirMailbox(self.dir / "mailbox", self.dir / "outbox")
        for number in numbers:
            name, born = child(number)
            body = form_body(**{"child.name": name, "child.date_of_birth": born})
            box.deliver(message(REFERRER, "SCR referral", body).as_bytes())
            self.children.append((name, born))
        results = Router(self.app).run_once(box)
        self.references = sorted(r.reference for r in results if r.reference)
        assert len(self.references) == len(numbers)

    def snapshot(self) -> tuple[object, ...]:
        """What any act changes: states, audit entries, email and chat outboxes, views."""
        with self.app.uow() as uow:
            session = uow.session
            states = tuple(
                (r.reference, r.state, r.meeting_date)
                for r in session.exec(select(Referral).order_by(col(Referral.reference)))
            )
            counts = tuple(
                session.exec(select(func.count()).select_from(table)).one()
                for table in (AuditEntry, OutboundMessage, ChatMessage, Recommendation)
            )
        return states, counts

    def heard(self, reply: Reply) -> str:
        parts = [reply.text or "", *reply.errors.values()]
        if reply.card is not None:
            parts.append(reply.card.text())
        if reply.modal is not None:
            parts += [reply.modal.title, *(i.label for i in reply.modal.inputs)]
        words = "\n".join(parts)
        self.said.append(words)
        return words

    # ---- what people do ----------------------------------------------------------------

    @rule(
        person=st.sampled_from(PEOPLE),
        act=st.sampled_from(ACTS),
        which=st.integers(0, 3),
        review_type=st.sampled_from(REVIEW_TYPES),
        words=st.sampled_from(WORDS),
    )
    def someone_acts(
        self, person: str | None, act: str, which: int, review_type: str, words: str
    ) -> None:
        reference = self.references[which % len(self.references)]
        before = self.snapshot()
        chat = self.chat
        if act == "agenda":
            reply = chat.on_action(person, "pc:agenda", reference)
        elif act == "recommend":
            reply = chat.on_action(person, "pc:recommend", f"{reference}|{review_type}")
        elif act == "decide":
            values = {"review_type": review_type, "rationale": "The criteria are not met."}
            reply = chat.on_modal(person, "pc_decision", reference, values)
        elif act == "decline":
            reply = chat.on_modal(person, "pc_decline", reference, {"reason": "Not for us."})
        elif act == "more_info":
            values = {"question": "What did the school know?"}
            reply = chat.on_modal(person, "pc_more_info", reference, values)
        else:
            reply = chat.on_thread_message(person, reference, words)
        heard = self.heard(reply)
        after = self.snapshot()
        refused = bool(reply.errors) or (
            reply.private and reply.card is None and not heard.startswith("Recorded for")
        )
        if refused or act == "free text":
            assert reply.private or reply.errors, heard  # told to them alone
            assert after == before, (act, person, heard)  # and nothing changed
            event(f"{act}: refused" if refused else "free text: asked to confirm")
            return
        assert after != before, (act, person, heard)
        if act in CHAIR_ONLY:
            assert person in DECIDERS, (act, person, heard)
        elif act in FOR_THE_CHAIR:
            assert person in DECIDERS | {"bm"}, (act, person, heard)
        else:
            assert person is not None and CONFIG.person(person).agency, (act, person, heard)
        event(f"{act}: taken")

    @rule(which=st.integers(0, 3))
    def the_meeting_is_held(self, which: int) -> None:
        """The Business Manager records the meeting that discussed a referral."""
        reference = self.references[which % len(self.references)]
        with self.app.uow() as uow:
            row = uow.referrals.row(reference, lock=False)
            state, day = row.state, row.meeting_date
        if state not in ("on_agenda", "precis_requested") or day is None:
            return
        if self.app.today() < day:
            self.clock.to(day, 12)
        services.record_discussion(self.app, reference, "bm", ["csc", "police", "acute_trust"])
        event("meeting held")

    # ---- the promises ------------------------------------------------------------------

    @invariant()
    def only_the_chair_decides(self) -> None:
        with self.app.uow() as uow:
            decisions = list(uow.session.exec(select(Decision)))
            acts = list(uow.session.exec(select(AuditEntry)))
        assert {d.decided_by for d in decisions} <= DECIDERS
        by = {(a.action, a.actor) for a in acts}
        assert {who for act, who in by if act in ("record_decision", "decline")} <= DECIDERS
        screening = {who for act, who in by if act in ("place_on_agenda", "request_more_info")}
        assert screening <= DECIDERS | {"bm"}

    @invariant()
    def one_current_view_per_agency_and_only_members_count(self) -> None:
        with self.app.uow() as uow:
            views = list(
                uow.session.exec(select(Recommendation).where(col(Recommendation.current)))
            )
        per_agency = Counter((v.referral_id, v.agency_key) for v in views)
        assert all(n == 1 for n in per_agency.values()), per_agency
        for view in views:
            person = CONFIG.person(view.person_key)
            assert person is not None
            member = bool({"member", "deputy", "partner"} & set(person.roles))
            assert view.counts == member, (view.person_key, view.counts)

    @invariant()
    def the_audit_chain_is_whole(self) -> None:
        with self.app.uow() as uow:
            check = audit.verify(uow.session)
        assert check.ok, check.reason

    @invariant()
    def no_answer_names_a_child(self) -> None:
        words = "\n".join(self.said)
        for name, born in self.children:
            assert name not in words and name.split()[1] not in words
            assert not any(s in words for s in spellings(born))


ChatModel.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    derandomize=True,  # the same sequences on every run: CI does not flicker
    suppress_health_check=[HealthCheck.too_slow],
)
test_whoever_presses_whatever_only_the_chairs_acts_take_effect = ChatModel.TestCase
