"""Action plans (Cambridgeshire 7.4): actions owned by agencies, RAG-rated and reviewed each
quarter, with what is at risk raised with the Chair (7.6)."""

from __future__ import annotations

import datetime as dt
import json
from email import policy
from email.parser import BytesParser

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import (
    actionplans,
    context,
    referrals,
    reports,
    screening,
    subject_access,
)
from panelclerk.application.inbound.kept import quarantined, read_kept
from panelclerk.application.inbound.router import Router
from panelclerk.bot.conversations import Conversations
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store.tables import AuditEntry, ChatMessage, InboundMessage, Precis
from panelclerk.workflow.actions import Action, Rag, Tracker, parse_key, parse_ratings
from panelclerk.workflow.deadlines import Deadlines
from panelclerk.workflow.errors import UnknownReferral, WorkflowError

from .mail import message
from .test_notices import decided

D = dt.date


def sent_rows(app):
    from panelclerk.store.tables import OutboundMessage

    with app.uow() as uow:
        return list(uow.session.exec(select(OutboundMessage)))


def sent(app, box):
    """What the outbox has delivered so far, as the recipients read it."""
    deliver_due(app.uow, app.config, box.transport(), app.clock())
    return [
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())
        for p in sorted(box.outbox.glob("*.eml"))
    ]


def test_ratings_are_read_as_people_write_them_and_actions_named_as_they_say_them():
    assert [Rag.read(w) for w in ("R", "Amber ", "green", "Blue", "done")] == [
        Rag.RED,
        Rag.AMBER,
        Rag.GREEN,
        Rag.COMPLETE,
        Rag.COMPLETE,
    ]
    with pytest.raises(WorkflowError, match="'purple' is not a rating: give red, amber"):
        Rag.read("purple")
    assert parse_key(" SCR-2026-001/3 ") == ("SCR-2026-001", 3)
    assert parse_key("Neglect audit 2026/12") == ("Neglect audit 2026", 12)
    with pytest.raises(
        WorkflowError, match="does not name an action: write the plan and the action's number"
    ):
        parse_key("SCR-2026-001")
    reply = (
        "Thanks for the reminder.\n"
        "SCR-2026-001/1: amber, two of three teams trained.\n"
        "  * Neglect audit 2026/3 - Complete (signed off in March)\n"
        "2) SCR-2026-001/2 = G\n"
        "SCR-2026-001/4: Audit how strategy meetings share\n"  # our own words, quoted back
        'for example "SCR-2026-001/1: green, training delivered"\n'
    )
    assert [(r.key, r.rag, r.note) for r in parse_ratings(reply)] == [
        ("SCR-2026-001/1", Rag.AMBER, "two of three teams trained."),
        ("Neglect audit 2026/3", Rag.COMPLETE, "signed off in March"),
        ("SCR-2026-001/2", Rag.GREEN, ""),
    ]


def test_each_quarter_a_rating_falls_due_and_an_action_at_risk_says_why(config):
    tracker = Tracker(Deadlines(config).calendar, config.time_limits)
    action = Action(
        "SCR-2026-001",
        1,
        "Train staff.",
        "police",
        D(2027, 6, 30),
        Rag.GREEN,
        rated_on=D(2027, 1, 15),
    )
    assert tracker.rating_due(action) == D(2027, 4, 15)  # three months
    assert tracker.ask_on(action) == D(2027, 4, 1)  # ten working days before
    within = dt.timedelta(days=30)
    assert tracker.risks(action, D(2027, 3, 1), within) == []
    assert tracker.risks(action, D(2027, 4, 16), within) == ["rating not renewed this quarter"]
    red = Action("P", 2, "Audit.", "csc", D(2027, 5, 1), Rag.RED, rated_on=D(2027, 4, 10))
    assert tracker.risks(red, D(2027, 4, 12), within) == ["rated red", "due soon"]
    late = Action("P", 3, "Audit.", "csc", D(2027, 4, 1), Rag.AMBER, rated_on=D(2027, 3, 10))
    assert tracker.risks(late, D(2027, 4, 12), within) == ["past its date"]
    done = Action("P", 4, "Audit.", "csc", D(2027, 4, 1), Rag.COMPLETE, D(2027, 3, 10))
    assert tracker.risks(done, D(2027, 9, 1), within) == []
    assert tracker.rating_due(done) is None


