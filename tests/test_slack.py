"""The real slack-bolt App served over HTTP on 127.0.0.1, driven by signed requests, calling a
local fake of Slack's Web API. We assert on what the bot posted and on the store."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from socketserver import ThreadingMixIn
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from sqlmodel import select

from panelclerk import chatqueue
from panelclerk.application import context, meetings, referrals, screening
from panelclerk.application import status as status_stage
from panelclerk.bot import delivery
from panelclerk.bot.conversations import Conversations
from panelclerk.bot.slack import SlackSender, build_app
from panelclerk.store.tables import AuditEntry, ChatMessage, ChatThread, OutboundMessage

from .conftest import COMPLETE_FORM, another_child
from .fake_slack import BOT_TOKEN, FakeSlack

SECRET = "test-signing-secret"
CHANNEL = "C0SUBGROUP"
CHAIR, BM, POLICE, CSC = "U0CHAIR01", "U0BM00001", "U0POL0001", "U0CSC0001"


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        return


@pytest.fixture
def slack(config, tmp_path, clock):
    chat = config.chat.model_copy(update={"platforms": ("slack",), "slack_channel": CHANNEL})
    board = config.model_copy(update={"chat": chat})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 's.db'}", clock)
    fake = FakeSlack().start()
    conversations = Conversations(app)
    bolt = build_app(app, conversations, token=BOT_TOKEN, signing_secret=SECRET, api_url=fake.url)
    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(bolt), server_class=_Threaded, handler_class=_Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sender = SlackSender(app, conversations, WebClient(token=BOT_TOKEN, base_url=fake.url))
    harness = Harness(app, fake, server.server_address[1], sender, clock)
    yield harness
    server.shutdown()
    fake.stop()
    app.engine.dispose()


class Harness:
    def __init__(self, app, fake, port, sender, clock):
        self.app, self.fake, self.port, self.sender, self.clock = app, fake, port, sender, clock

    def post(self, body: str, content_type="application/json", *, signed=True, age=0, headers=None):
        stamp = str(int(time.time()) - age)
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/slack/events",
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": stamp,
                **(headers or {}),
            },
        )
        if signed:
            request.add_header(
                "X-Slack-Signature",
                SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body),
            )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def event(self, event: dict, event_id="Ev1", **kwargs):
        return self.post(
            json.dumps(
                {
                    "type": "event_callback",
                    "team_id": "T0TEAM",
                    "api_app_id": "A0APP",
                    "event_id": event_id,
                    "event_time": int(time.time()),
                    "event": event,
                }
            ),
            **kwargs,
        )

    def action(self, user: str, action_id: str, value: str, channel="D0DM", thread_ts=None):
        payload = {
            "type": "block_actions",
            "user": {"id": user},
            "team": {"id": "T0TEAM"},
            "api_app_id": "A0APP",
            "trigger_id": "trig-1",
            "channel": {"id": channel},
            "container": {"type": "message"},
            "message": {"ts": "1.0", "thread_ts": thread_ts} if thread_ts else {"ts": "1"},
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "b",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def submit(self, user: str, callback: str, reference: str, values: dict[str, str]):
        state = {}
        for key, value in values.items():
            if key in ("review_type", "methodology"):
                state[key] = {
                    "value": {"type": "static_select", "selected_option": {"value": value}}
                }
            else:
                state[key] = {"value": {"type": "plain_text_input", "value": value}}
        payload = {
            "type": "view_submission",
            "user": {"id": user},
            "team": {"id": "T0TEAM"},
            "api_app_id": "A0APP",
            "view": {
                "id": "V1",
                "type": "modal",
                "callback_id": callback,
                "private_metadata": reference,
                "state": {"values": state},
            },
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def command(self, user: str, text: str):
        return self.post(
            urlencode(
                {
                    "command": "/panelclerk",
                    "text": text,
                    "user_id": user,
                    "channel_id": "C0ANY",
                    "team_id": "T0TEAM",
                    "trigger_id": "trig-2",
                    "api_app_id": "A0APP",
                }
            ),
            "application/x-www-form-urlencoded",
        )

    def wait(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)
        raise AssertionError("timed out waiting")

    def deliver(self):
        return self.sender.deliver_due(self.clock())

    def state(self, reference="SCR-2026-001"):
        with self.app.uow() as uow:
            return uow.referrals.row(reference, lock=False).state


def texts(bodies) -> str:
    return json.dumps(bodies, ensure_ascii=False)


def direct_message(slack, text: str, ts: str, event_id: str, user: str = "U0ANYDSL") -> str:
    """A safeguarding lead writes to the bot; what the bot first posts back."""
    slack.event(
        {
            "type": "message",
            "channel": "D0DSL",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
        },
        event_id=event_id,
    )
    slack.wait(lambda: slack.fake.made("chat.postMessage"))
    return texts(slack.fake.made("chat.postMessage"))


def test_unsigned_and_stale_requests_are_rejected(slack):
    body = json.dumps({"type": "url_verification", "challenge": "abc"})
    assert slack.post(body, signed=False)[0] == 401
    assert slack.post(body, age=600)[0] == 401
    status, answer = slack.post(body)
    assert status == 200 and "abc" in answer


def test_new_referral_is_routed_to_the_chair_without_names(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    assert slack.deliver() == 1
    [opened] = slack.fake.made("conversations.open")
    assert opened["users"] == CHAIR
    [post] = slack.fake.made("chat.postMessage")
    assert post["channel"] == f"D-{CHAIR}"
    shown = texts(post)
    assert "SCR-2026-001" in shown and "Fenmarsh Hospitals NHS Trust" in shown
    assert "Put on agenda" in shown and "Decline with reason" in shown
    assert COMPLETE_FORM["child.name"] not in shown
    assert COMPLETE_FORM["incident.summary"] not in shown


def test_names_in_free_text_are_masked_on_the_chairs_card(slack):
    form = dict(COMPLETE_FORM)
    form["concerns.criteria"] = "Died; his brother Tom Arkwright said Dean hit him at the house."
    form["parallel.processes"] = "Police investigation into Dean Hollis; coroner informed."
    referrals.receive_referral(slack.app, form)
    slack.deliver()
    shown = texts(slack.fake.made("chat.postMessage"))
    assert "Died;" in shown and "hit him" in shown
    assert "Police investigation into [redacted]" in shown and "coroner informed" in shown
    for name in ("Tom", "Arkwright", "Dean", "Hollis"):
        assert name not in shown, name


def test_should_i_refer_with_names_says_so_and_quotes_without_them(slack):
    text = "Georgina, 10 months, has rib fractures. Her mum's partner Dean is suspected of abuse."
    reply = direct_message(slack, text, "5.0", "EvNames")
    assert "seems to include a name" in reply and "Please delete it" in reply
    assert "Georgina" not in reply and "Dean" not in reply
    assert "fractures" in reply  # the facts were still read


def test_chair_puts_it_on_the_agenda_and_the_thread_opens_once(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    slack.deliver()
    status, _ = slack.action(CHAIR, "pc:agenda:0", "SCR-2026-001|2026-12-08")
    assert status == 200
    slack.wait(lambda: slack.state() == "precis_requested")
    slack.action(CHAIR, "pc:agenda:0", "SCR-2026-001|2026-12-08")  # a double click
    slack.wait(lambda: len(slack.fake.made("chat.postEphemeral")) >= 1)
    assert "cannot put it on an agenda" in texts(slack.fake.made("chat.postEphemeral"))
    slack.deliver()
    with slack.app.uow() as uow:
        [thread] = uow.session.exec(select(ChatThread)).all()
        moves = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "place_on_agenda")
        ).all()
    assert thread.channel == CHANNEL and len(moves) == 1
    root = [p for p in slack.fake.made("chat.postMessage") if p["channel"] == CHANNEL]
    assert len(root) == 1 and "[ ] précis from Fenmarsh Constabulary" in texts(root)


def discussed(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    screening.place_on_agenda(slack.app, "SCR-2026-001", "chair")
    slack.clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(slack.app, "SCR-2026-001", "bm", ["csc", "police", "health"])
    slack.deliver()
    with slack.app.uow() as uow:
        return uow.session.exec(select(ChatThread)).one().ts


def test_members_recommend_with_buttons_strangers_are_refused(slack):
    discussed(slack)
    slack.action("U0STRANGER", "pc:recommend:0", "SCR-2026-001|scr", channel=CHANNEL)
    slack.wait(lambda: slack.fake.made("chat.postEphemeral"))
    assert "not in this board's configuration" in texts(slack.fake.made("chat.postEphemeral"))
    slack.action(POLICE, "pc:recommend:0", "SCR-2026-001|scr", channel=CHANNEL)
    slack.wait(lambda: len(slack.fake.made("chat.postEphemeral")) >= 2)
    assert "Recorded for Fenmarsh Constabulary: Serious Case Review" in texts(
        slack.fake.made("chat.postEphemeral")
    )
    slack.deliver()
    update = slack.fake.made("chat.update")[-1]
    assert "Members' recommendations: Serious Case Review 1" in texts(update)


def test_free_text_in_the_thread_is_classified_then_confirmed(slack):
    root = discussed(slack)
    slack.event(
        {
            "type": "message",
            "channel": CHANNEL,
            "channel_type": "group",
            "user": CSC,
            "text": "CSC recommend a serious case review",
            "ts": "2.0",
            "thread_ts": root,
        },
        event_id="EvThread",
    )
    slack.wait(lambda: slack.fake.made("chat.postEphemeral"))
    prompt = slack.fake.made("chat.postEphemeral")[-1]
    assert "Record your recommendation on SCR-2026-001 as: Serious Case Review" in texts(prompt)
    slack.action(CSC, "pc:confirm:0", "SCR-2026-001|scr|", channel=CHANNEL, thread_ts=root)
    slack.wait(
        lambda: "Recorded for Fenmarsh Children" in texts(slack.fake.made("chat.postEphemeral"))
    )


def test_only_the_chair_records_the_decision(slack):
    discussed(slack)
    status, answer = slack.submit(
        BM, "pc_decision", "SCR-2026-001", {"review_type": "scr", "rationale": "met"}
    )
    assert status == 200
    assert json.loads(answer)["response_action"] == "errors"
    assert "only the Independent Chair may record the decision" in answer
    status, answer = slack.submit(
        CHAIR, "pc_decision", "SCR-2026-001", {"review_type": "scr", "rationale": "5(2)(b)(ii) met"}
    )
    assert status == 200 and answer == ""
    assert slack.state() == "notified"
    with slack.app.uow() as uow:
        kinds = [m.kind for m in uow.session.exec(select(OutboundMessage))]
    assert "decision" in kinds and "notice:National SCR Panel" in kinds


def test_slash_command_opens_the_decision_form(slack):
    discussed(slack)
    slack.command(CHAIR, "decide SCR-2026-001")
    slack.wait(lambda: slack.fake.made("views.open"))
    view = (
        json.loads(slack.fake.made("views.open")[0]["view"])
        if isinstance(slack.fake.made("views.open")[0]["view"], str)
        else slack.fake.made("views.open")[0]["view"]
    )
    assert view["callback_id"] == "pc_decision" and view["private_metadata"] == "SCR-2026-001"
    slack.command(CHAIR, "decide SCR-2026-404")
    slack.wait(
        lambda: (
            "no referral with reference code 'SCR-2026-404'"
            in texts(slack.fake.made("chat.postEphemeral"))
        )
    )


def test_only_a_decider_is_shown_the_decision_form(slack):
    """The form shows the case: a member who presses a forged "Record the decision" button,
    or types the command, is told privately who may, and no form opens."""
    discussed(slack)
    slack.command(POLICE, "decide SCR-2026-001")
    slack.action(BM, "pc:decide:0", "SCR-2026-001", channel=CHANNEL)
    slack.wait(lambda: len(slack.fake.made("chat.postEphemeral")) >= 2)
    told = slack.fake.made("chat.postEphemeral")
    assert {t["user"] for t in told} == {POLICE, BM}
    refusal = "SCR-2026-001: only the Independent Chair may record the decision"
    assert all(refusal in texts(t) for t in told)
    assert slack.fake.made("views.open") == []
    slack.action(CHAIR, "pc:decide:0", "SCR-2026-001", channel=CHANNEL)
    slack.wait(lambda: slack.fake.made("views.open"))


def test_should_i_refer_in_a_direct_message_stores_nothing(slack):
    text = "A baby died at home and neglect is suspected; health and police did not share."
    reply = direct_message(slack, text, "3.0", "EvDM")
    assert "must be commissioned" in reply and "immediate risk" in reply
    assert "the decision rests with the Chair" in reply
    with slack.app.uow() as uow:
        assert status_stage.pipeline(slack.app) == []
        assert uow.session.exec(select(AuditEntry)).all() == []


def test_a_question_is_answered_with_a_button(slack):
    reply = direct_message(slack, "A child was seriously injured at home.", "4.0", "EvQ")
    assert "Is abuse or neglect of the child known or suspected?" in reply
    slack.action("U0ANYDSL", "pc:answer:0", "abuse_or_neglect|true", channel="D0DSL")
    slack.wait(lambda: "must be commissioned" in texts(slack.fake.made("chat.postMessage")))


def test_a_retried_event_is_applied_once(slack):
    event = {
        "type": "message",
        "channel": "D0DSL",
        "channel_type": "im",
        "user": "U0DSL",
        "text": "A child died in police custody last night, aged 17.",
        "ts": "5.0",
    }
    slack.event(event, event_id="EvRetry")
    slack.event(
        event,
        event_id="EvRetry",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    slack.wait(lambda: slack.fake.made("chat.postMessage"))
    time.sleep(0.5)
    assert len(slack.fake.made("chat.postMessage")) == 1


def test_rate_limits_and_errors_are_retried_and_nothing_is_lost(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    slack.fake.fail_next(429, retry_after=2)
    assert slack.deliver() == 0
    with slack.app.uow() as uow:
        [row] = uow.session.exec(select(ChatMessage)).all()
    assert row.status == "queued" and row.attempts == 1 and row.last_error.startswith("429")
    assert slack.deliver() == 0  # Retry-After not yet passed
    slack.clock.now += dt.timedelta(seconds=3)
    slack.fake.fail_next(500)
    assert slack.deliver() == 0
    slack.clock.now += dt.timedelta(minutes=2)
    assert slack.deliver() == 1
    assert len([c for c in slack.fake.made("chat.postMessage")]) == 1


def test_a_fault_in_our_code_tells_the_person_and_the_business_manager_not_the_log(
    slack, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)

    def broken(self, platform, user, text):
        raise ValueError(f"could not read {text!r}")  # as a bug might quote its input

    monkeypatch.setattr(Conversations, "on_direct_message", broken)
    slack.event(
        {
            "type": "message",
            "channel": "D0DSL",
            "channel_type": "im",
            "user": "U0DSL",
            "text": "Amelia Hartley, 3, was found injured at home.",
            "ts": "6.0",
        },
        event_id="EvFault",
    )
    slack.wait(lambda: slack.fake.made("chat.postEphemeral"))
    [sorry] = slack.fake.made("chat.postEphemeral")
    assert (sorry["channel"], sorry["user"]) == ("D0DSL", "U0DSL")
    assert "went wrong on our side" in sorry["text"] and "try again" in sorry["text"]
    with slack.app.uow() as uow:
        [notice] = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice"))
    assert notice.target == "bm" and "A Slack request failed: ValueError in" in notice.text
    assert "Amelia" not in notice.text
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "ValueError in" in logged and "Amelia" not in logged


def test_a_refusal_only_a_person_can_mend_is_emailed_to_the_bm_at_once_then_retried(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    screening.place_on_agenda(slack.app, "SCR-2026-001", "chair")
    slack.fake.fail_next(200, count=2, error="not_in_channel")  # the bot was removed
    slack.deliver()
    with slack.app.uow() as uow:
        chat = {m.kind: m for m in uow.session.exec(select(ChatMessage))}
        emails = uow.session.exec(select(OutboundMessage)).all()
    assert {(m.status, m.attempts) for m in chat.values()} == {("failed", 1)}  # not 8 tries
    [email] = [e for e in emails if e.kind == "chat_failed:slack"]  # one, however many fail
    assert email.recipients == ["sam.patel@fenmarsh-lscb.example"]  # the Business Manager
    assert "SCR-2026-001" in email.subject and "/invite @panelclerk" in email.text_body
    assert "post what failed again on the failed mail and chat page" in email.text_body
    assert COMPLETE_FORM["child.name"] not in email.text_body
    assert delivery.retry_failed(slack.app, "bm") >= 1  # the bot invited back
    slack.deliver()
    with slack.app.uow() as uow:
        assert uow.session.exec(select(ChatThread)).one().channel == CHANNEL
        assert {m.status for m in uow.session.exec(select(ChatMessage))} == {"sent"}


def test_app_home_shows_the_pipeline_to_the_chair_and_help_to_others(slack):
    referrals.receive_referral(slack.app, dict(COMPLETE_FORM))
    slack.event({"type": "app_home_opened", "user": CHAIR, "tab": "home"}, event_id="EvH1")
    slack.event({"type": "app_home_opened", "user": "U0OTHER", "tab": "home"}, event_id="EvH2")
    slack.wait(lambda: len(slack.fake.made("views.publish")) == 2)
    published = {p["user_id"]: texts(p) for p in slack.fake.made("views.publish")}
    assert "SCR-2026-001: awaiting screening" in published[CHAIR]
    assert "Should I refer?" in published["U0OTHER"]
    assert "SCR-2026-001" not in published["U0OTHER"]


def test_a_burst_of_referrals_is_posted_as_one_digest(slack):
    """A thousand referrals after an outage: the Chair gets one digest, not a thousand
    messages at Slack's pace of about one a second; none is lost."""
    for number in range(1000):
        referrals.receive_referral(slack.app, another_child(number))
    slack.deliver()
    posts = slack.fake.made("chat.postMessage")
    assert len(posts) == 1
    assert "1000 new referrals are waiting" in posts[0]["text"]
    assert "SCR-2026-0001" in posts[0]["text"] or "SCR-2026-001" in posts[0]["text"]
    assert "SCR-2026-1000" in posts[0]["text"]
    with slack.app.uow() as uow:
        assert {m.status for m in uow.session.exec(select(ChatMessage))} == {"sent"}


