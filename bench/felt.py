"""The figures people feel, each against a baseline measured in the same run (issue 29):

startup    `panelclerk --help` and `status` on an empty store, wall time of a fresh process
           from compiled bytecode (as installed), against `python -c "import sqlalchemy"`
message    one message's own processing time and SQL statement count, by kind (referral,
           précis, reply, ignored auto-reply), against a bare durable SQLite transaction
turn       the first "should I refer?" turn in a fresh process, against a fresh process
           loading spacy.blank("en") and tokenizing the same text; the warm turn's p50/p99
           against the bare tokenizer on the same text
exchange   mail landing in Exchange Online (the fake Graph, its change notification posted to
           `serve`'s webhook) until the Chair's card is posted to Slack (the fake), median
           and p95 of 10, against polling every poll_seconds
console    the p95 of the console's pages (pipeline, a referral's page, meetings, held
           mail, action plans) with 1,000 referrals and ten years of audit entries in the
           store, against a bare Starlette page served the same way (TestClient)
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

TEXT = (
    "A 12-year-old was admitted to intensive care with a head injury; the "
    "paediatrician thinks it may be non-accidental. School and the GP did not share."
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _wall(command: list[str], runs: int, env: dict[str, str] | None = None, cwd=None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd, timeout=120)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_startup(runs: int = 7) -> dict[str, float]:
    """Median wall time of `panelclerk --help`, of `status` on an empty store (created by a
    first run, not timed), of `python -c "import sqlalchemy"` (the baseline) and of
    importing the store's tables alone (SQLAlchemy's ORM, SQLModel and pydantic under our
    23 tables: the floor of any command that reads the store through them) and of the
    command line's own packages, SQLAlchemy Core and the board's config loaded (the floor of
    a `status` that read through Core tables alone, before it opens the database). Run in
    turns, so that the machine's load at one moment falls on all alike. Each runs from
    compiled bytecode, as the image installs the package (`compileall`): a source tree run
    with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module of ours on every start.
    The bytecode goes to a temporary PYTHONPYCACHEPREFIX, written by an untimed first run."""
    cli = [sys.executable, "-m", "panelclerk"]
    commands = {
        "help": [*cli, "--help"],
        "status": [*cli, "status"],
        "bare": [sys.executable, "-c", "import sqlalchemy"],
        "tables": [sys.executable, "-c", "import panelclerk.store.tables"],
        "config": [
            sys.executable,
            "-c",
            "import typer, rich.console, sqlalchemy, panelclerk.boardfile as board; "
            "board.load_board(None)",
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/empty.db",
            PANELCLERK_TODAY="2026-11-09",
            PYTHONPYCACHEPREFIX=f"{tmp}/pycache",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for first in commands.values():
            subprocess.run(first, check=True, capture_output=True, env=env, cwd=tmp)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_wall(command, 1, env, tmp))
    return {name: statistics.median(each) for name, each in times.items()}


@contextmanager
def counting(engine: Any) -> Iterator[list[int]]:
    """The number of SQL statements sent on `engine` while inside."""
    from sqlalchemy import event

    seen = [0]

    def count(*_args: object) -> None:
        seen[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def bench_messages(
    config: Any, clock_type: Any, each: int = 30
) -> dict[str, tuple[float, float, str]]:
    """Per kind: median milliseconds and median statements for one message handled by the
    router (parse, checks, classification, store, audit, commit), and the outcome seen."""
    from panelclerk.application import context, referrals, screening
    from panelclerk.application.inbound.router import Router
    from tests.conftest import COMPLETE_FORM
    from tests.mail import REFERRER, form_body, message

    found: dict[str, tuple[float, float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clock = clock_type(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
        router = Router(app)
        placed = []
        asked = []
        for i in range(each):
            ref = referrals.receive_referral(
                app, {**COMPLETE_FORM, "child.name": f"Placed Child {i}"}
            ).reference
            screening.place_on_agenda(app, ref, "chair")  # and the précis asked for
            placed.append(ref)
            ref = referrals.receive_referral(
                app, {**COMPLETE_FORM, "child.name": f"Asked Child {i}"}
            ).reference
            screening.request_more_info(app, ref, "chair", "Was the school told?")
            asked.append(ref)

        def kinds(i: int) -> dict[str, bytes]:
            letters = f"{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}"
            return {
                "referral": message(
                    REFERRER, "SCR referral", form_body(**{"child.name": f"Child {letters}"})
                ).as_bytes(),
                "précis": message(
                    subject=f"RE: [{placed[i]}] précis",
                    sender="ruth.okafor@police.fenmarsh.example",
                    body="Police involvement: none.\n\nFrom: x\nSent: y\nTo: z\nSubject: q\n\nq",
                ).as_bytes(),
                "reply": message(
                    subject=f"RE: [{asked[i]}] a question about your referral",
                    sender=REFERRER,
                    body="Yes, the school was told on the day.\n\nFrom: x\nSent: y\n\nq",
                ).as_bytes(),
                "ignored auto-reply": message(
                    subject="Automatic reply: out of office",
                    headers=[("Auto-Submitted", "auto-replied")],
                ).as_bytes(),
            }

        timings: dict[str, list[float]] = {}
        counts: dict[str, list[int]] = {}
        outcomes: dict[str, str] = {}
        for i in range(each):
            for kind, raw in kinds(i).items():
                with counting(app.engine) as seen:
                    start = time.perf_counter()
                    result = router.handle(f"{kind}-{i}", raw)
                    elapsed = time.perf_counter() - start
                timings.setdefault(kind, []).append(elapsed)
                counts.setdefault(kind, []).append(seen[0])
                outcomes[kind] = f"{result.kind}/{result.outcome}"
        for kind in timings:
            found[kind] = (
                statistics.median(timings[kind][1:]) * 1e3,  # the first warms the caches
                statistics.median(counts[kind][1:]),
                outcomes[kind],
            )
        app.engine.dispose()
    return found


def bare_commit_ms(runs: int = 200) -> float:
    """One bare durable SQLite transaction (WAL, synchronous=FULL) inserting one row."""
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(f"{tmp}/floor.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, raw BLOB)")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO m (raw) VALUES (?)", (b"x" * 2000,))
            db.execute("COMMIT")
            times.append(time.perf_counter() - start)
        db.close()
    return statistics.median(times) * 1e3


FIRST_TURN = """
import sys, time
text = sys.argv[1]
start = time.perf_counter()
from panelclerk import boardfile
from panelclerk.bot.conversation import render_advice
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import advise
config = boardfile.load_board()
facts = extract_facts(text)
render_advice(facts, advise(facts, config), config)
print(time.perf_counter() - start)
"""

BARE_FIRST = """
import sys, time
start = time.perf_counter()
import spacy
spacy.blank("en")(sys.argv[1])
print(time.perf_counter() - start)
"""


def bench_first_turn(runs: int = 3) -> tuple[float, float]:
    """The first turn in a fresh process (imports and pipeline load included), median of
    `runs`, against a fresh process loading spacy.blank("en") and tokenizing the same text."""

    def timed(code: str) -> float:
        values = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", code, TEXT],
                check=True,
                capture_output=True,
                text=True,
                timeout=120,
            )
            values.append(float(done.stdout.strip().splitlines()[-1]))
        return statistics.median(values)

    return timed(FIRST_TURN), timed(BARE_FIRST)


def bare_tokenizer_ms(runs: int = 200) -> tuple[float, float]:
    from panelclerk.nlp.pipeline import nlp

    tokenizer = nlp().tokenizer
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        tokenizer(TEXT)
        times.append(time.perf_counter() - start)
    return percentile(times, 0.5) * 1e3, percentile(times, 0.99) * 1e3


PUBLIC = "https://panelclerk.fenmarsh-lscb.example"


def bench_exchange_push(config: Any, clock_type: Any, messages: int = 10) -> list[float]:
    """Seconds from a message landing in Exchange Online (the fake Graph's inbox, which
    posts the change notification to the webhook through the board's proxy) to the Chair's
    card posted in Slack (the fake Web API), through `serve` as it runs: its Graph push
    endpoint, its mailbox thread and its Slack delivery thread. One message at a time."""
    import threading

    from panelclerk.application import context
    from panelclerk.bot import serve as serving
    from panelclerk.mail.backends import open_mailbox
    from tests.fake_graph import TENANT, USER, FakeGraph
    from tests.fake_slack import BOT_TOKEN, FakeSlack
    from tests.mail import REFERRER, form_body, message
    from tests.pg import free_port

    graph, slack = FakeGraph(), FakeSlack().start()
    chair = "D-U0CHAIR01"  # the Chair's direct messages with the bot (the fake's naming)
    cards: list[float] = []
    answer = slack.answer

    def heard(method: str, body: dict, auth: str) -> tuple[int, dict, dict]:
        if method == "chat.postMessage" and body.get("channel") == chair:
            cards.append(time.perf_counter())
        return answer(method, body, auth)

    slack.answer = heard  # type: ignore[method-assign]
    saved = {k: os.environ.get(k) for k in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")}
    saved |= {k: os.environ.get(k) for k in ("SLACK_API_URL", "SLACK_APP_TOKEN")}
    saved["PANELCLERK_GRAPH_CLIENT_SECRET"] = os.environ.get("PANELCLERK_GRAPH_CLIENT_SECRET")
    os.environ.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=slack.url,
        PANELCLERK_GRAPH_CLIENT_SECRET="secret",
    )
    os.environ.pop("SLACK_APP_TOKEN", None)
    real_open = serving.open_mailbox
    serving.open_mailbox = lambda board, engine: open_mailbox(  # type: ignore[assignment]
        board, engine, graph.msal_http_client()
    )
    port = free_port()
    graph.proxy[PUBLIC] = f"http://127.0.0.1:{port}"
    mailbox = config.mailbox.model_copy(
        update={
            "backend": "graph",
            "graph_tenant": TENANT,
            "graph_client_id": "client-id",
            "graph_user": USER,
            "graph_base_url": graph.base,
            "graph_notification_url": f"{PUBLIC}/graph/notifications",
        }
    )
    chat = config.chat.model_copy(update={"platforms": ("slack",), "slack_channel": "C0SUB"})
    board = config.model_copy(update={"mailbox": mailbox, "chat": chat})
    landed: list[float] = []
    stop = threading.Event()
    with tempfile.TemporaryDirectory() as tmp:
        clock = clock_type(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        graph.clock = clock  # the subscription's expiry is judged on the board's clock
        app = context.bootstrap(board, f"sqlite:///{tmp}/push.db", clock)
        thread = threading.Thread(
            target=serving.serve,
            args=(app, 0),
            kwargs={"stop": stop, "graph_port": port},
            daemon=True,
        )
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while not graph.live_subscriptions() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert graph.live_subscriptions(), "serve did not subscribe to the inbox"
            for i in range(messages):
                raw = message(
                    REFERRER, "SCR referral", form_body(**{"child.name": f"Pushed Child {i}"})
                ).as_bytes()
                seen = len(cards)
                time.sleep(0.3)  # the passes settle, as between two messages in a day
                start = time.perf_counter()
                graph.deliver(raw)  # in the inbox, and the notification posted
                deadline = time.monotonic() + 30
                while len(cards) == seen and time.monotonic() < deadline:
                    time.sleep(0.002)
                assert len(cards) > seen, f"no card for message {i} within 30 s"
                landed.append(cards[seen] - start)
        finally:
            stop.set()
            thread.join(30)
            serving.open_mailbox = real_open  # type: ignore[assignment]
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            graph.stop()
            slack.stop()
            app.engine.dispose()
    return landed


def _seed_ten_years(config: Any, url: str, clock_type: Any, count: int) -> str:
    """`count` referrals received over ten years, all but the last 30 declined (closed), an
    action plan with actions: every step audited on its own day. Returns an open referral."""
    from panelclerk.application import context, referrals, screening

    clock = clock_type(dt.datetime(2016, 11, 9, 10, tzinfo=dt.UTC))
    app = context.bootstrap(config, url, clock)
    from tests.conftest import COMPLETE_FORM

    first = dt.date(2016, 11, 9)
    step = (dt.date(2026, 11, 9) - first) / count
    last = ""
    for i in range(count):
        day = first + step * i
        clock.to(day)
        last = referrals.receive_referral(
            app, {**COMPLETE_FORM, "child.name": f"Child {i:04d}"}
        ).reference
        if i < count - 30:
            clock.to(day + dt.timedelta(days=3))
            screening.move(app, last, "decline", "chair", reason="criteria not met")
    clock.to(dt.date(2026, 11, 11), 10)
    app.engine.dispose()
    return last


def bench_console(config: Any, clock_type: Any, count: int = 1000, requests: int = 200):
    """p95 milliseconds of each console page, and of a bare Starlette page (TestClient),
    measured in turns (a few requests to each page, then to the bare one, over and over) so
    that the machine's load at one moment falls on all of them alike. The referral's page
    is a referral as most arrive: by email with a form and two attachments, on an agenda,
    its précis asked for."""
    from email.message import EmailMessage

    from sqlmodel import func, select
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from panelclerk.application import context, screening
    from panelclerk.application.inbound.router import Router
    from panelclerk.store.tables import AuditEntry
    from tests.mail import BOARD, REFERRER, form_body
    from tests.web_support import demo_client, kept_message, sign_in

    async def hello(_request: Any) -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>x</title><p>hello</p>")

    bare = TestClient(Starlette(routes=[Route("/", hello)]), base_url="http://127.0.0.1")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/console.db"
        start = time.perf_counter()
        _seed_ten_years(config, url, clock_type, count)
        seeded = time.perf_counter() - start
        clock = clock_type(dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC))
        app = context.bootstrap(config, url, clock)
        kept_message(app)
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = REFERRER, BOARD, "SCR referral"
        email["Message-ID"] = "<bench-referral@test.example>"
        email.set_content(form_body())
        email.add_attachment(  # sizes of a referral's papers; contents no reader opens
            os.urandom(400_000), maintype="application", subtype="octet-stream",
            filename="notes.bin",
        )  # fmt: skip
        email.add_attachment(
            os.urandom(200_000), maintype="application", subtype="octet-stream",
            filename="chronology.bin",
        )  # fmt: skip
        reference = Router(app).handle("bench-referral", email.as_bytes()).reference
        assert reference is not None
        screening.place_on_agenda(app, reference, "chair")
        with app.uow() as uow:
            entries = uow.session.exec(select(func.count()).select_from(AuditEntry)).one()
        browser = demo_client(app)
        sign_in(browser, "bm")
        paths = {
            "pipeline": "/pipeline",
            "a referral's page": f"/referrals/{reference}",
            "meetings": "/meetings",
            "held mail": "/mail",
            "action plans": "/actions",
        }
        times: dict[str, list[float]] = {name: [] for name in [*paths, "bare"]}
        turn = 10
        for _ in range(requests // turn):
            for name, path in paths.items():
                times[name] += _timed(lambda p=path: browser.get(p), turn)
            times["bare"] += _timed(lambda: bare.get("/"), turn)
        app.engine.dispose()
    pages = {name: percentile(times[name], 0.95) * 1e3 for name in paths}
    return pages, percentile(times["bare"], 0.95) * 1e3, entries, seeded


def _timed(get: Callable[[], Any], requests: int) -> list[float]:
    """Seconds for each of `requests` requests (after one not timed, the warm-up)."""
    answer = get()
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        answer = get()
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200
    return times


def report(config: Any, clock_type: Any, turns: list[float] | None = None) -> None:
    started = bench_startup()
    helped, status, bare, tables = (started[k] for k in ("help", "status", "bare", "tables"))
    config_floor = started["config"]
    print(
        f"startup (bytecode compiled, median of 7): panelclerk --help {helped * 1e3:6.0f} ms   "
        f"status (empty store) "
        f"{status * 1e3:6.0f} ms   baseline python -c 'import sqlalchemy' {bare * 1e3:5.0f} ms"
        f"   ratio {helped / bare:4.1f}x and {status / bare:4.1f}x"
        f"   (the store's tables alone, ORM, SQLModel and pydantic: {tables * 1e3:5.0f} ms,"
        f" {tables / bare:4.1f}x; the command line, SQLAlchemy Core and the board's config"
        f" loaded, no store: {config_floor * 1e3:5.0f} ms, {config_floor / bare:4.1f}x)"
    )
    floor = bare_commit_ms()
    for kind, (ms, statements, outcome) in bench_messages(config, clock_type).items():
        print(
            f"message: {kind:<19} ({outcome}) {ms:6.2f} ms, {statements:4.0f} SQL statements"
            f"   baseline one bare durable SQLite transaction {floor:5.2f} ms"
            f"   ratio {ms / floor:5.1f}x"
        )
    first, bare_first = bench_first_turn()
    print(
        f"turn: first 'should I refer?' in a fresh process {first * 1e3:6.0f} ms   baseline "
        f"fresh process loading spacy.blank('en') {bare_first * 1e3:5.0f} ms   "
        f"ratio {first / bare_first:4.1f}x"
    )
    if turns:
        p50, p99 = bare_tokenizer_ms()
        print(
            f"turn: warm 'should I refer?' (facts, advice, reply) p50 "
            f"{percentile(turns, 0.5) * 1e3:6.1f} ms  p99 {percentile(turns, 0.99) * 1e3:6.1f} ms"
            f"   baseline bare tokenizer p50 {p50:5.2f} ms  p99 {p99:5.2f} ms"
        )
    pushed = bench_exchange_push(config, clock_type)
    median = statistics.median(pushed)
    poll = config.mailbox.poll_seconds
    print(
        f"exchange: mail landing in Exchange Online (the fake Graph) reaches the Chair's card "
        f"(the fake Slack) with change notifications on, {len(pushed)} messages  median "
        f"{median * 1e3:6.0f} ms  p95 {percentile(pushed, 0.95) * 1e3:6.0f} ms   baseline "
        f"polling every poll_seconds = {poll} s (a wait of {poll / 2:.0f} s on average, up "
        f"to {poll} s)   ratio to the 2 s target {median / 2:.2f}"
    )
    pages, baseline, entries, seeded = bench_console(config, clock_type)
    print(
        f"console: 1,000 referrals over ten years ({entries} audit entries, seeded in "
        f"{seeded:.0f} s); p95 of each page (200 requests each, in turns with the baseline; "
        "the referral came by email with two attachments)   baseline bare Starlette page "
        f"{baseline:5.2f} ms"
    )
    for name, p95 in pages.items():
        print(f"  {name:<18} p95 {p95:7.1f} ms   ratio {p95 / baseline:6.1f}x")
