"""The decision maker's card and App Home say when the decision is due, before the
"Put on agenda" button, and say so when it is overdue (issue 26: "Put on agenda: 12 Jan"
was offered when the decision was due 30 Dec)."""

from __future__ import annotations

import datetime as dt

from panelclerk import boardfile
from panelclerk.application import referrals
from panelclerk.bot.adaptive import card_adaptive
from panelclerk.bot.conversations import Conversations
from panelclerk.bot.slack import card_blocks
from panelclerk.workflow.deadlines import Deadlines
from panelclerk.workflow.lifecycle import State

from .conftest import COMPLETE_FORM

D = dt.date


def test_the_decision_deadline_follows_the_framework(config):
    deadlines = Deadlines(config)  # the demo: one month from the notification, 4.5's week
    assert deadlines.decision_due(
        State.AWAITING_SCREENING, D(2026, 11, 11), None, D(2026, 11, 3)
    ) == (D(2026, 12, 3))
    assert deadlines.decision_due(
        State.DISCUSSED, D(2026, 11, 11), D(2026, 12, 8), D(2026, 11, 30)
    ) == D(2026, 12, 15)  # the week's deferral comes first
    assert deadlines.decision_due(State.DECIDED, D(2026, 11, 11), None, D(2026, 11, 3)) is None
    wt = boardfile.load_board(None, "working-together-2023")
    plan = Deadlines(wt).plan(D(2026, 11, 3))
    assert Deadlines(wt).decision_due(
        State.AWAITING_SCREENING, D(2026, 11, 4), None, D(2026, 11, 3)
    ) == (plan.sign_off_due)


def test_the_chairs_card_says_decision_due_before_the_agenda_button(app, clock):
    reference = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference  # notified 3 Nov
    card = Conversations(app).routing_card(reference)
    assert card.deadline is not None and not card.deadline.overdue
    text = card.text()
    assert "Decision due: Thu 03 Dec 2026" in text
    assert text.index("Decision due") < text.index("[Put on agenda: 08 Dec]")
    blocks = card_blocks(card)
    said = [i for i, b in enumerate(blocks) if "Decision due" in str(b)]
    buttons = [i for i, b in enumerate(blocks) if b["type"] == "actions"]
    assert said and buttons and said[0] < buttons[0]
    assert "Decision due: Thu 03 Dec 2026" in str(card_adaptive(card)["body"])
    home = " ".join(Conversations(app).home("chair").lines)
    assert f"{reference}:" in home and "Decision due: Thu 03 Dec 2026" in home


def test_an_overdue_decision_says_so(app, clock):
    reference = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    clock.to(D(2026, 12, 4))
    card = Conversations(app).routing_card(reference)
    assert card.deadline is not None and card.deadline.overdue
    assert "Decision overdue: it was due Thu 03 Dec 2026" in card.text()
    assert ":warning:" in str(card_blocks(card))
    assert "Attention" in str(card_adaptive(card))
    home = " ".join(Conversations(app).home("chair").lines)
    assert "OVERDUE decision by the Independent Chair by 03 Dec" in home  # the next date
