"""The console's screenshots in docs/console/, made again from the code.

    .venv/bin/python scripts/console_screenshots.py [--out docs/console]

It builds the fictional demo board's console on a throwaway SQLite store, with the autumn of
its business played through the application layer at set moments (the tests' helpers seed
it where they can): a referral decided after the December meeting with the Business
Manager's steps recorded, one on the January agenda with its précis coming in, one waiting
for the Chair's screening, one missing fields, a declined one whose email failed, action
plans, three meetings held, and a message from an unknown sender in quarantine. The
product's clock is then fixed at Wednesday 16 December 2026, 10:00 in London, so the
pictures do not change with the day.

The console is served by uvicorn on 127.0.0.1 with the demo sign-in; Debian's Chromium
(driven by Playwright, never `playwright install`) signs in through it as the Business
Manager, and as the Chair for the Chair's view of a referral, and saves each page whole, 1280
pixels wide. Every request to another host is refused: nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' helpers (tests/) seed the store

from panelclerk import boardfile  # noqa: E402
from panelclerk import clock as product_clock  # noqa: E402
from panelclerk.application import (  # noqa: E402
    actionplans,
    agenda,
    context,
    decision_notice,
    meetings,
    minutes,
    precis,
    recommendations,
    referrals,
    reviewing,
    screening,
)
from panelclerk.application.notifications import record_panel_notification  # noqa: E402
from panelclerk.store import audit  # noqa: E402
from panelclerk.web.app import create_console  # noqa: E402
from tests.conftest import COMPLETE_FORM, Clock  # noqa: E402

# the helpers' module imports Starlette's test client, which warns about httpx: not used here
warnings.filterwarnings("ignore", message=".*httpx.*")
from tests.mail import BOARD  # noqa: E402
from tests.web_support import Served, demo_settings, failures  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 1280
LONDON = context.LONDON
# The moment every picture is taken at: the week after the December meeting.
NOW = dt.datetime(2026, 12, 16, 10, 0, tzinfo=LONDON)
START = dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)
DECEMBER = dt.date(2026, 12, 8)
JANUARY = dt.date(2027, 1, 12)
# A key for this throwaway store only (the audit log needs one); never a board's.
AUDIT_KEY = "panelclerk-console-screenshots-audit-key-not-secret-01"
COMMAND = ".venv/bin/python scripts/console_screenshots.py"


def _form(child: str, born: str, received: dt.date, incident: dt.date, **changes: str) -> dict:
    """The tests' complete form about another (fictional) child, dated around `received`."""
    form = {
        **COMPLETE_FORM,
        "child.name": child,
        "child.date_of_birth": born,
        "referrer.date": received.isoformat(),
        "incident.date": incident.isoformat(),
        "incident.notified_date": (incident + dt.timedelta(days=1)).isoformat(),
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v != ""}


def _precis_asked(app: context.App, reference: str) -> list[str]:
    from sqlmodel import select

    from panelclerk.store.tables import Precis

    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        asked = uow.session.exec(select(Precis).where(Precis.referral_id == row.id)).all()
        return sorted(p.agency_key for p in asked)


PRECIS = {
    "acute_trust": (
        "kim.walsh@hospitals.fenmarsh.example",
        "Admitted through the emergency department with a head injury; the skeletal survey "
        "found older fractures. The named nurse referred on the day of admission.",
    ),
    "csc": (
        "jo.reid@fenmarsh.example",
        "Known to Children's Social Care since 2024 as a child in need; last visit in "
        "September. Two contacts from school about bruising were not linked.",
    ),
    "police": (
        "ruth.okafor@police.fenmarsh.example",
        "Two domestic incidents at the address this year; no referral was made after the "
        "second. A strategy discussion was held on the day of the admission.",
    ),
    "health": (
        "priya.shah@icb.fenmarsh.example",
        "Seen by the GP twice in the summer; the second visit noted bruising to the arm. "
        "The health visitor's records end at the move of GP practice.",
    ),
}


