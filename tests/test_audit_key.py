"""The audit log keyed with a secret kept outside the database: a rewrite that re-chains
every later entry is caught, a wrong key is said as such, a missing key refuses in one line,
and a log written by an earlier, unkeyed release still verifies once sealed under the key."""

from __future__ import annotations

import os

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from panelclerk.application import context
from panelclerk.application import referrals as referrals_stage
from panelclerk.cli import app as cli_app
from panelclerk.store import audit
from panelclerk.store.tables import AuditEntry, AuditHead

from .conftest import COMPLETE_FORM

KEY = "k" * 40
OTHER = "o" * 40


@pytest.fixture
def keyed(monkeypatch):
    """This test's own key, whatever the machine's or the suite's environment holds."""
    monkeypatch.delenv(audit.KEY_FILE, raising=False)
    monkeypatch.setenv(audit.KEY_VALUE, KEY)


def rechain_unkeyed(app, start: int, edit=None) -> None:
    """What someone with the database but not the key can do: change entry `start`, then
    recompute the hash of it and of every entry after it, and the head, with the one hash
    they can compute (the earlier releases' plain SHA-256)."""
    with app.uow() as uow:
        found = uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
        rows = list(found)
        prev = rows[start - 2].hash if start > 1 else audit.GENESIS
        for entry in rows[start - 1 :]:
            if entry.seq == start and edit:
                edit(entry)
            entry.prev_hash = prev
            entry.hash = audit.unkeyed_digest(
                prev,
                entry.seq,
                entry.at,
                entry.actor,
                entry.action,
                entry.reference,
                entry.source_state,
                entry.target_state,
                entry.details,
            )
            prev = entry.hash
            uow.session.add(entry)
        head = uow.session.get(AuditHead, 1)
        assert head is not None
        head.last_hash = prev
        uow.session.add(head)
        uow.commit()


def entry_count(app) -> int:
    with app.uow() as uow:
        return len(uow.session.exec(select(AuditEntry)).all())


def cli(url: str, *args: str):
    return CliRunner().invoke(cli_app, ["--database-url", url, "audit", "verify", *args])


def made(config, clock, tmp_path, referrals: int = 3) -> context.App:
    app = context.bootstrap(config, f"sqlite:///{tmp_path / 'a.db'}", clock)
    for _ in range(referrals):
        referrals_stage.receive_referral(app, dict(COMPLETE_FORM))
    return app


@pytest.mark.parametrize("start", [1, 2])
def test_an_audit_log_rewritten_and_rechained_without_the_key_is_caught(
    keyed, config, clock, tmp_path, start
):
    app = made(config, clock, tmp_path)
    url = str(app.engine.url)
    assert cli(url).exit_code == 0

    def forge(entry: AuditEntry) -> None:
        entry.actor = "someone-else"

    rechain_unkeyed(app, start, forge)
    with app.uow() as uow:
        check = audit.verify(uow.session)
    assert not check.ok
    result = cli(url)
    assert result.exit_code != 0 and "verifies" not in result.stdout
    if start > 1:  # an unkeyed entry after keyed ones: this one was rewritten
        assert check.broken_at == start
        assert "not keyed, though entries before it are" in result.stderr
    else:  # the whole log unkeyed: never sealed under the key, so never taken as good
        assert "not sealed" in check.key_problem and "was rewritten" in result.stderr
    # nor can anyone go on writing onto the rewritten log
    with pytest.raises(audit.AuditKeyError):
        referrals_stage.receive_referral(app, dict(COMPLETE_FORM))
    app.engine.dispose()


def test_the_wrong_audit_key_is_said_to_be_the_wrong_key_not_an_edited_entry(
    keyed, config, clock, tmp_path, monkeypatch
):
    app = made(config, clock, tmp_path)
    url = str(app.engine.url)
    right = audit.AuditKey.of(KEY)
    monkeypatch.setenv(audit.KEY_VALUE, OTHER)
    wrong = audit.AuditKey.of(OTHER)
    with app.uow() as uow:
        check = audit.verify(uow.session, wrong)
    assert not check.ok and check.broken_at is None
    assert f"(id {wrong.id}) is not the one this audit log was written with (id {right.id})" in (
        check.key_problem
    )
    result = cli(url)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the audit key configured")
    assert audit.KEY_FILE in result.stderr and "broken at entry" not in result.stderr
    assert "\n" not in result.stderr.strip()
    monkeypatch.setenv(audit.KEY_VALUE, KEY)
    assert cli(url).exit_code == 0
    app.engine.dispose()


def test_without_an_audit_key_every_command_refuses_in_one_line_naming_the_setting(
    config, tmp_path, monkeypatch
):
    monkeypatch.delenv(audit.KEY_FILE, raising=False)
    monkeypatch.delenv(audit.KEY_VALUE, raising=False)
    path = tmp_path / "fresh.db"
    result = cli(f"sqlite:///{path}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no audit key: set {audit.KEY_FILE} to a file")
    assert "\n" not in result.stderr.strip() and "Traceback" not in result.output
    assert not path.exists()  # refused before the database was made
    with pytest.raises(audit.AuditKeyError, match=audit.KEY_FILE):
        context.bootstrap(config, f"sqlite:///{path}")


