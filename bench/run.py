"""`make bench`: each figure is printed beside a baseline measured in the same run, as a ratio,
so that the numbers mean the same on a slow or a fast machine.

  meetings   a year of meetings with every deadline, against walking the same days with
             bare datetime arithmetic (no holidays, no rules)
  lifecycle  1,000 referrals moved from receipt to review completion on SQLite (one
             transaction per move, audit row included), against a bare SQLAlchemy Core
             insert loop doing the same number of transactions
  intake     1,000 queued messages in a Maildir (referrals, replies, auto-replies, mail
             for nobody) parsed, checked, classified and stored, against the bare
             email.message_from_bytes parse of the same messages
  landing    a message APPENDed to a real Dovecot until its referral is stored, the
             monitor waiting in IMAP IDLE, split into the server's notification delay
             (until a bare IDLE client hears of it) and our own processing (from the
             monitor's IDLE wake to the referral stored): median and p95 of 20
  catch-up   the same 1,000-message backlog through IMAP over Dovecot, Graph over its fake
             and EWS over its fake (NTLM), each against IMAP
  outbox     500 queued messages delivered to aiosmtpd, against bare smtplib sends of the
             same messages over one connection each
  slack      Slack's ack latency, median and p99 over 1,000 signed action requests to the
             real Bolt app over HTTP, against Slack's 3-second limit; and the turn time
             of "should I refer?" (facts, advice, reply)
  memory     the resident memory of one running `panelclerk serve` after it has worked
             through 200 messages and after 1,000 (now and at its peak), against a bare
             Python interpreter, and the growth between the two
  language   criteria facts from every case description of the data set, documents per
             second against the bare spacy.blank("en") tokenizer on the same texts, and the
             memory of the loaded pipeline

and then what people feel (bench/felt.py): the command line's start, a message's own cost
and SQL statements by kind, the first and warm "should I refer?" turn, the console's pages.
`--only felt` (or any of the names above, comma-separated) runs a part.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import imaplib
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panelclerk import boardfile
from panelclerk.application import (
    context,
    decision,
    meetings,
    recommendations,
    referrals,
    screening,
)
from panelclerk.store.engine import make_engine
from panelclerk.workflow.deadlines import Deadlines
from tests.conftest import COMPLETE_FORM, Clock


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_meetings(config) -> tuple[float, float]:
    start = dt.date(2026, 11, 22)

    def ours() -> None:
        deadlines = Deadlines(config)  # fresh: no cached months or holiday years
        for m in deadlines.schedule.year_ahead(start):
            assert m.submission_deadline < m.date

    def bare() -> None:
        day, found = start, []
        end = start + dt.timedelta(days=366)
        while day <= end:
            if day.weekday() == 1 and 8 <= day.day <= 14:
                back, n = day, 0
                while n < 10:
                    back -= dt.timedelta(days=1)
                    if back.weekday() < 5:
                        n += 1
                found.append((day, back))
            day += dt.timedelta(days=1)

    return best_of(5, ours), best_of(5, bare)


def bench_lifecycle(config, count: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
        transactions = 0
        start = time.perf_counter()
        for _ in range(count):
            clock.to(dt.date(2026, 11, 9))
            ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
            screening.place_on_agenda(app, ref, "chair")  # and the précis asked for
            clock.to(dt.date(2026, 12, 8), 12)
            meetings.record_discussion(app, ref, "bm", ["csc", "police"])
            recommendations.record_recommendation(app, ref, "csc_head", "scr")
            screening.move(app, ref, "defer_decision", "system")
            clock.to(dt.date(2026, 12, 15))
            decision.record_decision(app, ref, "chair", review_type="scr", rationale="met")
            screening.move(app, ref, "record_notifications", "system")
            screening.move(app, ref, "start_review", "bm")
            screening.move(app, ref, "complete_review", "bm")
            transactions += 10
        ours = time.perf_counter() - start
        app.engine.dispose()

        engine = make_engine(f"sqlite:///{tmp}/bare.db")
        meta = sa.MetaData()
        table = sa.Table(
            "t",
            meta,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("reference", sa.String(32)),
            sa.Column("state", sa.String(32)),
        )
        meta.create_all(engine)
        start = time.perf_counter()
        for i in range(transactions):
            with engine.begin() as conn:
                conn.execute(table.insert().values(reference=f"R{i}", state="x"))
        bare = time.perf_counter() - start
        engine.dispose()
    return ours, bare, transactions


def intake_corpus(count: int) -> list[bytes]:
    from tests.mail import REFERRER, form_body, message

    corpus: list[bytes] = []
    for i in range(count):
        kind = i % 4
        if kind == 0:  # each about a different child, as a real backlog would be
            child = f"Child {chr(65 + i // 4 % 26)}{chr(65 + i // 104 % 26)}"
            corpus.append(
                message(REFERRER, "SCR referral", form_body(**{"child.name": child})).as_bytes()
            )
        elif kind == 1:
            corpus.append(
                message(
                    subject=f"RE: [SCR-2026-{1 + i // 4:03d}] précis",
                    sender="ruth.okafor@police.fenmarsh.example",
                    body="Police involvement: none.\n\nFrom: x\nSent: y\n"
                    "To: z\nSubject: q\n\nquoted",
                ).as_bytes()
            )
        elif kind == 2:
            corpus.append(
                message(
                    subject="Automatic reply", headers=[("Auto-Submitted", "auto-replied")]
                ).as_bytes()
            )
        else:
            corpus.append(
                message(sender=f"someone{i}@elsewhere.example", subject="hello").as_bytes()
            )
    return corpus


def intake_floors(corpus: list[bytes], tmp: str) -> tuple[float, float]:
    """Two parts of the intake's cost, for reading its figure: our parse alone (header
    objects, MIME walk, size and depth caps), and one bare durable SQLite transaction per
    message (WAL, synchronous=FULL, as the store runs) storing nothing but the raw bytes."""
    import sqlite3

    from panelclerk.mail.parse import ParseError, parse_email

    start = time.perf_counter()
    for raw in corpus:
        with contextlib.suppress(ParseError):
            parse_email(raw)
    parse = time.perf_counter() - start
    db = sqlite3.connect(f"{tmp}/floor.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, key TEXT UNIQUE, raw BLOB)")
    start = time.perf_counter()
    for i, raw in enumerate(corpus):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO m (key, raw) VALUES (?, ?)", (str(i), raw))
        db.execute("COMMIT")
    commit = time.perf_counter() - start
    db.close()
    return parse, commit


def bench_intake(config, count: int) -> tuple[float, float, float, float]:
    import email

    from panelclerk.application.inbound.router import Router
    from panelclerk.mail.maildir import MaildirMailbox

    corpus = intake_corpus(count)
    start = time.perf_counter()
    for raw in corpus:
        email.message_from_bytes(raw)
    bare = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
        box = MaildirMailbox(f"{tmp}/mailbox", f"{tmp}/outbox")
        for raw in corpus:
            box.deliver(raw)
        start = time.perf_counter()
        results = Router(app).run_once(box)
        ours = time.perf_counter() - start
        assert len(results) == count and not box.list_new()
        app.engine.dispose()
        parse, commit = intake_floors(corpus, tmp)
    return ours, bare, parse, commit


class BareIdle:
    """A bare IMAP IDLE client (imaplib and its socket, nothing of ours): the moment the
    server announces a new message, which is all the server's own part of landing."""

    def __init__(self, port: int, user: str, password: str) -> None:
        import imaplib
        import threading

        self.conn = imaplib.IMAP4("127.0.0.1", port, timeout=10)
        self.conn.login(user, password)
        self.conn.select("INBOX")
        self.idling = threading.Event()
        self.seen: list[float] = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with contextlib.suppress(OSError, ValueError, imaplib.IMAP4.abort):  # closed
            self._idle()

    def _idle(self) -> None:
        import re

        conn = self.conn
        while not self.stopping:
            tag = conn._new_tag().decode()
            conn.send(f"{tag} IDLE\r\n".encode())
            if not conn.readline().startswith(b"+"):
                return
            self.idling.set()
            while True:
                line = conn.readline()
                if not line or re.match(rb"\* \d+ EXISTS", line):
                    break
            if not line:
                return
            self.seen.append(time.perf_counter())
            self.idling.clear()
            conn.send(b"DONE\r\n")
            while not conn.readline().startswith(tag.encode()):
                pass

    def close(self) -> None:
        self.stopping = True
        with contextlib.suppress(Exception):
            self.conn.shutdown()


