"""How our own mail is marked, so that it is known when it comes back: the loop header we
put on everything we send, and its value for this board (RFC 3834 section 5 leaves the
mechanism to the responder)."""

from __future__ import annotations

import hashlib

from ..workflow.config import BoardConfig

LOOP_HEADER = "X-Panelclerk-Loop"


def loop_marker(config: BoardConfig) -> str:
    return hashlib.sha256(config.board.mailbox.encode()).hexdigest()[:16]
