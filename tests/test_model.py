"""Any order of what arrives and of what people do keeps the mailbox's promises.

A model-based (stateful) test: Hypothesis chooses a sequence of referrals, copies of them,
forgeries reusing their Message-ID, auto-replies to our mail, strangers' mail, the
referrer's answers, the Chair's screening, agencies' précis, the decision, the Business
Manager releasing what was quarantined, passes of the monitor that die after their commit,
an SMTP server that fails, days passing, and months passing with the retention rules
applied to the store and the mailbox. After each step the store is held to what its users
were promised:

- every message that arrived is kept, once, and a clean pass leaves none waiting;
- each referral message makes one referral, whatever copies or forgeries follow it (a
  quarantined one makes its own once vouched for), a reply reaches the referral it answers,
  and every referrer is told their reference code;
- no sender is answered twice for one message, an auto-reply is never answered, and the
  SMTP server is never handed the same email twice;
- the audit chain stays whole;
- no child's name or date of birth reaches chat or the log;
- the mailbox keeps the original of everything whose content the store still holds, and
  after a purge, nothing whose every record was emptied;
- once a child's every referral is anonymised, no column of any table names them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)
from sqlmodel import col

from panelclerk.application import (
    dataprotection,
    decision,
    decision_notice,
    meetings,
    scheduled,
    screening,
)
from panelclerk.application.inbound.kept import release
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store.tables import (
    ChatMessage,
    InboundMessage,
    OutboundMessage,
    Precis,
    Referral,
)
from panelclerk.workflow.errors import WorkflowError

from .conftest import COMPLETE_FORM
from .mail import REFERRER, child, form_body, message, spellings
from .models import StoreModel, columns_naming, names_no_child, runs

STRANGER = "someone@elsewhere.example"
POLICE = "ruth.okafor@police.fenmarsh.example"
# a précis is taken while one is awaited, and held for the Business Manager after that
PRECIS_READ = (("precis", "accepted"), ("additional_information", "held"))


class Recorder:
    """An SMTP transport that keeps what it was handed, and fails when told to (the server
    down): nothing reaches `sent` twice if the outbox keeps its promise."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, tuple[str, ...]]] = []
        self.down = False

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        self.sent.append((message_from_bytes(raw)["Message-ID"], tuple(sorted(recipients))))


