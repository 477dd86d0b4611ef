"""The board's mailbox over IMAP. The key of a message is UIDVALIDITY:UID of the folder, so a
rebuilt folder (new UIDVALIDITY) can never be mistaken for the old one. Processed messages
are moved (MOVE, RFC 6851; else COPY, flag and UID EXPUNGE) only after the store committed.
IDLE (RFC 2177) wakes the monitor when mail lands; polling is the fallback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import re
import ssl
import time
from typing import Any

from .mailbox import MessageRef, Transport

LOOPBACK = ("127.0.0.1", "::1", "localhost")


_INTERNALDATE = re.compile(
    rb'(?=.*UID (?P<uid>\d+))(?=.*INTERNALDATE "(?P<date>[^"]+)")', re.IGNORECASE
)


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _uid_set(uids: list[bytes]) -> str:
    """UIDs as an RFC 3501 sequence set, runs as ranges: 4,7:9,12."""
    numbers = sorted({int(u) for u in uids})
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}:{previous}")
        if number is not None:
            start = previous = number
    return ",".join(runs)


class ImapError(Exception):
    """A problem talking to the IMAP server, in one line."""


class ImapMailbox:
    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str,
        *,
        security: str = "tls",
        folder: str = "INBOX",
        processed: str = "Processed",
        quarantine: str = "Quarantine",
        timeout: float = 30,
        transport: Transport | None = None,
        since: dt.date | None = None,
    ) -> None:
        if security == "plain" and host not in LOOPBACK:
            raise ImapError("plain IMAP login is allowed only to 127.0.0.1")
        self.host, self.port, self.user, self.password = host, port, user, password
        self.security, self.folder = security, folder
        self.processed, self.quarantine = processed, quarantine
        self.timeout = timeout
        self.name = f"imap:{user}@{host}:{port}/{folder}"
        self._transport = transport
        self.since = since  # older mail is not even listed (SEARCH SINCE, RFC 3501 6.4.4)
        self._conn: imaplib.IMAP4 | None = None
        self._uidvalidity: str | None = None
        self._selected: str | None = None  # the folder open now: the inbox, or a filed one
        self._validity: dict[str, str] = {}  # each filed folder's UIDVALIDITY

    # ---- connection ----------------------------------------------------------------

    def _connect(self) -> imaplib.IMAP4:
        if self._conn is not None:
            return self._conn
        context = ssl.create_default_context()
        try:
            conn: imaplib.IMAP4
            if self.security == "tls":
                conn = imaplib.IMAP4_SSL(
                    self.host, self.port, ssl_context=context, timeout=self.timeout
                )
            else:
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    conn.starttls(ssl_context=context)
            conn.login(self.user, self.password)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ImapError(
                f"cannot log in to {self.host}:{self.port} as {self.user}: {_one_line(exc)}"
            ) from None
        self._conn = conn
        self._select()
        return conn

    def _select(self) -> None:
        assert self._conn is not None
        typ, data = self._conn.select(_quote(self.folder))
        if typ != "OK":
            raise ImapError(f"cannot open folder {self.folder!r}: {_one_line(data)}")
        typ, data = self._conn.response("UIDVALIDITY")
        self._uidvalidity = (data[0] or b"0").decode() if data and data[0] else "0"
        self._selected = self.folder
        for folder in (self.processed, self.quarantine):
            self._conn.create(_quote(folder))  # NO when it exists: fine

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self._conn.logout()
            self._conn = None

    def _call(self, fn_name: str, *args: str) -> list[bytes | tuple[bytes, bytes]]:
        """One command, reconnecting once if the connection dropped."""
        for attempt in (1, 2):
            conn = self._connect()
            try:
                if self._selected != self.folder:  # back from a filed folder
                    self._select()
                typ, data = getattr(conn, fn_name)(*args)
            except (OSError, imaplib.IMAP4.abort) as exc:
                self._conn = None
                if attempt == 2:
                    raise ImapError(f"{fn_name} failed: {_one_line(exc)}") from None
                continue
            if typ != "OK":
                raise ImapError(f"{fn_name} {' '.join(args)[:60]} refused: {_one_line(data)}")
            return list(data)
        raise AssertionError("unreachable")

    # ---- the mailbox interface -------------------------------------------------------

    def list_new(self) -> list[MessageRef]:
        # SINCE compares the server's date of arrival, by day: a day early, so that the
        # monitor decides the border in the board's own time
        since = self.since and (self.since - dt.timedelta(days=1))
        criteria = (
            ("SINCE", f"{since.day}-{_MONTHS[since.month - 1]}-{since.year}") if since else ("ALL",)
        )
        data = self._call("uid", "SEARCH", *criteria)
        first = data[0] if data else b""
        uids = first.split() if isinstance(first, bytes) else []
        arrived = self._arrivals(uids) if uids else {}
        return [
            MessageRef(
                f"imap:{self._uidvalidity}:{uid.decode()}", uid.decode(), arrived.get(uid.decode())
            )
            for uid in uids
        ]

    def _arrivals(self, uids: list[bytes]) -> dict[str, dt.datetime]:
        """Each message's INTERNALDATE (RFC 3501: when the server received it), by UID."""
        found: dict[str, dt.datetime] = {}
        for item in self._call("uid", "FETCH", _uid_set(uids), "(INTERNALDATE)"):
            line = item[0] if isinstance(item, tuple) else item
            match = _INTERNALDATE.search(line or b"")
            if match:
                with contextlib.suppress(ValueError):
                    found[match["uid"].decode()] = dt.datetime.strptime(
                        match["date"].decode().strip(), "%d-%b-%Y %H:%M:%S %z"
                    )
        return found

    def fetch(self, ref: MessageRef) -> bytes:
        data = self._call("uid", "FETCH", ref.handle, "(BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return item[1]
        raise ImapError(f"message UID {ref.handle} is no longer in {self.folder}")

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None:
        target = _quote(self.quarantine if quarantined else self.processed)
        conn = self._connect()
        capabilities = {c.upper() for c in getattr(conn, "capabilities", ())}
        if "MOVE" in capabilities:
            self._call("uid", "MOVE", ref.handle, target)
            return
        self._call("uid", "COPY", ref.handle, target)
        self._call("uid", "STORE", ref.handle, "+FLAGS.SILENT", r"(\Deleted)")
        if "UIDPLUS" in capabilities:
            self._call("uid", "EXPUNGE", ref.handle)
        else:
            self._call("expunge")

    # ---- filed mail, for the retention rules ------------------------------------------

    def _filed_call(self, folder: str, fn_name: str, *args: str) -> tuple[str, list[Any]]:
        """One command in a filed folder, and that folder's UIDVALIDITY. Never retried on a
        new connection: that would open the inbox, where the same UIDs are other mail."""
        conn = self._connect()
        try:
            if self._selected != folder:
                self._selected = None
                typ, data = conn.select(_quote(folder))
                if typ != "OK":
                    raise ImapError(f"cannot open folder {folder!r}: {_one_line(data)}")
                self._selected = folder
            _, validity = conn.response("UIDVALIDITY")
            if validity and validity[0]:
                self._validity[folder] = validity[0].decode()
            typ, data = getattr(conn, fn_name)(*args)
        except (OSError, imaplib.IMAP4.abort) as exc:
            self._conn, self._selected = None, None
            raise ImapError(f"{fn_name} in {folder} failed: {_one_line(exc)}") from None
        if typ != "OK":
            raise ImapError(f"{fn_name} in {folder} refused: {_one_line(data)}")
        return self._validity.get(folder, "0"), list(data)

    def filed(self, folder: str, before: dt.datetime) -> list[MessageRef]:
        day = before.date() + dt.timedelta(days=1)  # BEFORE is by day; the time is below
        _, data = self._filed_call(
            folder, "uid", "SEARCH", "BEFORE", f"{day.day}-{_MONTHS[day.month - 1]}-{day.year}"
        )
        first = data[0] if data else b""
        uids = first.split() if isinstance(first, bytes) else []
        if not uids:
            return []
        validity, data = self._filed_call(
            folder,
            "uid",
            "FETCH",
            _uid_set(uids),
            "(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
        )
        found = []
        for item in data:
            if not isinstance(item, tuple):
                continue
            match = _INTERNALDATE.search(item[0] or b"")
            if not match:
                continue
            try:
                arrived = dt.datetime.strptime(
                    match["date"].decode().strip(), "%d-%b-%Y %H:%M:%S %z"
                )
            except ValueError:
                continue
            if arrived < before:
                header = item[1].decode("ascii", "replace").partition(":")[2].strip() or None
                uid = match["uid"].decode()
                found.append(MessageRef(f"imap:{folder}:{validity}:{uid}", uid, arrived, header))
        return found

    def _same_folder(self, folder: str, ref: MessageRef, validity: str) -> None:
        if ref.key != f"imap:{folder}:{validity}:{ref.handle}":
            raise ImapError(f"{folder} was rebuilt (new UIDVALIDITY) since it was listed")

    def read_filed(self, folder: str, ref: MessageRef) -> bytes:
        validity, data = self._filed_call(folder, "uid", "FETCH", ref.handle, "(BODY.PEEK[])")
        self._same_folder(folder, ref, validity)
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return bytes(item[1])
        raise ImapError(f"message UID {ref.handle} is no longer in {folder}")

    def remove_filed(self, folder: str, refs: list[MessageRef]) -> None:
        if not refs:
            return
        validity, _ = self._filed_call(folder, "noop")
        for ref in refs:
            self._same_folder(folder, ref, validity)
        uids = _uid_set([ref.handle.encode() for ref in refs])
        self._filed_call(folder, "uid", "STORE", uids, "+FLAGS.SILENT", r"(\Deleted)")
        conn = self._connect()
        capabilities = {c.upper() for c in getattr(conn, "capabilities", ())}
        if "UIDPLUS" in capabilities:  # only these: another client's deletions stay theirs
            self._filed_call(folder, "uid", "EXPUNGE", uids)
        else:
            self._filed_call(folder, "expunge")

    def sent_copies(self, before: dt.datetime) -> list[MessageRef]:
        return []  # sent over SMTP: the IMAP mailbox keeps no copy

    def remove_sent(self, refs: list[MessageRef]) -> None:
        return None

    def transport(self) -> Transport:
        if self._transport is None:
            raise ImapError("no SMTP transport configured beside the IMAP mailbox")
        return self._transport

    def folders(self) -> list[str]:
        data = self._call("list")
        names = []
        for item in data:  # RFC 3501 LIST: (flags) "delimiter" name, the name quoted or not
            if isinstance(item, bytes):
                match = re.match(rb'\([^)]*\)\s+(?:"[^"]*"|NIL)\s+(.+?)\s*$', item)
                if match:
                    name = match.group(1)
                    if name.startswith(b'"') and name.endswith(b'"'):
                        name = name[1:-1].replace(b'\\"', b'"').replace(b"\\\\", b"\\")
                    names.append(name.decode("utf-8", "replace"))
        return names

    def wait(self, seconds: float) -> bool:
        """Block until new mail is announced (IDLE) or `seconds` pass; True if mail came."""
        conn = self._connect()
        capabilities = {c.upper() for c in getattr(conn, "capabilities", ())}
        if "IDLE" not in capabilities:
            time.sleep(seconds)
            return False
        if self._selected != self.folder:  # IDLE watches the selected folder: the inbox
            self._select()
        tag = conn._new_tag().decode()  # imaplib has no IDLE: speak it on its socket
        sock = conn.socket()
        try:
            conn.send(f"{tag} IDLE\r\n".encode())
            line = conn.readline()
            if not line.startswith(b"+"):
                return False
            sock.settimeout(seconds)
            arrived = False
            try:
                while True:
                    line = conn.readline()
                    if not line:
                        raise OSError("connection closed during IDLE")
                    if re.match(rb"\* \d+ (EXISTS|RECENT)", line):
                        arrived = True
                        break
            except TimeoutError:
                pass
            sock.settimeout(self.timeout)
            conn.send(b"DONE\r\n")
            while True:
                line = conn.readline()
                if not line or line.startswith(tag.encode()):
                    break
            return arrived
        except (TimeoutError, OSError, imaplib.IMAP4.abort):
            self._conn = None
            return False


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_line(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if isinstance(value, list):
        text = " ".join(
            v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in value
        )
    return re.sub(r"\s+", " ", text).strip()[:200]
