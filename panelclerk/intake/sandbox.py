"""A budget of time and memory for reading a message's documents. MIME parsing is bounded
before it starts (size, header, depth and part caps); the third-party document parsers (PDF,
Word, Outlook, forwarded mail) are not: a crafted file can keep one busy for minutes, or
make it take gigabytes (2.1 GB from a 452 KB message). So they run in a child process whose
address space is capped: one that runs past the time is killed, one that runs out of memory
fails there, not in the monitor, and the message is quarantined with the reason instead of
holding up every message behind it."""

from __future__ import annotations

import atexit
import multiprocessing
import resource
import threading
from multiprocessing.pool import Pool
from typing import Any

from ..mail.parse import Attachment
from .formparse import ExtractedForm, from_attachment

_DOCUMENTS = {"docx", "pdf", "msg", "eml"}
_DOCUMENT_TYPES = {"application/pdf", "message/rfc822"}
_pool: Pool | None = None
_lock = threading.Lock()
MEMORY_LIMIT = 1024 * 1024 * 1024  # the reader's address space: ten times what it needs


class KeptUnread(Exception):
    """The documents were not read within the budget; the message goes to quarantine."""


class TooSlow(KeptUnread):
    """Past the time budget."""


class TooBig(KeptUnread):
    """Past the memory budget."""


def _limit_memory(limit: int) -> None:
    """In the child, before it reads anything: past `limit` an allocation fails with
    MemoryError there, instead of the machine's memory running out."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _needs_sandbox(attachment: Attachment) -> bool:
    return attachment.extension in _DOCUMENTS or attachment.content_type in _DOCUMENT_TYPES


def _read_all(attachments: list[Attachment]) -> list[ExtractedForm]:
    return [from_attachment(a) for a in attachments]


def _worker_pool() -> Pool:
    global _pool
    if _pool is None:
        # forkserver: a clean child, never a fork of a process whose other threads hold locks
        _pool = multiprocessing.get_context("forkserver").Pool(
            1, initializer=_limit_memory, initargs=(MEMORY_LIMIT,)
        )
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
            raise TooSlow(
                f"reading {_names(attachments)} took longer than {seconds:g} s; kept unread"
            ) from None
        except MemoryError:  # raised in the child, against its limit, and passed back
            _discard_pool()
            raise TooBig(
                f"reading {_names(attachments)} needed more than "
                f"{MEMORY_LIMIT // 2**20:,} MiB of memory; kept unread"
            ) from None


def _names(attachments: list[Attachment]) -> str:
    return ", ".join(a.filename for a in attachments if _needs_sandbox(a))[:200]
