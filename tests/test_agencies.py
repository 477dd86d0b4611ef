"""Agencies named as people write them: one matcher for forms, replies and chat; and an
involved agency with nobody configured to ask told to the Business Manager at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from panelclerk.application import context, precis, referrals, screening
from panelclerk.store.tables import AuditEntry, ChatMessage, OutboundMessage
from panelclerk.workflow.agencies import agencies_listed, agencies_mentioned, match_name
from panelclerk.workflow.config import Agency

from .conftest import COMPLETE_FORM

D = dt.date


@pytest.mark.parametrize(
    ("written", "agency"),
    [
        ("children's social care", "csc"),
        ("Childrens Services", "csc"),
        ("CSC", "csc"),
        ("Children\u2019s Social Care team", "csc"),
        ("the hospital trust", "acute_trust"),
        ("Fenmarsh Hospitals", "acute_trust"),
        ("Fenmarsh Constabularly", "police"),  # a near spelling
        ("Fenmarsh Police", "police"),  # an alias with the agency's own place name
        ("the police", "police"),
        ("Probation service", "probation"),
    ],
)
def test_an_agency_written_as_people_write_it_is_the_boards(config, written, agency):
    assert match_name(written, config) == agency


@pytest.mark.parametrize(
    "written",
    ["Police Scotland", "West Mercia Police", "Metropolitan Police Service", "St Mary's Hospital"],
)
def test_another_body_holding_an_alias_word_is_not_the_boards_agency(config, written):
    """Fenmarsh Constabulary's alias is "police": a force named otherwise is another force."""
    assert match_name(written, config) is None
    assert agencies_mentioned(f"Officers from {written} attended.", config) == []


def test_a_board_whose_force_is_west_mercia_police_matches_it(config):
    west_mercia = Agency(id="police", name="West Mercia Police", aliases=("police", "WMP"))
    board = config.model_copy(
        update={"agencies": tuple(a if a.id != "police" else west_mercia for a in config.agencies)}
    )
    assert match_name("West Mercia Police", board) == "police"
    assert match_name("Mercia police", board) == "police"
    assert match_name("Police Scotland", board) is None


def test_a_forms_list_of_agencies_with_contacts_and_and(config):
    listed = "Police, children's social care and the hospital trust (Dr Lee, 01632 960000)"
    assert agencies_listed(listed, config) == ["police", "csc", "acute_trust"]
    assert agencies_listed(["Police Scotland", "A&E", "Health - Dr Jones"], config) == [
        "acute_trust",
        "health",
    ]
    prose = "Referral from the police; the family was known to children's social care."
    assert agencies_mentioned(prose, config) == ["police", "csc"]


def test_a_referral_naming_childrens_social_care_asks_the_local_authority(app):
    """The form says "children's social care"; the alias is "social care": the local
    authority is on the referral, and asked for its précis with the others."""
    form = {**COMPLETE_FORM, "agencies.involved": "Childrens Social Care Team; Police Scotland"}
    reference = referrals.receive_referral(app, form).reference
    screening.place_on_agenda(app, reference, "chair")
    with app.uow() as uow:
        row = uow.referrals.row(reference)
        assert row.agencies_involved == ["csc"]  # not the board's police
        asked = [m for m in uow.session.exec(select(OutboundMessage)) if m.kind == "precis_request"]
    assert any("fenmarsh.example" in r for m in asked for r in m.recipients)


def _board_with_housing(config):
    housing = Agency(id="housing", name="Fenmarsh Homes", aliases=("housing",))
    console = config.console.model_copy(update={"public_url": "https://panel.fenmarsh.example"})
    return config.model_copy(update={"agencies": (*config.agencies, housing), "console": console})


def test_an_involved_agency_with_nobody_to_ask_is_told_to_the_business_manager_once(
    config, clock, tmp_path
):
    app = context.bootstrap(_board_with_housing(config), f"sqlite:///{tmp_path / 'h.db'}", clock)
    try:
        form = {**COMPLETE_FORM, "agencies.involved": "police, housing"}
        reference = referrals.receive_referral(app, form).reference
        screening.place_on_agenda(app, reference, "chair")  # December: précis asked now
        clock.to(D(2026, 11, 30))  # the reminder date: housing would be "asked" again
        precis.send_precis_reminders(app)
        precis.send_precis_reminders(app)
        with app.uow() as uow:
            told = [
                m
                for m in uow.session.exec(select(ChatMessage))
                if m.kind == "notice" and "Fenmarsh Homes" in (m.text or "")
            ]
            audited = [
                e.details
                for e in uow.session.exec(select(AuditEntry))
                if e.action == "precis_no_contact"
            ]
        assert audited == [{"agency": "housing"}]
        assert len(told) == len(config.people_with_role("business_manager")) >= 1
        text = told[0].text or ""
        assert f"{reference}: Fenmarsh Homes is involved" in text
        assert f"https://panel.fenmarsh.example/referrals/{reference}" in text
        assert "panelclerk " not in text  # a page to open, never a command to type
    finally:
        app.engine.dispose()
