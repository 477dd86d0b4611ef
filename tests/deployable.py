"""The demo board made complete for `panelclerk serve` (`check-config --deployment` accepts
it): chat that reaches the Chair and the Business Manager, a named authserv-id, and a Maildir
board that sends through an SMTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from panelclerk.boardfile import _preset_text

TRUST = "trust_mta_without_authentication = true"
# Teams through a Workflows webhook: nothing is called when `serve` starts.
WEBHOOK_CHAT = 'platforms = ["teams"]\nteams_mode = "webhook"\n'
WEBHOOK_URL = "http://127.0.0.1:9/webhook"  # never reached: nothing is posted in these tests


def deployable_text(smtp_port: int = 2525, chat: str = WEBHOOK_CHAT, tables: str = "") -> str:
    text = _preset_text("demo")
    assert TRUST in text
    mailbox = (
        'authserv_id = "mx.fenmarsh-lscb.example"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nsmtp_security = "plain"\n'
    )
    return text.replace(TRUST, mailbox) + f"\n[chat]\n{chat}\n{tables}"


def deployable_board(folder: Path, **kwargs: object) -> Path:
    path = folder / "board.toml"
    path.write_text(deployable_text(**kwargs))  # type: ignore[arg-type]
    return path
