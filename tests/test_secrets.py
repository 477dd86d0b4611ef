"""Where the service's secrets come from, as IT gives them: the variable, a mounted file, or
the systemd unit's credential (never the environment, where /proc shows it)."""

from __future__ import annotations

from panelclerk.mail.backends import _secret


def test_a_mailbox_password_is_read_from_the_units_credential(tmp_path, monkeypatch):
    folder = tmp_path / "credentials"
    folder.mkdir()
    (folder / "PANELCLERK_SMTP_PASSWORD").write_text("s3cret-from-systemd\n")
    monkeypatch.delenv("PANELCLERK_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("PANELCLERK_SMTP_PASSWORD_FILE", raising=False)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(folder))
    assert _secret("PANELCLERK_SMTP_PASSWORD") == "s3cret-from-systemd"
    mounted = tmp_path / "mounted"
    mounted.write_text("from-a-mounted-file")
    monkeypatch.setenv("PANELCLERK_SMTP_PASSWORD_FILE", str(mounted))
    assert _secret("PANELCLERK_SMTP_PASSWORD") == "from-a-mounted-file"  # named beats found
    monkeypatch.setenv("PANELCLERK_SMTP_PASSWORD", "from-the-variable")
    assert _secret("PANELCLERK_SMTP_PASSWORD") == "from-the-variable"
    monkeypatch.delenv("CREDENTIALS_DIRECTORY")
    monkeypatch.delenv("PANELCLERK_SMTP_PASSWORD")
    monkeypatch.delenv("PANELCLERK_SMTP_PASSWORD_FILE")
    assert _secret("PANELCLERK_SMTP_PASSWORD") == ""
