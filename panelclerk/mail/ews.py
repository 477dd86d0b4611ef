"""The board's mailbox on Exchange Server (on premises) through EWS, with exchangelib.
(Exchange Online is the Graph backend's: Microsoft switches EWS off there from October 2026.)

New mail comes through SyncFolderItems on the inbox; the sync state is kept in the store and
saved only once every message of a batch is recorded, as Graph's delta link is, and a state
the server no longer accepts starts a full resync that applies nothing twice (every message
is keyed by its EWS item id). The MIME is fetched per item; a message is moved to the
processed folder only after its commit; the outbox sends through CreateItem with the MIME.
Streaming notifications, when configured, wake the monitor as mail lands; the sync is
still what every pass relies on. The server URL is explicit (autodiscover only when
configured). EWS throttling
(ErrorServerBusy with its back-off) is waited out by exchangelib's fault-tolerant retry
policy, up to a limit, and is never fatal: the loop tries again on its next pass.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from email import message_from_bytes, policy
from email.utils import getaddresses
from typing import Any

from exchangelib import (
    BASIC,
    DELEGATE,
    NTLM,
    Account,
    Build,
    Configuration,
    Credentials,
    FailFast,
    FaultTolerance,
    Folder,
    Identity,
    Mailbox,
    Message,
    OAuth2Credentials,
    Version,
)
from exchangelib.errors import (
    ErrorFolderNotFound,
    ErrorInvalidRecipients,
    ErrorInvalidSmtpAddress,
    ErrorInvalidSyncStateData,
    ErrorItemNotFound,
    ErrorMessageSizeExceeded,
    ErrorMimeContentConversionFailed,
    EWSError,
    TransportError,
)
from exchangelib.properties import NewMailEvent
from sqlmodel import Session

from ..store.tables import MailboxState
from .mailbox import MessageRef, Refused, Transport

log = logging.getLogger("panelclerk.ews")
PAGE = 100  # changes per SyncFolderItems call
CONNECTIONS = 3  # well inside Exchange's default EWSMaxConcurrency of 27 per account
VERSIONS = {
    "2013": Build(15, 0),
    "2016": Build(15, 1),
    "2019": Build(15, 2),
}


class EwsError(Exception):
    """One line about what Exchange refused."""


def connect(
    url: str,
    mailbox: str,
    *,
    auth: str,
    user: str = "",
    password: str = "",
    client_id: str = "",
    client_secret: str = "",
    tenant_id: str = "",
    version: str = "",
    autodiscover: bool = False,
    max_wait: int = 120,
) -> Account:
    """An exchangelib Account for the board's mailbox, with nothing sent yet."""
    if auth == "oauth":
        credentials: Any = OAuth2Credentials(
            client_id=client_id,
            client_secret=client_secret,
            tenant_id=tenant_id,
            identity=Identity(primary_smtp_address=mailbox),
        )
    else:
        if auth == "basic" and not url.startswith("https://"):
            raise EwsError("Basic authentication is allowed only over https")
        credentials = Credentials(user, password)
    retry = FaultTolerance(max_wait=max_wait)  # waits out ErrorServerBusy's back-off
    # two sessions at least: a streaming subscription holds one for minutes at a time
    sessions = CONNECTIONS
    if autodiscover:
        config = Configuration(
            credentials=credentials, retry_policy=retry, max_connections=sessions
        )
        return Account(mailbox, config=config, autodiscover=True, access_type=DELEGATE)
    build = VERSIONS.get(version)
    config = Configuration(
        service_endpoint=url,
        credentials=credentials,
        auth_type={"ntlm": NTLM, "basic": BASIC}.get(auth),
        version=Version(build=build) if build else None,
        retry_policy=retry,
        max_connections=sessions,
    )
    return Account(mailbox, config=config, autodiscover=False, access_type=DELEGATE)


