"""The append-only audit log, hash-chained and keyed, so that an edited or deleted row is
detectable, and a rewritten one too.

Each entry's hash covers its own content and the previous entry's hash. The single
`audit_head` row is updated in the same transaction, which serialises concurrent writers on
PostgreSQL (row lock) as BEGIN IMMEDIATE does on SQLite.

The hash is an HMAC-SHA256 under a secret kept outside the database: whoever can write the
database but not read the key cannot re-chain the entries after one they changed. A keyed
hash is stored as `hmac:<key id>:<base64url MAC>` (57 characters, in the same 64-character
column), so each entry says which scheme and which key made it and no migration is needed;
the key id (8 hex characters of an HMAC of a fixed label) names the key, never reveals it,
so a wrong key is told apart from an edited entry.

Releases before this one hashed with plain SHA-256 (64 hex characters). Such entries still
verify, but only as a sealed prefix: `panelclerk audit verify --seal-unkeyed`, run once when
a database is first opened with a key, checks them and appends a keyed `audit_log_keyed`
entry that records how many they were. After that, an unkeyed entry after a keyed one, or a
chain that is unkeyed throughout, is reported: the seal is never written by itself, since a
log an attacker rewrote whole without a key looks just like an old release's log, and only
the people who upgraded know which it is.

Where the key comes from (see `configured_key`): `PANELCLERK_AUDIT_KEY_FILE`, a file holding
the secret (a systemd credential: `LoadCredential=audit-key:/etc/panelclerk/audit-key` with
`Environment=PANELCLERK_AUDIT_KEY_FILE=%d/audit-key`), or `PANELCLERK_AUDIT_KEY`, the secret
itself. Neither set: every command on the database refuses, in one line naming the setting.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import weakref
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session, col, select

from ..secrets import credential_path
from ..workflow.errors import ConfigError, WorkflowError
from .tables import AuditEntry, AuditHead

GENESIS = "0" * 64
KEY_FILE = "PANELCLERK_AUDIT_KEY_FILE"
KEY_VALUE = "PANELCLERK_AUDIT_KEY"
MIN_KEY_LENGTH = 32  # bytes: `openssl rand -hex 32` gives 64
SEAL = "audit_log_keyed"  # the keyed entry that vouches for the unkeyed ones before it
_DOMAIN = b"panelclerk audit v2\n"
# Entries that record someone looking (a page read, a kept message read, an export, a
# sign-in), not the process moving on: the clock check before a purge does not count them,
# since they are written by whatever clock is wrong.
VIEW_REFERRAL = "view_referral"
SIGN_IN = "console_sign_in"
SIGN_OUT = "console_sign_out"
LOOKING = frozenset({VIEW_REFERRAL, SIGN_IN, SIGN_OUT, "read_kept", "export"})
_LEGACY = re.compile(r"[0-9a-f]{64}")
_KEYED = re.compile(r"hmac:([0-9a-f]{8}):([A-Za-z0-9_-]{43})")

log = logging.getLogger("panelclerk.store")


class AuditKeyError(ConfigError):
    """The audit key is missing, unreadable, too short or not the one the log was made with:
    said in one line naming the setting (the command line exits 2, as for other config)."""

    def __init__(self, message: str, setting: str = KEY_FILE) -> None:
        self.source, self.key, self.problem = "the environment", setting, message
        Exception.__init__(self, message)


NO_KEY = (
    f"no audit key: set {KEY_FILE} to a file holding a secret of at least {MIN_KEY_LENGTH} "
    "characters (e.g. from `openssl rand -hex 32`), kept apart from the database and its "
    f"backups (or give the secret in {KEY_VALUE})"
)


@dataclass(frozen=True)
class AuditKey:
    secret: bytes = field(repr=False)

    @property
    def id(self) -> str:
        """Names the key in each entry's hash; an HMAC, so it tells nothing of the secret."""
        return hmac.new(self.secret, b"panelclerk audit key id", hashlib.sha256).hexdigest()[:8]

    @classmethod
    def of(cls, secret: str | bytes, setting: str = KEY_VALUE) -> AuditKey:
        raw = secret.encode("utf-8") if isinstance(secret, str) else secret
        raw = raw.strip()  # `echo key > file` adds a newline the secret does not have
        if len(raw) < MIN_KEY_LENGTH:
            raise AuditKeyError(
                f"the audit key in {setting} is {len(raw)} characters long; it needs at least "
                f"{MIN_KEY_LENGTH} (e.g. from `openssl rand -hex 32`)",
                setting,
            )
        return cls(raw)