class Crashing:
    """The mailbox of one pass whose process dies after the n-th commit, before the message
    is moved to Processed: the next pass must find it recorded and apply it no further."""

    def __init__(self, box: MaildirMailbox, after: int) -> None:
        self.box, self.left = box, after

    def __getattr__(self, name: str):
        return getattr(self.box, name)

    def mark_processed(self, ref, quarantined: bool = False) -> None:
        self.left -= 1
        if self.left < 0:
            raise KeyboardInterrupt  # nothing below the monitor catches it: the process ends
        self.box.mark_processed(ref, quarantined=quarantined)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class MailboxModel(StoreModel):
    referrals = Bundle("referrals")  # Message-IDs of genuine referral messages

    def __init__(self) -> None:
        super().__init__()
        self.box = MaildirMailbox(self.dir / "mailbox", self.dir / "outbox")
        self.router = Router(self.app)
        self.smtp = Recorder()
        self.children: dict[str, tuple[str, str]] = {}  # referral Message-ID -> child
        self.raws: dict[str, bytes] = {}
        self.expected: dict[str, str] = {}  # referral Message-ID -> the state it should be in
        self.until_read: dict[str, str] = {}  # ... -> the state it keeps until mail is read
        self.paused: dict[str, str] = {}  # ... -> where the Chair's question paused it
        self.auto_replies: set[str] = set()
        self.strangers: set[str] = set()
        self.precis: dict[str, str] = {}  # a précis's Message-ID -> the referral it names
        self.vouched: set[str] = set()  # mailbox keys the Business Manager released
        self.files = 0  # files delivered to the mailbox
        self.log = Lines()
        self.logger = logging.getLogger("panelclerk")
        self.level = self.logger.level
        self.logger.addHandler(self.log)
        self.logger.setLevel(logging.DEBUG)

    def teardown(self) -> None:
        self.logger.removeHandler(self.log)
        self.logger.setLevel(self.level)
        super().teardown()

    def deliver(self, raw: bytes) -> None:
        name = self.box.deliver(raw)
        arrived = self.clock().timestamp()  # by the board's clock, as the store's times are
        os.utime(self.box.root / "new" / name, (arrived, arrived))
        self.files += 1

    def filed(self) -> dict[str, Path]:
        """The originals the monitor filed away, by the mailbox key of their record."""
        return {
            f"maildir:{path.name.split(':2,')[0]}": path
            for folder in (".Processed", ".Quarantine")
            for path in (self.box.root / folder / "cur").glob("*")
        }

    def referral_of(self, message_id: str) -> Referral | None:
        """The referral a referral message made, once the monitor has applied it."""
        made = self.rows(
            InboundMessage,
            InboundMessage.message_id == message_id,
            InboundMessage.kind == "referral",
            InboundMessage.reference.is_not(None),  # type: ignore[union-attr]
            InboundMessage.duplicate_of.is_(None),  # type: ignore[union-attr]
            InboundMessage.released_by.is_(None),  # type: ignore[union-attr]
        )
        if not made:
            return None
        [row] = self.rows(Referral, Referral.reference == made[0].reference)
        return row

    @initialize(
        target=referrals,
        waiting=st.lists(st.tuples(st.integers(0, 29), st.booleans()), min_size=1, max_size=3),
    )
    def a_mailbox_in_use(self, waiting: list[tuple[int, bool]]):
        """Some referrals arrived and were read before the model starts, so that the later
        steps of the process are reached within a short sequence."""
        made = [self.a_referral(number, complete) for number, complete in waiting]
        self.a_pass(None)
        return multiple(*made)

    # ---- what arrives ------------------------------------------------------------------

    @rule(target=referrals, number=st.integers(0, 29), complete=st.booleans())
    def a_referral(self, number: int, complete: bool) -> str:
        name, born = child(number)
        body = form_body(
            drop=() if complete else ("child.legal_status",),
            **{"child.name": name, "child.date_of_birth": born},
        )
        msg = message(REFERRER, "SCR referral", body)
        self.raws[msg["Message-ID"]] = msg.as_bytes()
        self.deliver(msg.as_bytes())
        self.children[msg["Message-ID"]] = (name, born)
        self.expected[msg["Message-ID"]] = "awaiting_screening" if complete else "incomplete"
        return msg["Message-ID"]

    @rule(message_id=referrals)
    def a_copy(self, message_id: str) -> None:
        """The same message delivered again (To and Cc, a second folder)."""
        self.deliver(b"Delivered-To: cc@fenmarsh-lscb.example\r\n" + self.raws[message_id])

    @rule(message_id=referrals)
    def a_forgery(self, message_id: str) -> None:
        """Other content under a Message-ID we already know: never a second referral, never
        a change to the first."""
        body = form_body(**{"child.name": "Other Person", "incident.outcome": "died"})
        self.deliver(message(REFERRER, "SCR referral", body, message_id=message_id).as_bytes())

    @rule()
    def a_stranger(self) -> None:
        msg = message(STRANGER, "SCR referral", form_body())
        self.strangers.add(msg["Message-ID"])
        self.deliver(msg.as_bytes())

    @precondition(lambda self: self.smtp.sent)
    @rule(data=st.data())
    def an_auto_reply(self, data) -> None:
        """An out-of-office answering something we sent: recorded, never answered."""
        message_id, recipients = data.draw(st.sampled_from(self.smtp.sent))
        msg = message(
            recipients[0],
            "Automatic reply: out of office",
            "I am out of the office until Monday.",
            in_reply_to=message_id,
            headers=[("Auto-Submitted", "auto-replied")],
        )
        self.auto_replies.add(msg["Message-ID"])
        self.deliver(msg.as_bytes())

    @precondition(lambda self: "incomplete" in self.expected.values())
    @rule(data=st.data())
    def the_missing_field(self, data) -> None:
        """The referrer answers our acknowledgement with the field it asked for."""
        waiting = [m for m, state in self.expected.items() if state == "incomplete"]
        acks = {
            (o.referral_id, o.message_id)
            for o in self.rows(OutboundMessage, OutboundMessage.kind == "acknowledgement")
        }
        answerable = []
        for message_id in waiting:
            row = self.referral_of(message_id)
            if row is not None:
                answerable += [(message_id, a) for r, a in acks if r == row.id]
        if not answerable:
            return
        message_id, ack = data.draw(st.sampled_from(sorted(answerable)))
        reply = message(
            REFERRER,
            "RE: your referral",
            "Legal status: child in need\n\nKim",
            in_reply_to=ack,
        )
        self.deliver(reply.as_bytes())
        self.until_read[message_id] = "incomplete"
        self.expected[message_id] = "awaiting_screening"
        event("a missing field sent")

    # ---- what people do ----------------------------------------------------------------

    def in_state(self, state: str) -> list[tuple[str, Referral]]:
        out = []
        for message_id, expected in sorted(self.expected.items()):
            row = self.referral_of(message_id)
            if expected == state and row is not None and row.state == state:
                out.append((message_id, row))
        return out

    @precondition(lambda self: "awaiting_screening" in self.expected.values())
    @rule(data=st.data())
    def the_chair_screens(self, data) -> None:
        ready = self.in_state("awaiting_screening")
        if not ready:
            return
        message_id, row = data.draw(st.sampled_from(ready))
        screening.place_on_agenda(self.app, row.reference, "chair")
        self.expected[message_id] = "precis_requested"
        event("screened")

    @precondition(
        lambda self: {"awaiting_screening", "precis_requested"} & set(self.expected.values())
    )
    @rule(data=st.data())
    def the_chair_asks_for_more(self, data) -> None:
        """At screening, or while the agencies write their précis (4.1, 4.5)."""
        ready = self.in_state("awaiting_screening") + self.in_state("precis_requested")
        if not ready:
            return
        message_id, row = data.draw(st.sampled_from(ready))
        screening.request_more_info(self.app, row.reference, "chair", "What did the school know?")
        self.paused[message_id] = row.state
        self.expected[message_id] = "more_info_requested"
        event(f"more information asked for, {row.state}")

    @precondition(lambda self: "more_info_requested" in self.expected.values())
    @rule(data=st.data())
    def the_referrer_answers_the_chair(self, data) -> None:
        asked = self.in_state("more_info_requested")
        if not asked:
            return
        message_id, row = data.draw(st.sampled_from(asked))
        msg = message(
            REFERRER,
            f"RE: [{row.reference}] More information requested",
            "The school had raised concerns in March.\n\nKim",
        )
        self.deliver(msg.as_bytes())
        self.until_read[message_id] = "more_info_requested"
        self.expected[message_id] = self.paused.pop(message_id)

    @precondition(
        lambda self: "precis_requested" in {*self.paused.values(), *self.expected.values()}
    )
    @rule(data=st.data())
    def the_police_precis(self, data) -> None:
        """Police answer the précis request by email, naming the child (précis do), also
        while the Chair's question to the referrer is open."""
        asked = self.in_state("precis_requested") + [
            (m, row)
            for m, row in self.in_state("more_info_requested")
            if self.paused.get(m) == "precis_requested"
        ]
        if not asked:
            return
        message_id, row = data.draw(st.sampled_from(asked))
        name, born = self.children[message_id]
        msg = message(
            POLICE,
            f"RE: [{row.reference}] Précis requested",
            f"Police attended the home of {name} (born {born}) twice in 2026.",
        )
        self.precis[msg["Message-ID"]] = row.reference
        self.deliver(msg.as_bytes())

    @precondition(lambda self: "precis_requested" in self.expected.values())
    @rule(data=st.data())
    def the_chair_decides(self, data) -> None:
        asked = self.in_state("precis_requested")
        if not asked:
            return
        message_id, row = data.draw(st.sampled_from(asked))
        assert row.meeting_date is not None
        if self.app.today() < row.meeting_date:
            self.clock.to(row.meeting_date, 12)
        meetings.record_discussion(self.app, row.reference, "bm", ["csc", "police"])
        self.clock.now += dt.timedelta(days=7)
        decision.record_submission(
            self.app, row.reference, "chair", review_type="no_review", rationale="Not met."
        )
        decision_notice.notify_decision(self.app, row.reference)
        self.expected[message_id] = "notified"
        event("decided and notified")

    @precondition(lambda self: "notified" in self.expected.values())
    @rule(data=st.data())
    def the_decision_sent_again(self, data) -> None:
        """Someone asks for the decision to go out again: refused, nobody emailed twice."""
        done = self.in_state("notified")
        if not done:
            return
        _, row = data.draw(st.sampled_from(done))
        with pytest.raises(WorkflowError):
            decision_notice.notify_decision(self.app, row.reference)

    @rule(data=st.data())
    def the_business_manager_releases(self, data) -> None:
        """The Business Manager vouches for a kept message. A quarantined referral (a
        stranger's: a new agency's address; or one whose mail system reused a Message-ID)
        becomes a referral of its own, and its sender is told its reference code. A held one
        (a précis after the decision) is routed again and stays held, answered once."""
        kept = self.rows(
            InboundMessage,
            col(InboundMessage.outcome).in_(["quarantined", "held"]),
            InboundMessage.kind != "fault",
        )
        if not kept:
            return
        chosen = data.draw(st.sampled_from(sorted(kept, key=lambda m: m.id or 0)))
        if not chosen.raw:
            with pytest.raises(WorkflowError, match="removed under the retention rules"):
                release(self.app, chosen.id, "bm")
            event("a release refused: its content was removed")
            return
        result = release(self.app, chosen.id, "bm")
        if chosen.outcome == "held":
            assert result.outcome == "held", result
            event("released a held message")
            return
        assert result.kind == "referral" and result.outcome in ("accepted", "late"), result
        self.vouched.add(chosen.mailbox_key)
        event("released a quarantined referral")

    # ---- the machinery -----------------------------------------------------------------

    @rule(dies_after=st.none() | st.integers(0, 3))
    def a_pass(self, dies_after: int | None) -> None:
        if dies_after is None:
            self.router.run_once(self.box)
            assert self.box.list_new() == [], "a clean pass leaves nothing waiting"
            self.until_read.clear()
            return
        with pytest.raises(KeyboardInterrupt):
            self.router.run_once(Crashing(self.box, dies_after))
            raise KeyboardInterrupt  # it had fewer messages than that: no harm either way
        self.router = Router(self.app)  # the process is started again

    @rule(down=st.booleans())
    def the_outbox(self, down: bool) -> None:
        self.smtp.down = down
        deliver_due(self.app.uow, self.app.config, self.smtp, self.clock())

    @rule(days=st.integers(1, 12))
    def days_pass(self, days: int) -> None:
        self.clock.now += dt.timedelta(days=days)
        scheduled.scheduled_jobs(self.app)

    @rule(months=st.integers(6, 90))
    def months_pass_and_the_retention_rules_run(self, months: int) -> None:
        self.clock.now += dt.timedelta(days=30 * months)
        purged = dataprotection.purge(self.app)
        cleared = dataprotection.clear_mailbox(self.app, self.box)
        event(f"retention: {bool(purged.emptied)} emptied, {bool(cleared.removed)} removed")
        records = self.rows(InboundMessage)
        for key, path in self.filed().items():
            [own] = [m for m in records if m.mailbox_key == key]
            related = [
                m
                for m in records
                if m.content_hash == own.content_hash
                or (own.message_id and m.message_id == own.message_id)
            ]
            assert any(m.raw for m in related), f"{path.name} kept past its time"
        self.no_anonymised_child_is_named_anywhere()

    def no_anonymised_child_is_named_anywhere(self) -> None:
        """Once a child's every referral is anonymised and no kept mail still names them,
        no column of any table does."""
        made = {mid: self.referral_of(mid) for mid in self.children}
        gone = {self.children[m] for m, r in made.items() if r and r.form.get("_anonymised")}
        live = {self.children[m] for m, r in made.items() if r and not r.form.get("_anonymised")}
        raw = b"".join(m.raw for m in self.rows(InboundMessage))
        for name, born in gone - live:
            if name.encode() not in raw:
                event("a child anonymised everywhere")
                # the name and date of birth (a surname alone may be another child's too)
                assert columns_naming(self.app, name, *spellings(born)) == [], name

    # ---- the promises ------------------------------------------------------------------

    @invariant()
    def the_mailbox_keeps_what_the_store_holds(self) -> None:
        filed = self.filed()
        waiting = {ref.key for ref in self.box.list_new()}
        for m in self.rows(InboundMessage):
            if m.raw and m.mailbox_key not in waiting:
                assert m.mailbox_key in filed, f"message {m.id}'s original was removed"

    @invariant()
    def every_message_is_kept_once(self) -> None:
        kept = [m.mailbox_key for m in self.rows(InboundMessage)]
        waiting = {ref.key for ref in self.box.list_new()}  # after a death, some are both
        assert len(kept) == len(set(kept)) and len(waiting | set(kept)) == self.files

    @invariant()
    def each_referral_message_makes_one_referral(self) -> None:
        rows = [
            m
            for m in self.rows(InboundMessage, InboundMessage.kind == "referral")
            if m.reference is not None and m.duplicate_of is None
        ]
        assert len(self.rows(Referral)) == len({m.reference for m in rows}) == len(rows)
        released = {m.mailbox_key for m in rows if m.released_by is not None}
        assert released == self.vouched  # a stranger's or a forger's only when vouched for
        made = Counter(m.message_id for m in rows if m.released_by is None)
        assert all(n == 1 for n in made.values()), made
        assert set(made) <= set(self.children)
        for message_id in made:
            row = self.referral_of(message_id)
            assert row is not None
            if row.form.get("_anonymised"):  # closed, and past its retention
                assert self.children[message_id][0] not in json.dumps(row.form)
            else:
                assert row.form["child.name"] == self.children[message_id][0]
            allowed = {self.expected[message_id], self.until_read.get(message_id)}
            assert row.state in allowed, (row.reference, row.state, allowed)

    @invariant()
    def each_precis_reaches_the_referral_it_names(self) -> None:
        """Taken as the police précis while one is awaited; after the decision, held for the
        Business Manager; never attached to another referral, never lost."""
        read = self.rows(
            InboundMessage,
            InboundMessage.message_id.in_(self.precis),  # type: ignore[union-attr]
        )
        for m in read:
            assert m.reference == self.precis[m.message_id]
            assert (m.kind, m.outcome) in PRECIS_READ, (m.kind, m.outcome, m.reason)
        for _, row in self.in_state("notified"):
            [asked] = self.rows(Precis, Precis.referral_id == row.id, Precis.agency_key == "police")
            sent = [m for m in read if self.precis[m.message_id] == row.reference]
            assert (asked.received_at is not None) == any(m.kind == "precis" for m in sent)

    @invariant()
    def each_referrer_is_told_the_reference_once(self) -> None:
        acks = Counter(
            (o.referral_id, o.in_reply_to)
            for o in self.rows(OutboundMessage, OutboundMessage.kind == "acknowledgement")
        )
        assert all(n == 1 for n in acks.values()), acks
        told = {referral_id for referral_id, _ in acks}
        assert {r.id for r in self.rows(Referral)} <= told

    @invariant()
    def nobody_is_answered_twice_and_no_auto_reply_is_answered(self) -> None:
        answers = Counter(
            (o.in_reply_to, o.kind, o.referral_id)
            for o in self.rows(OutboundMessage, OutboundMessage.in_reply_to.is_not(None))  # type: ignore[union-attr]
        )
        assert all(n == 1 for n in answers.values()), answers
        answered = {in_reply_to for in_reply_to, _, _ in answers}
        assert not answered & self.auto_replies
        vouched = {m.message_id for m in self.rows(InboundMessage) if m.mailbox_key in self.vouched}
        assert not answered & (self.strangers - vouched)  # a stranger learns nothing

    @invariant()
    def no_email_is_handed_to_the_server_twice(self) -> None:
        handed = Counter(message_id for message_id, _ in self.smtp.sent)
        assert all(n == 1 for n in handed.values()), handed

    @invariant()
    def no_child_is_named_in_chat_or_the_log(self) -> None:
        said = [m.text or "" for m in self.rows(ChatMessage)] + self.log.lines
        names_no_child(" ".join(said), self.children.values())
        assert COMPLETE_FORM["child.name"] not in " ".join(said)


MailboxModel.TestCase.settings = runs(examples=25, steps=50)
test_any_order_of_mail_and_work_keeps_the_promises = MailboxModel.TestCase
