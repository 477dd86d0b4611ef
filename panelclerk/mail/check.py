"""`panelclerk check-mailbox`: log in, list the folders the monitor will use, and report each
problem in one line; no message is read, moved or sent."""

from __future__ import annotations

import os
from pathlib import Path

from exchangelib.errors import (
    ErrorAccessDenied,
    ErrorNonExistentMailbox,
    EWSError,
    ResponseMessageError,
    UnauthorizedError,
)

from .ews import EwsMailbox
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
        if isinstance(mailbox, (ImapMailbox, GraphMailbox, EwsMailbox))
        else ()
    )
    if isinstance(mailbox, EwsMailbox):
        mailbox.fail_fast()
    try:
        folders = mailbox.folders()  # type: ignore[attr-defined]
    except EWSError as exc:
        return good, [_ews_problem(mailbox, exc)]
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


def _ews_problem(mailbox: Mailbox, exc: EWSError) -> str:
    """Exchange's refusal, said the way an Exchange administrator would look for it."""
    where = mailbox.name
    if isinstance(exc, UnauthorizedError):
        return f"{where}: the server refused the credentials (check ews_user and its password)"
    if isinstance(exc, ErrorAccessDenied):
        return (
            f"{where}: access denied (the account needs Full Access to the mailbox, and EWS "
            "must be enabled for it: Set-CASMailbox -EwsEnabled $true)"
        )
    if isinstance(exc, ErrorNonExistentMailbox):
        return f"{where}: no such mailbox on this server (check ews_mailbox)"
    if isinstance(exc, ResponseMessageError):
        return f"{where}: Exchange answered {exc.__class__.__name__}"
    return f"{where}: cannot reach EWS ({exc.__class__.__name__}: check ews_url and the network)"
