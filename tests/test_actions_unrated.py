"""A new action is "not yet rated" until someone rates it: never shown green, a colour
nobody gave it; and the store's actions that nobody ever rated say so after the upgrade."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from rich.console import Console

from panelclerk.application import actionplans
from panelclerk.bot.views import actions_table
from panelclerk.store.tables import ActionItem
from panelclerk.workflow.actions import Action, Rag, Tracker
from panelclerk.workflow.deadlines import Deadlines
from panelclerk.workflow.errors import WorkflowError

D = dt.date


def test_an_action_stored_without_a_rating_is_not_yet_rated(config):
    row = ActionItem(
        plan="Audit 2026",
        number=1,
        text="Train staff.",
        agency_key="police",
        due_on=D(2027, 6, 1),
        rated_on=D(2026, 11, 11),
    )
    action = actionplans.as_action(row)
    assert action.rag is Rag.UNRATED and action.open and not action.rated
    assert action.rag.label == "not yet rated"
    listed = actionplans.Listed(action, None, D(2027, 2, 11), ())
    console = Console(width=200, record=True)
    console.print(actions_table(config, [listed]))
    shown = console.export_text()
    assert "not yet rated" in shown and "green" not in shown


def test_nobody_rates_an_action_unrated_and_a_late_first_rating_says_so(config):
    with pytest.raises(WorkflowError, match="'unrated' is not a rating"):
        Rag.read("unrated")
    tracker = Tracker(Deadlines(config).calendar, config.time_limits)
    action = Action(
        "Audit 2026", 1, "Train staff.", "police", D(2027, 12, 1), Rag.UNRATED, D(2026, 11, 11)
    )
    assert tracker.risks(action, D(2027, 3, 1), dt.timedelta(days=30)) == [
        "not yet rated this quarter"
    ]


def test_the_upgrade_marks_actions_nobody_ever_rated(database_url):
    from alembic import command

    from panelclerk.store.engine import alembic_config, make_engine

    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0011")
    at = dt.datetime(2026, 11, 11, tzinfo=dt.UTC)
    with engine.begin() as db:
        for number in (1, 2):
            db.execute(
                sa.text(
                    "INSERT INTO action_item (plan, number, text, agency_key, due_on, rag, "
                    "rated_on, created_at) VALUES ('Audit 2026', :n, 'Train staff.', 'police', "
                    "'2027-06-01', 'green', '2026-11-11', :at)"
                ),
                {"n": number, "at": at},
            )
        db.execute(
            sa.text(
                "INSERT INTO auditentry (seq, at, actor, action, details, prev_hash, hash) "
                "VALUES (1, :at, 'bm', 'rate_action', :details, :h, :h)"
            ),
            {"at": at, "details": '{"action": "Audit 2026/2", "to": "green"}', "h": "0" * 64},
        )
    command.upgrade(alembic_config(engine), "head")
    with engine.begin() as db:
        rags = db.execute(sa.text("SELECT number, rag FROM action_item ORDER BY number")).all()
    engine.dispose()
    assert [tuple(r) for r in rags] == [(1, "unrated"), (2, "green")]  # 2 was rated green