def configured_key(environ: Mapping[str, str] | None = None) -> AuditKey | None:
    """The key the environment names: the file in PANELCLERK_AUDIT_KEY_FILE, or the secret in
    PANELCLERK_AUDIT_KEY; not both, which would leave IT unsure which one is used."""
    env = os.environ if environ is None else environ
    path, value = env.get(KEY_FILE, "").strip(), env.get(KEY_VALUE, "")
    if path and value:
        raise AuditKeyError(f"both {KEY_FILE} and {KEY_VALUE} are set: set only one", KEY_FILE)
    if value:
        return AuditKey.of(value, KEY_VALUE)
    if not path:  # under systemd, `LoadCredential=PANELCLERK_AUDIT_KEY:/path`
        credential = credential_path(KEY_VALUE, env)
        if credential is None:
            return None
        path = str(credential)
    try:
        secret = Path(path).read_bytes()
        mode = Path(path).stat().st_mode & 0o777
    except OSError as exc:
        raise AuditKeyError(
            f"{KEY_FILE} names {path}, which cannot be read: {exc.strerror}", KEY_FILE
        ) from None
    if mode & 0o007:
        log.warning(
            "the audit key %s can be read by every user of this machine: chmod 600 it", path
        )
    return AuditKey.of(secret, KEY_FILE)


def require_key(environ: Mapping[str, str] | None = None) -> AuditKey:
    """The configured key, or a refusal naming the setting.

    No key is no default, and none is generated beside the database: a key kept where the
    database is, is read by whoever can read the database, which is the very person the key
    is against; and a generated key goes missing with a server rebuilt from backup, leaving a
    log nobody can check. A council's IT keeps secrets in its own store (systemd credentials,
    a vault, a file readable by the service alone) and expects a service to refuse to start
    without one, as it would without its database password. The demo and the tests give a
    key of their own explicitly.
    """
    key = configured_key(environ)
    if key is None:
        raise AuditKeyError(NO_KEY, KEY_FILE)
    return key


def demo_key(folder: Path) -> AuditKey:
    """For the demo's throwaway data only: a key made on first use in a file beside it
    (owner-only), so a demo run again on the same folder still verifies."""
    path = folder / "audit.key"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return AuditKey.of(path.read_bytes(), str(path))
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return AuditKey.of(path.read_bytes(), str(path))


# The key each engine's sessions write with, set by bootstrap(); an engine built elsewhere
# (a script, a test opening the file) uses the environment's.
_keys: weakref.WeakKeyDictionary[Engine, AuditKey] = weakref.WeakKeyDictionary()


def use_key(engine: Engine, key: AuditKey) -> None:
    _keys[engine] = key


def key_for(session: Session) -> AuditKey:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    key = _keys.get(engine) if isinstance(engine, Engine) else None
    return key or require_key()