def test_the_business_manager_adds_actions_to_a_reviews_plan_or_a_named_one(app, clock):
    ref = decided(app, clock)
    first = actionplans.add(
        app,
        ref,
        "Refresh  training on\nbruising in non-mobile babies.",
        "health",
        D(2027, 6, 30),
        "bm",
    )
    second = actionplans.add(
        app, ref.lower(), "Audit strategy meeting attendance.", "police", D(2027, 9, 30), "bm"
    )
    other = actionplans.add(
        app, "Neglect audit 2026", "Adopt the graded care profile.", "csc", D(2027, 3, 31), "bm"
    )
    assert (first.key, second.key, other.key) == (f"{ref}/1", f"{ref}/2", "Neglect audit 2026/1")
    assert first.text == "Refresh training on bruising in non-mobile babies."
    assert (first.rag, first.rated_on) == (Rag.UNRATED, D(2026, 12, 15))  # nobody rated it
    refusals = [
        (dict(actor_id="chair"), "only the Business Manager may add to an action plan"),
        (
            dict(agency="polis"),
            r"The board file has no agency 'polis': the board's agencies are csc, police",
        ),
        (
            dict(due=D(2026, 12, 1)),
            r"The date the action is to be done by, 1 December 2026, has passed: give today",
        ),
        (dict(text="  "), "The action is empty: write it."),
        (
            dict(text="x" * 2001),
            "The action is 2001 characters long: keep it under 2000 characters.",
        ),
        (dict(plan="SCR-2026-099"), "no referral with reference code 'SCR-2026-099'"),
        (
            dict(plan="<script>"),
            "cannot be a plan's name: a plan is a review's reference code or a short name",
        ),
        # the case's own names, an address or a phone number: refused, shown masked
        (dict(text="Police to check on Zebedee's mother."), r"holds a name or other personal"),
        (dict(text="Visit 14 Mill Lane weekly."), r"\[redacted\]"),
        (dict(text="Call 01632 960123 first."), "write it without them"),
    ]
    base = dict(plan=ref, text="An action.", agency="police", due=D(2027, 6, 30), actor_id="bm")
    for change, why in refusals:
        args = {**base, **change}
        with pytest.raises(WorkflowError, match=why) as info:
            actionplans.add(app, **args)
        assert "Zebedee" not in str(info.value) and "Mill Lane" not in str(info.value)
    with pytest.raises(UnknownReferral):
        actionplans.add(app, "SCR-2026-099", "An action.", "police", D(2027, 6, 30), "bm")
    with app.uow() as uow:
        details = [
            e.details for e in uow.session.exec(select(AuditEntry)) if e.action == "add_action"
        ]
    assert details[0] == {"action": f"{ref}/1", "agency": "health", "due": "2027-06-30"}
    assert all("text" not in d for d in details)  # the audit log is kept whole: no free text


def test_a_decision_of_no_review_has_no_action_plan(app, clock):
    ref = decided(app, clock, review_type="no_review")
    with pytest.raises(
        WorkflowError, match=r"No review was decided for SCR-2026-\d+, so it has no action plan"
    ):
        actionplans.add(app, ref, "An action.", "police", D(2027, 6, 30), "bm")


def test_ratings_are_recorded_and_complete_closes_the_action(app, clock):
    ref = decided(app, clock)
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 6, 30), "bm")
    clock.to(D(2027, 3, 20))
    rated = actionplans.rate(
        app, f"{ref}/1", "A", "bm", note="Two of three teams trained.", on=D(2027, 3, 18)
    )
    assert (rated.rag, rated.rated_on) == (Rag.AMBER, D(2027, 3, 18))
    [listed] = actionplans.listing(app)
    assert listed.note == "Two of three teams trained." and listed.rating_due == D(2027, 6, 18)
    with pytest.raises(WorkflowError, match="only the Business Manager may record an action"):
        actionplans.rate(app, f"{ref}/1", "green", "chair")
    with pytest.raises(WorkflowError, match="There is no action SCR-2026-001/9"):
        actionplans.rate(app, f"{ref}/9", "green", "bm")
    with pytest.raises(WorkflowError, match="cannot have been rated on 21 March 2027"):
        actionplans.rate(app, f"{ref}/1", "green", "bm", on=D(2027, 3, 21))
    with pytest.raises(WorkflowError, match="holds a name"):
        actionplans.rate(app, f"{ref}/1", "green", "bm", note="Spoke to Zebedee Quillfeather.")
    done = actionplans.rate(app, f"{ref}/1", "complete", "bm")
    assert (done.rag, done.completed_on) == (Rag.COMPLETE, D(2027, 3, 20))
    assert actionplans.listing(app) == []
    assert [a.action.key for a in actionplans.listing(app, everything=True)] == [f"{ref}/1"]


