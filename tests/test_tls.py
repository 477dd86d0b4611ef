"""TLS as it runs for a board: IMAPS and STARTTLS to a real Dovecot, STARTTLS to a real SMTP
server, with the product's default certificate and hostname verification; a certificate
the machine does not trust is refused, in one line."""

from __future__ import annotations

import ssl
from email import policy
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller

from panelclerk.mail.imap import ImapError, ImapMailbox
from panelclerk.mail.smtp import SmtpTransport

from .mail import referral
from .pg import free_port
from .servers import PASSWORD, USER, DovecotServer, Recorder
from .tls import make_certificates


@pytest.fixture
def certs(tmp_path):
    return make_certificates(tmp_path / "pki")


@pytest.fixture
def tls_dovecot(certs):
    server = DovecotServer(tls=(certs[1], certs[2])).start()
    yield server
    server.cleanup()


def test_imaps_and_starttls_verify_the_server(tls_dovecot, certs, monkeypatch):
    tls_dovecot.append(referral())
    monkeypatch.setenv("SSL_CERT_FILE", str(certs[0]))
    for port, security in ((tls_dovecot.tls_port, "tls"), (tls_dovecot.port, "starttls")):
        box = ImapMailbox("127.0.0.1", port, USER, PASSWORD, security=security)
        try:
            assert len(box.list_new()) == 1
        finally:
            box.close()


def test_an_untrusted_certificate_is_refused_in_one_line(tls_dovecot, tmp_path, monkeypatch):
    other_ca, _, _ = make_certificates(tmp_path / "other")
    monkeypatch.setenv("SSL_CERT_FILE", str(other_ca))
    box = ImapMailbox("127.0.0.1", tls_dovecot.tls_port, USER, PASSWORD, security="tls")
    with pytest.raises(ImapError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        box.list_new()


@pytest.fixture
def tls_smtp(certs):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs[1], certs[2])
    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
    )
    controller.start()
    yield controller, recorder
    controller.stop()


def test_smtp_starttls_delivers_and_plain_is_refused(tls_smtp, certs, monkeypatch):
    controller, recorder = tls_smtp
    port = controller.port
    raw = referral()
    monkeypatch.setenv("SSL_CERT_FILE", str(certs[0]))
    SmtpTransport("127.0.0.1", port, security="starttls").send(
        raw, "scr@fenmarsh-lscb.example", ["kim@h.example"]
    )
    [(_, recipients, content)] = recorder.messages
    assert recipients == ["kim@h.example"]
    assert BytesParser(policy=policy.default).parsebytes(content)["Subject"] == "SCR referral"
    import smtplib

    with pytest.raises(smtplib.SMTPException):  # the server requires STARTTLS first
        SmtpTransport("127.0.0.1", port, security="plain").send(
            raw, "scr@fenmarsh-lscb.example", ["kim@h.example"]
        )