def _body(
    prev_hash: str,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    reference: str | None,
    source: str | None,
    target: str | None,
    details: dict[str, Any],
) -> bytes:
    return json.dumps(
        [
            prev_hash,
            seq,
            at.astimezone(dt.UTC).isoformat(),
            actor,
            action,
            reference,
            source,
            target,
            details,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
        ensure_ascii=False,
    ).encode("utf-8")


def unkeyed_digest(prev_hash: str, seq: int, at: dt.datetime, *fields: Any) -> str:
    """The hash of releases before the key: plain SHA-256, which anyone can recompute."""
    return hashlib.sha256(_body(prev_hash, seq, at, *fields)).hexdigest()


def keyed_digest(key: AuditKey, prev_hash: str, seq: int, at: dt.datetime, *fields: Any) -> str:
    mac = hmac.new(key.secret, _DOMAIN + _body(prev_hash, seq, at, *fields), hashlib.sha256)
    return f"hmac:{key.id}:{base64.urlsafe_b64encode(mac.digest()).decode().rstrip('=')}"


def _fields(entry: AuditEntry) -> tuple[Any, ...]:
    return (
        entry.actor,
        entry.action,
        entry.reference,
        entry.source_state,
        entry.target_state,
        entry.details,
    )


def _key_id(hash_: str) -> str | None:
    """The id of the key that made a keyed hash; None for an unkeyed (or unreadable) one."""
    found = _KEYED.fullmatch(hash_)
    return found.group(1) if found else None


def _wrong_key(key: AuditKey, made_with: str) -> str:
    return (
        f"the audit key configured (id {key.id}) is not the one this audit log was written "
        f"with (id {made_with}): check {KEY_FILE} (if it is right, the log was rewritten)"
    )


def _unsealed(count: int) -> str:
    return (
        f"the audit log's {count} entries were written without a key and are not sealed "
        "under it: if this database has just been upgraded from a release without the audit "
        "key, run `panelclerk audit verify --seal-unkeyed` once; if it has run with the key "
        "before, its log was rewritten"
    )


# Where the acts of this process come from when that is not a signed-in person: the command
# line sets it to the operating-system user, since `--as chair` is a name anyone at the
# shell can type. Recorded beside the actor in every entry the process writes.
_via: ContextVar[str | None] = ContextVar("panelclerk_audit_via", default=None)


def acting_through(via: str | None) -> None:
    """Record `via` (say, "command line, OS user jsmith") beside every actor from now on."""
    _via.set(via)


@dataclass
class _Chain:
    """Where one transaction's chain stands: the head row it locked (read once), the newest
    seq and hash it has chained to, and the entries not yet handed to the session."""

    transaction: Any  # the session's root transaction that locked the head
    head: AuditHead
    seq: int
    last_hash: str
    entries: list[AuditEntry] = field(default_factory=list)


_CHAIN = "panelclerk.audit.chain"
_AUDIT_TABLES = frozenset({AuditEntry.__tablename__, AuditHead.__tablename__})


def _chain(session: Session) -> _Chain | None:
    """This transaction's chain, once the head is locked in it."""
    found: _Chain | None = session.info.get(_CHAIN)
    if found is not None and found.transaction is not session.get_transaction():
        session.info.pop(_CHAIN, None)  # an earlier transaction's, committed or rolled back
        return None
    return found


_HEAD = (  # built once: read by every transaction that audits, views included
    select(AuditHead)
    .where(AuditHead.id == 1)
    .with_for_update()
    .execution_options(populate_existing=True)
)


def _lock_head(session: Session) -> _Chain:
    """The head row, read and locked once in each transaction (FOR UPDATE on PostgreSQL;
    SQLite's BEGIN IMMEDIATE already holds the write lock): every entry after the first
    chains from what this transaction holds, not from a second read."""
    chain = _chain(session)
    if chain is not None:
        return chain
    head = session.exec(_HEAD).first()
    if head is None:
        head = AuditHead(id=1, seq=0, last_hash=GENESIS)
        session.add(head)
    chain = _Chain(session.get_transaction(), head, head.seq, head.last_hash)
    session.info[_CHAIN] = chain
    return chain


def _write_chain(session: Session) -> None:
    """Hand this transaction's new entries and the head's new place to the session: at
    commit (one INSERT of all the entries, one UPDATE of the head), or before anything in
    the same transaction reads the log, so it reads what was appended."""
    chain = _chain(session)
    if chain is None:
        return
    entries, chain.entries = chain.entries, []
    head = chain.head
    if head.seq != chain.seq or head.last_hash != chain.last_hash:
        head.seq, head.last_hash = chain.seq, chain.last_hash
        session.add(head)
    if entries:  # one multi-row INSERT: the ORM would send one statement a row
        session.execute(insert(AuditEntry).values([e.model_dump(exclude={"id"}) for e in entries]))


class AuditedSession(Session):
    """The unit of work's session: the log's entries are written when it commits (the
    hooks below listen to this class only, not to every session in the process, such as a
    mailbox's sync state or a health check's). `append` takes no other kind of session."""


@event.listens_for(AuditedSession, "before_commit")
def _before_commit(session: OrmSession) -> None:
    _write_chain(session)  # type: ignore[arg-type]


@event.listens_for(AuditedSession, "do_orm_execute")
def _before_reading_the_log(state: ORMExecuteState) -> None:
    chain = state.session.info.get(_CHAIN)
    if chain is None or (not chain.entries and chain.head.seq == chain.seq):
        return
    statement = state.statement
    if not isinstance(statement, ClauseElement):
        return
    if any(t.name in _AUDIT_TABLES for t in find_tables(statement, include_crud=True)):
        _write_chain(state.session)  # type: ignore[arg-type]


@event.listens_for(AuditedSession, "after_transaction_end")
def _after_transaction(session: OrmSession, transaction: Any) -> None:
    chain = session.info.get(_CHAIN)
    if chain is not None and chain.transaction is transaction:
        session.info.pop(_CHAIN, None)


def append(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    reference: str | None = None,
    source: str | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Chain one entry onto the log in the caller's transaction. The head is read once a
    transaction; the entries and the head's new place are written together when it commits
    (or when something in it reads the log first); the entry returned is not the row (no `id`)."""
    if not isinstance(session, AuditedSession):  # its entries would never be written
        raise TypeError("audit entries are appended in a unit of work's session")
    key = key_for(session)
    via = _via.get()
    details = json.loads(
        json.dumps({**(details or {}), **({"via": via} if via else {})}, default=str)
    )
    chain = _lock_head(session)
    if chain.seq and action != SEAL:
        made_with = _key_id(chain.last_hash)
        if made_with is None:  # never chain onto an unkeyed head: that would seal it unasked
            raise AuditKeyError(_unsealed(chain.seq))
        if made_with != key.id:  # never fork the log under a second key
            raise AuditKeyError(_wrong_key(key, made_with))
    seq = chain.seq + 1
    digest = keyed_digest(
        key, chain.last_hash, seq, at, actor, action, reference, source, target, details
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        reference=reference,
        source_state=source,
        target_state=target,
        details=details,
        prev_hash=chain.last_hash,
        hash=digest,
    )
    chain.seq, chain.last_hash = seq, digest
    chain.entries.append(entry)
    return entry


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None  # the seq of the first entry that does not verify
    reason: str = ""
    # The configured key cannot check this log (another key made it, or the unkeyed entries
    # are not sealed): not an edit of one entry, and said so.
    key_problem: str = ""
    unkeyed: int = 0  # entries from before the key, sealed under it
    key_id: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.key_problem


def verify(session: Session, key: AuditKey | None = None) -> ChainCheck:
    key = key or key_for(session)
    _write_chain(session)  # what this transaction appended is checked too
    prev, expected_seq, count, unkeyed, keyed = GENESIS, 1, 0, 0, 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))):
        count += 1
        if entry.seq != expected_seq:
            return ChainCheck(count, expected_seq, "an entry is missing")
        if entry.prev_hash != prev:
            return ChainCheck(count, entry.seq, "the link to the previous entry is broken")
        made_with = _key_id(entry.hash)
        if made_with is None:
            if keyed:
                return ChainCheck(
                    count, entry.seq, "the entry is not keyed, though entries before it are"
                )
            digest = unkeyed_digest(prev, entry.seq, entry.at, *_fields(entry))
            unkeyed += 1
        else:
            if made_with != key.id:
                if keyed:
                    return ChainCheck(count, entry.seq, "the entry was made with another key")
                return ChainCheck(count, None, key_problem=_wrong_key(key, made_with))
            digest = keyed_digest(key, prev, entry.seq, entry.at, *_fields(entry))
            if unkeyed and not keyed and digest == entry.hash:
                sealed = entry.details.get("unkeyed_entries") if entry.action == SEAL else None
                if sealed != unkeyed:
                    return ChainCheck(
                        count, entry.seq, "the unkeyed entries before it were not sealed"
                    )
            keyed += 1
        if not hmac.compare_digest(digest, entry.hash):
            return ChainCheck(count, entry.seq, "the entry was changed after it was written")
        prev, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.last_hash != prev):
        return ChainCheck(count, expected_seq, "entries after the last one were deleted")
    if unkeyed and not keyed:
        return ChainCheck(count, None, key_problem=_unsealed(unkeyed), unkeyed=unkeyed)
    return ChainCheck(count, None, unkeyed=unkeyed, key_id=key.id)


class AuditLogBroken(WorkflowError):
    """The log does not verify: an entry was edited, rewritten or deleted (exit 1)."""

    def __init__(self, check: ChainCheck) -> None:
        self.check = check
        super().__init__(f"the audit log is broken at entry {check.broken_at}: {check.reason}")


def open_with(session: Session, key: AuditKey, at: dt.datetime, seal: bool = False) -> bool:
    """Check at start-up that the key is the log's own, and seal the unkeyed entries of an
    upgraded database when IT asks (`seal`). True when a seal was written (commit it).

    Reads the head row only, and on a log whose newest entry is unkeyed, whether any entry
    is keyed: a whole check of the log is `audit verify`'s, not every command's."""
    head = session.get(AuditHead, 1)
    if head is None or head.seq == 0:
        return False
    made_with = _key_id(head.last_hash)
    if made_with is not None:
        if made_with != key.id:
            raise AuditKeyError(_wrong_key(key, made_with))
        return False
    keyed = select(AuditEntry.id).where(col(AuditEntry.hash).startswith("hmac:")).limit(1)
    if session.exec(keyed).first() is not None or not _LEGACY.fullmatch(head.last_hash):
        seal = False  # not an old release's log: one rewritten since it was keyed
    check = verify(session, key)
    if check.broken_at is not None:
        raise AuditLogBroken(check)
    if not seal:
        raise AuditKeyError(check.key_problem or _unsealed(head.seq))
    append(
        session,
        at=at,
        actor="system",
        action=SEAL,
        details={"unkeyed_entries": head.seq, "key_id": key.id},
    )
    return True
