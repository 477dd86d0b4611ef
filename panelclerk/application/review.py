"""A review decided upon (Cambridgeshire 7.6): begun within three months and completed
within twelve, each recorded on the day it happened.
"""

from __future__ import annotations

import datetime as dt

from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.errors import WorkflowError
from ..workflow.referral import Referral
from .context import App
from .transition import transition, withdraw_reminders

# The review reminders a step answers (application.reviewing.review_reminders' kinds): one
# still queued when the review is recorded begun (or complete) would ask for what is done.
ANSWERS = {
    "start_review": "review_reminder:review begun:",
    "complete_review": "review_reminder:review completed:",
}


def review_step(
    app: App,
    uow: UnitOfWork,
    reference: str,
    move_name: str,
    actor_id: str,
    on: dt.date | None = None,
) -> tuple[ReferralRow, Referral]:
    """A review begun or completed, on the day it was (7.6 measures both from the decision):
    the Business Manager often records it days later. The day is kept in the audit row."""
    today = app.today()
    on = on or today
    row, referral = uow.referrals.get(reference)
    decided = referral.decision.decided_on if referral.decision else None
    if on > today or (decided is not None and on < decided):
        after = f"the decision ({decided:%d %b %Y})" if decided else "the decision"
        raise WorkflowError(
            f"{row.reference}: the review cannot have been "
            f"{'begun' if move_name == 'start_review' else 'completed'} on {on:%d %b %Y}: "
            f"give a day between {after} and today"
        )
    at = app.clock()
    transition(app, uow, row, referral, move_name, app.actor(actor_id), at, on=on.isoformat())
    withdraw_reminders(uow, row, ANSWERS[move_name], at, why=move_name)
    return row, referral
