"""`panelclerk serve` as a whole: mail lands in the mailbox, the Chair sees it in Slack; a
SIGTERM stops the process cleanly."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import threading
import time

from sqlmodel import select

from panelclerk.application import context, dataprotection
from panelclerk.application.inbound.router import Router
from panelclerk.bot.serve import _loop, serve
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import AuditEntry, ChatMessage, InboundMessage

from .deployable import WEBHOOK_CHAT, WEBHOOK_URL, deployable_board
from .fake_slack import BOT_TOKEN, FakeSlack
from .mail import message, referral

BOARD = """
preset = "cambridgeshire-2016"
"""


def test_mail_in_reaches_the_chair_in_slack(config, tmp_path, clock, monkeypatch):
    fake = FakeSlack().start()
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("SLACK_API_URL", fake.url)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    mailbox = config.mailbox.model_copy(
        update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
    )
    chat = config.chat.model_copy(update={"platforms": ("slack",), "slack_channel": "C0SUB"})
    board = config.model_copy(update={"mailbox": mailbox, "chat": chat})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'p.db'}", clock)
    stop = threading.Event()
    ports: list[int] = []
    thread = threading.Thread(
        target=serve, args=(app, 0), kwargs={"stop": stop, "ready": ports.append}, daemon=True
    )
    thread.start()
    try:
        MaildirMailbox(tmp_path / "mb", tmp_path / "ob").deliver(referral())
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not fake.made("chat.postMessage"):
            time.sleep(0.1)
        [post] = fake.made("chat.postMessage")
        assert "SCR-2026-001" in str(post) and post["channel"] == "D-U0CHAIR01"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list((tmp_path / "ob").glob("*.eml")):
            time.sleep(0.1)
        assert list((tmp_path / "ob").glob("*.eml")), "the acknowledgement was not sent"
        assert ports and ports[0] > 0
    finally:
        stop.set()
        thread.join(30)
        fake.stop()
    assert not thread.is_alive()


def test_serve_applies_the_retention_rules_when_it_starts_mailbox_included(config, tmp_path, clock):
    """The daily purge runs at start as well: a host restarted every night (or up for less
    than a day) must not keep what is due for ever. Its mailbox half runs on the mail thread."""
    mailbox = config.mailbox.model_copy(
        update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
    )
    app = context.bootstrap(
        config.model_copy(update={"mailbox": mailbox}), f"sqlite:///{tmp_path / 'p.db'}", clock
    )
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    name = box.deliver(message(sender="x@gmail.example", subject="hello", body="hi").as_bytes())
    os.utime(box.root / "new" / name, (app.clock().timestamp(),) * 2)
    Router(app).run_once(box)
    quarantine = tmp_path / "mb" / ".Quarantine" / "cur"
    assert len(list(quarantine.iterdir())) == 1
    clock.to(dt.date(2027, 5, 10))  # the service ran every day: yesterday's purge, say
    dataprotection.purge(app)  # nothing yet due: the message is six months old on 11 May
    clock.to(dt.date(2027, 6, 1))  # the stranger's message is past its six months
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(app, 0), kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and list(quarantine.iterdir()):
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(30)
    assert list(quarantine.iterdir()) == []
    with app.uow() as uow:
        [kept] = uow.session.exec(select(InboundMessage)).all()
        actions = [e.action for e in uow.session.exec(select(AuditEntry))]
    assert kept.raw == b"" and kept.reason  # the store's record stays, emptied
    assert actions.index("purge_mail") < actions.index("clear_mailbox")  # the store first


def test_sigterm_stops_the_service_cleanly(tmp_path):
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
        PANELCLERK_CONFIG=str(deployable_board(tmp_path)),  # serve refuses an incomplete board
        TEAMS_WEBHOOK_URL=WEBHOOK_URL,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "panelclerk.cli", "serve"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        seen: list[str] = []
        while time.monotonic() < deadline and process.poll() is None:
            seen.append(process.stdout.readline())
            if "panelclerk serving" in seen[-1]:
                break
        assert any("panelclerk serving" in line for line in seen), "".join(seen)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def serve_without(tmp_path, chat: str, prefix: str) -> subprocess.CompletedProcess:
    """`panelclerk serve` for a board with `chat` in its file and no variable starting
    with `prefix` in the environment."""
    from .test_config import BOARD as BASE

    reachable = BASE.replace(  # new referrals reach the Chair privately in chat
        'roles = ["chair"]',
        'roles = ["chair"]\nslack_user = "U0CHAIR"\n'
        'teams_user = "00000000-0000-0000-0000-00000000c001"',
    )
    board = tmp_path / "board.toml"
    board.write_text(reachable + "\n[chat]\n" + chat)
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefix)}
    database = f"sqlite:///{tmp_path / 'y.db'}"
    command = [sys.executable, "-m", "panelclerk.cli", "--config", str(board)]
    return subprocess.run(
        [*command, "--database-url", database, "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_to_start_without_slack_tokens(tmp_path):
    done = serve_without(tmp_path, 'platforms = ["slack"]\nslack_channel = "C0SUB"\n', "SLACK_")
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET is not set" in done.stderr


def test_a_failing_pass_is_retried_and_the_business_manager_hears_once_per_run(app, caplog):
    caplog.set_level(logging.DEBUG)
    stop = threading.Event()
    steps = ["fail", "fail", "fail", "work", "fail", "work"]
    done: list[str] = []

    def one_pass() -> None:
        if len(done) == len(steps):
            stop.set()
            return
        step = steps[len(done)]
        done.append(step)
        if step == "fail":
            raise KeyError("Amelia Hartley")  # as a bug might quote what it was reading

    _loop(app, "outbox", stop, 0.0, one_pass)
    assert done == steps  # every failure retried, never the end of the loop
    with app.uow() as uow:
        notices = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice")).all()
    assert len(notices) == 2  # one for each run of failures, not one a pass
    assert all("The outbox pass failed: KeyError in" in n.text for n in notices)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "outbox pass works again" in logged and "Amelia" not in logged


def console_board(tmp_path) -> str:
    """The demo board, complete for `serve`, with a console whose people sign in with the
    board's Entra tenant."""
    board = deployable_board(
        tmp_path,
        chat=WEBHOOK_CHAT + 'teams_tenant = "11111111-2222-3333-4444-555555555555"\n',
        tables='\n[console]\nclient_id = "console-app"\n',
    )
    return str(board)