def test_each_agency_is_asked_once_a_quarter_and_its_reply_reaches_the_business_manager(
    app, clock, tmp_path
):
    """Ten working days before its actions' ratings fall due, each agency gets one email
    listing them; its reply names the actions by code ("SCR-2026-001/1: green"), which must
    not be taken for mail about the case: it is held for the Business Manager, who records."""
    box = MaildirMailbox(tmp_path / "mailbox", tmp_path / "outbox")
    ref = decided(app, clock)  # 15 December 2026
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 6, 30), "bm")
    actionplans.add(app, ref, "Refresh training.", "police", D(2027, 9, 30), "bm")
    actionplans.add(app, ref, "Review thresholds.", "csc", D(2027, 9, 30), "bm")
    actionplans.rate(app, f"{ref}/3", "red", "bm")
    clock.to(D(2027, 2, 26))
    assert actionplans.update_requests(app) == []  # not yet
    clock.to(D(2027, 3, 1))  # ratings due 15 March
    assert actionplans.update_requests(app) == ["csc", "police"]
    assert actionplans.update_requests(app) == []  # once
    police = next(m for m in sent(app, box) if "Fenmarsh Constabulary" in str(m["Subject"]))
    assert str(police["Subject"]) == (
        "Fenmarsh LSCB: action plan ratings due by 15 March 2027 for Fenmarsh Constabulary"
    )
    assert "ruth.okafor@police.fenmarsh.example" in str(police["To"])
    body = police.get_body(("plain",)).get_content()
    assert f"{ref}/1: Audit attendance." in body and f"{ref}/2: Refresh training." in body
    assert "Review thresholds." not in body  # another agency's
    with app.uow() as uow:
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]
    assert any(f"{ref}/1, {ref}/2 by 15 Mar 2027" in t for t in told)

    reply = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject=f"RE: {police['Subject']}",
        in_reply_to=police["Message-ID"],
        body=f"Our ratings:\n\n1. {ref}/1: green, audit under way\n"
        f"2. {ref}/2 - Amber (trainer off sick; Zebedee's school asked too)\n"
        f"3. {ref}/3: complete\n\nRuth",
    )
    box.deliver(reply.as_bytes())
    [result] = Router(app).run_once(box)
    assert (result.kind, result.outcome, result.reference) == ("action_update", "held", None)
    read = f"read as {ref}/1 green, {ref}/2 amber, {ref}/3 complete"
    assert result.detail == f"action plan update for Fenmarsh Constabulary; {read}"
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "decided"  # the case untouched
        police = uow.session.exec(select(Precis).where(Precis.agency_key == "police")).one()
        assert police.received_at is None  # not taken for the police précis
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]
    [held] = [t for t in told if "An action plan update for Fenmarsh Constabulary" in t]
    number = int(held.split("number ")[1].split(":")[0])
    assert held.startswith(
        f"An action plan update for Fenmarsh Constabulary is held for you, number {number}:"
    )
    assert f"applying it records the ratings read ({read[8:]})" in held
    assert f"the action plan update, number {number}" in held  # its page, not a command
    assert "panelclerk " not in held
    assert "trainer" not in held and "Zebedee" not in held  # codes and ratings, not words
    # the Business Manager reads it without leaving the command line; reading is audited
    kept = read_kept(app, number, "bm")
    assert kept.outcome == "held" and kept.reason == result.detail
    assert f"{ref}/2 - Amber (trainer off sick" in kept.text
    assert kept.sender == "ruth.okafor@police.fenmarsh.example"
    with pytest.raises(WorkflowError, match="only the Business Manager may read kept messages"):
        read_kept(app, number, "chair")
    with app.uow() as uow:
        [entry] = [e for e in uow.session.exec(select(AuditEntry)) if e.action == "read_kept"]
    assert (entry.actor, entry.details) == ("bm", {"inbound_id": number})
    answer = next(m for m in sent(app, box) if m["In-Reply-To"] == reply["Message-ID"])
    assert str(answer["Subject"]).startswith("Re: Fenmarsh LSCB: action plan ratings")  # one Re
    assert "your action plan update has reached the Business Manager" in (
        answer.get_body(("plain",)).get_content()
    )
    # read and vouched for, its ratings are recorded: only the police's own actions, and a
    # note naming the child is left out
    with pytest.raises(WorkflowError, match="only the Business Manager may record an agency"):
        actionplans.apply_update(app, number, "chair")
    applied = actionplans.apply_update(app, number, "bm")
    assert [(a.key, a.recorded, a.why) for a in applied] == [
        (f"{ref}/1", True, "green on 01 Mar 2027"),
        (
            f"{ref}/2",
            True,
            "amber on 01 Mar 2027; its note was left out: it holds personal details",
        ),
        (f"{ref}/3", False, "not Fenmarsh Constabulary's action"),
    ]
    listed = {a.action.key: a for a in actionplans.listing(app)}
    assert (listed[f"{ref}/1"].note, listed[f"{ref}/1"].action.rag) == (
        "audit under way",
        Rag.GREEN,
    )
    assert (listed[f"{ref}/2"].note, listed[f"{ref}/3"].action.rag) == (None, Rag.RED)
    assert number not in [r.id for r in quarantined(app)]  # no longer waiting
    with pytest.raises(WorkflowError, match=f"no action plan update waiting with id {number}"):
        actionplans.apply_update(app, number, "bm")  # not twice
    # the care service's date passes with no rating: reminded once, the day after
    clock.to(D(2027, 3, 15))
    assert actionplans.update_requests(app) == []
    clock.to(D(2027, 3, 16))
    assert actionplans.update_requests(app) == ["csc"]
    assert actionplans.update_requests(app) == []
    [reminder] = [m for m in sent(app, box) if "reminder: action plan" in str(m["Subject"])]
    assert str(reminder["Subject"]) == (
        "Fenmarsh LSCB: reminder: action plan ratings were due by 15 March 2027 for "
        "Fenmarsh Children's Social Care"
    )
    assert "as soon as you can" in reminder.get_body(("plain",)).get_content()
    # rated: the police's next quarter's request comes three months on, not before
    clock.to(D(2027, 5, 14))
    assert actionplans.update_requests(app) == []
    clock.to(D(2027, 5, 17))  # police rated 1 March: due 1 June, the 31 May bank holiday out
    # the care service, reminded in March and still not re-rated, is at risk, not asked again
    assert actionplans.update_requests(app) == ["police"]
    [csc] = [a for a in actionplans.listing(app) if a.action.agency == "csc"]
    assert csc.risks == ("rated red", "rating not renewed this quarter")


