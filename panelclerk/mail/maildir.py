"""A local Maildir: the embedded default (the demo and small boards behind a delivery agent)
and a folder of .eml files for `panelclerk ingest`. Moves are atomic renames. A Maildir board
sends through the SMTP transport it is given (`mailbox.smtp_host`); without one, the outbox
writes .eml files into a folder (the demo and the tests), which `check-config --deployment`
and `serve` refuse for a real board."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import time
from pathlib import Path

from .. import clock
from ..files import write_private
from .mailbox import MessageRef, Transport
from .parse import message_id_of, received_time_of


class FolderTransport:
    """Sends by writing each message as NAME.eml into a folder a person can open.
    Writing is idempotent: the same Message-ID never produces two files."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = hashlib.sha256(_message_id(raw)).hexdigest()[:24] + ".eml"
        target = self.folder / name
        if target.exists():
            return
        tmp = self.folder / f".{name}.tmp"
        write_private(tmp, raw)
        os.replace(tmp, target)


def _message_id(raw: bytes) -> bytes:
    for line in raw.split(b"\n", 200)[:200]:
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip()
    return hashlib.sha256(raw).digest()


class MaildirMailbox:
    """INBOX is the Maildir's new/ and cur/; processed and quarantined messages move to the
    Maildir++ folders .Processed and .Quarantine."""

    def __init__(
        self,
        path: str | Path,
        outbox: str | Path,
        processed: str = "Processed",
        quarantine: str = "Quarantine",
        transport: Transport | None = None,
    ) -> None:
        self.root = Path(path)
        self._transport = transport
        self.name = f"maildir:{self.root}"
        self.outbox = Path(outbox)
        self.processed = processed
        self.quarantine = quarantine
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for sub in ("new", "cur", "tmp"):
            (self.root / sub).mkdir(mode=0o700, exist_ok=True)

    def list_new(self) -> list[MessageRef]:
        found: list[tuple[float, MessageRef]] = []
        for sub in ("new", "cur"):
            for entry in os.scandir(self.root / sub):
                if entry.is_file() and not entry.name.startswith("."):
                    unique = entry.name.split(":2,", 1)[0]
                    try:
                        mtime = entry.stat().st_mtime  # delivery time: Maildir never rewrites
                    except FileNotFoundError:  # moved meanwhile by another reader
                        continue
                    arrived = dt.datetime.fromtimestamp(mtime, dt.UTC)
                    found.append(
                        (mtime, MessageRef(f"maildir:{unique}", f"{sub}/{entry.name}", arrived))
                    )
        found.sort(key=lambda pair: (pair[0], pair[1].key))
        return [ref for _, ref in found]

    def fetch(self, ref: MessageRef) -> bytes:
        return (self.root / ref.handle).read_bytes()

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None:
        folder = self.root / f".{self.quarantine if quarantined else self.processed}"
        folder.mkdir(mode=0o700, exist_ok=True)
        for sub in ("new", "cur", "tmp"):
            (folder / sub).mkdir(mode=0o700, exist_ok=True)
        source = self.root / ref.handle
        name = source.name if ":2," in source.name else f"{source.name}:2,S"
        # Already moved by an earlier run that stopped before recording it: nothing to do.
        with contextlib.suppress(FileNotFoundError):
            os.replace(source, folder / "cur" / name)

    # ---- filed mail, for the retention rules ------------------------------------------

    def filed(self, folder: str, before: dt.datetime) -> list[MessageRef]:
        found = []
        for sub in ("cur", "new"):
            with contextlib.suppress(FileNotFoundError):
                for entry in os.scandir(self.root / f".{folder}" / sub):
                    if not entry.is_file() or entry.name.startswith("."):
                        continue
                    # the move keeps the delivery time: a rename never touches it
                    arrived = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
                    if arrived < before:
                        unique = entry.name.split(":2,", 1)[0]
                        found.append(
                            MessageRef(f"maildir:{unique}", f"{sub}/{entry.name}", arrived)
                        )
        return sorted(found, key=lambda ref: (ref.arrived or before, ref.key))

    def read_filed(self, folder: str, ref: MessageRef) -> bytes:
        return (self.root / f".{folder}" / ref.handle).read_bytes()

    def remove_filed(self, folder: str, refs: list[MessageRef]) -> None:
        for ref in refs:
            (self.root / f".{folder}" / ref.handle).unlink(missing_ok=True)

    def sent_copies(self, before: dt.datetime) -> list[MessageRef]:
        found = []
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.outbox):
                if not entry.name.endswith(".eml") or entry.name.startswith("."):
                    continue
                arrived = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
                if arrived < before:
                    with open(entry.path, "rb") as handle:
                        named = message_id_of(handle.read(65536))
                    found.append(MessageRef(f"sent:{entry.name}", entry.name, arrived, named))
        return found

    def remove_sent(self, refs: list[MessageRef]) -> None:
        for ref in refs:
            (self.outbox / ref.handle).unlink(missing_ok=True)

    def transport(self) -> Transport:
        return self._transport or FolderTransport(self.outbox)

    def close(self) -> None:
        return None

    def deliver(self, raw: bytes, at: dt.datetime | None = None) -> str:
        """Put a message into new/ as a delivery agent would (for the demo and tests), with
        its delivery time `at` (the product's clock by default): what its deadlines count
        from."""
        unique = f"{time.time():.6f}.{os.getpid()}.{hashlib.sha256(raw).hexdigest()[:12]}"
        tmp = self.root / "tmp" / unique
        write_private(tmp, raw)
        stamp = (at or clock.now()).timestamp()
        os.utime(tmp, (stamp, stamp))
        os.replace(tmp, self.root / "new" / unique)
        return unique


class EmlFolder:
    """A folder of .eml files (or a Maildir) read once by `panelclerk ingest`: nothing moves;
    the key is the content's hash, so a second run finds everything already processed. Each
    message keeps its time of arrival (a Maildir file's delivery time, or the topmost
    Received header of an .eml), so mail read after an outage meets the deadlines it met."""

    def __init__(self, path: str | Path) -> None:
        self.root = Path(path)
        self.name = f"folder:{self.root}"

    def list_new(self) -> list[MessageRef]:
        paths: list[Path] = []
        maildir = (self.root / "cur").is_dir() or (self.root / "new").is_dir()
        if maildir:
            for sub in ("new", "cur"):
                if (self.root / sub).is_dir():
                    paths += [p for p in (self.root / sub).iterdir() if p.is_file()]
        else:
            paths = [p for p in self.root.rglob("*") if p.is_file() and p.suffix.lower() == ".eml"]
        refs = []
        for path in sorted(paths):
            raw = path.read_bytes()
            arrived = (
                dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
                if maildir
                else received_time_of(raw)
            )
            refs.append(MessageRef(f"file:{hashlib.sha256(raw).hexdigest()}", str(path), arrived))
        return refs

    def fetch(self, ref: MessageRef) -> bytes:
        return Path(ref.handle).read_bytes()

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None:
        return None

    def transport(self) -> Transport:
        raise RuntimeError("a folder being ingested cannot send")

    def close(self) -> None:
        return None