def test_serve_runs_the_console_beside_everything_else_and_stops_with_it(tmp_path):
    import httpx

    from .pg import free_port

    port = free_port()
    env = dict(
        os.environ,
        TEAMS_WEBHOOK_URL=WEBHOOK_URL,
        DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}",
        PANELCLERK_CONSOLE_SECRET="x" * 40,
        PANELCLERK_OIDC_CLIENT_SECRET="not-a-real-secret",
    )
    command = [sys.executable, "-m", "panelclerk.cli", "--config", console_board(tmp_path)]
    process = subprocess.Popen(
        [*command, "serve", "--console-port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and process.poll() is None and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, process.stdout.read() if process.poll() is not None else ""
        # nobody is signed in: the console sends them to sign in, and says nothing else
        assert answer.status_code in (302, 303, 307) or "Sign in" in answer.text
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_refuses_a_console_without_its_cookie_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANELCLERK_CONSOLE")}
    env["TEAMS_WEBHOOK_URL"] = WEBHOOK_URL
    done = subprocess.run(
        [sys.executable, "-m", "panelclerk.cli", "--config", console_board(tmp_path),
         "--database-url", f"sqlite:///{tmp_path / 'd.db'}", "serve", "--console-port", "0"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "the console needs a cookie key of at least 32 bytes in PANELCLERK_CONSOLE_SECRET" in (
        done.stderr
    )
