"""Helpers for the console's tests: a console on the demo board, a client that signs in,
kept messages made through the real router, and a fake OpenID provider on 127.0.0.1."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.testclient import TestClient

from panelclerk.application import context, meetings, referrals, screening
from panelclerk.application.inbound.router import Router
from panelclerk.store.tables import AuditEntry, ChatMessage, OutboundMessage
from panelclerk.web.app import create_console
from panelclerk.web.settings import ConsoleSettings, OidcSettings

from .conftest import COMPLETE_FORM
from .mail import AT, BOARD

SECRET = b"console-test-cookie-key-not-secret-0123456789"
TENANT = "11111111-2222-3333-4444-555555555555"
OTHER_TENANT = "99999999-8888-7777-6666-555555555555"
# The demo board's people as Microsoft Entra knows them (presets/demo.toml: teams_user).
BM_OID = "00000000-0000-0000-0000-00000000b001"
CHAIR_OID = "00000000-0000-0000-0000-00000000c001"
MEMBER_OID = "00000000-0000-0000-0000-000000000001"  # csc_head, a sub-group member
STRANGER_OID = "abcdefab-0000-0000-0000-0000000000ff"  # in the tenant, not in the board file

# The demo board's meetings around the pinned clock (Wednesday 11 November 2026).
NOVEMBER = "2026-11-10"  # held yesterday
DECEMBER = "2026-12-08"  # the next
JANUARY = "2027-01-12"

# A sender's subject and text with terminal escape codes (clear the screen, 7- and 8-bit
# CSI), and HTML that would load an image and run a script if it were ever rendered.
HOSTILE = "\x1b[2J\x9b2J"
HTML = '<p>Hello</p><img id="tracker" src="http://tracker.example/p.png"><script>alert(1)</script>'


def demo_settings(**changes: Any) -> ConsoleSettings:
    values: dict[str, Any] = {"secret": SECRET, "host": "127.0.0.1", "demo": True}
    values.update(changes)
    return ConsoleSettings(**values)


def entra(issuer: str, tenant: str = TENANT) -> OidcSettings:
    return OidcSettings(
        "entra", issuer, "panelclerk-console", "client-secret-not-secret", tenant=tenant
    )


def client(web: Starlette) -> TestClient:
    return TestClient(web, base_url="http://127.0.0.1")


def demo_client(app: context.App, **changes: Any) -> TestClient:
    return client(create_console(app, demo_settings(**changes)))


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(browser: TestClient, person: str) -> None:
    """Through the demo sign-in page, as a person of the demo board."""
    page = browser.get("/demo-sign-in")
    assert page.status_code == 200, page.text
    done = browser.post(
        "/demo-sign-in",
        data={"csrf_token": csrf_of(page.text), "person": person},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def referral(app: context.App, **changes: str) -> str:
    return referrals.receive_referral(app, {**COMPLETE_FORM, **changes}).reference


def kept_message(app: context.App, key: str = "stranger-1", *, html_only: bool = False) -> int:
    """A message from an address no agency has, quarantined by the real router."""
    msg = EmailMessage()
    msg["From"] = "Named Nurse <named.nurse@gmail.example>"
    msg["To"] = BOARD
    msg["Subject"] = f"Referral {HOSTILE}from home"
    msg["Date"] = format_datetime(AT)
    msg["Message-ID"] = f"<{key}@gmail.example>"
    if html_only:
        msg.set_content(HTML, subtype="html")
    else:
        msg.set_content(f"Please read {HOSTILE}this at once.\nSecond line.")
        msg.add_alternative(HTML, subtype="html")
    result = Router(app).handle(key, msg.as_bytes())
    assert result.outcome == "quarantined", result
    with app.uow() as uow:
        from sqlmodel import select

        from panelclerk.store.tables import InboundMessage

        row = uow.session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == key)
        ).one()
        assert row.id is not None
        return row.id


def discussed(app: context.App, **changes: str) -> str:
    """A referral placed on the December meeting, précis asked, and discussed: waiting for
    the decision (as the chat and the command line would have brought it there)."""
    reference = referral(app, **changes)
    screening.place_on_agenda(app, reference, "chair")
    meetings.record_discussion(app, reference, "bm", ["csc", "police", "health"])
    return reference


def outbox(app: context.App, kind: str) -> list[OutboundMessage]:
    from sqlmodel import col, select

    with app.uow() as uow:
        rows = list(
            uow.session.exec(
                select(OutboundMessage)
                .where(OutboundMessage.kind == kind)
                .order_by(col(OutboundMessage.id))
            )
        )
        for row in rows:
            uow.session.expunge(row)
        return rows


def failures(app: context.App, reference: str, error: str) -> tuple[int, int]:
    """The referral declined, and the email telling the referrer failed with `error`; a chat
    message to the Business Manager failed too: as the delivery loops leave them."""
    from sqlmodel import select

    screening.move(app, reference, "decline", "chair", reason="Threshold not met.")
    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        mail = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.referral_id == row.id)
        ).first()
        assert mail is not None and mail.id is not None
        mail.status, mail.attempts, mail.last_error = "failed", 5, error
        chat = ChatMessage(
            platform="slack",
            kind="notice",
            referral_id=row.id,
            target="bm",
            text="x",
            status="failed",
            attempts=5,
            last_error=f"channel_not_found {error}",
        )
        uow.session.add(mail)
        uow.session.add(chat)
        uow.commit()
        assert chat.id is not None
        return mail.id, chat.id


def audit_entries(app: context.App, action: str) -> list[AuditEntry]:
    from sqlmodel import col, select

    with app.uow() as uow:
        return list(
            uow.session.exec(
                select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.seq))
            )
        )


class Provider:
    """oidc-provider-mock on 127.0.0.1 in a thread, with the board's people (and others)
    as predefined users: `sub` is what the sign-in form is given, `claims` go in the token."""

    def __init__(self, users: dict[str, dict[str, Any]]) -> None:
        import werkzeug.serving
        from oidc_provider_mock import User
        from oidc_provider_mock import app as provider_app

        flask_app = provider_app(
            require_nonce=True,
            user_claims=[User(sub=sub, claims=claims) for sub, claims in users.items()],
        )
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, flask_app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


USERS = {
    "bm": {"oid": BM_OID, "tid": TENANT, "name": "Sam Patel"},
    "chair": {"oid": CHAIR_OID, "tid": TENANT, "name": "Dr Alex Morgan"},
    "member": {"oid": MEMBER_OID, "tid": TENANT, "name": "Jo Reid"},
    "stranger": {"oid": STRANGER_OID, "tid": TENANT, "name": "Pat Stranger"},
    "elsewhere": {"oid": BM_OID, "tid": OTHER_TENANT, "name": "Sam Patel, elsewhere"},
}


@contextmanager
def provider() -> Iterator[Provider]:
    with Provider(USERS) as running:
        yield running


class Served:
    """The console under uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, web: Any) -> None:
        import uvicorn

        self.server = uvicorn.Server(
            uvicorn.Config(web, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