def quarantined(app: context.App, clock: Clock, reference: str) -> int:
    """A message from an address no agency has, kept back by the real router (as the
    tests' `kept_message`, in words a named nurse would write from home)."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    from sqlmodel import select

    from panelclerk.application.inbound.router import Router
    from panelclerk.store.tables import InboundMessage

    msg = EmailMessage()
    msg["From"] = "Kim Walsh <kim.walsh.home@mail.example>"
    msg["To"] = BOARD
    msg["Subject"] = f"Re: {reference} the school nurse's notes"
    msg["Date"] = format_datetime(clock())
    msg["Message-ID"] = "<home-1@mail.example>"
    msg.set_content(
        "Sorry to write from my own address: my work account is locked.\n\n"
        "The school nurse has found her notes of the two earlier burns; she will send them "
        "from her work address tomorrow.\n\nKim Walsh\nNamed Nurse, Fenmarsh Hospitals\n"
    )
    result = Router(app).handle("home-1", msg.as_bytes())
    assert result.outcome == "quarantined", result
    with app.uow() as uow:
        row = uow.session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == "home-1")
        ).one()
        assert row.id is not None
        return row.id


def seed(app: context.App, clock: Clock) -> dict[str, Any]:
    """The demo board's autumn, each step at the moment it happened (the clock moved)."""
    at = clock.to
    plan = "Neglect audit 2026"
    at(dt.date(2026, 10, 5), 10)
    for text, agency, due in (
        ("Audit attendance at strategy meetings.", "police", dt.date(2027, 3, 31)),
        ("Review thresholds for referral to early help.", "early_help", dt.date(2027, 1, 29)),
        ("Train school staff on recording bruising.", "education", dt.date(2026, 12, 18)),
        ("Publish the neglect toolkit for health visitors.", "health", dt.date(2026, 11, 30)),
    ):
        actionplans.add(app, plan, text, agency, due, "bm")
    # October and November: meetings on action plans and other business, packs sent on
    # time, held and minuted.
    for packed, held, minuted in (
        (dt.date(2026, 10, 5), dt.date(2026, 10, 13), dt.date(2026, 10, 27)),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 10), dt.date(2026, 11, 24)),
    ):
        at(packed, 11)
        agenda.prepare_agenda(app, held)
        agenda.confirm_agenda(app, held, "bm")
        at(held, 13)
        meetings.record_meeting(app, held, "bm", ["csc", "police", "health", "education"])
        at(minuted, 10)
        minutes.record_minutes_sent(app, held, "bm", minuted)
    # 19 November: a referral from the hospital's named nurse, complete; the Chair puts it
    # on the December agenda; the Business Manager records the Panel notified; the précis
    # come in.
    at(dt.date(2026, 11, 19), 9)
    decided = referrals.receive_referral(
        app,
        _form("Zebedee Quillfeather", "2013-05-02", dt.date(2026, 11, 19), dt.date(2026, 11, 17)),
    ).reference
    at(dt.date(2026, 11, 20), 11)
    screening.place_on_agenda(app, decided, "chair", DECEMBER)
    at(dt.date(2026, 11, 20), 15)
    record_panel_notification(app, decided, "bm", dt.date(2026, 11, 19))
    for day, agency in enumerate(_precis_asked(app, decided), start=23):
        at(dt.date(2026, 11, day), 14)
        sender, text = PRECIS[agency]
        precis.record_precis(app, decided, agency, text, author_email=sender)
    # 26 November: a second referral, too late for December: on the January agenda.
    at(dt.date(2026, 11, 26), 10)
    waiting = referrals.receive_referral(
        app,
        _form(
            "Ottoline Brackwater",
            "2019-08-14",
            dt.date(2026, 11, 26),
            dt.date(2026, 11, 24),
            **{"incident.summary": "Admitted with malnutrition; missed health appointments."},
            **{"incident.abuse_or_neglect": "neglect suspected"},
        ),
    ).reference
    at(dt.date(2026, 11, 27), 9)
    screening.place_on_agenda(app, waiting, "chair", JANUARY)
    at(dt.date(2026, 11, 27), 15)
    actionplans.rate(app, f"{plan}/4", "complete", "bm", "Published on 20 November.")
    # 30 November: the December pack; 1 December: the quarter's ratings.
    at(dt.date(2026, 11, 30), 11)
    agenda.prepare_agenda(app, DECEMBER)
    agenda.confirm_agenda(app, DECEMBER, "bm")
    at(dt.date(2026, 12, 1), 10)
    actionplans.rate(app, f"{plan}/1", "green", "bm", "Audit under way; first results in March.")
    actionplans.rate(app, f"{plan}/2", "amber", "bm", "Draft thresholds with the partners.")
    actionplans.rate(app, f"{plan}/3", "red", "bm", "Trainer not yet found.")
    # 2-3 December: a referral declined, and the email telling the referrer bounced.
    at(dt.date(2026, 12, 2), 10)
    declined = referrals.receive_referral(
        app,
        _form("Lysander Cobbleworth", "2012-07-09", dt.date(2026, 12, 2), dt.date(2026, 11, 26)),
    ).reference
    at(dt.date(2026, 12, 3), 11)
    failures(app, declined, error="550 5.1.1 <kim.walsh@hospitals.fenmarsh.example>: no such user")
    at(dt.date(2026, 12, 7), 15)
    if "police" in _precis_asked(app, waiting):
        sender, text = PRECIS["police"]
        precis.record_precis(app, waiting, "police", text, author_email=sender)
    # 8 December: the meeting is held; 9-10 December: the members recommend.
    at(DECEMBER, 12)
    meetings.record_meeting(app, DECEMBER, "bm", ["csc", "police", "health", "acute_trust"])
    at(dt.date(2026, 12, 9), 10)
    recommendations.record_recommendation(app, decided, "csc_head", "scr")
    recommendations.record_recommendation(app, decided, "police_head", "scr")
    at(dt.date(2026, 12, 10), 16)
    recommendations.record_recommendation(app, decided, "hospital_named_nurse", "no_review")
    # 14 December: the Chair decides; the Business Manager records the lead reviewer. A new
    # referral waits for the Chair's screening.
    at(dt.date(2026, 12, 14), 9)
    screen = referrals.receive_referral(
        app,
        _form(
            "Peregrine Thistlewood",
            "2016-02-21",
            dt.date(2026, 12, 14),
            dt.date(2026, 12, 9),
            **{"incident.summary": "Scald injury at home; earlier burns seen by the school nurse."},
        ),
    ).reference
    at(dt.date(2026, 12, 14), 11)
    decision_notice.decide(
        app,
        decided,
        "chair",
        review_type="scr",
        rationale="The criteria for a Serious Case Review are met: a child seriously harmed, "
        "abuse suspected, and concern about how the agencies worked together.",
        methodology=None,
        lead_reviewer=None,
    )
    at(dt.date(2026, 12, 14), 15)
    reviewing.record_lead_reviewer(app, decided, "bm", "Dr Hannah Greave, independent reviewer")
    # 15 December: the review's first action; a referral missing fields; mail from an
    # address no agency has, quarantined.
    at(dt.date(2026, 12, 15), 9)
    actionplans.add(
        app,
        decided,
        "Share the learning summary with every agency's designated lead.",
        "csc",
        dt.date(2027, 3, 31),
        "bm",
    )
    at(dt.date(2026, 12, 15), 10)
    referrals.receive_referral(
        app,
        _form(
            "Marigold Ambervale",
            "2021-11-30",
            dt.date(2026, 12, 15),
            dt.date(2026, 12, 11),
            **{"incident.summary": "", "concerns.interagency": ""},
        ),
    )
    at(dt.date(2026, 12, 15), 16)
    message = quarantined(app, clock, screen)
    return {"decided": decided, "waiting": waiting, "screen": screen, "message": message}


