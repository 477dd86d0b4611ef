"""Console sessions: the cookie carries only a random id, signed; everything else (who is
signed in, the CSRF token, the sign-in flow's state) stays on the server.

A session ends after `idle_timeout` without a request, after `lifetime` in any case, and at
sign-out; signing in gives a new id (the one used before sign-in is never promoted). Times
come from the product's clock, moving on even when a trial fixes its moment. The store is
this process's memory: the console runs as one process, and a restart signs everyone
out, which is the safe side.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, Signer

from .. import clock

SALT = "panelclerk.console.session"


@dataclass
class Session:
    id: str
    csrf: str
    created: dt.datetime
    seen: dt.datetime
    person: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the sign-in flow's state (Authlib)
    framed: bool = False  # signed in inside a Microsoft Teams tab (its cookie: security.py)


class SessionStore:
    def __init__(
        self,
        secret: bytes,
        idle_timeout: dt.timedelta,
        lifetime: dt.timedelta,
        max_sessions: int = 5000,
        now: Callable[[], dt.datetime] = clock.running,
    ) -> None:
        self._signer = Signer(secret, salt=SALT)
        self._idle = idle_timeout
        self._lifetime = lifetime
        self._max = max_sessions
        self._now = now
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    # ---- the cookie -----------------------------------------------------------------------

    def cookie_value(self, session: Session) -> str:
        return self._signer.sign(session.id).decode("ascii")

    def session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            return self._signer.unsign(cookie.encode("ascii")).decode("ascii")
        except (BadSignature, UnicodeError):
            return None

    # ---- the records ----------------------------------------------------------------------

    def _expired(self, session: Session, now: dt.datetime) -> bool:
        return now - session.seen > self._idle or now - session.created > self._lifetime

    def get(self, cookie: str | None, *, touch: bool = True) -> Session | None:
        """The live session a cookie names, its idle clock restarted (unless `touch` is
        False); None when it names none, its signature is wrong, or it has expired (then it
        is ended)."""
        sid = self.session_id(cookie)
        if sid is None:
            return None
        now = self._now()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if self._expired(session, now):
                del self._sessions[sid]
                return None
            if touch:
                session.seen = now
            return session

    def new(self, person: str | None = None, *, framed: bool = False) -> Session:
        now = self._now()
        session = Session(
            secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, now, person, framed=framed
        )
        with self._lock:
            self._sweep(now)
            self._sessions[session.id] = session
        return session

    def sign_in(self, old: Session | None, person: str, *, framed: bool = False) -> Session:
        """A new session for the person signed in; the one before is ended. `framed`: signed
        in inside a Teams tab, so its cookie is the one a framed page can keep."""
        if old is not None:
            self.end(old)
        return self.new(person, framed=framed)

    def end(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.id, None)

    def __len__(self) -> int:
        return len(self._sessions)

    def _sweep(self, now: dt.datetime) -> None:
        for sid in [s.id for s in self._sessions.values() if self._expired(s, now)]:
            del self._sessions[sid]
        if len(self._sessions) >= self._max:  # a flood of sign-in starts: drop the oldest
            # anonymous ones first, never a signed-in person's while an anonymous one is left
            order = sorted(self._sessions.values(), key=lambda s: (s.person is not None, s.seen))
            for session in order[: len(self._sessions) - self._max + 1]:
                del self._sessions[session.id]
