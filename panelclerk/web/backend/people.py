"""Who signs in (the board file's person behind an Entra or Slack account), and the demo
board's sign-in and its something-to-look-at."""

from __future__ import annotations

from ...application import referrals as referrals_stage
from ...application import status as status_stage
from ...workflow.config import BoardConfig
from .common import App


def is_demo_board(config: BoardConfig) -> bool:
    """The embedded fictional demo board (its people and its name), whatever framework the
    demo runs under: the only board whose people may be picked from a list to sign in."""
    from ... import boardfile

    demo = boardfile.load_board()
    return config.board == demo.board and config.people == demo.people


def person_by_sign_in(config: BoardConfig, platform: str, user_id: str) -> str | None:
    """The board file's person with this Entra object id (`teams`) or Slack user id."""
    person = config.person_by_chat(platform, user_id)
    return person.id if person else None


DEMO_STRANGER = b"""From: Named Nurse <named.nurse@gmail.example>
To: scr.subgroup@fenmarsh-lscb.example
Subject: Referral from my personal address \x1b[31murgent\x1b[0m
Date: Mon, 09 Nov 2026 09:00:00 +0000
Message-ID: <demo-stranger@gmail.example>
Content-Type: text/plain; charset=utf-8

I am sending this from home: please see the referral below.
"""


def seed_demo(app: App) -> None:
    """Something to look at on an empty demo database: two referrals (one missing fields)
    and a message from an unknown sender, quarantined. Fictional, like the demo board."""
    from ...application.inbound.router import Router

    if status_stage.pipeline(app, include_closed=True):
        return
    form = {
        "referrer.name": "Kim Walsh",
        "referrer.role": "Named Nurse",
        "referrer.agency": "Fenmarsh Hospitals NHS Trust",
        "referrer.email": "kim.walsh@hospitals.fenmarsh.example",
        "referrer.date": app.today().isoformat(),
        "referrer.lead_consulted": "yes",
        "child.name": "Zebedee Quillfeather",
        "child.date_of_birth": "2013-05-02",
        "child.home_authority": "Fenmarsh County Council",
        "child.legal_status": "child in need",
        "incident.date": app.today().isoformat(),
        "incident.notified_date": app.today().isoformat(),
        "incident.summary": "Head injury; earlier bruising seen by school and GP.",
        "incident.outcome": "seriously harmed",
        "incident.abuse_or_neglect": "physical abuse suspected",
        "agencies.involved": "police, social care, health",
        "concerns.interagency": "Information not shared between school, GP and social care.",
    }
    referrals_stage.receive_referral(app, form)
    referrals_stage.receive_referral(
        app, {k: v for k, v in form.items() if k not in ("incident.summary", "child.name")}
    )
    Router(app).handle("demo-stranger", DEMO_STRANGER)
