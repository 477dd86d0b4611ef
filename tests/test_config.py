"""Board configuration: presets load; a wrong file names the file, the key and what was wanted."""

from __future__ import annotations

import pytest

from panelclerk import boardfile
from panelclerk.workflow.errors import ConfigError

BOARD = """
preset = "cambridgeshire-2016"

[board]
name = "Test Board"
short_name = "TB"
local_authority = "Test Council"
mailbox = "scr@tb.example"

[[agencies]]
id = "police"
name = "Police"
domains = ["police.tb.example"]
standing_member = true

[[people]]
id = "chair"
name = "Chair Person"
email = "chair@tb.example"
roles = ["chair"]

[[people]]
id = "bm"
name = "Business Manager"
email = "bm@tb.example"
roles = ["business_manager"]

[distribution]
director_childrens_services = "dcs@tb.example"
la_chief_executive = "ceo@tb.example"
dfe = "dfe@tb.example"
national_panel = "panel@tb.example"
ofsted = "ofsted@tb.example"

[mailbox]
authserv_id = "mx.tb.example"
"""


def write(tmp_path, text):
    path = tmp_path / "board.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("framework", [None, *boardfile.PRESETS])
def test_demo_board_loads_under_every_preset(framework):
    config = boardfile.load_board(None, framework)
    assert config.people_with_role("chair")
    assert any(r.kind == "statutory" for r in config.review_types)


def test_a_real_board_file_over_a_preset(tmp_path):
    config = boardfile.load_board(write(tmp_path, BOARD))
    assert config.board.name == "Test Board"
    assert str(config.time_limits.submission_before_meeting) == "10 working days"
    assert config.agency_for_email("DI.Smith@POLICE.tb.example").id == "police"


@pytest.mark.parametrize(
    ("change", "key", "expected"),
    [
        (
            ("[distribution]", '[meetings]\nweekday = "tusday"\n\n[distribution]'),
            "meetings.weekday",
            "'tuesday'",
        ),
        (('roles = ["chair"]', 'roles = ["chiar"]'), "people[0].roles[0]", "'chair'"),
        (
            ('email = "chair@tb.example"', 'email = "chair at tb"'),
            "people[0].email",
            "expected an email address",
        ),
        (
            ('mailbox = "scr@tb.example"', 'mailbox = "scr@tb.example"\ncolour = "red"'),
            "board.colour",
            "unknown key",
        ),
        (('ofsted = "ofsted@tb.example"', ""), "distribution.ofsted", "required and missing"),
        (('roles = ["chair"]', 'roles = ["legal"]'), "people", "role 'chair'"),
        (('roles = ["chair"]', 'roles = ["member"]'), "people[0].agency", "must name an agency"),
        (
            (
                "standing_member = true",
                'standing_member = true\n[[agencies]]\nid = "police"\nname = "P"',
            ),
            "agencies[1]",
            "duplicate id 'police'",
        ),
        (
            (
                "[distribution]",
                '[chat]\nplatforms = ["slack"]\nslack_channel = "C0S"\n\n[distribution]',
            ),
            "people[0].slack_user",
            "Chair Person decides, and new referrals reach deciders privately in Slack",
        ),
    ],
)
def test_wrong_config_names_file_key_and_expectation(tmp_path, change, key, expected):
    text = BOARD.replace(*change)
    assert text != BOARD, "the case's change must apply to the sample board"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        boardfile.load_board(path)
    message = str(info.value)
    assert message.startswith(f"config error in {path}")
    if key:
        assert info.value.key == key, message
    if expected:
        assert expected in message


def test_time_limit_and_form_field_errors(tmp_path):
    bad_limit = BOARD + '\n[time_limits]\nsubmission_before_meeting = "ten days"\n'
    with pytest.raises(ConfigError) as info:
        boardfile.load_board(write(tmp_path, bad_limit))
    assert info.value.key == "time_limits.submission_before_meeting"
    assert "'10 working days'" in str(info.value)

    bad_field = BOARD + '\n[form]\nrequired = ["child.nmae"]\n'
    with pytest.raises(ConfigError) as info:
        boardfile.load_board(write(tmp_path, bad_field))
    assert info.value.key == "form.required[0]"
    assert "child.nmae" in str(info.value)


def test_unknown_preset_and_unreadable_file(tmp_path):
    with pytest.raises(ConfigError, match="expected one of cambridgeshire-2016"):
        boardfile.load_board(write(tmp_path, BOARD.replace("cambridgeshire-2016", "kent")))
    with pytest.raises(ConfigError, match="cannot read the file"):
        boardfile.load_board(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        boardfile.load_board(write(tmp_path, "[board\nname="))