def test_an_agency_whose_answer_waits_for_the_business_manager_is_not_reminded(
    app, clock, tmp_path
):
    """Found by the action plan model: the police answered in time, but their ratings wait
    until the Business Manager applies them, and the reminder told them they had not sent
    them."""
    box = MaildirMailbox(tmp_path / "mailbox", tmp_path / "outbox")
    actionplans.add(app, "Neglect audit 2026", "Audit attendance.", "police", D(2027, 6, 30), "bm")
    clock.to(D(2027, 1, 28))  # rated 11 November: due 11 February
    assert actionplans.update_requests(app) == ["police"]
    [request] = sent(app, box)
    reply = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject=f"RE: {request['Subject']}",
        in_reply_to=request["Message-ID"],
        body="Neglect audit 2026/1: amber, under way",
    )
    box.deliver(reply.as_bytes())
    [held] = Router(app).run_once(box)
    assert held.outcome == "held"
    clock.to(D(2027, 2, 12))  # the date has passed, the answer not yet applied
    assert actionplans.update_requests(app) == []
    [kept] = quarantined(app)
    [applied] = actionplans.apply_update(app, kept.id, "bm")
    assert applied.why == "amber on 28 Jan 2027"


def test_actions_count_in_the_years_measures_and_at_risk_reaches_the_chairs_view(app, clock):
    ref = decided(app, clock)
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 2, 26), "bm")
    actionplans.add(app, ref, "Refresh training.", "health", D(2027, 9, 30), "bm")
    actionplans.add(app, ref, "Review thresholds.", "csc", D(2027, 9, 30), "bm")
    clock.to(D(2027, 2, 20))
    actionplans.rate(app, f"{ref}/1", "complete", "bm")
    actionplans.rate(app, f"{ref}/3", "red", "bm", note="No budget agreed.")
    report = reports.effectiveness(app, D(2026, 4, 1), D(2027, 3, 31))
    [measure] = [m for m in report.measures if m.name == "actions completed"]
    assert [(i.what, i.on_time) for i in measure.items] == [(f"{ref}/1", True)]
    risks = [(r.what, r.task, r.agency) for r in report.at_risk if "/" in r.what]
    assert risks == [(f"{ref}/3", "action: rated red", "csc")]
    home = Conversations(app).home("chair").lines
    assert f"Actions at risk: {ref}/3 (rated red)" in home
    assert not any("thresholds" in line for line in home)  # codes only in chat
    exported = subject_access.export(app, ref, "bm")["actions"]  # a subject access request
    assert [(a["number"], a["rag"]) for a in exported] == [
        (1, "complete"),
        (2, "unrated"),  # added, never rated
        (3, "red"),
    ]


