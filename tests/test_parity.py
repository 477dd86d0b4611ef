"""One scenario, three platforms: the console, Slack (the real Bolt app over signed HTTP)
and Teams (the Agents SDK's endpoint over signed HTTP) must leave the same store behind.
A behaviour that one adapter has and another lacks shows up here as a difference."""

from __future__ import annotations

import datetime as dt
import json
import time

from sqlmodel import col, select

from panelclerk.application import context, meetings, referrals
from panelclerk.bot.conversations import Conversations
from panelclerk.store.tables import AuditEntry, ChatThread, Recommendation

from .conftest import COMPLETE_FORM
from .test_slack import CHAIR as SLACK_CHAIR
from .test_slack import CHANNEL as SLACK_CHANNEL
from .test_slack import CSC as SLACK_CSC
from .test_slack import POLICE as SLACK_POLICE
from .test_slack import slack  # noqa: F401  (fixture)
from .test_teams import CHAIR as TEAMS_CHAIR
from .test_teams import CHANNEL as TEAMS_CHANNEL
from .test_teams import CSC as TEAMS_CSC
from .test_teams import POLICE as TEAMS_POLICE
from .test_teams import certificates, teams  # noqa: F401  (fixtures)

REF = "SCR-2026-001"
START = dt.date(2026, 11, 11)


def snapshot(app) -> tuple:
    with app.uow() as uow:
        row = uow.referrals.row(REF, lock=False)
        recommendations = sorted(
            (r.agency_key, r.person_key, r.review_type, r.current)
            for r in uow.session.exec(select(Recommendation))
        )
        audit = [
            (a.action, a.actor, a.source_state, a.target_state)
            for a in uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.seq)))
        ]
    return row.state, recommendations, audit


def scenario(app, clock, deliver, act) -> tuple:
    """The referral arrives; the Chair puts it on the agenda; after the meeting the police
    recommend with a button, children's services in their own words, then confirm; the
    Chair records the decision."""
    referrals.receive_referral(app, dict(COMPLETE_FORM))
    deliver()
    act("agenda")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, REF, "bm", ["csc", "police", "health"])
    deliver()
    act("recommend")
    act("free_text")
    act("confirm")
    act("decide")
    return snapshot(app)


def test_console_slack_and_teams_leave_the_same_store(config, tmp_path, clock, slack, teams):  # noqa: F811
    results = {}

    # the console: the conversations called as the demo's console adapter calls them
    clock.to(START)
    console_app = context.bootstrap(config, f"sqlite:///{tmp_path / 'console.db'}", clock)
    chat = Conversations(console_app)
    steps = {
        "agenda": lambda: chat.on_action("chair", "pc:agenda", f"{REF}|2026-12-08"),
        "recommend": lambda: chat.on_action("police_head", "pc:recommend", f"{REF}|scr"),
        "free_text": lambda: chat.on_thread_message(
            "csc_head", REF, "CSC recommend a serious case review"
        ),
        "confirm": lambda: chat.on_action("csc_head", "pc:confirm", f"{REF}|scr|"),
        "decide": lambda: chat.on_modal(
            "chair", "pc_decision", REF, {"review_type": "scr", "rationale": "5(2)(b)(ii) met"}
        ),
    }
    results["console"] = scenario(console_app, clock, lambda: None, lambda s: steps[s]())

    # Slack: buttons, a thread message and a modal submission over signed HTTP
    clock.to(START)

    def slack_root() -> str:
        with slack.app.uow() as uow:
            return uow.session.exec(select(ChatThread)).one().ts

    def slack_act(step: str) -> None:
        before = snapshot(slack.app) if step != "free_text" else None
        if step == "agenda":
            slack.action(SLACK_CHAIR, "pc:agenda:0", f"{REF}|2026-12-08")
        elif step == "recommend":
            slack.action(SLACK_POLICE, "pc:recommend:0", f"{REF}|scr", channel=SLACK_CHANNEL)
        elif step == "free_text":
            slack.event(
                {
                    "type": "message",
                    "channel": SLACK_CHANNEL,
                    "channel_type": "group",
                    "user": SLACK_CSC,
                    "text": "CSC recommend a serious case review",
                    "ts": "2.0",
                    "thread_ts": slack_root(),
                },
                event_id="EvParity",
            )
            slack.wait(lambda: "Record your recommendation" in json.dumps(slack.fake.calls))
            return
        elif step == "confirm":
            slack.action(SLACK_CSC, "pc:confirm:0", f"{REF}|scr|", channel=SLACK_CHANNEL)
        elif step == "decide":
            slack.submit(
                SLACK_CHAIR,
                "pc_decision",
                REF,
                {"review_type": "scr", "rationale": "5(2)(b)(ii) met"},
            )
        slack.wait(lambda: snapshot(slack.app) != before)
        settled = snapshot(slack.app)  # Bolt acks first: let the listener finish its work
        for _ in range(100):  # 30 s at most
            time.sleep(0.3)
            now = snapshot(slack.app)
            if now == settled:
                break
            settled = now

    results["slack"] = scenario(slack.app, clock, slack.deliver, slack_act)

    # Teams: card submits, a reply-chain message and a form submit over signed HTTP
    clock.to(START)

    def thread() -> str:
        with teams.app.uow() as uow:
            return f"{TEAMS_CHANNEL};messageid={uow.session.exec(select(ChatThread)).one().ts}"

    def teams_act(step: str) -> None:
        if step == "agenda":
            teams.press(TEAMS_CHAIR, "pc:agenda", f"{REF}|2026-12-08")
        elif step == "recommend":
            teams.press(
                TEAMS_POLICE, "pc:recommend", f"{REF}|scr", conversation=thread(), kind="channel"
            )
        elif step == "free_text":
            teams.say(
                TEAMS_CSC,
                "<at>PanelClerk</at> CSC recommend a serious case review",
                conversation=thread(),
                kind="channel",
            )
        elif step == "confirm":
            teams.press(
                TEAMS_CSC, "pc:confirm", f"{REF}|scr|", conversation=thread(), kind="channel"
            )
        elif step == "decide":
            teams.submit(
                TEAMS_CHAIR,
                "pc_decision",
                REF,
                {"review_type": "scr", "rationale": "5(2)(b)(ii) met"},
            )

    results["teams"] = scenario(teams.app, clock, teams.deliver, teams_act)

    assert results["console"][0] == "notified"
    assert ("police", "police_head", "scr", True) in results["console"][1]
    assert results["slack"] == results["console"]
    assert results["teams"] == results["console"]
