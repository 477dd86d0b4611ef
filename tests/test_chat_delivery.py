"""The chat outbox against a fake Slack Web API that takes its time, on SQLite and
PostgreSQL: a post is claimed in a short transaction and made with none open, so a slow or
hung platform holds up neither the intake nor the Chair (on SQLite a transaction holds the
store's write lock); a claim left by a sender that died is taken again once it
runs out, and a referral still gets one thread whoever sends."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from slack_sdk import WebClient
from sqlmodel import select

from panelclerk import chatqueue
from panelclerk.application import context, meetings, referrals, screening
from panelclerk.bot.cards import Card
from panelclerk.bot.conversations import Conversations
from panelclerk.bot.slack import SlackSender
from panelclerk.store.tables import ChatMessage, ChatThread

from .conftest import COMPLETE_FORM, another_child
from .fake_slack import BOT_TOKEN, FakeSlack

CHANNEL = "C0SUBGROUP"


class SlowSlack(FakeSlack):
    """Slack answering one chat.postMessage only when the test lets it (a slow API, or a
    connection that hangs until its timeout); every other call at once."""

    def __init__(self) -> None:
        super().__init__()
        self.hold = True  # the next chat.postMessage waits
        self.arrived, self.go = threading.Event(), threading.Event()

    def answer(self, method: str, body: dict, auth: str) -> tuple[int, dict, dict]:
        if method == "chat.postMessage" and self.hold:
            self.hold = False
            self.arrived.set()
            self.go.wait(20)
        return super().answer(method, body, auth)


@pytest.fixture
def slack(config, database_url, clock):
    chat = config.chat.model_copy(update={"platforms": ("slack",), "slack_channel": CHANNEL})
    app = context.bootstrap(config.model_copy(update={"chat": chat}), database_url, clock)
    fake = SlowSlack().start()
    yield app, fake
    fake.go.set()
    fake.stop()
    app.engine.dispose()


def sender(app, fake, kind=SlackSender):
    return kind(app, Conversations(app), WebClient(token=BOT_TOKEN, base_url=fake.url))


def messages(app) -> list[ChatMessage]:
    with app.uow() as uow:
        return list(uow.session.exec(select(ChatMessage).order_by(ChatMessage.id)))


def test_a_slow_slack_holds_up_neither_the_intake_nor_the_chair(slack, clock):
    """While Slack takes its time over the Chair's card, a referral arrives and the Chair
    places the first on the agenda: both are written at once, not after Slack answers (nor
    30 seconds later, refused as 'database is locked')."""
    app, fake = slack
    first = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    posting = threading.Thread(target=sender(app, fake).deliver_due, args=(clock(),))
    posting.start()
    assert fake.arrived.wait(20), "the chat outbox never reached Slack"
    took: list[float] = []
    claimed: list[str] = []

    def write() -> None:
        started = time.monotonic()
        referrals.receive_referral(app, another_child(2))  # the intake
        screening.place_on_agenda(app, first, "chair")  # the Chair's move
        took.append(time.monotonic() - started)
        claimed.extend(m.status for m in messages(app))

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(5)
    held_up = writer.is_alive()
    fake.go.set()  # Slack answers at last
    posting.join(30)
    writer.join(40)
    assert not held_up and took and took[0] < 2, took
    assert claimed[0] == chatqueue.SENDING  # the claim was committed before the post
    assert not posting.is_alive()
    sender(app, fake).deliver_due(clock())
    rows = messages(app)
    assert [(m.kind, m.status, m.attempts) for m in rows] == [
        ("routing", "sent", 1),
        ("routing", "sent", 1),
        ("thread", "sent", 1),
    ]
    posted = [(p["channel"], p["text"]) for p in fake.made("chat.postMessage")]
    assert len(posted) == len(set(posted))  # nothing posted twice
    with app.uow() as uow:
        [thread] = uow.session.exec(select(ChatThread)).all()
    assert thread.channel == CHANNEL and thread.ts == rows[2].posted_ts


class Dies(SlackSender):
    """A sender whose process is killed while it waits on Slack, before Slack has the post."""

    def post(self, target: str, card: Card | None, text: str) -> str:
        raise KeyboardInterrupt


def test_a_post_whose_sender_died_is_posted_once_its_claim_runs_out(slack, clock):
    app, fake = slack
    fake.hold = False
    referrals.receive_referral(app, dict(COMPLETE_FORM))
    with pytest.raises(KeyboardInterrupt):
        sender(app, fake, Dies).deliver_due(clock())
    [row] = messages(app)
    assert row.status == chatqueue.SENDING and row.attempts == 0  # the claim, left
    healthy = sender(app, fake)
    assert healthy.deliver_due(clock()) == 0  # a live claim is left to its sender
    assert fake.made("chat.postMessage") == []
    clock.now += chatqueue.LEASE + dt.timedelta(seconds=1)
    assert healthy.deliver_due(clock()) == 1  # not lost
    assert len(fake.made("chat.postMessage")) == 1  # and posted once
    [row] = messages(app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert healthy.deliver_due(clock()) == 0
    assert len(fake.made("chat.postMessage")) == 1


def test_a_referral_gets_one_thread_though_an_update_comes_while_it_is_opened(slack, clock):
    """The Chair's next move comes while Slack is still opening the referral's thread, and a
    second sender (another process) runs meanwhile: the update waits for the thread, then
    edits it; no second thread is opened."""
    app, fake = slack
    fake.hold = False
    reference = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    assert sender(app, fake).deliver_due(clock()) == 1  # the routing card
    screening.place_on_agenda(app, reference, "chair")
    fake.hold = True
    opening = threading.Thread(target=sender(app, fake).deliver_due, args=(clock(),))
    opening.start()
    assert fake.arrived.wait(20)
    started = time.monotonic()
    meetings.record_discussion(app, reference, "bm", ["csc"])  # a thread update, at once
    other = sender(app, fake).deliver_due(clock())
    took = time.monotonic() - started
    fake.go.set()
    opening.join(30)
    assert other == 0 and took < 2, took  # the update waited for the thread, not the lock
    sender(app, fake).deliver_due(clock())
    threads = [p for p in fake.made("chat.postMessage") if p.get("channel") == CHANNEL]
    assert len(threads) == 1
    with app.uow() as uow:
        [thread] = uow.session.exec(select(ChatThread)).all()
    [update] = fake.made("chat.update")
    assert (update["channel"], update["ts"]) == (thread.channel, thread.ts)
    assert {m.status for m in messages(app)} == {"sent"}


def test_a_digest_claims_the_backlog_it_stands_for(slack, clock):
    """While the digest of a backlog is being posted, its referrals are claimed with it: a
    second sender posts none of them one by one; once Slack answers, all are sent."""
    app, fake = slack
    for number in range(8):
        referrals.receive_referral(app, another_child(number))
    posting = threading.Thread(target=sender(app, fake).deliver_due, args=(clock(),))
    posting.start()
    assert fake.arrived.wait(20)
    assert {m.status for m in messages(app)} == {chatqueue.SENDING}
    assert sender(app, fake).deliver_due(clock()) == 0
    fake.go.set()
    posting.join(30)
    [digest] = fake.made("chat.postMessage")
    assert "8 new referrals are waiting" in digest["text"]
    rows = messages(app)
    assert {m.status for m in rows} == {"sent"}
    assert {m.posted_ts for m in rows[1:]} == {f"digest:{rows[0].id}"}


def test_a_digest_slack_refuses_leaves_its_backlog_queued(slack, clock):
    app, fake = slack
    fake.hold = False
    for number in range(6):
        referrals.receive_referral(app, another_child(number))
    fake.fail_next(500, count=10)
    sender(app, fake).deliver_due(clock(), limit=1)
    rows = messages(app)
    assert (rows[0].status, rows[0].attempts) == ("queued", 1)
    assert rows[0].next_attempt_at.replace(tzinfo=dt.UTC) > clock()  # backs off
    assert {(m.status, m.attempts) for m in rows[1:]} == {("queued", 0)}  # due again now
    assert all(m.next_attempt_at.replace(tzinfo=dt.UTC) <= clock() for m in rows[1:])