def test_the_audit_key_is_read_from_the_file_that_IT_names(config, clock, tmp_path, monkeypatch):
    monkeypatch.delenv(audit.KEY_VALUE, raising=False)
    secret = tmp_path / "credentials" / "audit-key"
    secret.parent.mkdir()
    secret.write_text(KEY + "\n")  # as `echo` leaves it: the newline is not the key's
    secret.chmod(0o400)
    monkeypatch.setenv(audit.KEY_FILE, str(secret))
    app = made(config, clock, tmp_path, referrals=1)
    url = str(app.engine.url)
    with app.uow() as uow:
        hashes = [e.hash for e in uow.session.exec(select(AuditEntry))]
    assert hashes and all(h.startswith(f"hmac:{audit.AuditKey.of(KEY).id}:") for h in hashes)
    assert all(len(h) <= 64 for h in hashes)  # the column's width on PostgreSQL
    assert cli(url).exit_code == 0
    # the same secret given in the variable is the same key
    monkeypatch.delenv(audit.KEY_FILE)
    monkeypatch.setenv(audit.KEY_VALUE, KEY)
    assert cli(url).exit_code == 0
    app.engine.dispose()
    for setting, problem in (
        ({audit.KEY_FILE: str(tmp_path / "missing")}, "cannot be read"),
        ({audit.KEY_VALUE: "short"}, "needs at least 32"),
        ({audit.KEY_FILE: str(secret), audit.KEY_VALUE: KEY}, "set only one"),
    ):
        monkeypatch.delenv(audit.KEY_FILE, raising=False)
        monkeypatch.delenv(audit.KEY_VALUE, raising=False)
        for name, value in setting.items():
            monkeypatch.setenv(name, value)
        result = cli(url)
        assert result.exit_code == 2 and problem in result.stderr, result.stderr


def test_under_systemd_the_audit_key_is_the_credential_the_unit_loads(tmp_path):
    """`LoadCredential=PANELCLERK_AUDIT_KEY:/etc/...` in the unit: the key is read from the
    service's own credentials folder, never put in its environment."""
    folder = tmp_path / "credentials"
    folder.mkdir()
    (folder / audit.KEY_VALUE).write_text(KEY + "\n")
    (folder / audit.KEY_VALUE).chmod(0o400)
    key = audit.configured_key({"CREDENTIALS_DIRECTORY": str(folder)})
    assert key is not None and key.id == audit.AuditKey.of(KEY).id
    assert audit.configured_key({"CREDENTIALS_DIRECTORY": str(tmp_path / "none")}) is None


def test_a_log_written_before_the_key_verifies_once_sealed_and_its_rewrite_is_caught(
    keyed, config, clock, tmp_path
):
    app = made(config, clock, tmp_path)
    url = str(app.engine.url)
    n = entry_count(app)
    rechain_unkeyed(app, 1)  # as a release before the key wrote it
    app.engine.dispose()
    with pytest.raises(audit.AuditKeyError, match="--seal-unkeyed"):
        context.bootstrap(config, url, clock)
    refused = cli(url)
    assert refused.exit_code == 2 and "--seal-unkeyed" in refused.stderr
    sealed = cli(url, "--seal-unkeyed")
    assert sealed.exit_code == 0, sealed.output
    assert f"the first {n} (written before it was keyed) sealed under it" in sealed.stdout
    app = context.bootstrap(config, url, clock)
    referrals_stage.receive_referral(app, dict(COMPLETE_FORM))  # keyed from here on
    with app.uow() as uow:
        check = audit.verify(uow.session)
        seal = uow.session.exec(select(AuditEntry).where(AuditEntry.seq == n + 1)).one()
        total = check.entries
    assert check.ok and check.unkeyed == n and total > n + 1
    assert seal.action == audit.SEAL and seal.details["unkeyed_entries"] == n
    assert cli(url, "--seal-unkeyed").exit_code == 0  # a second seal is never written
    with app.uow() as uow:
        assert audit.verify(uow.session).entries == total

    def forge(entry: AuditEntry) -> None:
        entry.details = {"edited": True}

    # the unkeyed part rewritten and re-chained up to the seal: the seal no longer links
    with app.uow() as uow:
        old = list(uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))))
    rechain_unkeyed(app, 2, forge)
    with app.uow() as uow:
        for entry in old[n:]:  # put the keyed entries back as they were
            uow.session.add(entry)
        head = uow.session.get(AuditHead, 1)
        assert head is not None
        head.last_hash = old[-1].hash
        uow.session.add(head)
        uow.commit()
        check = audit.verify(uow.session)
    assert not check.ok and check.broken_at == n + 1
    assert check.reason == "the link to the previous entry is broken"
    app.engine.dispose()


def test_the_demo_key_is_made_once_and_kept_from_other_users(tmp_path):
    first = audit.demo_key(tmp_path / "demo")
    assert oct((tmp_path / "demo" / "audit.key").stat().st_mode & 0o777) == "0o600"
    assert audit.demo_key(tmp_path / "demo") == first
    assert first.id not in repr(first) and first.secret.decode() not in repr(first)
    assert os.path.getsize(tmp_path / "demo" / "audit.key") == 64