@contextmanager
def signed_in(browser: Any, url: str, name: str) -> Iterator[Any]:
    """A browser context signed in through the demo sign-in page as the person `name`."""
    tab = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
    allowed = re.compile(rf"^{re.escape(url)}/")
    tab.route(
        re.compile(r".*"),
        lambda route: route.continue_() if allowed.match(route.request.url) else route.abort(),
    )
    page = tab.new_page()
    try:
        page.goto(f"{url}/demo-sign-in")
        page.get_by_label(name).check()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r".*/pipeline$"))
        yield page
    finally:
        tab.close()


def shoot(page: Any, url: str, path: str, out: Path, name: str) -> Path:
    response = page.goto(url + path)
    if response is None or response.status != 200:
        raise RuntimeError(f"{path}: {response.status if response else 'no response'}")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    target = out / f"{name}.png"
    page.screenshot(path=str(target), full_page=True, animations="disabled", caret="hide")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "console")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run `make system-deps`", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    clock = Clock(START.astimezone(dt.UTC))  # the store begins here; seed() moves on
    product_clock.pin(clock)  # the product's own reads of the time follow the seeding
    os.environ[product_clock.NOW] = NOW.isoformat()
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="panelclerk-shots-") as folder:
        key = audit.AuditKey.of(AUDIT_KEY, "the screenshots' throwaway key")
        app = context.bootstrap(
            boardfile.load_board(), f"sqlite:///{folder}/console.db", clock, audit_key=key
        )
        try:
            seen = seed(app, clock)
            clock.now = NOW.astimezone(dt.UTC)  # and there it stays
            served = Served(create_console(app, demo_settings()))
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
                    )
                    with signed_in(browser, served.url, "Sam Patel") as page:
                        for path, name in (
                            ("/pipeline", "pipeline"),
                            (f"/referrals/{seen['decided']}", "referral-bm"),
                            ("/meetings", "meetings"),
                            (f"/meetings/{DECEMBER.isoformat()}", "meeting"),
                            ("/mail", "mail"),
                            (f"/mail/{seen['message']}", "message"),
                            ("/actions", "actions"),
                            ("/report", "report"),
                            ("/data-protection", "data-protection"),
                            ("/failed", "failed"),
                        ):
                            made.append(shoot(page, served.url, path, out, name))
                    with signed_in(browser, served.url, "Dr Alex Morgan") as page:
                        path = f"/referrals/{seen['screen']}"
                        made.append(shoot(page, served.url, path, out, "referral-chair"))
                    browser.close()
            finally:
                served.stop()
        finally:
            app.engine.dispose()
            product_clock.pin(None)
    for target in made:
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