REFUSED = (
    ErrorInvalidRecipients,
    ErrorInvalidSmtpAddress,
    ErrorMessageSizeExceeded,
    ErrorMimeContentConversionFailed,
)


class EwsTransport:
    """Sends the outbox's MIME through the board's own mailbox (CreateItem, SendOnly)."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        parsed = message_from_bytes(raw, policy=policy.compat32)
        shown = {
            address.lower()
            for _, address in getaddresses(parsed.get_all("To", []) + parsed.get_all("Cc", []))
        }
        hidden = [r for r in recipients if r.lower() not in shown]  # the envelope's Bcc
        message = Message(account=self.account, mime_content=raw)
        if hidden:
            message.bcc_recipients = [Mailbox(email_address=r) for r in hidden]
        try:
            message.send(save_copy=False)
        except REFUSED as exc:  # this message, for good: its recipients or its content
            raise Refused(f"EWS send refused: {exc.__class__.__name__}") from None
        except (EWSError, TransportError) as exc:
            raise OSError(f"EWS send refused: {exc.__class__.__name__}") from None


class EwsMailbox:
    def __init__(
        self,
        account: Account,
        cursor_store: Callable[[], Session],
        processed: str = "Processed",
        quarantine: str = "Quarantine",
    ) -> None:
        self.account = account
        self.name = f"ews:{account.primary_smtp_address}"
        self._session = cursor_store
        self.processed, self.quarantine = processed, quarantine
        self._cursor_key = f"ews:{account.primary_smtp_address}:inbox:sync"
        self._pending: str | None = None
        self._folders: dict[str, Any] = {}
        self._stream: threading.Thread | None = None
        self._arrived = threading.Event()
        self._stopping = threading.Event()

    # ---- the sync state, kept in the store -------------------------------------------

    def _saved_state(self) -> str | None:
        with self._session() as session:
            found = session.get(MailboxState, self._cursor_key)
            return found.value if found else None

    def batch_done(self) -> None:
        """Everything listed was recorded: from now on, ask only for what is newer."""
        if self._pending is None:
            return
        with self._session() as session:
            row = session.get(MailboxState, self._cursor_key) or MailboxState(
                key=self._cursor_key, value=self._pending
            )
            row.value = self._pending
            session.add(row)
            session.commit()
        self._pending = None

    # ---- the mailbox interface ------------------------------------------------------

    def list_new(self) -> list[MessageRef]:
        inbox = self.account.inbox
        state = self._saved_state()
        try:
            ids = self._sync(inbox, state)
        except ErrorInvalidSyncStateData:
            log.warning("%s: the sync state is no longer valid; resyncing", self.name)
            ids = self._sync(inbox, None)  # every id is unique in the store: none applies twice
        self._pending = inbox.item_sync_state
        return [MessageRef(f"ews:{item_id}", item_id, at) for item_id, at in ids.items()]

    @staticmethod
    def _sync(inbox: Any, state: str | None) -> dict[str, dt.datetime | None]:
        ids: dict[str, dt.datetime | None] = {}
        inbox.item_sync_state = state  # exchangelib falls back to the folder's last state
        for change, item in inbox.sync_items(
            sync_state=state,
            only_fields=["id", "changekey", "datetime_received"],
            max_changes_returned=PAGE,
        ):
            if change == "create":
                ids[item.id] = getattr(item, "datetime_received", None)
        return ids

    def fetch(self, ref: MessageRef) -> bytes:
        [item] = list(self.account.fetch(ids=[(ref.handle, None)], only_fields=["mime_content"]))
        if isinstance(item, Exception):
            raise EwsError(f"item {ref.handle[:12]}…: {item.__class__.__name__}")
        content = item.mime_content
        return content if isinstance(content, bytes) else str(content).encode()

    def _folder(self, name: str) -> Any:
        if name not in self._folders:
            root = self.account.msg_folder_root
            try:
                self._folders[name] = root / name
            except ErrorFolderNotFound:
                made = Folder(parent=root, name=name)
                made.save()
                self._folders[name] = made
        return self._folders[name]

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None:
        target = self._folder(self.quarantine if quarantined else self.processed)
        [answer] = list(self.account.bulk_move(ids=[(ref.handle, None)], to_folder=target))
        if isinstance(answer, ErrorItemNotFound):
            return  # moved already by an earlier pass that stopped before it was recorded
        if isinstance(answer, Exception):
            raise EwsError(f"move refused: {answer.__class__.__name__}")

    # ---- filed mail, for the retention rules ------------------------------------------

    def filed(self, folder: str, before: dt.datetime) -> list[MessageRef]:
        target = self._folder(folder)
        target.item_sync_state = None  # from the start: every item in the folder
        found = []
        for change, item in target.sync_items(
            sync_state=None,
            only_fields=["id", "changekey", "datetime_received", "message_id"],
            max_changes_returned=PAGE,
        ):
            arrived = getattr(item, "datetime_received", None)
            if change == "create" and arrived is not None and arrived < before:
                found.append(MessageRef(f"ews:{item.id}", item.id, arrived, item.message_id))
        return found

    def read_filed(self, folder: str, ref: MessageRef) -> bytes:
        return self.fetch(ref)  # an item id names one item in the whole mailbox

    def remove_filed(self, folder: str, refs: list[MessageRef]) -> None:
        """HardDelete: out of the folder and out of Deleted Items, not a move to it."""
        answers = self.account.bulk_delete(
            ids=[(ref.handle, None) for ref in refs], delete_type="HardDelete"
        )
        for answer in answers:
            if isinstance(answer, Exception) and not isinstance(answer, ErrorItemNotFound):
                raise EwsError(f"delete refused: {answer.__class__.__name__}")

    def sent_copies(self, before: dt.datetime) -> list[MessageRef]:
        return []  # sent with save_copy=False: Sent Items keeps no copy

    def remove_sent(self, refs: list[MessageRef]) -> None:
        return None

    def transport(self) -> Transport:
        return EwsTransport(self.account)

    def folders(self) -> list[str]:
        return [f.name for f in self.account.msg_folder_root.children]

    # ---- streaming notifications: a wake-up, never the record ---------------------------

    def start_streaming(self, minutes: int = 1) -> None:
        """Listen for new mail on a streaming subscription in a background thread, so a
        message is picked up as it lands rather than at the next poll. The sync state stays
        what every pass relies on: a dropped stream only means waiting for the poll."""
        if self._stream is not None:
            return
        self._stream = threading.Thread(
            target=self._listen, args=(minutes,), name="ews-stream", daemon=True
        )
        self._stream.start()

    def _listen(self, minutes: int) -> None:
        subscription = None
        while not self._stopping.is_set():
            try:
                inbox = self.account.inbox
                if subscription is None:
                    subscription = inbox.subscribe_to_streaming(event_types=["NewMailEvent"])
                for notification in inbox.get_streaming_events(
                    subscription, connection_timeout=minutes, max_notifications_returned=1
                ):
                    if any(isinstance(e, NewMailEvent) for e in notification.events):
                        self._arrived.set()
            except Exception as exc:  # the poll is the safety net: log, wait, subscribe again
                log.warning(
                    "%s: streaming stopped (%s); polling meanwhile",
                    self.name,
                    exc.__class__.__name__,
                )
                subscription = None
                self._stopping.wait(30)

    def wait(self, seconds: float) -> bool:
        """True as soon as the stream says new mail has come (at most `seconds`)."""
        if self._stream is None:
            return False
        arrived = self._arrived.wait(seconds)
        self._arrived.clear()
        return arrived

    def fail_fast(self) -> None:
        """For `check-mailbox`: an answer now, not after the loop's patient retries (under
        which a refused login is retried as if the server were only busy)."""
        self.account.protocol.config.retry_policy = FailFast()

    def close(self) -> None:
        self._stopping.set()
        self.account.protocol.close()
