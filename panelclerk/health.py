"""Operations for `panelclerk serve`: `/healthz` and `/metrics` on 127.0.0.1 (`--health-port`),
and log records as JSON lines (`--log-json`). Counts and ages only: no address, subject, name
or reference ever leaves through them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from .store.tables import ChatMessage, InboundMessage, OutboundMessage

log = logging.getLogger("panelclerk.health")

HOST = "127.0.0.1"  # a proxy or the container's health check asks locally; never published
STALE_AFTER = 3  # passes: /healthz fails once the last good mailbox pass is this many old


class PassRecord:
    """When the mailbox pass last finished without an error, by the product's clock: written
    by the mailbox thread, read by the health endpoint."""

    def __init__(self, clock: Callable[[], dt.datetime], interval: float) -> None:
        self.clock, self.interval = clock, interval
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()

    def succeeded(self) -> None:
        with self._lock:
            self._last = self.clock()

    @property
    def last(self) -> dt.datetime | None:
        with self._lock:
            return self._last

    def age(self) -> float | None:
        """Seconds since the last good pass; None before the first."""
        last = self.last
        if last is None:
            return None
        return max(0.0, (self.clock() - last).total_seconds())

    def fresh(self) -> bool:
        age = self.age()
        return age is not None and age <= STALE_AFTER * self.interval


def _counts(session: Session, column: Any, where: Any = None) -> dict[str, int]:
    query = select(column, func.count()).group_by(column)
    if where is not None:
        query = query.where(where)
    return {str(key): int(n) for key, n in session.exec(query).all()}


def _one(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


class Health:
    """What /healthz and /metrics report, read from the store at each request."""

    def __init__(self, engine: Any, passes: PassRecord) -> None:
        self.engine, self.passes = engine, passes

    def _read(self) -> dict[str, Any] | None:
        try:
            with Session(self.engine) as session:
                session.exec(select(text("1"))).one()
                return {
                    "backlog": _one(
                        session,
                        select(func.count()).where(
                            col(OutboundMessage.status).in_(("queued", "sending"))
                        ),
                    ),
                    "outbox_failed": _one(
                        session,
                        select(func.count()).where(OutboundMessage.status == "failed"),
                    ),
                    "chat_failed": _counts(
                        session, ChatMessage.platform, ChatMessage.status == "failed"
                    ),
                    "inbound": _counts(session, InboundMessage.outcome),
                    "quarantine": _one(
                        session,
                        select(func.count()).where(
                            col(InboundMessage.outcome).in_(("quarantined", "held")),
                            col(InboundMessage.released_at).is_(None),
                            col(InboundMessage.attached_at).is_(None),
                            col(InboundMessage.dismissed_at).is_(None),
                        ),
                    ),
                }
        except Exception as exc:  # the database is down, locked or gone: say so, never raise
            log.warning("health: the database did not answer (%s)", exc.__class__.__name__)
            return None

    def check(self) -> tuple[int, dict[str, Any]]:
        """The status code and body of /healthz."""
        store = self._read()
        age = self.passes.age()
        body = {
            "mailbox_pass_age_s": None if age is None else round(age, 3),
            "outbox_backlog": None if store is None else store["backlog"],
            "database": "ok" if store is not None else "unreachable",
        }
        healthy = store is not None and self.passes.fresh()
        return (200 if healthy else 503), body

    def metrics(self) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        store = self._read()
        lines: list[str] = []

        def metric(name: str, kind: str, help_text: str, samples: list[tuple[str, float]]) -> None:
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} {kind}")
            lines.extend(f"{name}{labels} {_number(value)}" for labels, value in samples)

        age = self.passes.age()
        last = self.passes.last
        metric(
            "panelclerk_database_up",
            "gauge",
            "1 if the database answered this scrape.",
            [("", 1 if store is not None else 0)],
        )
        if age is not None and last is not None:
            metric(
                "panelclerk_mailbox_pass_age_seconds",
                "gauge",
                "Seconds since the last mailbox pass that finished without an error.",
                [("", age)],
            )
            metric(
                "panelclerk_mailbox_last_success_timestamp_seconds",
                "gauge",
                "When the last mailbox pass finished without an error (Unix time).",
                [("", last.timestamp())],
            )
        if store is not None:
            metric(
                "panelclerk_inbound_messages",
                "gauge",
                "Messages read from the board's mailbox, by what became of them.",
                [(_labels(outcome=k), v) for k, v in sorted(store["inbound"].items())],
            )
            metric(
                "panelclerk_quarantine_size",
                "gauge",
                "Messages kept for the Business Manager (quarantined or held, not yet dealt with).",
                [("", store["quarantine"])],
            )
            metric(
                "panelclerk_outbox_backlog",
                "gauge",
                "Emails queued or being sent.",
                [("", store["backlog"])],
            )
            metric(
                "panelclerk_outbox_failures",
                "gauge",
                "Emails that failed for good and wait for the Business Manager.",
                [("", store["outbox_failed"])],
            )
            metric(
                "panelclerk_chat_failures",
                "gauge",
                "Chat messages that failed for good, by platform.",
                [(_labels(platform=k), v) for k, v in sorted(store["chat_failed"].items())],
            )
        return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _labels(**pairs: str) -> str:
    def escaped(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{k}="{escaped(v)}"' for k, v in pairs.items()) + "}"


def server(health: Health, port: int) -> ThreadingHTTPServer:
    """The endpoint, bound to 127.0.0.1:`port` (0 for any free port); the caller runs
    serve_forever and shutdown."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "panelclerk"
        sys_version = ""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                status, body = health.check()
                self._answer(status, json.dumps(body).encode(), "application/json")
            elif path == "/metrics":
                self._answer(
                    200, health.metrics().encode(), "text/plain; version=0.0.4; charset=utf-8"
                )
            else:
                self._answer(404, b"not found\n", "text/plain; charset=utf-8")

        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("health http " + format, *args)

    http = ThreadingHTTPServer((HOST, port), Handler)
    http.daemon_threads = True
    return http


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message. An exception is named by its
    class only (its text can quote what it was reading)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(as_json: bool) -> None:
    """The service's logging on stderr: JSON lines when asked, else plain lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonLines()
        if as_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    # as basicConfig: a process that already logs somewhere (a test's capture) keeps it
    logging.basicConfig(level=logging.INFO, handlers=[handler])