def test_actions_from_the_command_line(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    application = context.bootstrap(config, url, clock)
    ref = decided(application, clock)
    application.engine.dispose()
    runner = CliRunner()

    def cli(*args, today="2027-01-10"):
        return runner.invoke(cli_app, ["--today", today, "--database-url", url, *args])

    def add(text):
        return cli("actions", "add", ref, text, "--agency", "police", "--due", "30/6/2027",
                   "--as", "bm")  # fmt: skip

    added = add("Audit attendance.")
    assert added.exit_code == 0, added.output
    assert f"{ref}/1 added for police, due 30 Jun 2027" in added.stdout
    named = add("Mrs Smith to chase.")
    assert named.exit_code == 1 and "holds a name" in named.stderr
    rated = cli("actions", "rate", f"{ref}/1", "amber", "--as", "bm", "--note", "Started.")
    assert rated.exit_code == 0 and f"{ref}/1 rated amber on 10 Jan 2027" in rated.stdout
    shown = " ".join(cli("actions", "list").stdout.split())
    assert "attendance." in shown and "amber" in shown
    data = json.loads(cli("actions", "list", "--json", today="2027-04-20").stdout)
    assert data == [
        {
            "action": f"{ref}/1",
            "text": "Audit attendance.",
            "agency": "police",
            "due": "2027-06-30",
            "rag": "amber",
            "rated_on": "2027-01-10",
            "rating_due": "2027-04-09",
            "note": "Started.",
            "at_risk": ["rating not renewed this quarter"],
        }
    ]
    status = json.loads(cli("status", "--json", today="2027-04-20").stdout)
    assert status["actions_at_risk"] == [
        {"action": f"{ref}/1", "agency": "police", "why": ["rating not renewed this quarter"]}
    ]
    shown = " ".join(cli("status", today="2027-04-20").stdout.split())
    assert f"actions at risk: {ref}/1 (rating not renewed this quarter)" in shown
    assert "actions at risk" not in cli("status", today="2027-04-08").stdout
    wrong = cli("actions", "rate", f"{ref}/1", "purple", "--as", "bm")
    assert wrong.exit_code == 1 and "give red, amber, green or complete" in wrong.stderr


def test_members_review_the_open_actions_in_the_agenda_pack_and_invited_agencies_do_not(app, clock):
    """7.4: reviewed on a quarterly basis, at the sub-group's meeting: the members' pack ends
    with every open action and its rating; an agency invited for one case gets its case."""
    import io

    import docx

    from panelclerk.application import agenda
    from panelclerk.store.tables import Document

    from .conftest import COMPLETE_FORM

    ref = decided(app, clock)
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 2, 1), "bm")
    actionplans.add(
        app, "Neglect audit 2026", "Adopt the graded care profile.", "csc", D(2027, 6, 1), "bm"
    )
    actionplans.rate(app, "Neglect audit 2026/1", "red", "bm", note="No budget agreed.")
    actionplans.add(app, ref, "Done already.", "health", D(2027, 6, 1), "bm")
    actionplans.rate(app, f"{ref}/2", "complete", "bm")
    new = referrals.receive_referral(app, {**COMPLETE_FORM, "child.name": "Child B"}).reference
    screening.place_on_agenda(app, new, "chair")  # the January meeting
    clock.to(D(2027, 1, 4))
    assert agenda.prepare_agenda(app, D(2027, 1, 12))
    [ask] = [m for m in sent_rows(app) if m.kind == "agenda_confirm"]
    assert "ready: 1 item, and the progress of 2 open actions for the quarterly review" in (
        " ".join(ask.text_body.split())
    )
    agenda.confirm_agenda(app, D(2027, 1, 12), "bm")
    with app.uow() as uow:
        docs = {d.kind: d.data for d in uow.session.exec(select(Document)) if d.meeting_id}
    members = docx.Document(io.BytesIO(docs["agenda_pack"]))
    [table] = members.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["Action", "Agency", "Due", "Rating", "At risk"],
        [
            "Neglect audit 2026/1: Adopt the graded care profile.",
            "Fenmarsh Children's Social Care",
            "01 Jun 2027",
            "red (15 Dec 2026): No budget agreed.",
            "rated red",
        ],
        [
            f"{ref}/1: Audit attendance.",
            "Fenmarsh Constabulary",
            "01 Feb 2027",
            "not yet rated",  # never shown green before anyone rated it
            "due soon",
        ],
    ]  # the complete action is not reviewed again
    assert "2. Action plans: progress (RAG)" in [p.text for p in members.paragraphs]
    invited = docx.Document(io.BytesIO(docs["agenda_pack:acute_trust"]))
    assert invited.tables == []
    assert not any("Action plans" in p.text for p in invited.paragraphs)


