"""`serve --health-port`: /healthz says whether the mailbox pass is alive and the database
answers; /metrics gives counts and ages in the Prometheus text format; neither says who or
what. Logs as JSON lines on request. Every age is by the product's pinned clock."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
from sqlalchemy import create_engine

from panelclerk import health
from panelclerk.application import context
from panelclerk.application.inbound.router import Router
from panelclerk.bot.serve import MAILBOX_EVERY, MAILBOX_IDLE, serve
from panelclerk.mail.maildir import MaildirMailbox

from .deployable import WEBHOOK_URL, deployable_board
from .mail import message, referral
from .pg import free_port

STRANGER = "x@gmail.example"
# what the board's receiving server (deployable_board's authserv_id) stamps on the referral
AUTHENTICATED = (
    "Authentication-Results",
    "mx.fenmarsh-lscb.example; dmarc=pass header.from=hospitals.fenmarsh.example",
)
SUBJECT = "a private matter about Zebedee"


def test_healthz_is_200_after_a_pass_and_503_before_one_or_once_it_is_stale(sqlite_app, clock):
    passes = health.PassRecord(sqlite_app.clock, MAILBOX_EVERY + MAILBOX_IDLE)
    checks = health.Health(sqlite_app.engine, passes)
    status, body = checks.check()
    assert (status, body) == (
        503,
        {"mailbox_pass_age_s": None, "outbox_backlog": 0, "database": "ok"},
    )
    passes.succeeded()
    clock.now += dt.timedelta(seconds=4)
    assert checks.check() == (
        200,
        {"mailbox_pass_age_s": 4.0, "outbox_backlog": 0, "database": "ok"},
    )
    clock.now += dt.timedelta(seconds=3 * (MAILBOX_EVERY + MAILBOX_IDLE))  # three passes missed
    status, body = checks.check()
    assert status == 503 and body["database"] == "ok"
    assert body["mailbox_pass_age_s"] == 4.0 + 18.0
    passes.succeeded()  # the pass works again
    assert checks.check()[0] == 200


def test_healthz_is_503_when_the_database_does_not_answer(sqlite_app, tmp_path):
    passes = health.PassRecord(sqlite_app.clock, 6.0)
    passes.succeeded()
    gone = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'p.db'}")
    status, body = health.Health(gone, passes).check()
    assert status == 503
    assert body == {"mailbox_pass_age_s": 0.0, "outbox_backlog": None, "database": "unreachable"}
    assert "panelclerk_database_up 0" in health.Health(gone, passes).metrics()


def _board_app(tmp_path, clock) -> context.App:
    from panelclerk import boardfile

    config = boardfile.load_board(deployable_board(tmp_path))
    mailbox = config.mailbox.model_copy(
        update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
    )
    return context.bootstrap(
        config.model_copy(update={"mailbox": mailbox}), f"sqlite:///{tmp_path / 'p.db'}", clock
    )


def test_serve_answers_healthz_and_metrics_with_counts_and_no_personal_data(tmp_path, clock):
    app = _board_app(tmp_path, clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(headers=[AUTHENTICATED]))  # applied: a new referral
    box.deliver(message(sender=STRANGER, subject=SUBJECT, body="hi").as_bytes())
    stop = threading.Event()
    ports: list[int] = []
    thread = threading.Thread(
        target=serve,
        args=(app, 0),
        kwargs={"stop": stop, "health_port": 0, "health_ready": ports.append},
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not ports:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{ports[0]}"
        answer = httpx.get(f"{base}/healthz", timeout=5)
        while time.monotonic() < deadline and answer.status_code != 200:
            time.sleep(0.1)
            answer = httpx.get(f"{base}/healthz", timeout=5)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert set(body) == {"mailbox_pass_age_s", "outbox_backlog", "database"}
        assert body["database"] == "ok" and body["mailbox_pass_age_s"] == 0.0  # pinned clock
        metrics = httpx.get(f"{base}/metrics", timeout=5)
        while time.monotonic() < deadline and "panelclerk_quarantine_size 1" not in metrics.text:
            time.sleep(0.1)
            metrics = httpx.get(f"{base}/metrics", timeout=5)
        assert httpx.get(f"{base}/other", timeout=5).status_code == 404
    finally:
        stop.set()
        thread.join(30)
        app.engine.dispose()
    assert not thread.is_alive()
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = metrics.text
    assert 'panelclerk_inbound_messages{outcome="quarantined"} 1' in text
    assert text.count("panelclerk_inbound_messages{") == 2  # the referral's outcome too
    assert "panelclerk_quarantine_size 1" in text
    assert "panelclerk_outbox_failures 0" in text
    assert "panelclerk_database_up 1" in text
    assert "panelclerk_mailbox_pass_age_seconds 0" in text
    assert "# TYPE panelclerk_chat_failures gauge" in text
    assert "panelclerk_outbox_backlog " in text
    for private in ("@", "gmail", "Zebedee", "SCR-2026", "Referral", "Fenmarsh"):
        assert private not in text and private not in answer.text


def test_a_quarantine_and_failures_are_counted(sqlite_app, tmp_path):
    from panelclerk.store.tables import ChatMessage, OutboundMessage

    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(message(sender=STRANGER, subject=SUBJECT, body="hi").as_bytes())
    Router(sqlite_app).run_once(box)
    with sqlite_app.uow() as uow:
        for n, status in enumerate(("failed", "failed", "queued")):
            uow.session.add(
                OutboundMessage(
                    message_id=f"<{n}@x>", kind="k", subject="s", text_body="t", status=status
                )
            )
        uow.session.add(ChatMessage(platform="slack", kind="notice", status="failed"))
        uow.commit()
    text = health.Health(sqlite_app.engine, health.PassRecord(sqlite_app.clock, 6)).metrics()
    assert "panelclerk_outbox_failures 2" in text
    assert "panelclerk_outbox_backlog 1" in text
    assert 'panelclerk_chat_failures{platform="slack"} 1' in text
    assert "panelclerk_quarantine_size 1" in text
    assert "panelclerk_mailbox_pass_age_seconds" not in text  # no pass yet: no age to give


def test_json_lines_carry_time_level_logger_and_message_and_only_an_exceptions_class():
    record = logging.LogRecord(
        "panelclerk.serve", logging.ERROR, __file__, 1, "pass %s", ("x",), None
    )
    try:
        raise KeyError("Amelia Hartley")
    except KeyError:
        record.exc_info = sys.exc_info()
    line = health.JsonLines().format(record)
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "exception"}
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "ERROR",
        "panelclerk.serve",
        "pass x",
    )
    assert entry["exception"] == "KeyError" and "Amelia" not in line


def test_serve_with_a_health_port_and_json_logs_from_the_command_line(tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}",
        PANELCLERK_CONFIG=str(deployable_board(tmp_path)),
        TEAMS_WEBHOOK_URL=WEBHOOK_URL,
        PANELCLERK_LOG_FORMAT="json",
    )
    log_file = tmp_path / "serve.log"
    with open(log_file, "w") as logs:
        process = subprocess.Popen(
            [sys.executable, "-m", "panelclerk.cli", "serve", "--health-port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=logs,
        )
        try:
            deadline = time.monotonic() + 60
            answer = None
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                except httpx.TransportError:
                    time.sleep(0.2)
                    continue
                if answer.status_code == 200:
                    break
                time.sleep(0.2)
            assert answer is not None and answer.status_code == 200, log_file.read_text()
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
    lines = [line for line in log_file.read_text().splitlines() if line.strip()]
    assert lines, "nothing was logged"
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(e["message"] == "stopped" and e["logger"] == "panelclerk.serve" for e in entries)
