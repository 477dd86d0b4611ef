"""A small fake of Slack's Web API on 127.0.0.1 (port 0), after bolt-python's own test server:
it answers auth.test and the methods the bot calls as Slack documents them, records every
call, and can be told to answer the next calls with 429 (Retry-After) or 500."""

from __future__ import annotations

import itertools
import json
import threading
from urllib.parse import parse_qs, urlparse

from . import httpfake

BOT_TOKEN = "xoxb-test-token"


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.failures: list[tuple[int, dict]] = []  # (status, headers) for the next calls
        self._ts = itertools.count(1)
        self.lock = threading.Lock()
        fake = self

        class Handler(httpfake.Handler):
            def do_POST(self):
                raw = self.body().decode("utf-8")
                if raw.startswith("{"):
                    body = json.loads(raw)
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                method = urlparse(self.path).path.strip("/")
                status, headers, answer = fake.answer(
                    method, body, self.headers.get("Authorization", "")
                )
                self.answer(status, answer, headers, "application/json; charset=utf-8")

            do_GET = do_POST

        self.http = httpfake.Server(Handler)
        self.port = self.http.port
        self.url = f"{self.http.origin}/"

    def start(self) -> FakeSlack:
        self.http.start()
        return self

    def stop(self) -> None:
        self.http.stop()

    def fail_next(
        self, status: int, count: int = 1, retry_after: int = 1, error: str | None = None
    ) -> None:
        """The next calls fail: 429 ratelimited, 5xx internal_error, or Slack's own `error`
        (which Slack sends with HTTP 200 and ok false, as for channel_not_found)."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        code = error or ("ratelimited" if status == 429 else "internal_error")
        self.failures += [(status, headers, code)] * count

    def answer(self, method: str, body: dict, auth: str) -> tuple[int, dict, dict]:
        with self.lock:
            if not auth.startswith("Bearer xoxb-"):
                return 200, {}, {"ok": False, "error": "not_authed"}
            if method == "auth.test":
                return (
                    200,
                    {},
                    {
                        "ok": True,
                        "url": "https://fenmarsh.slack.test/",
                        "team": "Fenmarsh",
                        "user": "panelclerk",
                        "team_id": "T0TEAM",
                        "user_id": "U0BOT",
                        "bot_id": "B0BOT",
                    },
                )
            self.calls.append((method, body))
            if self.failures:
                status, headers, error = self.failures.pop(0)
                return status, headers, {"ok": False, "error": error}
            ts = f"1700000000.{next(self._ts):06d}"
            if method == "conversations.open":
                users = body.get("users", "")
                return 200, {}, {"ok": True, "channel": {"id": f"D-{users}"}}
            if method in ("chat.postMessage", "chat.update"):
                return (
                    200,
                    {},
                    {"ok": True, "channel": body.get("channel"), "ts": body.get("ts") or ts},
                )
            if method == "chat.postEphemeral":
                return 200, {}, {"ok": True, "message_ts": ts}
            return 200, {}, {"ok": True}

    def made(self, method: str) -> list[dict]:
        return [body for name, body in self.calls if name == method]
