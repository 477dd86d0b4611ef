"""`panelclerk check-mailbox`: log in, list the folders the monitor will use, and report each
problem in one line; no message is read, moved or sent."""

from __future__ import annotations

import os
from pathlib import Path

from .graph import GraphError, GraphMailbox
from .imap import ImapError, ImapMailbox
from .mailbox import Mailbox
from .maildir import MaildirMailbox


def check(mailbox: Mailbox) -> tuple[list[str], list[str]]:
    """(what is fine, what is wrong), one line each."""
    good: list[str] = []
    bad: list[str] = []
    if isinstance(mailbox, MaildirMailbox):
        root = Path(mailbox.root)
        if os.access(root, os.W_OK):
            good.append(f"Maildir {root} is writable")
        else:
            bad.append(f"Maildir {root} is not writable by this user")
        for folder in (mailbox.processed, mailbox.quarantine):
            where = root / f".{folder}"
            good.append(f"folder {folder}: {'present' if where.exists() else 'created on use'}")
        return good, bad
    wanted = (
        (mailbox.processed, mailbox.quarantine)
        if isinstance(mailbox, (ImapMailbox, GraphMailbox))
        else ()
    )
    try:
        folders = mailbox.folders()  # type: ignore[attr-defined]
    except (ImapError, GraphError) as exc:
        text = str(exc)
        if "403" in text:
            text += (
                " (the app lacks Mail.ReadWrite on this mailbox: check its permissions "
                "and the application access policy)"
            )
        if "ErrorAccessDenied" in text or "EWS" in text:
            text += " (EWS may be disabled for the tenant)"
        return good, [text]
    good.append(f"logged in to {mailbox.name}")
    if isinstance(mailbox, ImapMailbox):
        inbox = mailbox.folder
        (good if inbox in folders else bad).append(
            f"folder {inbox}: {'present' if inbox in folders else 'missing'}"
        )
    for folder in wanted:
        good.append(f"folder {folder}: {'present' if folder in folders else 'created on use'}")
    return good, bad