def test_start_a_referral_gives_the_form_and_stores_nothing(slack):
    assert "Start a referral" in direct_message(
        slack, "A baby died at home; neglect is suspected.", "6.0", "EvStart"
    )
    slack.action("U0ANYDSL", "pc:start_referral:0", "scr_required", channel="D0DSL")
    slack.wait(lambda: slack.fake.made("chat.postEphemeral"))
    reply = texts(slack.fake.made("chat.postEphemeral"))
    assert "scr.subgroup@fenmarsh-lscb.example" in reply
    assert "Child's legal status at the time" in reply
    assert "Nothing you typed here has been stored." in reply
    assert status_stage.pipeline(slack.app) == []


def test_a_notice_for_a_business_manager_without_slack_goes_to_their_email(config, tmp_path, clock):
    people = tuple(
        p.model_copy(update={"slack_user": None}) if "business_manager" in p.roles else p
        for p in config.people
    )
    chat = config.chat.model_copy(update={"platforms": ("slack",), "slack_channel": CHANNEL})
    app = context.bootstrap(
        config.model_copy(update={"chat": chat, "people": people}),
        f"sqlite:///{tmp_path / 'n.db'}",
        clock,
    )
    fake = FakeSlack().start()
    try:
        with app.uow() as uow:
            chatqueue.tell_business_manager(
                uow.session, app.config, clock(), "The mailbox pass failed."
            )
            uow.commit()
        sender = SlackSender(app, Conversations(app), WebClient(token=BOT_TOKEN, base_url=fake.url))
        sender.deliver_due(clock())
        assert fake.made("chat.postMessage") == [] and fake.made("conversations.open") == []
        with app.uow() as uow:
            [email] = uow.session.exec(select(OutboundMessage)).all()
        assert email.kind == "notice_by_email" and "The mailbox pass failed." in email.text_body
        assert email.recipients == ["sam.patel@fenmarsh-lscb.example"]
    finally:
        fake.stop()
        app.engine.dispose()
