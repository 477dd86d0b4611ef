"""`panelclerk serve`: the mailbox monitor, the email outbox, the chat outboxes and the Slack
and Teams apps in one process, as the config names them. Slack runs in HTTP mode on --port
(signature-verified) when SLACK_APP_TOKEN is unset, in Socket Mode when it is set;
SLACK_API_URL points the Web API elsewhere (GovSlack, the tests' fake). Teams listens on
--teams-port at /api/messages (JWT-verified; TEAMS_APP_ID, TEAMS_APP_SECRET), or only posts
through TEAMS_WEBHOOK_URL in webhook mode. SIGTERM stops the loops after the work in hand.
With a health port, /healthz and /metrics answer on 127.0.0.1 there (panelclerk.health)."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .. import faults, health
from ..application import context, dataprotection
from ..application.mailpass import MailPass
from ..mail.backends import _secret, open_mailbox
from ..outbox.delivery import deliver_due
from .conversations import Conversations

log = logging.getLogger("panelclerk.serve")


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http " + format, *args)


# The mailbox thread's rhythm: a pass, a wait for mail of up to MAILBOX_IDLE seconds (IMAP
# IDLE, EWS streaming) in which a stop is heard, then MAILBOX_EVERY seconds before the next.
MAILBOX_EVERY = 1.0
MAILBOX_IDLE = 5.0


def _loop(
    app: context.App,
    name: str,
    stop: threading.Event,
    every: float,
    work: Callable[[], Any],
    succeeded: Callable[[], None] | None = None,
    due: threading.Event | None = None,
    pause: Callable[[], object] | None = None,
) -> None:
    """`work` every `every` seconds until `stop`, or at once when `due` is set (a card queued
    by the mail pass: the Chair should not wait for the next second), or after `pause` (the
    mailbox's, which ends when mail is announced); after a failure, `every` seconds whatever
    the rest. `succeeded` after each pass without error (the mailbox's last good pass, for
    /healthz)."""
    failing = False
    while not stop.is_set():
        try:
            work()
        except Exception as exc:
            if failing:  # the Business Manager hears once per run of failures
                log.error("%s pass failed again: %s", name, faults.describe(exc))
            else:
                faults.report(
                    app,
                    f"The {name} pass",
                    exc,
                    then="It is tried again every pass; the log says when it works again.",
                )
            failing = True
        else:
            if failing:
                log.info("%s pass works again", name)
            failing = False
            if succeeded is not None:
                succeeded()
        if pause is not None and not failing:
            pause()  # the mailbox's: mail announced during it ends it
        elif due is not None and not failing:
            due.wait(every)  # serve sets it at a stop too
            due.clear()
        else:
            stop.wait(every)


def serve(
    app: context.App,
    port: int,
    stop: threading.Event | None = None,
    ready: Callable[[int], None] | None = None,
    host: str = "127.0.0.1",
    teams_port: int = 3978,
    console: Any = None,  # the console's settings (panelclerk.web), when it is served
    health_port: int | None = None,  # /healthz and /metrics on 127.0.0.1, when given
    passes: health.PassRecord | None = None,  # when the mailbox pass last succeeded
    health_ready: Callable[[int], None] | None = None,  # told the health port (0: any)
    graph_port: int | None = None,  # Graph's change notifications, behind the proxy
) -> None:
    stop = stop or threading.Event()
    passes = passes or health.PassRecord(app.clock, MAILBOX_EVERY + MAILBOX_IDLE)
    conversations = Conversations(app)
    mailbox = open_mailbox(app.config, app.engine)
    mail = MailPass(app, mailbox)
    threads: list[threading.Thread] = []

    # One for each chat platform's sender: the mail pass queued something, send it now.
    chat_due = {name: threading.Event() for name in ("slack", "teams")}

    def read_mail() -> None:
        if mail.run():
            for due in chat_due.values():
                due.set()

    def mail_pause() -> None:
        """MAILBOX_EVERY seconds between passes, ended early only by mail announced: an IDLE
        that fails at once (a proxy dropping it) must not make the loop spin."""
        started = time.monotonic()
        mail.idle(MAILBOX_EVERY)
        rest = MAILBOX_EVERY - (time.monotonic() - started)
        if not mail.woken and rest > 0:
            stop.wait(rest)

    def mail_pass() -> None:
        read_mail()
        mail.idle(MAILBOX_IDLE)  # a stop is heard between short spells
        if mail.woken and not stop.is_set():  # mail came while waiting: read it now
            read_mail()

    last_purge: list[float] = [float("-inf")]  # at start, then daily (not after a day's uptime)

    def purge_pass() -> None:  # the retention rules, once a day
        if time.monotonic() - last_purge[0] > 24 * 3600:
            purged = dataprotection.scheduled_purge(app)  # refused if the clock ran ahead
            last_purge[0] = time.monotonic()
            if purged is not None:
                mail.clear_due.set()  # the mailbox's filed originals, by the mailbox's thread

    def outbox_pass() -> None:
        deliver_due(app.uow, app.config, mailbox.transport(), app.clock())

    threads.append(
        threading.Thread(
            target=_loop,
            args=(app, "mailbox", stop, MAILBOX_EVERY, mail_pass, passes.succeeded),
            kwargs={"pause": mail_pause},
            name="mailbox",
        )
    )
    threads.append(
        threading.Thread(target=_loop, args=(app, "outbox", stop, 2.0, outbox_pass), name="outbox")
    )
    threads.append(
        threading.Thread(
            target=_loop, args=(app, "retention", stop, 60.0, purge_pass), name="retention"
        )
    )
    server = None
    socket_handler: Any = None  # slack_bolt's SocketModeHandler is untyped
    if "slack" in app.config.chat.platforms:
        from slack_sdk import WebClient

        from .slack import SlackSender, build_app

        token = _secret("SLACK_BOT_TOKEN")
        api_url = os.environ.get("SLACK_API_URL") or None
        bolt = build_app(
            app,
            conversations,
            token=token,
            signing_secret=_secret("SLACK_SIGNING_SECRET"),
            api_url=api_url,
        )
        sender = SlackSender(
            app, conversations, WebClient(token=token, base_url=api_url or "https://slack.com/api/")
        )
        threads.append(
            threading.Thread(
                target=_loop,
                args=(app, "slack", stop, 1.0, lambda: sender.deliver_due(app.clock()), None),
                kwargs={"due": chat_due["slack"]},
                name="slack",
            )
        )
        app_token = _secret("SLACK_APP_TOKEN")
        if app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            socket_handler = SocketModeHandler(bolt, app_token)
            socket_handler.connect()
        else:
            from slack_bolt.adapter.wsgi import SlackRequestHandler

            server = make_server(
                host,
                port,
                SlackRequestHandler(bolt),
                server_class=_Threaded,
                handler_class=_Quiet,
            )
            threads.append(threading.Thread(target=server.serve_forever, name="http"))

    if "teams" in app.config.chat.platforms:
        threads += _teams(app, conversations, stop, host, teams_port, chat_due["teams"])
    if console is not None:
        threads.append(_console(app, console, stop))
    mailbox_settings = app.config.mailbox
    if graph_port is not None and mailbox_settings.graph_notification_url:
        from ..mail.graph_push import run_push_endpoint

        threads.append(
            threading.Thread(
                target=run_push_endpoint, args=(mail, host, graph_port, stop), name="graph-push"
            )
        )
    health_server = None
    if health_port is not None:
        health_server = health.server(health.Health(app.engine, passes), health_port)
        threads.append(threading.Thread(target=health_server.serve_forever, name="health"))

    def on_term(signum: int, frame: Any) -> None:
        log.info("signal %s: finishing the work in hand", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGINT, on_term)

    for thread in threads:
        thread.start()
    if health_server is not None and health_ready is not None:
        health_ready(health_server.server_address[1])
    if ready is not None:
        ready(server.server_address[1] if server else 0)

    while not stop.is_set():
        time.sleep(0.2)
    for due in chat_due.values():  # the chat loops hear the stop at once
        due.set()
    if server is not None:
        server.shutdown()
    if health_server is not None:
        health_server.shutdown()
        health_server.server_close()
    if socket_handler is not None:
        socket_handler.close()
    for thread in threads:
        thread.join(timeout=30)
    mailbox.close()
    log.info("stopped")


def _console(app: context.App, settings: Any, stop: threading.Event) -> threading.Thread:
    """The console (panelclerk.web) under uvicorn, stopped with everything else."""
    import asyncio

    import uvicorn

    from ..web.app import create_console

    server = uvicorn.Server(
        uvicorn.Config(
            create_console(app, settings),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            server_header=False,
            proxy_headers=False,
        )
    )

    def run() -> None:
        def watch() -> None:
            stop.wait()
            server.should_exit = True

        threading.Thread(target=watch, name="console-stop", daemon=True).start()
        asyncio.run(server.serve())

    return threading.Thread(target=run, name="console")


def _teams(
    app: context.App,
    conversations: Conversations,
    stop: threading.Event,
    host: str,
    port: int,
    due: threading.Event,
) -> list[threading.Thread]:
    """Teams as configured: the two-way bot (its endpoint and its outbox) or, for a board
    without a bot registration, the posting-only Workflows webhook."""
    from . import teams, teams_endpoint, teams_webhook

    if app.config.chat.teams_mode == "webhook":
        sender: Any = teams_webhook.WebhookSender(app, conversations, _secret("TEAMS_WEBHOOK_URL"))
        return [
            threading.Thread(
                target=_loop,
                args=(app, "teams", stop, 1.0, lambda: sender.deliver_due(app.clock()), None),
                kwargs={"due": due},
                name="teams",
            )
        ]
    app_id = _secret("TEAMS_APP_ID")
    adapter, auth = teams_endpoint.build_adapter(
        app, app_id, _secret("TEAMS_APP_SECRET"), authority=os.environ.get("TEAMS_AUTHORITY")
    )
    agent = teams.TeamsAgent(app, conversations, app_id)
    sender = teams.TeamsSender(app, conversations, adapter, app_id)
    endpoint = teams_endpoint.web_app(adapter, agent, auth)
    return [
        threading.Thread(
            target=teams_endpoint.run_endpoint,
            args=(endpoint, host, port, stop.is_set),
            name="teams-http",
        ),
        threading.Thread(
            target=_loop,
            args=(app, "teams", stop, 1.0, lambda: sender.deliver_due(app.clock()), None),
            kwargs={"due": due},
            name="teams",
        ),
    ]
