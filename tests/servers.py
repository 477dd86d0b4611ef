"""Real mail servers for the tests, started on 127.0.0.1 with free ports: Dovecot (IMAP) from
Debian's dovecot-imapd with a throwaway config, and aiosmtpd (SMTP) in a thread. They fail
loudly when missing: `make system-deps` installs Dovecot in CI."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from .pg import free_port, free_ports

USER, PASSWORD = "scr@test.local", "secret"


def _dovecot() -> str:
    for candidate in (shutil.which("dovecot"), "/usr/sbin/dovecot"):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError("Dovecot not found: run `make system-deps` (Debian: dovecot-imapd)")


class DovecotServer:
    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="panelclerk-dovecot-"))
        self.port, self.tls_port = free_ports(2) if tls else (free_port(), 0)
        self.tls = tls  # (certificate, key): IMAPS on tls_port and STARTTLS on port
        self.process: subprocess.Popen[bytes] | None = None

    def config(self) -> str:
        root = self.root
        as_root = os.geteuid() == 0
        user_bits = (
            ""
            if as_root
            else (
                "default_internal_user = nobody\ndefault_internal_group = nogroup\n"
                "default_login_user = nobody\n"
            )
        )
        chroot = "" if as_root else "  chroot =\n"
        uid = "dovecot" if as_root else pwd.getpwuid(os.geteuid()).pw_name
        ssl = "ssl = no"
        if self.tls:
            ssl = f"ssl = yes\nssl_cert = <{self.tls[0]}\nssl_key = <{self.tls[1]}"
        return f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
{ssl}
first_valid_uid = 100
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
{user_bits}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={root}/mail/%u
}}
service anvil {{
{chroot}}}
service imap-login {{
{chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
"""

    def start(self) -> DovecotServer:
        self.root.chmod(0o755)  # the auth process runs as dovecot and reads the users file
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        if os.geteuid() == 0:
            entry = pwd.getpwnam("dovecot")
            os.chown(self.root / "mail", entry.pw_uid, entry.pw_gid)
        (self.root / "dovecot.conf").write_text(self.config())
        self.process = subprocess.Popen(
            [_dovecot(), "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"Dovecot exited at start: {err[:500]}")
            try:
                self.client().logout()  # ready when a login succeeds, not just the port
                return self
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.02)
        raise RuntimeError("Dovecot did not start within 15 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, raw: bytes, folder: str = "INBOX", at: float | None = None) -> None:
        """APPEND, with the INTERNALDATE the server keeps as the message's arrival."""
        conn = self.client()
        try:
            when = imaplib.Time2Internaldate(time.time() if at is None else at)
            typ, data = conn.append(folder, "", when, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def count(self, folder: str) -> int:
        conn = self.client()
        try:
            typ, data = conn.select(f'"{folder}"', readonly=True)
            return int(data[0]) if typ == "OK" else -1
        finally:
            conn.logout()


class Recorder:
    """An aiosmtpd handler that keeps every accepted message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse: dict[str, str] = {}  # recipient -> the server's answer to RCPT TO
        self.data_answer: str | None = None  # an answer to DATA other than 250

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_answer:
            return self.data_answer
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[tuple[str, list[str], bytes]]:
        return self.recorder.messages