def test_a_reply_with_no_ratings_in_it_is_left_for_the_business_manager(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'u.db'}"
    app = context.bootstrap(config, url, clock)
    box = MaildirMailbox(tmp_path / "mailbox", tmp_path / "outbox")
    ref = decided(app, clock)
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 6, 30), "bm")
    clock.to(D(2027, 3, 1))
    actionplans.update_requests(app)
    [request] = [m for m in sent(app, box) if "action plan ratings" in str(m["Subject"])]
    for body in ("We will send our ratings next week.", f"{ref}/1: amber, half done"):
        box.deliver(
            message(
                sender="ruth.okafor@police.fenmarsh.example",
                subject=f"RE: {request['Subject']}",
                in_reply_to=request["Message-ID"],
                body=body,
            ).as_bytes()
        )
    Router(app).run_once(box)
    with app.uow() as uow:
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]
    vague, clear = [t for t in told if "is held for you" in t]
    assert "; read as" not in vague
    assert "no rating could be read in it. Read it and rate each action on" in vague
    assert f"records the ratings read ({ref}/1 amber)" in clear
    [row_vague, row_clear] = [r for r in quarantined(app) if r.kind == "action_update"]
    with pytest.raises(WorkflowError, match="no ratings could be read in message"):
        actionplans.apply_update(app, row_vague.id, "bm")
    with app.uow() as uow:  # purged under the retention rules before anyone applied it
        kept = uow.session.get(InboundMessage, row_vague.id)
        kept.raw = b""
        uow.session.add(kept)
        uow.commit()
    with pytest.raises(WorkflowError, match="content was removed under the retention rules"):
        actionplans.apply_update(app, row_vague.id, "bm")
    app.engine.dispose()
    done = CliRunner().invoke(
        cli_app,
        ["--today", "2027-03-02", "--database-url", url, "actions", "apply", str(row_clear.id),
         "--as", "bm"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert f"{ref}/1: recorded, amber on 01 Mar 2027" in done.stdout


def test_an_update_sent_as_a_new_message_is_recognised_by_its_agency_and_its_actions(
    app, clock, tmp_path
):
    """Agencies do not always reply to the request: a new message about action plans from
    an agency's address, rating that agency's own actions, is the same update. One rating
    another agency's actions, or from outside, is not taken for one."""
    box = MaildirMailbox(tmp_path / "mailbox", tmp_path / "outbox")
    ref = decided(app, clock)
    actionplans.add(app, ref, "Audit attendance.", "police", D(2027, 6, 30), "bm")
    actionplans.add(app, ref, "Review thresholds.", "csc", D(2027, 6, 30), "bm")
    clock.to(D(2027, 1, 20))
    for sender, body in (
        ("ruth.okafor@police.fenmarsh.example", f"{ref}/1: amber, half the audit done"),
        ("ruth.okafor@police.fenmarsh.example", f"{ref}/2: green"),  # not the police's
        ("someone@gmail.example", f"{ref}/1: complete"),
    ):
        box.deliver(message(sender=sender, subject="Action plan update", body=body).as_bytes())
    own, others, stranger = Router(app).run_once(box)
    assert (own.kind, own.outcome, own.detail) == (
        "action_update",
        "held",
        f"action plan update for Fenmarsh Constabulary; read as {ref}/1 amber",
    )
    assert others.kind != "action_update" and stranger.kind != "action_update"
    [held] = [r for r in quarantined(app) if r.kind == "action_update"]
    [applied] = actionplans.apply_update(app, held.id, "bm")
    assert (applied.key, applied.recorded, applied.why) == (
        f"{ref}/1",
        True,
        "amber on 20 Jan 2027",
    )