def bench_landing(config, runs: int = 20) -> dict[str, list[float]]:
    """Each message APPENDed to a real Dovecot, seconds from the APPEND: `server`, until a
    bare IDLE client hears of it; `total`, until its referral is stored by the monitor
    waiting in IDLE; `wake`, until the monitor's own IDLE wakes (the server announces it
    on each connection on its own timer); and `ours`, from that wake to the referral
    stored."""
    import threading

    from panelclerk.application.inbound.router import Router
    from panelclerk.mail.imap import ImapMailbox
    from tests.mail import referral
    from tests.servers import PASSWORD, USER, DovecotServer

    server = DovecotServer().start()
    found: dict[str, list[float]] = {"server": [], "wake": [], "ours": [], "total": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            clock = Clock(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
            app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
            box = ImapMailbox("127.0.0.1", server.port, USER, PASSWORD, security="plain")
            router = Router(app)
            stored = threading.Event()
            waiting = threading.Event()  # the monitor is in (or entering) IDLE
            appended: list[float] = []

            def monitor() -> None:
                done = 0
                while done < runs:
                    waiting.set()
                    woke = box.wait(5)
                    waiting.clear()
                    if not woke:
                        continue
                    wake = time.perf_counter()
                    results = router.run_once(box)
                    if results:
                        now = time.perf_counter()
                        done += len(results)
                        found["ours"].append(now - wake)
                        found["wake"].append(wake - appended[-1])
                        found["total"].append(now - appended[-1])
                        stored.set()

            box.list_new()
            thread = threading.Thread(target=monitor, daemon=True)
            thread.start()
            bare = BareIdle(server.port, USER, PASSWORD)
            appender = server.client()
            try:
                for _ in range(runs):
                    stored.clear()
                    bare.idling.wait(5)
                    waiting.wait(5)
                    time.sleep(0.05)  # let the monitor settle into IDLE
                    seen = len(bare.seen)
                    when = imaplib.Time2Internaldate(time.time())
                    appended.append(time.perf_counter())
                    typ, data = appender.append("INBOX", "", when, referral())
                    assert typ == "OK", data
                    stored.wait(10)
                    deadline = time.monotonic() + 5
                    while len(bare.seen) == seen and time.monotonic() < deadline:
                        time.sleep(0.001)
                    if len(bare.seen) > seen:
                        found["server"].append(bare.seen[seen] - appended[-1])
            finally:
                appender.logout()
                bare.close()
            thread.join(10)
            box.close()
            app.engine.dispose()
    finally:
        server.cleanup()
    return found


def bench_catchup(config, count: int) -> tuple[float, float, float]:
    """The same backlog caught up through IMAP (Dovecot), Graph (its fake) and EWS (its
    fake, NTLM): seconds for each, the monitor doing all its work every time."""
    from sqlmodel import Session

    from panelclerk.application.inbound.router import Router
    from panelclerk.mail.ews import EwsMailbox, connect
    from panelclerk.mail.graph import GraphClient, GraphMailbox, msal_token
    from panelclerk.mail.imap import ImapMailbox
    from tests import fake_ews
    from tests.fake_graph import TENANT, USER, FakeGraph
    from tests.servers import PASSWORD, DovecotServer
    from tests.servers import USER as IMAP_USER

    corpus = intake_corpus(count)

    def caught_up(tmp: str, name: str, open_box, deliver) -> float:
        clock = Clock(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, f"sqlite:///{tmp}/{name}.db", clock)
        for raw in corpus:
            deliver(raw)
        box, router = open_box(app), Router(app)
        start = time.perf_counter()
        done = 0
        while done < count:
            done += len(router.run_once(box))
        elapsed = time.perf_counter() - start
        box.close()
        app.engine.dispose()
        return elapsed

    with tempfile.TemporaryDirectory() as tmp:
        dovecot = DovecotServer().start()
        try:
            imap = caught_up(
                tmp,
                "imap",
                lambda app: ImapMailbox(
                    "127.0.0.1", dovecot.port, IMAP_USER, PASSWORD, security="plain"
                ),
                dovecot.append,
            )
        finally:
            dovecot.cleanup()
        graph_fake = FakeGraph()
        try:
            token = msal_token(
                TENANT, "client-id", secret="secret", http_client=graph_fake.msal_http_client()
            )
            graph = caught_up(
                tmp,
                "graph",
                lambda app: GraphMailbox(
                    GraphClient(graph_fake.base, token), USER, lambda: Session(app.engine)
                ),
                graph_fake.deliver,
            )
        finally:
            graph_fake.stop()
        ews_fake = fake_ews.FakeEws().start()
        try:
            ews = caught_up(
                tmp,
                "ews",
                lambda app: EwsMailbox(
                    connect(
                        ews_fake.url,
                        fake_ews.MAILBOX,
                        auth="ntlm",
                        user=fake_ews.USER,
                        password=fake_ews.PASSWORD,
                        version="2016",
                    ),
                    lambda: Session(app.engine),
                ),
                ews_fake.deliver,
            )
        finally:
            ews_fake.stop()
    return imap, graph, ews


def bench_outbox(config, count: int) -> tuple[float, float]:
    import smtplib

    from panelclerk.mail.smtp import SmtpTransport
    from panelclerk.outbox import compose
    from panelclerk.outbox.delivery import deliver_due
    from tests.servers import SmtpServer

    server = SmtpServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            clock = Clock(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
            app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
            with app.uow() as uow:
                for i in range(count):
                    compose.queue(
                        uow,
                        config,
                        kind="bench",
                        recipients=["kim@h.example"],
                        subject=f"[SCR-2026-{i:03d}] bench",
                        text="Thank you.\n",
                        html="<p>Thank you.</p>",
                        at=clock(),
                    )
                uow.commit()
            with app.uow() as uow:
                from sqlmodel import select

                from panelclerk.store.tables import OutboundMessage

                raws = [
                    compose.build_mime(r, config) for r in uow.session.exec(select(OutboundMessage))
                ]
            start = time.perf_counter()
            for raw in raws:
                with smtplib.SMTP("127.0.0.1", server.port, timeout=10) as client:
                    client.sendmail(config.board.mailbox, ["kim@h.example"], raw)
            bare = time.perf_counter() - start
            transport = SmtpTransport("127.0.0.1", server.port, security="plain")
            start = time.perf_counter()
            report = deliver_due(app.uow, config, transport, clock(), limit=count + 1)
            ours = time.perf_counter() - start
            assert report.sent == count
            app.engine.dispose()
    finally:
        server.stop()
    return ours, bare


def bench_language(rounds: int = 20) -> tuple[float, float, int, float]:
    import subprocess

    from panelclerk.nlp.evaluate import load
    from panelclerk.nlp.facts import extract_facts
    from panelclerk.nlp.pipeline import nlp

    # The pipeline's memory, measured in a fresh interpreter (this one has it loaded already).
    probe = (
        "import tracemalloc; tracemalloc.start(); "
        "from panelclerk.nlp.pipeline import nlp; from panelclerk.nlp.facts import _matcher; "
        "nlp(); _matcher(); print(tracemalloc.get_traced_memory()[1])"
    )
    memory = (
        int(
            subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        / 1e6
    )
    texts = [c["text"] for c in load("cases_dev.jsonl") + load("cases_heldout.jsonl")]
    tokenizer = nlp().tokenizer
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            tokenizer(text)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extract_facts(text)
    ours = time.perf_counter() - start
    return ours, bare, len(texts) * rounds, memory


def bench_slack(config, requests: int = 1000) -> tuple[list[float], list[float]]:
    import json
    import threading
    import urllib.request
    from socketserver import ThreadingMixIn
    from urllib.parse import urlencode
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk.signature import SignatureVerifier

    from panelclerk.bot.conversations import Conversations
    from panelclerk.bot.slack import build_app
    from tests.fake_slack import BOT_TOKEN, FakeSlack

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            return

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
        conversations = Conversations(app)
        bolt = build_app(app, conversations, token=BOT_TOKEN, signing_secret="s", api_url=fake.url)
        server = make_server(
            "127.0.0.1", 0, SlackRequestHandler(bolt), server_class=Threaded, handler_class=Quiet
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        verifier = SignatureVerifier("s")
        acks = []
        for i in range(requests):
            payload = {
                "type": "block_actions",
                "user": {"id": f"U{i % 50}"},
                "team": {"id": "T"},
                "api_app_id": "A",
                "trigger_id": "t",
                "channel": {"id": "D1"},
                "message": {"ts": "1"},
                "actions": [
                    {
                        "action_id": "pc:answer:0",
                        "value": "died|true",
                        "type": "button",
                        "block_id": "b",
                        "action_ts": "1",
                    }
                ],
            }
            body = urlencode({"payload": json.dumps(payload)})
            stamp = str(int(time.time()))
            request = urllib.request.Request(
                url,
                data=body.encode(),
                method="POST",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Slack-Request-Timestamp": stamp,
                    "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body),
                },
            )
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()
            acks.append(time.perf_counter() - start)
        turns = []
        text = (
            "A 12-year-old was admitted to intensive care with a head injury; the "
            "paediatrician thinks it may be non-accidental. School and the GP did not share."
        )
        for i in range(100):
            start = time.perf_counter()
            conversations.on_direct_message("bench", f"U{i}", text)
            turns.append(time.perf_counter() - start)
        server.shutdown()
        app.engine.dispose()
    fake.stop()
    return sorted(acks), sorted(turns)


def _rss_kb(pid: int, field: str = "VmHWM") -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


AUTHENTICATED = "mx.fenmarsh-lscb.example; dmarc=pass header.from=hospitals.fenmarsh.example"


def bench_memory(
    checkpoints: tuple[int, ...] = (200, 1000),
) -> tuple[dict[int, tuple[int, int]], int]:
    """The resident memory of one running `panelclerk serve` (kB, now and at its peak) once
    it has worked through each number of messages in `checkpoints`, the mail coming in
    batches of 100 as a busy morning's would; and a bare Python interpreter's."""
    import os
    import signal
    import subprocess

    from panelclerk.mail.maildir import MaildirMailbox
    from tests.deployable import WEBHOOK_URL, deployable_board
    from tests.mail import referral

    # `serve` runs only on a board fit to deploy: the demo board made complete, and mail that
    # the board's receiving server vouched for (its Authentication-Results)
    vouched = [("Authentication-Results", AUTHENTICATED)]
    found: dict[int, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/serve.db",
            PANELCLERK_CONFIG=str(deployable_board(Path(tmp))),
            TEAMS_WEBHOOK_URL=WEBHOOK_URL,
        )
        serve = subprocess.Popen(
            [sys.executable, "-m", "panelclerk.cli", "serve"],
            cwd=tmp,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert serve.stdout is not None
        for line in serve.stdout:  # until it serves, or says why it will not
            if "panelclerk serving" in line:
                break
        else:
            raise RuntimeError("serve stopped before serving: see `panelclerk serve` on this board")
        box = MaildirMailbox(Path(tmp) / "var" / "mailbox", Path(tmp) / "var" / "outbox")
        processed = Path(tmp) / "var" / "mailbox" / ".Processed" / "cur"
        delivered = 0
        for target in checkpoints:
            while delivered < target:
                batch = min(100, target - delivered)
                for _ in range(batch):
                    box.deliver(referral(headers=vouched))
                delivered += batch
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline:
                    if processed.exists() and len(list(processed.iterdir())) >= delivered:
                        break
                    time.sleep(0.2)
            time.sleep(2)  # the passes after the mail (chat, outbox) done too
            found[target] = (_rss_kb(serve.pid, "VmRSS"), _rss_kb(serve.pid))
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    bare = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3)"])
    time.sleep(1)
    baseline = _rss_kb(bare.pid)
    bare.wait()
    return found, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--referrals", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--outbox", type=int, default=500)
    parser.add_argument("--only", default="", help="comma-separated parts (default: all)")
    args = parser.parse_args()
    parts = set(filter(None, args.only.split(",")))

    def wanted(name: str) -> bool:
        return not parts or name in parts

    # the audit log's key, as IT would give it: a throwaway one for the bench's databases
    os.environ.setdefault("PANELCLERK_AUDIT_KEY", secrets.token_hex(32))
    config = boardfile.load_board()
    print(f"panelclerk bench  (python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')})")

    turns: list[float] = []
    if wanted("meetings"):
        ours, bare = bench_meetings(config)
        print(
            f"meetings: a year of meetings and deadlines  {ours * 1e3:8.2f} ms   "
            f"baseline bare datetime walk {bare * 1e3:6.2f} ms   ratio {ours / bare:6.1f}x"
        )

    if wanted("lifecycle"):
        ours, bare, n = bench_lifecycle(config, args.referrals)
        per = ours / args.referrals
        print(
            f"lifecycle: {args.referrals} referrals through the whole life cycle ({n} "
            f"transactions)  {ours:7.2f} s ({per * 1e3:.1f} ms per referral)   "
            f"baseline bare SQLAlchemy insert loop, same transactions {bare:6.2f} s   "
            f"ratio {ours / bare:5.1f}x"
        )

    if wanted("intake"):
        ours, bare, parse, commit = bench_intake(config, args.messages)
        print(
            f"intake: {args.messages} queued messages parsed, checked, routed and stored  "
            f"{ours:6.2f} s ({args.messages / ours:6.0f} msg/s)   baseline bare "
            f"email.message_from_bytes {bare:6.3f} s ({args.messages / bare:7.0f} msg/s)   "
            f"ratio {ours / bare:5.1f}x (rate {bare / ours:.3f} of the bare parse)"
        )
        each = 1e3 / args.messages
        print(
            f"  of a message's {ours * each:.2f} ms: our parse alone {parse * each:.2f} ms "
            f"({parse / bare:.0f}x the bare parse); one bare durable SQLite transaction storing "
            f"only its bytes {commit * each:.2f} ms ({commit / bare:.1f}x the bare parse)"
        )

    if wanted("landing"):
        landing = bench_landing(config)

        def split(name: str) -> str:
            values = landing[name]
            return (
                f"median {statistics.median(values) * 1e3:6.1f} ms  "
                f"p95 {percentile(values, 0.95) * 1e3:6.1f} ms"
            )

        ours = statistics.median(landing["ours"])
        print(
            f"landing: Dovecot APPEND to referral stored, the monitor in IMAP IDLE, "
            f"{len(landing['total'])} runs  {split('total')}   ratio to a 2 s target "
            f"{statistics.median(landing['total']) / 2:.3f}"
        )
        print(
            f"  the server's notification delay (APPEND until a bare IDLE client hears of it) "
            f"{split('server')}"
        )
        print(
            f"  the same delay on the monitor's own connection (APPEND until its IDLE wakes) "
            f"{split('wake')}"
        )
        print(
            f"  our own processing (IDLE wake until the referral is stored) {split('ours')}"
            f"   ratio to the 30 ms target {ours / 0.030:.2f}"
        )

    if wanted("catch-up"):
        imap, graph, ews = bench_catchup(config, args.messages)
        print(
            f"catch-up: {args.messages} queued messages through each mailbox backend  IMAP "
            f"(Dovecot) {imap:6.2f} s   Graph (fake) {graph:6.2f} s, ratio to IMAP "
            f"{graph / imap:5.2f}x   EWS (fake, NTLM) {ews:6.2f} s, ratio to IMAP "
            f"{ews / imap:5.2f}x"
        )

    if wanted("slack"):
        acks, turns = bench_slack(config)
        p99 = acks[int(len(acks) * 0.99) - 1]
        print(
            f"slack: ack latency over {len(acks)} signed requests  median "
            f"{statistics.median(acks) * 1e3:6.1f} ms  p99 {p99 * 1e3:6.1f} ms   ratio to "
            f"Slack's 3 s limit: median {statistics.median(acks) / 3:.4f}, p99 {p99 / 3:.4f}"
        )
        print(
            f"slack: 'should I refer?' turn (facts, advice, reply)  median "
            f"{statistics.median(turns) * 1e3:6.1f} ms  worst {turns[-1] * 1e3:6.1f} ms   "
            f"ratio to the 3 s limit {statistics.median(turns) / 3:.4f}"
        )

    if wanted("memory"):
        found, baseline = bench_memory()
        for count, (now, peak) in found.items():
            print(
                f"memory: panelclerk serve after {count:,} messages, resident {now / 1024:6.1f} MB"
                f" (peak {peak / 1024:6.1f} MB)   baseline bare Python interpreter "
                f"{baseline / 1024:5.1f} MB   ratio {now / max(1, baseline):5.1f}x"
            )
        counts = sorted(found)
        first, last = counts[0], counts[-1]
        early, late = found[first][0], found[last][0]
        print(
            f"  growth from {first:,} to {last:,} messages: {(late - early) / 1024:+.1f} MB "
            f"({(late - early) / max(1, last - first):.1f} kB a message)"
        )

    if wanted("language"):
        ours, bare, docs, memory = bench_language()
        print(
            f"language: criteria facts for {docs} case descriptions  {docs / ours:7.0f} docs/s   "
            f"baseline bare spacy.blank('en') tokenizer {docs / bare:7.0f} docs/s   "
            f"ratio {ours / bare:5.1f}x   loaded pipeline and matchers {memory:5.1f} MB"
        )

    if wanted("outbox"):
        ours, bare = bench_outbox(config, args.outbox)
        print(
            f"outbox: {args.outbox} messages to aiosmtpd through the outbox  {ours:6.2f} s "
            f"({args.outbox / ours:5.0f} msg/s)   baseline bare smtplib sends {bare:6.2f} s "
            f"({args.outbox / bare:5.0f} msg/s)   ratio {ours / bare:5.2f}x"
        )

    if wanted("felt"):
        import felt

        felt.report(config, Clock, turns)


if __name__ == "__main__":
    main()
