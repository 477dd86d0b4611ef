"""Teams, end to end over HTTP: the bot's real aiohttp endpoint (the Agents SDK's
CloudAdapter and JWT middleware) receives activities signed as Teams signs them, and its
replies and proactive messages go, signed in through MSAL, to a local fake of the Bot
Connector. We assert on what the bot posted and on the store."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import urllib.error
import urllib.request

import aiohttp.connector
import pytest
from jwt import PyJWKClient
from microsoft_agents.hosting.core import OutboundHostValidator
from microsoft_agents.hosting.core.authorization.authentication_constants import (
    AuthenticationConstants,
)
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (
    JwtTokenValidator,
    _JwkClientCacheEntry,
)
from sqlmodel import select

from panelclerk.application import context, meetings, referrals, screening
from panelclerk.application import status as status_stage
from panelclerk.bot.conversations import Conversations
from panelclerk.bot.teams import TeamsAgent, TeamsSender
from panelclerk.bot.teams_endpoint import build_adapter, host_validator, run_endpoint, web_app
from panelclerk.store.tables import AuditEntry, ChatAddress, ChatMessage, ChatThread

from .conftest import COMPLETE_FORM, another_child
from .fake_connector import APP_ID, APP_SECRET, TENANT, FakeConnector
from .tls import make_certificates

CHANNEL = "19:subgroup0000@thread.tacv2"
CHAIR = "00000000-0000-0000-0000-00000000c001"
BM = "00000000-0000-0000-0000-00000000b001"
CSC = "00000000-0000-0000-0000-000000000001"
POLICE = "00000000-0000-0000-0000-000000000003"
STRANGER = "99999999-0000-0000-0000-000000000099"


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    """One test authority for the session: aiohttp builds its verifying context once, at
    import (perhaps while another test's authority was trusted), so this authority, with a
    name of its own, joins that context once."""
    folder = tmp_path_factory.mktemp("teams-tls")
    ca, cert, key = make_certificates(folder, authority=f"panelclerk Teams test CA {folder.name}")
    aiohttp.connector._SSL_CONTEXT_VERIFIED.load_verify_locations(cafile=str(ca))
    return ca, cert, key


@pytest.fixture
def teams(config, tmp_path, clock, monkeypatch, certificates):
    ca, cert, key = certificates
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
    fake = FakeConnector(cert, key).start()
    # Teams' signing keys are fetched from login.botframework.com; here, from the fake.
    monkeypatch.setitem(
        JwtTokenValidator._jwk_client_manager._cache,
        AuthenticationConstants.PUBLIC_ABS_JWKS_URL,
        _JwkClientCacheEntry(PyJWKClient(f"{fake.url}/keys"), threading.Lock()),
    )
    chat = config.chat.model_copy(
        update={
            "platforms": ("teams",),
            "teams_channel": CHANNEL,
            "teams_tenant": TENANT,
            "teams_service_url": fake.service_url,
            "teams_service_hosts": ("127.0.0.1",),
        }
    )
    board = config.model_copy(update={"chat": chat})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 't.db'}", clock)
    conversations = Conversations(app)
    # The fake listens on loopback, which the production host check (tested below) refuses.
    adapter, auth = build_adapter(
        app,
        APP_ID,
        APP_SECRET,
        authority=fake.authority,
        validator=OutboundHostValidator(enabled=False),
    )
    agent = TeamsAgent(app, conversations, APP_ID)
    port, stop = endpoint(web_app(adapter, agent, auth))
    sender = TeamsSender(app, conversations, adapter, APP_ID)
    yield Harness(app, fake, port, sender, clock)
    stop()
    fake.stop()
    app.engine.dispose()


def endpoint(application):
    stopping, bound = threading.Event(), []
    thread = threading.Thread(
        target=run_endpoint,
        args=(application, "127.0.0.1", 0, stopping.is_set, bound.append),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not bound and time.monotonic() < deadline:
        time.sleep(0.02)

    def stop():
        stopping.set()
        thread.join(timeout=10)

    return bound[0], stop


class Harness:
    def __init__(self, app, fake, port, sender, clock):
        self.app, self.fake, self.port, self.sender, self.clock = app, fake, port, sender, clock
        self.ids = iter(range(1, 10_000))

    def post(self, activity: dict, *, token: str | None = "sign", headers=None):
        body = json.dumps(activity).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/messages",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        if token == "sign":
            token = self.fake.sign(activity)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def activity(
        self,
        user: str,
        *,
        text="",
        value=None,
        conversation=None,
        kind="personal",
        activity_id=None,
        **extra,
    ):
        conversation_id = conversation or f"a:personal-{user}"
        body = {
            "type": "message",
            "id": activity_id or f"act-{next(self.ids)}",
            "timestamp": "2026-11-11T10:00:00Z",
            "serviceUrl": self.fake.service_url,
            "channelId": "msteams",
            "from": {"id": f"29:{user}", "name": "Someone", "aadObjectId": user},
            "conversation": {"id": conversation_id, "conversationType": kind, "tenantId": TENANT},
            "recipient": {"id": f"28:{APP_ID}", "name": "PanelClerk"},
            "text": text,
            "channelData": {"tenant": {"id": TENANT}},
            **extra,
        }
        if value is not None:
            body["value"] = value
        if kind == "channel":
            body["channelData"]["channel"] = {"id": CHANNEL}
            body["channelData"]["team"] = {"id": "19:team@thread.tacv2"}
        return body

    def say(self, user: str, text: str, **kwargs):
        return self.post(self.activity(user, text=text, **kwargs))

    def press(self, user: str, action: str, value: str, **kwargs):
        return self.post(self.activity(user, value={"pc": action, "value": value}, **kwargs))

    def submit(self, user: str, form: str, reference: str, inputs: dict, **kwargs):
        value = {"pc_form": form, "reference": reference, **inputs}
        return self.post(self.activity(user, value=value, **kwargs))

    def deliver(self):
        return self.sender.deliver_due(self.clock())

    def state(self, reference="SCR-2026-001"):
        with self.app.uow() as uow:
            return uow.referrals.row(reference, lock=False).state


def shown(bodies) -> str:
    return json.dumps(bodies, ensure_ascii=False)


def to(fake, conversation: str) -> list[dict]:
    return fake.made("POST", f"{conversation}/activities")


def test_requests_without_a_valid_teams_token_are_refused(teams):
    activity = teams.activity(CHAIR, text="status")
    assert teams.post(activity, token=None)[0] == 401
    assert teams.post(activity, token="not-a-jwt")[0] == 401
    assert teams.post(activity, token=teams.fake.sign(activity, audience="someone-else"))[0] == 401
    assert teams.post(activity, token=teams.fake.sign(activity, expires_in=-3600))[0] == 401
    assert teams.fake.made("POST") == []  # nothing was answered
    assert teams.post(activity)[0] in (200, 201, 202)
    assert "No open referrals." in shown(to(teams.fake, f"a:personal-{CHAIR}"))


def test_replies_go_only_to_microsofts_bot_connector(teams):
    """With the production host check, an activity whose serviceUrl points anywhere but
    Microsoft's Bot Connector (another host, plain http, a loopback or private address) is
    refused before any work: case data never leaves for it."""
    adapter, auth = build_adapter(teams.app, APP_ID, APP_SECRET, authority=teams.fake.authority)
    checker = host_validator(teams.app)
    assert checker.is_allowed("https://smba.trafficmanager.net/uk/")
    for url in (
        "https://attacker.example/",
        "http://smba.trafficmanager.net/uk/",
        "https://127.0.0.1/",
        "https://10.0.0.8/",
        teams.fake.service_url,
    ):
        assert not checker.is_allowed(url), url
    agent = TeamsAgent(teams.app, teams.sender.conversations, APP_ID)
    teams.port, stop = endpoint(web_app(adapter, agent, auth))
    try:
        for url in ("https://attacker.example/", teams.fake.service_url):
            activity = teams.activity(CHAIR, text="status", serviceUrl=url)
            assert teams.post(activity, token=teams.fake.sign(activity))[0] == 401
    finally:
        stop()
    assert teams.fake.made("POST") == []


def test_new_referral_reaches_the_chair_in_teams_without_names(teams):
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    assert teams.deliver() == 1
    [created] = teams.fake.made("POST", "")[:1]
    assert created["members"][0]["id"] == CHAIR and created["tenantId"] == TENANT
    [post] = to(teams.fake, f"a:personal-{CHAIR}")
    text = shown(post)
    assert "SCR-2026-001" in text and "Fenmarsh Hospitals NHS Trust" in text
    assert "Put on agenda" in text and "Action.Submit" in text
    assert COMPLETE_FORM["child.name"] not in text
    assert COMPLETE_FORM["incident.summary"] not in text
    with teams.app.uow() as uow:
        [address] = uow.session.exec(select(ChatAddress)).all()
    assert address.user_key == CHAIR and address.conversation_id == f"a:personal-{CHAIR}"
    referrals.receive_referral(teams.app, another_child(1))
    teams.deliver()  # the personal chat is known now: no second create
    assert len([p for p in teams.fake.paths() if p == "POST "]) == 1


def test_chair_puts_it_on_the_agenda_and_the_channel_thread_opens_once(teams):
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    teams.deliver()
    status, _ = teams.press(CHAIR, "pc:agenda", "SCR-2026-001|2026-12-08")
    assert status in (200, 202)
    assert teams.state() == "precis_requested"
    teams.press(CHAIR, "pc:agenda", "SCR-2026-001|2026-12-08")  # a double click
    assert "cannot put it on an agenda" in shown(to(teams.fake, f"a:personal-{CHAIR}"))
    teams.deliver()
    with teams.app.uow() as uow:
        [thread] = uow.session.exec(select(ChatThread)).all()
        moves = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "place_on_agenda")
        ).all()
    assert thread.channel == CHANNEL and len(moves) == 1
    roots = [b for b in teams.fake.made("POST", "") if b.get("isGroup")]
    assert len(roots) == 1 and roots[0]["channelData"]["channel"]["id"] == CHANNEL
    assert "précis from Fenmarsh Constabulary" in shown(roots)


def discussed(teams) -> str:
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    screening.place_on_agenda(teams.app, "SCR-2026-001", "chair")
    teams.clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(teams.app, "SCR-2026-001", "bm", ["csc", "police", "health"])
    teams.deliver()
    with teams.app.uow() as uow:
        root = uow.session.exec(select(ChatThread)).one().ts
    return f"{CHANNEL};messageid={root}"


def test_members_recommend_in_the_thread_strangers_are_refused(teams):
    thread = discussed(teams)
    teams.press(STRANGER, "pc:recommend", "SCR-2026-001|scr", conversation=thread, kind="channel")
    refused = shown(to(teams.fake, f"a:personal-{STRANGER}"))
    assert "not in this board's configuration" in refused
    assert to(teams.fake, thread) == []  # a private answer never lands in the channel
    teams.press(POLICE, "pc:recommend", "SCR-2026-001|scr", conversation=thread, kind="channel")
    assert "Recorded for Fenmarsh Constabulary: Serious Case Review" in shown(
        to(teams.fake, f"a:personal-{POLICE}")
    )
    teams.deliver()
    [update] = teams.fake.made("PUT")[-1:]
    assert "Members' recommendations: Serious Case Review 1" in shown(update)


def test_free_text_in_the_reply_chain_is_classified_then_confirmed(teams):
    thread = discussed(teams)
    teams.say(
        CSC,
        "<at>PanelClerk</at> CSC recommend a serious case review",
        conversation=thread,
        kind="channel",
    )
    prompt = shown(to(teams.fake, f"a:personal-{CSC}"))
    assert "Record your recommendation on SCR-2026-001 as: Serious Case Review" in prompt
    teams.press(CSC, "pc:confirm", "SCR-2026-001|scr|", conversation=thread, kind="channel")
    assert "Recorded for Fenmarsh Children" in shown(to(teams.fake, f"a:personal-{CSC}"))


def test_only_the_chair_records_the_decision_through_the_form(teams):
    discussed(teams)
    teams.say(CHAIR, "decide SCR-2026-001")
    form = to(teams.fake, f"a:personal-{CHAIR}")[-1]
    card = form["attachments"][0]["content"]
    assert card["actions"][0]["data"] == {"pc_form": "pc_decision", "reference": "SCR-2026-001"}
    assert {i["id"] for i in card["body"] if i["type"].startswith("Input.")} >= {
        "review_type",
        "rationale",
    }
    teams.submit(BM, "pc_decision", "SCR-2026-001", {"review_type": "scr", "rationale": "met"})
    assert "only the Independent Chair may record the decision" in shown(
        to(teams.fake, f"a:personal-{BM}")
    )
    assert teams.state() != "notified"
    teams.submit(
        CHAIR,
        "pc_decision",
        "SCR-2026-001",
        {"review_type": "scr", "rationale": "5(2)(b)(ii) met"},
    )
    assert teams.state() == "notified"


def test_only_a_decider_is_shown_the_decision_form_in_teams(teams):
    """As on Slack: a member asking for the decision form, or pressing a forged button for
    it, is told in their personal chat who may; the form goes to the Chair alone."""
    discussed(teams)
    teams.say(POLICE, "decide SCR-2026-001")
    teams.press(BM, "pc:decide", "SCR-2026-001")
    for person in (POLICE, BM):
        said = shown(to(teams.fake, f"a:personal-{person}"))
        assert "SCR-2026-001: only the Independent Chair may record the decision" in said
        assert "pc_decision" not in said and "rationale" not in said
    teams.say(CHAIR, "decide SCR-2026-001")
    assert "pc_decision" in shown(to(teams.fake, f"a:personal-{CHAIR}"))


def test_should_i_refer_in_personal_chat_stores_nothing(teams):
    with teams.app.uow() as uow:
        before = len(uow.session.exec(select(AuditEntry)).all())
    teams.say(
        STRANGER, "A 15 year old died by suicide; the school and police did not share concerns."
    )
    answer = shown(to(teams.fake, f"a:personal-{STRANGER}"))
    assert "died" in answer.lower()
    with teams.app.uow() as uow:
        assert len(uow.session.exec(select(AuditEntry)).all()) == before
        assert uow.session.exec(select(ChatMessage)).all() == []


def test_a_redelivered_activity_is_applied_once(teams):
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    activity = teams.activity(
        CHAIR, value={"pc": "pc:agenda", "value": "SCR-2026-001|2026-12-08"}, activity_id="same"
    )
    teams.post(activity)
    teams.post(activity)
    with teams.app.uow() as uow:
        moves = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "place_on_agenda")
        ).all()
    assert len(moves) == 1
    assert "cannot put it on an agenda" not in shown(to(teams.fake, f"a:personal-{CHAIR}"))


def test_throttling_and_errors_are_retried_and_nothing_is_lost(teams):
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    teams.fake.fail_next(429, retry_after=2)
    assert teams.deliver() == 0
    with teams.app.uow() as uow:
        [row] = uow.session.exec(select(ChatMessage)).all()
    assert row.status == "queued" and row.attempts == 1 and row.last_error.startswith("429")
    assert teams.deliver() == 0  # Retry-After not yet passed
    teams.clock.now += dt.timedelta(seconds=3)
    teams.fake.fail_next(500)
    assert teams.deliver() == 0
    teams.clock.now += dt.timedelta(minutes=2)
    assert teams.deliver() == 1
    assert len(to(teams.fake, f"a:personal-{CHAIR}")) == 1


def test_a_slow_turn_is_answered_within_teams_time_and_finishes(teams, monkeypatch):
    """Teams gives an HTTP answer 15 seconds; a turn that takes longer is answered 202 at
    the budget and still completes."""
    original = Conversations.on_direct_message

    def slow(self, *args):
        time.sleep(1.5)
        return original(self, *args)

    monkeypatch.setattr(Conversations, "on_direct_message", slow)
    teams.port, stop = endpoint(web_app(*_parts(teams), first_answer=0.5))
    started = time.monotonic()
    status, _ = teams.say(STRANGER, "A baby died at home; neglect is suspected.")
    assert status == 202 and time.monotonic() - started < 1.4
    deadline = time.monotonic() + 10
    while not to(teams.fake, f"a:personal-{STRANGER}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert to(teams.fake, f"a:personal-{STRANGER}")
    stop()


def _parts(teams):
    adapter = teams.sender.adapter
    agent = TeamsAgent(teams.app, teams.sender.conversations, APP_ID)
    from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration

    auth = AgentAuthConfiguration(client_id=APP_ID, tenant_id=TENANT, client_secret=APP_SECRET)
    return adapter, agent, auth


def test_serve_runs_the_teams_bot_from_config(teams, tmp_path, monkeypatch):
    """`panelclerk serve` with Teams in the config: mail in, the Chair's card out through
    the Bot Connector, and the endpoint answering signed activities on --teams-port."""
    import socket

    from panelclerk.bot import teams_endpoint as teams_module
    from panelclerk.bot.serve import serve
    from panelclerk.mail.maildir import MaildirMailbox

    from .mail import referral

    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("TEAMS_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("TEAMS_AUTHORITY", teams.fake.authority)
    # the fake is on loopback, which the production host check refuses (tested above)
    monkeypatch.setattr(
        teams_module, "host_validator", lambda app: OutboundHostValidator(enabled=False)
    )
    config = teams.app.config
    mailbox = config.mailbox.model_copy(
        update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
    )
    app = context.bootstrap(
        config.model_copy(update={"mailbox": mailbox}),
        f"sqlite:///{tmp_path / 'serve.db'}",
        teams.clock,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    stop = threading.Event()
    thread = threading.Thread(
        target=serve, args=(app, 0), kwargs={"stop": stop, "teams_port": free}, daemon=True
    )
    thread.start()
    try:
        MaildirMailbox(tmp_path / "mb", tmp_path / "ob").deliver(referral())
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not to(teams.fake, f"a:personal-{CHAIR}"):
            time.sleep(0.1)
        assert "SCR-2026-001" in shown(to(teams.fake, f"a:personal-{CHAIR}"))
        teams.port = free
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                status, _ = teams.say(CHAIR, "status")
                break
            except OSError:
                time.sleep(0.1)
        assert status in (200, 202)
        assert "SCR-2026-001: awaiting screening" in shown(to(teams.fake, f"a:personal-{CHAIR}"))
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    app.engine.dispose()


def test_serve_refuses_to_start_without_teams_credentials(tmp_path):
    from .test_serve import serve_without

    chat = f'platforms = ["teams"]\nteams_channel = "{CHANNEL}"\nteams_tenant = "{TENANT}"\n'
    done = serve_without(tmp_path, chat, "TEAMS_")
    assert done.returncode == 2
    assert "TEAMS_APP_ID, TEAMS_APP_SECRET is not set" in done.stderr


class _Workflow:
    """A Teams Workflows webhook: accepts {"type": "message", "attachments": [...]}, 202."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.posts: list[dict] = []
        self.failures: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                return

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status = outer.failures.pop(0) if outer.failures else 202
                if status == 202:
                    outer.posts.append(body)
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "5")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/workflows/trigger"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_posting_only_mode_posts_cards_without_buttons(config, tmp_path, clock):
    from panelclerk.bot.teams_webhook import WebhookSender

    chat = config.chat.model_copy(update={"platforms": ("teams",), "teams_mode": "webhook"})
    app = context.bootstrap(
        config.model_copy(update={"chat": chat}), f"sqlite:///{tmp_path / 'w.db'}", clock
    )
    hook = _Workflow()
    sender = WebhookSender(app, Conversations(app), hook.url)
    referrals.receive_referral(app, dict(COMPLETE_FORM))
    hook.failures.append(429)
    assert sender.deliver_due(clock()) == 0
    assert sender.deliver_due(clock()) == 0  # waits out Retry-After
    clock.now += dt.timedelta(seconds=6)
    assert sender.deliver_due(clock()) == 1
    [post] = hook.posts
    card = post["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "actions" not in card["content"]  # nobody can answer through a webhook
    text = shown(post)
    assert "SCR-2026-001" in text and "by email or in PanelClerk" in text
    assert COMPLETE_FORM["child.name"] not in text
    hook.server.shutdown()
    app.engine.dispose()


def test_the_sdks_test_adapter_drives_the_personal_chat(config, tmp_path, clock):
    """The Agents SDK's own TestAdapter, no network: "should I refer?" is answered and
    stores nothing; the Chair's "status" and "decide" reach the pipeline and the form."""
    from microsoft_agents.activity import (
        Activity,
        ChannelAccount,
        ConversationAccount,
        ConversationReference,
    )
    from microsoft_agents.testing import TestAdapter

    chat = config.chat.model_copy(
        update={"platforms": ("teams",), "teams_channel": CHANNEL, "teams_tenant": TENANT}
    )
    app = context.bootstrap(
        config.model_copy(update={"chat": chat}), f"sqlite:///{tmp_path / 'ta.db'}", clock
    )
    agent = TeamsAgent(app, Conversations(app), APP_ID)

    def adapter_for(user: str) -> TestAdapter:
        return TestAdapter(
            conversation=ConversationReference(
                channel_id="msteams",
                service_url="https://smba.trafficmanager.net/uk/",
                conversation=ConversationAccount(
                    id=f"a:personal-{user}", conversation_type="personal", tenant_id=TENANT
                ),
                user=ChannelAccount(id=f"29:{user}", aad_object_id=user),
                agent=ChannelAccount(id=f"28:{APP_ID}", name="PanelClerk"),
            )
        )

    async def say(adapter: TestAdapter, user: str, text: str) -> str:
        activity = Activity(
            type="message",
            text=text,
            from_property=ChannelAccount(id=f"29:{user}", aad_object_id=user),
        )
        await adapter.process_activity(adapter.claims_identity, activity, agent.on_turn)
        replies = []
        while (reply := adapter.get_next_reply()) is not None:
            replies.append(reply.model_dump(mode="json", by_alias=True, exclude_none=True))
        return shown(replies)

    async def run() -> None:
        stranger = adapter_for(STRANGER)
        answer = await say(stranger, STRANGER, "A 6 month old baby died; neglect is suspected.")
        assert "appear to be met: it must be commissioned" in answer
        referrals.receive_referral(app, dict(COMPLETE_FORM))
        chair = adapter_for(CHAIR)
        assert "SCR-2026-001: awaiting screening" in await say(chair, CHAIR, "status")
        form = await say(chair, CHAIR, "decide SCR-2026-001")
        assert "pc_decision" in form and "Input.ChoiceSet" in form
        refused = await say(stranger, STRANGER, "decide SCR-2026-001")
        assert "pc_decision" not in refused

    import asyncio

    asyncio.run(run())
    with app.uow() as uow:
        actions = [a.action for a in uow.session.exec(select(AuditEntry))]
        address = uow.session.exec(select(ChatAddress).where(ChatAddress.user_key == CHAIR)).one()
    assert "place_on_agenda" not in actions and address.conversation_id == f"a:personal-{CHAIR}"
    app.engine.dispose()


def test_teams_package_is_ready_for_the_admin_centre(tmp_path):
    """`make teams-package`: a zip with manifest.json naming the bot, its scopes and the
    channel-message permission, a 192 px colour icon and a 32 px white-on-transparent
    outline; a wrong app id is refused with the variable to fix named."""
    import io
    import subprocess
    import sys
    import zipfile

    from PIL import Image

    out = tmp_path / "pkg.zip"
    base = [sys.executable, "-m", "panelclerk.cli", "teams-package", "--out", str(out)]
    done = subprocess.run(
        [*base, "--app-id", APP_ID, "--website", "https://fenmarsh-lscb.example"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = Image.open(io.BytesIO(package.read("color.png")))
        outline = Image.open(io.BytesIO(package.read("outline.png"))).convert("RGBA")
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team"}
    assert manifest["developer"]["privacyUrl"] == "https://fenmarsh-lscb.example/privacy"
    rsc = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert {"name": "ChannelMessage.Read.Group", "type": "Application"} in rsc
    assert color.size == (192, 192) and outline.size == (32, 32)
    colours = {colour for _, colour in outline.getcolors(32 * 32)}  # every pixel's colour
    assert colours <= {(255, 255, 255, 255)} | {c for c in colours if c[3] == 0}
    assert (255, 255, 255, 255) in colours
    refused = subprocess.run(
        [*base, "--app-id", "not-a-guid", "--website", "https://fenmarsh-lscb.example"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "TEAMS_APP_ID" in refused.stderr


def test_a_failing_turn_says_nothing_of_the_error(teams, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)

    def broken(self, *args):
        raise RuntimeError("details of SCR-2026-001 and Jamie Example")

    monkeypatch.setattr(Conversations, "on_direct_message", broken)
    teams.say(STRANGER, "A baby died.")
    answer = shown(to(teams.fake, f"a:personal-{STRANGER}"))
    assert "Something went wrong on our side" in answer and "Business Manager" in answer
    assert "Jamie" not in answer and "RuntimeError" not in answer and "SCR-2026" not in answer
    with teams.app.uow() as uow:  # and the Business Manager has been, as it says
        [notice] = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice"))
    assert notice.target == "bm" and "A Teams request failed: RuntimeError in" in notice.text
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "RuntimeError in" in logged and "Jamie" not in logged


def test_card_text_never_becomes_a_link_or_a_mention():
    from panelclerk.bot.adaptive import card_adaptive
    from panelclerk.bot.cards import Card

    hostile = "[open](https://tracker.example/x) **now** <at>Chair</at>\n- a list\n# heading"
    rendered = json.dumps(card_adaptive(Card(hostile, (("Outcome", hostile),), (hostile,))))
    assert "[open](" not in rendered and "**now**" not in rendered
    assert "<at>" not in rendered
    assert "\\\\[open\\\\]" in rendered and "\\\\- a list" in rendered


def test_a_question_is_answered_with_a_card_button(teams):
    teams.say(STRANGER, "A child was seriously injured at home.")
    assert "Is abuse or neglect of the child known or suspected?" in shown(
        to(teams.fake, f"a:personal-{STRANGER}")
    )
    teams.press(STRANGER, "pc:answer", "abuse_or_neglect|true")
    assert "must be commissioned" in shown(to(teams.fake, f"a:personal-{STRANGER}")[-1])


def test_start_a_referral_gives_the_form_and_stores_nothing(teams):
    teams.say(STRANGER, "A baby died at home; neglect is suspected.")
    assert "Start a referral" in shown(to(teams.fake, f"a:personal-{STRANGER}"))
    teams.press(STRANGER, "pc:start_referral", "scr_required")
    reply = shown(to(teams.fake, f"a:personal-{STRANGER}")[-1])
    assert "scr.subgroup@fenmarsh-lscb.example" in reply
    assert "Child's legal status at the time" in reply
    assert "Nothing you typed here has been stored." in reply
    assert status_stage.pipeline(teams.app) == []


def test_a_burst_of_referrals_reaches_the_chair_as_one_digest(teams):
    """A backlog after an outage: one message to the Chair in Teams, as in Slack."""
    for number in range(200):
        referrals.receive_referral(teams.app, another_child(number))
    teams.deliver()
    [post] = to(teams.fake, f"a:personal-{CHAIR}")
    assert "200 new referrals are waiting" in shown(post)
    assert "SCR-2026-200" in shown(post)
    with teams.app.uow() as uow:
        assert {m.status for m in uow.session.exec(select(ChatMessage))} == {"sent"}


def test_routing_to_the_sub_group_channel_when_the_board_says_so(teams):
    chat = teams.app.config.chat.model_copy(update={"route_to": "channel"})
    teams.app.config = teams.app.config.model_copy(update={"chat": chat})
    referrals.receive_referral(teams.app, dict(COMPLETE_FORM))
    assert teams.deliver() == 1
    [post] = to(teams.fake, CHANNEL)
    assert "New referral SCR-2026-001" in shown(post)
    assert to(teams.fake, f"a:personal-{CHAIR}") == []


def _entra_token(teams, activity: dict, issuer: str, tenant: str) -> str:
    """A token as Microsoft Entra signs it for a single-tenant bot: its issuer names the
    tenant and the `tid` claim repeats it."""
    import time as _time

    import jwt

    from .fake_connector import KID

    now = int(_time.time())
    claims = {
        "iss": issuer,
        "aud": APP_ID,
        "tid": tenant,
        "serviceurl": activity["serviceUrl"],
        "nbf": now - 10,
        "iat": now - 10,
        "exp": now + 3600,
    }
    return jwt.encode(claims, teams.fake.signer, algorithm="RS256", headers={"kid": KID})


def test_a_token_from_another_issuer_tenant_or_channel_is_refused_before_any_work(
    teams, monkeypatch
):
    """Signed with a key the bot trusts, but issued by another Entra tenant, by an issuer
    that is not the Bot Framework, for another serviceUrl; or an activity that does not come
    from Teams or names another tenant: each is refused, and nothing is answered or stored."""
    other = "2c3d4e5f-0000-4000-8000-0000000000f2"
    # Entra's signing keys (fetched from login.microsoftonline.com), here the fake's.
    for tenant in (TENANT, other):
        monkeypatch.setitem(
            JwtTokenValidator._jwk_client_manager._cache,
            f"https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys",
            _JwkClientCacheEntry(PyJWKClient(f"{teams.fake.url}/keys"), threading.Lock()),
        )
    refused = []
    for issuer, tenant in (
        (f"https://login.microsoftonline.com/{other}/v2.0", other),
        (f"https://sts.windows.net/{other}/", other),
    ):
        activity = teams.activity(CHAIR, text="status")
        refused.append(teams.post(activity, token=_entra_token(teams, activity, issuer, tenant)))
    activity = teams.activity(CHAIR, text="status")
    refused.append(
        teams.post(activity, token=teams.fake.sign(activity, issuer="https://evil.example"))
    )
    activity = teams.activity(CHAIR, text="status")
    elsewhere = teams.fake.sign(activity, service_url="https://smba.trafficmanager.net/emea/")
    refused.append(teams.post(activity, token=elsewhere))
    assert [status for status, _ in refused] == [401, 401, 401, 401]
    forbidden = [
        teams.activity(CHAIR, text="status", channelId="webchat"),
        teams.activity(CHAIR, text="status", channelData={"tenant": {"id": other}}),
        teams.activity(CHAIR, text="status"),
    ]
    forbidden[-1]["conversation"]["tenantId"] = other
    for activity in forbidden:
        status, answer = teams.post(activity)
        assert status == 403, answer
    assert teams.fake.made("POST") == []  # nothing was answered
    with teams.app.uow() as uow:
        assert uow.session.exec(select(ChatAddress)).all() == []  # nor learnt
    for issuer in (
        f"https://login.microsoftonline.com/{TENANT}/v2.0",
        f"https://sts.windows.net/{TENANT}/",
    ):  # the board's own tenant, as a single-tenant bot's tokens come
        activity = teams.activity(CHAIR, text="status")
        status, _ = teams.post(activity, token=_entra_token(teams, activity, issuer, TENANT))
        assert status in (200, 201, 202)
    assert "No open referrals." in shown(to(teams.fake, f"a:personal-{CHAIR}"))
