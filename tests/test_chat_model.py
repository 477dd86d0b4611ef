"""Whoever presses whatever in chat, in any order, only the Chair's acts take effect.

A model-based (stateful) test of the conversations every chat platform shares: Hypothesis
chooses who acts (the Chair, the Business Manager, a member, an invited agency's
representative, a deputy chair where there is one, someone not in the board's configuration),
what they press or submit (put on the agenda, recommend, decide, decline, ask for more
information, free text in the thread) and on which referral, between meetings being held
and referrers answering.
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

from collections import Counter

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule
from sqlmodel import col, func, select

from panelclerk import boardfile
from panelclerk.application import meetings, referrals
from panelclerk.application import screening as screening_stage
from panelclerk.application.inbound.router import Router
from panelclerk.bot.cards import Reply
from panelclerk.bot.conversations import Conversations
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import (
    AuditEntry,
    ChatMessage,
    Decision,
    OutboundMessage,
    Recommendation,
    Referral,
    SignOff,
)

from .mail import REFERRER, child, form_body, message
from .models import StoreModel, names_no_child, runs

PEOPLE = [None, "bm", "csc_head", "csc_deputy", "police_head", "hospital_named_nurse"]
PARTNERS = ["partner_la", "partner_police", "partner_icb"]
WHO = st.sampled_from([*PEOPLE, *["chair"] * 4, *PARTNERS * 2])  # the deciders act most
WHICH = st.integers(0, 3)  # which of the referrals
KIND = st.integers(0, 20)  # which of the board's review types
DECIDERS_ONLY = {"decide", "decline"}
FOR_THE_DECIDERS = {"agenda", "more_info"}  # the Business Manager may act for them
WORDS = (
    "I think a full SCR is needed",
    "no review, single agency learning only",
    "we need more information first",
    "hmm",
)


class ChatModel(StoreModel):
    config = boardfile.load_board()  # the Chair decides

    def __init__(self) -> None:
        super().__init__()
        self.deciders = {p.id for p in self.config.deciders}
        self.jointly = self.config.framework.decision_makers == "partners"
        self.chat = Conversations(self.app)
        self.children: list[tuple[str, str]] = []
        self.said: list[str] = []  # every answer the model was given
        self.references: list[str] = []

    @initialize(numbers=st.lists(st.integers(0, 29), min_size=2, max_size=4, unique=True))
    def referrals_arrived(self, numbers: list[int]) -> None:
        """A board in use: referrals have arrived, and the first was discussed."""
        box = MaildirMailbox(self.dir / "mailbox", self.dir / "outbox")
        for number in numbers:
            name, born = child(number)
            body = form_body(**{"child.name": name, "child.date_of_birth": born})
            box.deliver(message(REFERRER, "SCR referral", body).as_bytes())
            self.children.append((name, born))
        results = Router(self.app).run_once(box)
        self.references = sorted(r.reference for r in results if r.reference)
        assert len(self.references) == len(numbers)
        for result in results:  # a framework's own required fields, answered by the referrer
            referrals.add_information(
                self.app, result.reference, dict.fromkeys(result.missing, "none")
            )
        # the first was discussed at the last meeting: recommendations and the decision are
        # open from the start, so short sequences reach them too
        first = self.references[0]
        screening_stage.place_on_agenda(self.app, first, "bm")
        self.the_next_meeting_is_held()

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

    def acts(self, person: str | None, act: str, which: int, press) -> bool:
        """One person's act on one referral, held to who may do it; `press` is the call on
        the conversations that a platform adapter would make."""
        reference = self.references[which % len(self.references)]
        before = self.snapshot()
        reply: Reply = press(person, reference)
        heard = self.heard(reply)
        after = self.snapshot()
        refused = bool(reply.errors) or (
            reply.private and reply.card is None and not heard.startswith("Recorded for")
        )
        if refused or act == "free text":
            assert reply.private or reply.errors, heard  # told to them alone
            assert after == before, (act, person, heard)  # and nothing changed
            event(f"{act}: refused" if refused else "free text: asked to confirm")
            return False
        # the same view or sign-off again is recorded already: nothing to change
        if act != "recommend" and not (act == "decide" and self.jointly):
            assert after != before, (act, person, heard)
        if act in DECIDERS_ONLY:
            assert person in self.deciders, (act, person, heard)
        elif act in FOR_THE_DECIDERS:
            assert person in self.deciders | {"bm"}, (act, person, heard)
        else:
            assert person is not None and self.config.person(person).agency, (act, person, heard)
        event(f"{act}: taken")
        return True

    @rule(person=WHO, which=WHICH)
    def puts_on_the_agenda(self, person: str | None, which: int) -> None:
        self.acts(person, "agenda", which, lambda p, r: self.chat.on_action(p, "pc:agenda", r))

    def kind(self, number: int) -> str:
        return self.config.review_types[number % len(self.config.review_types)].id

    @rule(person=WHO, which=WHICH, kind=KIND)
    def recommends(self, person: str | None, which: int, kind: int) -> None:
        review_type = self.kind(kind)
        taken = self.acts(
            person,
            "recommend",
            which,
            lambda p, r: self.chat.on_action(p, "pc:recommend", f"{r}|{review_type}"),
        )
        if taken:  # it is that agency's one current view now
            assert person is not None
            agency = self.config.person(person).agency
            reference = self.references[which % len(self.references)]
            with self.app.uow() as uow:
                row = uow.referrals.row(reference, lock=False)
                [view] = uow.session.exec(
                    select(Recommendation).where(
                        Recommendation.referral_id == row.id,
                        Recommendation.agency_key == agency,
                        col(Recommendation.current),
                    )
                )
            assert view.review_type == review_type

    @rule(person=WHO, which=WHICH, kind=KIND)
    def decides(self, person: str | None, which: int, kind: int) -> None:
        values = {"review_type": self.kind(kind), "rationale": "The criteria are not met."}
        taken = self.acts(
            person, "decide", which, lambda p, r: self.chat.on_modal(p, "pc_decision", r, values)
        )
        if taken and self.rows(Decision):
            event("a decision made")

    @rule(person=WHO, which=WHICH)
    def declines(self, person: str | None, which: int) -> None:
        values = {"reason": "Not for us."}
        self.acts(
            person, "decline", which, lambda p, r: self.chat.on_modal(p, "pc_decline", r, values)
        )

    @rule(person=WHO, which=WHICH)
    def asks_for_more(self, person: str | None, which: int) -> None:
        values = {"question": "What did the school know?"}
        self.acts(
            person,
            "more_info",
            which,
            lambda p, r: self.chat.on_modal(p, "pc_more_info", r, values),
        )

    @rule(person=WHO, which=WHICH, words=st.sampled_from(WORDS))
    def writes_in_the_thread(self, person: str | None, which: int, words: str) -> None:
        self.acts(person, "free text", which, lambda p, r: self.chat.on_thread_message(p, r, words))

    @rule()
    def the_next_meeting_is_held(self) -> None:
        """The Business Manager records the next meeting with referrals on its agenda, and
        every referral it discussed."""
        with self.app.uow() as uow:
            waiting = [
                (r.meeting_date, r.reference)
                for r in uow.session.exec(select(Referral))
                if r.state in ("on_agenda", "precis_requested") and r.meeting_date
            ]
        if not waiting:
            return
        day = min(waiting)[0]
        if self.app.today() < day:
            self.clock.to(day, 12)
        for _, reference in sorted(w for w in waiting if w[0] == day):
            meetings.record_discussion(self.app, reference, "bm", ["csc", "police", "acute_trust"])
        event("meeting held")

    @rule(which=WHICH)
    def the_referrer_answers(self, which: int) -> None:
        """The answer to the Chair's question arrives by email: the referral goes back to
        where it was."""
        reference = self.references[which % len(self.references)]
        with self.app.uow() as uow:
            row = uow.referrals.row(reference, lock=False)
            state, paused_from = row.state, row.paused_from
        if state != "more_info_requested":
            return
        answer = {"attachments.documents": "The school had raised concerns in March."}
        referrals.add_information(self.app, reference, answer)
        with self.app.uow() as uow:
            assert uow.referrals.row(reference, lock=False).state == paused_from
        event("the referrer answered")

    # ---- the promises ------------------------------------------------------------------

    @invariant()
    def only_the_decision_makers_decide(self) -> None:
        with self.app.uow() as uow:
            decisions = list(uow.session.exec(select(Decision)))
            acts = list(uow.session.exec(select(AuditEntry)))
            current = list(uow.session.exec(select(SignOff).where(col(SignOff.current))))
        by = {(a.action, a.actor) for a in acts}
        deciding = {who for act, who in by if act in ("record_decision", "decline", "sign_off")}
        assert deciding <= self.deciders
        screening = {who for act, who in by if act in ("place_on_agenda", "request_more_info")}
        assert screening <= self.deciders | {"bm"}
        if not self.jointly:
            assert {d.decided_by for d in decisions} <= self.deciders and not current
            return
        for decision in decisions:  # made when every partner signed off the same
            assert decision.decided_by == "partners"
            agreed = {
                (s.person_key, s.review_type)
                for s in current
                if s.referral_id == decision.referral_id
            }
            assert agreed == {(p, decision.review_type) for p in self.deciders}, agreed

    @invariant()
    def one_current_view_per_agency_and_only_members_count(self) -> None:
        with self.app.uow() as uow:
            views = list(
                uow.session.exec(select(Recommendation).where(col(Recommendation.current)))
            )
        per_agency = Counter((v.referral_id, v.agency_key) for v in views)
        assert all(n == 1 for n in per_agency.values()), per_agency
        for view in views:
            person = self.config.person(view.person_key)
            assert person is not None
            member = bool({"member", "deputy", "partner"} & set(person.roles))
            assert view.counts == member, (view.person_key, view.counts)

    @invariant()
    def no_answer_names_a_child(self) -> None:
        names_no_child("\n".join(self.said), self.children)


class PartnersModel(ChatModel):
    """Working Together 2023: the three safeguarding partners decide jointly, each signing
    off; the decision is made when all three agree, never by one of them or the Chair."""

    config = boardfile.load_board(None, "working-together-2023")


SETTINGS = runs(examples=30, steps=40)
ChatModel.TestCase.settings = SETTINGS
PartnersModel.TestCase.settings = SETTINGS
test_whoever_presses_whatever_only_the_chairs_acts_take_effect = ChatModel.TestCase
test_whoever_presses_whatever_only_the_partners_decide_together = PartnersModel.TestCase
