"""A wall-clock budget for reading a message's documents. MIME parsing is bounded before it
starts (size, header, depth and part caps); the third-party document parsers (PDF, Word,
Outlook, forwarded mail) are not, and a crafted file can keep one busy for minutes. So they
run in a child process: one that runs past the budget is killed, and the message is
quarantined with the reason instead of holding up every message behind it."""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from multiprocessing.pool import Pool
from typing import Any

from .formparse import ExtractedForm, from_attachment
from .parse import Attachment

_DOCUMENTS = {"docx", "pdf", "msg", "eml"}
_DOCUMENT_TYPES = {"application/pdf", "message/rfc822"}
_pool: Pool | None = None
_lock = threading.Lock()


class TooSlow(Exception):
    """The documents were not read within the budget; the message goes to quarantine."""


def _needs_sandbox(attachment: Attachment) -> bool:
    return attachment.extension in _DOCUMENTS or attachment.content_type in _DOCUMENT_TYPES


def _read_all(attachments: list[Attachment]) -> list[ExtractedForm]:
    return [from_attachment(a) for a in attachments]


def _worker_pool() -> Pool:
    global _pool
    if _pool is None:
        # forkserver: a clean child, never a fork of a process whose other threads hold locks
        _pool = multiprocessing.get_context("forkserver").Pool(1)
        atexit.register(_discard_pool)  # stopped before the interpreter tears down
    return _pool


def _discard_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.terminate()
        _pool.join()
        _pool = None


def read_attachments(attachments: list[Attachment], seconds: float) -> list[ExtractedForm]:
    """Each attachment's form fields, in order. Plain text is read here; as soon as one
    document needs a third-party parser, all are read in the child within `seconds`."""
    if not any(_needs_sandbox(a) for a in attachments):
        return _read_all(attachments)
    with _lock:  # one message's documents at a time: the budget is the message's own
        pending: Any = _worker_pool().apply_async(_read_all, (attachments,))
        try:
            forms: list[ExtractedForm] = pending.get(seconds)
            return forms
        except multiprocessing.TimeoutError:
            _discard_pool()  # kill the parser mid-work; the next message gets a fresh one
            names = ", ".join(a.filename for a in attachments if _needs_sandbox(a))
            raise TooSlow(
                f"reading {names[:200]} took longer than {seconds:g} s; kept unread"
            ) from None
