"""Every mailbox backend says how senders are checked: the receiving server's authserv-id, or
an explicit, warned-about trust in a mail server that checks them itself."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from panelclerk import boardfile
from panelclerk.cli import app as cli_app
from panelclerk.workflow.errors import ConfigError

from .test_config import BOARD

NAMED = '[mailbox]\nauthserv_id = "mx.tb.example"\n'
assert NAMED in BOARD

BACKENDS = {
    "maildir": "",
    "imap": 'backend = "imap"\nimap_host = "mail.tb.example"\nimap_user = "scr"\n',
    "graph": 'backend = "graph"\ngraph_tenant = "t"\ngraph_client_id = "c"\n'
    'graph_user = "scr@tb.example"\n',
    "ews": 'backend = "ews"\news_url = "https://mail.tb.example/EWS/Exchange.asmx"\n'
    'ews_mailbox = "scr@tb.example"\n',
}


def board(tmp_path, mailbox: str | None):
    path = tmp_path / "board.toml"
    path.write_text(BOARD.replace(NAMED, "" if mailbox is None else f"[mailbox]\n{mailbox}"))
    return path


@pytest.mark.parametrize("backend", [*BACKENDS, "no mailbox table"])
def test_a_board_that_names_no_authserv_id_is_refused_naming_the_key_and_both_ways_out(
    tmp_path, backend
):
    path = board(tmp_path, None if backend == "no mailbox table" else BACKENDS[backend])
    with pytest.raises(ConfigError) as info:
        boardfile.load_board(path)
    assert info.value.key == "mailbox.authserv_id"
    message = str(info.value)
    assert 'mailbox.authserv_id = "mx.example.gov.uk"' in message
    assert "mailbox.trust_mta_without_authentication = true" in message
    result = CliRunner().invoke(cli_app, ["check-config", str(path)])
    assert result.exit_code == 2 and "mailbox.authserv_id" in result.stderr


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_every_backend_loads_with_its_servers_authserv_id(tmp_path, backend):
    path = board(tmp_path, BACKENDS[backend] + 'authserv_id = "mx.tb.example"\n')
    config = boardfile.load_board(path)
    assert config.mailbox.authserv_id == "mx.tb.example"
    assert not config.mailbox.trust_mta_without_authentication


def test_trusting_the_mail_server_without_authentication_is_explicit_and_check_config_warns(
    tmp_path,
):
    trusted = board(tmp_path, "trust_mta_without_authentication = true\n")
    result = CliRunner().invoke(cli_app, ["check-config", str(trusted)])
    assert result.exit_code == 0, result.output
    assert "warning: mailbox.trust_mta_without_authentication = true: no " in result.stdout
    assert "name the server with mailbox.authserv_id instead" in result.stdout
    named = tmp_path / "named.toml"
    named.write_text(BOARD)
    result = CliRunner().invoke(cli_app, ["check-config", str(named)])
    assert result.exit_code == 0 and "trust_mta_without_authentication" not in result.stdout


@pytest.mark.parametrize(
    ("mailbox", "key", "expected"),
    [
        (
            'authserv_id = "mx.tb.example"\ntrust_mta_without_authentication = true\n',
            "mailbox.trust_mta_without_authentication",
            "remove one of the two",
        ),
        (
            'authserv_id = "mx.tb.example; dmarc=pass"\n',
            "mailbox.authserv_id",
            "before the first ';'",
        ),
    ],
)
def test_contradictory_or_malformed_sender_checks_are_refused(tmp_path, mailbox, key, expected):
    with pytest.raises(ConfigError) as info:
        boardfile.load_board(board(tmp_path, mailbox))
    assert info.value.key == key and expected in str(info.value)
