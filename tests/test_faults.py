"""Faults in the store: the database locked for a while, and unreachable for a while. The
mail waits in the mailbox and is applied once when the store is back."""

from __future__ import annotations

import sqlite3
import threading
import time

from panelclerk.application import context
from panelclerk.application import status as status_stage
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox

from .mail import referral
from .pg import PostgresServer


def test_a_locked_sqlite_database_is_waited_for(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    path = str(sqlite_app.engine.url).split("///", 1)[1]
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the lock for two seconds
    threading.Timer(2.0, lambda: locker.execute("COMMIT")).start()
    start = time.monotonic()
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted" and time.monotonic() - start >= 1.5
    locker.close()


def test_an_unreachable_database_leaves_mail_waiting_then_applies_it_once(config, clock, tmp_path):
    server = PostgresServer()
    server.start()
    try:
        url = server.create_database("faults")
        app = context.bootstrap(config, url, clock)
        box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
        box.deliver(referral())
        box.deliver(referral())
        server.halt()
        results = Router(app).run_once(box)
        assert [r.outcome for r in results] == ["error", "error"]
        assert len(box.list_new()) == 2  # nothing lost, nothing moved
        server.run()
        server.wait_ready()
        app.engine.dispose()  # drop connections to the old server process
        results = Router(app).run_once(box)
        assert [r.outcome for r in results] == ["accepted", "accepted"]
        assert Router(app).run_once(box) == []
        assert len(status_stage.pipeline(app)) == 2
        app.engine.dispose()
    finally:
        server.stop()


def test_a_fault_report_says_only_what_is_true_about_who_knows(sqlite_app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from panelclerk import chatqueue, faults

    def bug():
        raise KeyError("Amelia Hartley")

    try:
        bug()
    except KeyError as exc:
        assert faults.report(sqlite_app, "A chat request", exc)
        told = faults.sorry(True)

        def store_down(*args, **kwargs):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(chatqueue, "tell_business_manager", store_down)
        assert not faults.report(sqlite_app, "A chat request", exc)
        untold = faults.sorry(False)
        described = faults.describe(exc)
    assert "has been told" in told and "has been told" not in untold
    assert "tell the Business Manager if it happens again" in untold
    assert described.startswith("KeyError in ") and "Amelia" not in described
    assert "test_faults.py" in described and "(bug)" in described


def test_a_monitor_killed_at_random_moments_loses_nothing_and_repeats_nothing(tmp_path):
    """The process is SIGKILLed (no handler runs, no transaction finishes) again and again
    while it works through a backlog, then left to finish: every message is recorded once,
    every referral made once, every sender answered once, the audit chain whole."""
    import os
    import random
    import signal
    import subprocess
    import sys

    from sqlmodel import Session, create_engine, select

    from panelclerk.store import audit
    from panelclerk.store.tables import InboundMessage, OutboundMessage, Referral

    from .mail import message

    box = MaildirMailbox(tmp_path / "var" / "mailbox", tmp_path / "var" / "outbox")
    for i in range(80):
        box.deliver(referral())
        if i % 2:
            box.deliver(message(subject=f"lunch {i}?").as_bytes())
    command = [sys.executable, "-m", "panelclerk.cli", "monitor", "--once"]
    chance = random.Random(20261123)
    kills = 0

    def waiting() -> int:
        return len(os.listdir(tmp_path / "var" / "mailbox" / "new"))

    give_up = time.monotonic() + 240  # a monitor that never gets going fails, never hangs
    while kills < 5 and waiting() and time.monotonic() < give_up:
        before = waiting()
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # killed while it works, after a few messages: whatever this machine's speed
        enough = before - chance.randint(3, 20)
        while process.poll() is None and waiting() > enough and time.monotonic() < give_up:
            time.sleep(0.005)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(30)
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert kills == 5 and box.list_new() == []
    engine = create_engine(f"sqlite:///{tmp_path / 'var' / 'panelclerk.db'}")
    with Session(engine) as session:
        inbound = session.exec(select(InboundMessage)).all()
        referrals = session.exec(select(Referral)).all()
        answers = [m.in_reply_to for m in session.exec(select(OutboundMessage))]
        chain = audit.verify(session)
    engine.dispose()
    assert len(inbound) == 120 and len({m.mailbox_key for m in inbound}) == 120
    assert sorted(m.outcome for m in inbound).count("accepted") == 80
    assert sorted(r.reference for r in referrals) == [f"SCR-2026-{n:03d}" for n in range(1, 81)]
    assert sorted(answers) == sorted(m.message_id for m in inbound)  # each answered once
    assert chain.ok, chain.reason


def _damage(path, start: int, length: int = 4096) -> None:
    with open(path, "r+b") as file:
        file.seek(start)
        file.write(b"\xa5" * length)


def test_a_damaged_database_file_is_named_so_with_an_exit_code_of_its_own(config, clock, tmp_path):
    """A SQLite file whose header or pages are corrupt is not "a fault in panelclerk": the
    Business Manager is told the database is damaged and to restore it from the backup, and
    a script sees 65 (EX_DATAERR), not 70 (a bug) nor 75 (try again later)."""
    import os
    import subprocess
    import sys

    from panelclerk.application.inbound.kept import quarantined

    def status(path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                *(sys.executable, "-m", "panelclerk.cli"),
                *("--database-url", f"sqlite:///{path}", "quarantine", "list"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in os.environ.items() if k != "PANELCLERK_DEBUG"},
        )

    headerless = tmp_path / "headerless.db"
    app = context.bootstrap(config, f"sqlite:///{headerless}", clock)
    app.engine.dispose()
    _damage(headerless, 0, 100)  # "file is not a database"
    done = status(headerless)
    assert done.returncode == 65, done.stderr
    assert "error: the database is damaged: restore it from the last backup" in done.stderr
    assert "a fault in panelclerk" not in done.stderr and "Traceback" not in done.stderr

    pages = tmp_path / "pages.db"
    app = context.bootstrap(config, f"sqlite:///{pages}", clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    for number in range(40):  # enough rows for the table to span pages of its own
        box.deliver(referral(sender=f"stranger{number}@gmail.example"))
    Router(app).run_once(box)
    assert len(quarantined(app)) == 40
    app.engine.dispose()
    size = pages.stat().st_size
    _damage(pages, 4096, size - 4096)  # every page but the header's: "disk image is malformed"
    done = status(pages)
    assert done.returncode == 65, done.stderr
    assert "the database is damaged: restore it from the last backup" in done.stderr


def test_serve_tells_the_business_manager_the_database_is_damaged(sqlite_app, tmp_path, caplog):
    """Under `serve`, a pass (or a chat request) that meets a damaged database tells the
    Business Manager in those words, and the log says it even when they cannot be told."""
    import logging

    from sqlalchemy import create_engine, text
    from sqlmodel import select

    from panelclerk import faults
    from panelclerk.store.tables import ChatMessage

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\xa5" * 8192)
    try:
        with create_engine(f"sqlite:///{broken}").connect() as connection:
            connection.execute(text("SELECT * FROM inbound_message"))
    except Exception as exc:
        assert faults.damaged(exc) and not faults.transient(exc)
        with caplog.at_level(logging.CRITICAL, "panelclerk.faults"):
            assert faults.report(sqlite_app, "The mailbox pass", exc)
    with sqlite_app.uow() as uow:
        [notice] = uow.session.exec(select(ChatMessage)).all()
    assert notice.target == "bm"
    assert "The mailbox pass failed: the database is damaged: restore it from the last backup" in (
        notice.text or ""
    )
    assert "the database is damaged" in caplog.text
    assert not faults.damaged(RuntimeError("file is not a database"))  # our words, not SQLite's
