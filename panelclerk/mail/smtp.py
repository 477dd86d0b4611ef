"""Sending over SMTP: implicit TLS or STARTTLS with the system's CA store, CRLF line endings,
and a partial refusal reported rather than taken for success."""

from __future__ import annotations

import re
import smtplib
import ssl

BARE_LF = re.compile(rb"(?<!\r)\n")


class PartlyRefused(smtplib.SMTPException):
    """The server took the message for some recipients and refused the others (smtplib
    returns these rather than raising): the message is sent, and must not be sent again to
    the ones who have it."""

    def __init__(self, refused: dict[str, tuple[int, bytes]]) -> None:
        super().__init__(f"{len(refused)} recipients refused")
        self.refused = refused


class SmtpTransport:
    # An empty password means "no login", never a default secret.
    def __init__(  # nosec B107
        self,
        host: str,
        port: int,
        security: str = "starttls",
        user: str = "",
        password: str = "",
        timeout: float = 30,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.timeout = user, password, timeout
        self._context: ssl.SSLContext | None = None

    def _tls(self) -> ssl.SSLContext:
        # Loading the CA store costs tens of milliseconds: once per transport, not per send.
        if self._context is None:
            self._context = ssl.create_default_context()
        return self._context

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        raw = BARE_LF.sub(b"\r\n", raw)  # smtplib sends bytes as they are
        client: smtplib.SMTP
        if self.security == "tls":
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._tls()
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=self._tls())
            if self.user:
                client.login(self.user, self.password)
            refused = client.sendmail(sender, recipients, raw)
            if refused:
                raise PartlyRefused(refused)
