"""The endpoint Microsoft Graph posts change notifications to (behind the board's https proxy,
at `mailbox.graph_notification_url`): a small WSGI app.

- Validation: when a subscription is made, Graph posts `?validationToken=...` and expects,
  within 10 seconds, 200 with the token as `text/plain`. It does so for the lifecycle URL
  too, which is this same endpoint.
- Change notifications: `{"value": [{subscriptionId, clientState, changeType, resource,
  resourceData, ...}]}`, answered 202 at once (Graph retries what is not answered within
  3 seconds, and drops notifications to an endpoint that is slow). Each must carry our
  subscription's `clientState`, or it is ignored; the good ones wake the mail pass, which
  reads the inbox's delta query: the notification's own ids are never trusted or used.
- Lifecycle notifications (`lifecycleEvent`): reauthorizationRequired renews the
  subscription, subscriptionRemoved makes another, missed reads the mailbox now.

The notifications carry no message content (resource data is not asked for); nothing but a
subscription id is ever logged, and only after it is cleaned.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any, Protocol
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

log = logging.getLogger("panelclerk.mail.graph_push")

MAX_BODY = 1024 * 1024  # Graph batches notifications; without resource data they are small
MAX_TOKEN = 4096
LIFECYCLE = ("reauthorizationRequired", "subscriptionRemoved", "missed")
_ID = re.compile(r"[^A-Za-z0-9-]")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Listener(Protocol):
    """What the endpoint tells: the mail pass (`application.mailpass.MailPass`)."""

    def wake(self) -> None: ...

    def client_state_ok(self, value: object) -> bool: ...

    def lifecycle(self, event: str) -> None: ...

    def endpoint_ready(self) -> None: ...


def _safe_id(value: object) -> str:
    """A subscription id fit for the log: a GUID's characters only, and short."""
    return _ID.sub("", str(value))[:40] or "?"


class PushEndpoint:
    def __init__(self, listener: Listener) -> None:
        self.listener = listener

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def answer(status: str, body: bytes = b"", ctype: str = "text/plain") -> list[bytes]:
            headers = [
                ("Content-Type", f"{ctype}; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff"),
                ("Cache-Control", "no-store"),
            ]
            if status.startswith("405"):
                headers.append(("Allow", "POST"))
            start_response(status, headers)
            return [body]

        if environ.get("REQUEST_METHOD") != "POST":
            return answer("405 Method Not Allowed")
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if "validationToken" in query:  # the handshake: echo the token, URL-decoded
            token = query["validationToken"][0]
            if len(token) > MAX_TOKEN:
                return answer("400 Bad Request")
            return answer("200 OK", token.encode())
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return answer("400 Bad Request")
        if length <= 0:
            return answer("400 Bad Request")
        if length > MAX_BODY:
            return answer("413 Content Too Large")
        try:
            batch = json.loads(environ["wsgi.input"].read(length))
            items = batch["value"]
            if not isinstance(items, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return answer("400 Bad Request")
        self.receive(items)
        return answer("202 Accepted")

    def receive(self, items: list[Any]) -> None:
        """Every item checked on its own; the pass woken once for the batch. Only flags are
        set here: the answer goes back at once, and Graph is called by the mail pass."""
        wake = False
        for item in items:
            if not isinstance(item, dict):
                continue
            subscription = _safe_id(item.get("subscriptionId", ""))
            if not self.listener.client_state_ok(item.get("clientState")):
                log.warning(
                    "a Graph notification for subscription %s was ignored: its clientState "
                    "is not ours",
                    subscription,
                )
                continue
            event = item.get("lifecycleEvent")
            if event is None:
                wake = True
            elif event in LIFECYCLE:
                log.info("Graph lifecycle %s for subscription %s", event, subscription)
                self.listener.lifecycle(str(event))
            else:
                log.info("an unknown Graph lifecycle event for subscription %s", subscription)
                wake = True  # whatever it is, reading the mailbox is safe
        if wake:
            self.listener.wake()


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http " + format, *args)  # never the query: it holds the token


def run_push_endpoint(
    target: PushEndpoint | Listener,
    host: str,
    port: int,
    stop: threading.Event,
    ready: Callable[[int], None] | None = None,
) -> None:
    """Serve the endpoint on host:port until `stop` is set (run it in a thread). `target`:
    the mail pass, or an endpoint made for it. Once listening, it tells the pass, which
    then makes the subscription (Graph validates the URL during that request); `ready`
    hears the port (0 picks a free one)."""
    endpoint = target if isinstance(target, PushEndpoint) else PushEndpoint(target)
    server = make_server(host, port, endpoint, server_class=_Threaded, handler_class=_Quiet)

    def watch() -> None:
        stop.wait()
        server.shutdown()

    threading.Thread(target=watch, name="graph-push-stop", daemon=True).start()
    bound = int(server.server_address[1])
    log.info("Graph change notifications heard on %s:%s", host, bound)
    endpoint.listener.endpoint_ready()
    if ready is not None:
        ready(bound)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
