"""The conversations of the product, written once: routing to the Chair, the thread per
referral with its précis ticks and tally, recommendations (buttons or free text), the Chair's
decision, "should I refer?", and App Home. Platform adapters translate events into calls on
`Conversations` and render its `Reply`; nothing here knows which platform it runs on.

Chat never shows a child's or family's name: cards carry the reference code and what is
needed to act, and free text is redacted with the referral's own known names first.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from .. import links
from ..application import (
    actionplans,
    context,
    decision_notice,
    minutes,
    recommendations,
    referrals,
    screening,
    status,
)
from ..nlp.recommend import MORE_INFORMATION, classify
from ..nlp.redact import redact
from ..store.tables import ChatThread, Precis, Recommendation
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.forms import label
from ..workflow.lifecycle import State
from .advice import Advice
from .cards import Button, Card, Deadline, Input, Modal, Reply
from .conversation import board_words


class Conversations:
    def __init__(self, app: context.App) -> None:
        self.app = app
        self.config = app.config
        self.board_words = board_words(app.config)  # never a person's name; built once
        self.advice = Advice(app.config, self.board_words)

    # ---- who is who --------------------------------------------------------------------

    def person(self, platform: str, user_id: str) -> str | None:
        found = self.config.person_by_chat(platform, user_id)
        return found.id if found else None

    def _known_names(self, row: ReferralRow) -> list[str]:
        return [
            str(row.form.get(k) or "") for k in ("child.name", "family.members", "referrer.name")
        ]

    def _row(self, reference: str, uow: UnitOfWork | None = None) -> ReferralRow:
        if uow is not None:  # the caller's transaction: never a second connection beside it
            return uow.referrals.row(reference, lock=False)
        with self.app.uow() as own:
            return own.referrals.row(reference, lock=False)

    def _agency(self, agency_id: str | None) -> str:
        found = self.config.agency(agency_id or "")
        return found.name if found else (agency_id or "unknown")

    def _label(self, review_type: str) -> str:
        if review_type == MORE_INFORMATION:
            return "More information needed"
        found = self.config.review_type(review_type)
        return found.label if found else review_type

    # ---- cards -------------------------------------------------------------------------

    def routing_card(self, reference: str, uow: UnitOfWork | None = None) -> Card:
        """What the Chair sees of a new referral: enough to screen it, never a name."""
        row = self._row(reference, uow)
        terms, names = self.config.terms, self._known_names(row)
        state = State(row.state)
        slot = self.app.deadlines.slot(max(row.received_on, self.app.today()), row.notified_on)
        # Free text: known names first, then anything that looks like a name (a sibling or a
        # partner the form does not list).
        keep = self.board_words
        criteria = redact(
            str(row.form.get("concerns.criteria") or "not stated"), names, strict=True, keep=keep
        )
        outcome = redact(
            str(row.form.get("incident.outcome") or "not stated"), names, strict=True, keep=keep
        )
        # North West: parallel processes (police, coroner, DHR) are weighed at screening
        parallel = redact(
            str(row.form.get("parallel.processes") or "none stated"), names, strict=True, keep=keep
        )
        fields = (
            ("Reference", row.reference),
            ("Referring agency", self._agency(row.referring_agency)),
            ("Received", f"{row.received_on:%d %b %Y}"),
            ("Incident", str(row.form.get("incident.date") or "not stated")),
            (
                f"{self.config.terms.board[:1].upper()}{self.config.terms.board[1:]} notified",
                str(row.form.get("incident.notified_date") or "not stated"),
            ),
            ("Outcome for the child", outcome[:200]),
            ("Criteria the referrer believes are met", criteria[:300]),
            ("Parallel processes", parallel[:200]),
            (
                "Agencies involved",
                ", ".join(self._agency(a) for a in row.agencies_involved) or "none named",
            ),
            ("Missing fields", ", ".join(label(f) for f in row.missing) or "none"),
            *(
                [("Possibly the same child as", ", ".join(row.form[referrals.SAME_CHILD]))]
                if row.form.get(referrals.SAME_CHILD)
                else []
            ),
            (
                "Can make",
                f"{slot.meeting.date:%d %b %Y} (papers out {slot.meeting.agenda_dispatch:%d %b})",
            ),
        )
        buttons: tuple[Button, ...] = ()
        if state in (State.AWAITING_SCREENING, State.MORE_INFO_REQUESTED):
            buttons = (
                Button(
                    "pc:agenda",
                    f"Put on agenda: {slot.meeting.date:%d %b}",
                    f"{row.reference}|{slot.meeting.key}",
                    "primary",
                ),
                Button("pc:more_info", "Ask for more information", row.reference),
                Button("pc:decline", "Decline with reason", row.reference, "danger"),
            )
        return Card(
            f"New referral {row.reference} for screening by the {terms.decision_maker}",
            fields,
            (f"Now: {self.config.state_label(state)}",),
            buttons,
            "Names stay in the secure mailbox and the store.",
            self._decision_deadline(row),
        )

    def _decision_deadline(self, row: ReferralRow | status.PipelineRow) -> Deadline | None:
        """When the decision is due (workflow.deadlines), for the decision maker's card."""
        due = self.app.deadlines.decision_due(
            State(row.state), row.received_on, row.meeting_date, row.notified_on
        )
        return Deadline("Decision", due, self.app.today()) if due else None

    def thread_card(self, reference: str, uow: UnitOfWork | None = None) -> Card:
        """The root of a referral's thread: précis ticked off, members' tally, invited views."""
        if uow is None:
            with self.app.uow() as own:
                return self.thread_card(reference, own)
        row = self._row(reference, uow)
        terms = self.config.terms
        precis = list(uow.session.exec(select(Precis).where(Precis.referral_id == row.id)))
        current = list(
            uow.session.exec(
                select(Recommendation).where(
                    Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
                )
            )
        )
        lines = [
            f"{'[x]' if p.received_at else '[ ]'} {terms.precis} from {self._agency(p.agency_key)}"
            for p in precis
        ]
        counted: dict[str, int] = {}
        for rec in current:
            if rec.counts:
                counted[rec.review_type] = counted.get(rec.review_type, 0) + 1
        if counted:
            lines.append(
                "Members' recommendations: "
                + "; ".join(
                    f"{self._label(k)} {n}"
                    for k, n in sorted(counted.items(), key=lambda kv: -kv[1])
                )
            )
        views = [r for r in current if not r.counts]
        for view in views:
            lines.append(
                f"(invited, not counted) {self._agency(view.agency_key)}: "
                f"{self._label(view.review_type)}"
            )
        state = State(row.state)
        buttons: list[Button] = []
        if state in (State.DISCUSSED, State.DECISION_PENDING):
            buttons = [
                Button("pc:recommend", r.label[:70], f"{row.reference}|{r.id}")
                for r in self.config.review_types
            ]
            buttons.append(
                Button(
                    "pc:recommend", "More information needed", f"{row.reference}|{MORE_INFORMATION}"
                )
            )
            buttons.append(
                Button(
                    "pc:decide",
                    f"Record the decision ({terms.decision_maker})",
                    row.reference,
                    "primary",
                )
            )
        meeting = f"{row.meeting_date:%d %b %Y}" if row.meeting_date else "not set"
        return Card(
            f"{row.reference}: {terms.group} of {meeting}",
            (
                ("State", self.config.state_label(state)),
                ("Referring agency", self._agency(row.referring_agency)),
            ),
            tuple(lines),
            tuple(buttons),
            "Members and deputies recommend here (6.3); invited agencies' views are "
            "shown separately. Reply in this thread in your own words to recommend.",
        )

    def home(self, person_id: str | None) -> Card:
        roles = self.config.roles_of(person_id) if person_id else frozenset()
        terms = self.config.terms
        if roles & {"decision_maker", "chair", "business_manager"}:
            today = self.app.today()
            lines = []
            for r in status.pipeline(self.app):
                due = f"{r.next_due.what} by {r.next_due.date:%d %b}" if r.next_due else "-"
                deadline = self._decision_deadline(r)
                if deadline and not (r.next_due and r.next_due.date == deadline.due):
                    due += f"; {deadline.text()}"
                flag = "OVERDUE " if r.overdue(today) else ""
                waiting = f"; waiting for {', '.join(r.precis_waiting)}" if r.precis_waiting else ""
                lines.append(
                    f"{r.reference}: {self.config.state_label(r.state)}; {flag}{due}{waiting}"
                )
            if "business_manager" in roles:
                for m in minutes.minutes_outstanding(self.app):
                    flag = "OVERDUE " if m.minutes_due < today else ""
                    lines.append(
                        f"{flag}Minutes of the meeting of {m.date:%d %b} due by "
                        f"{m.minutes_due:%d %b}"
                    )
            if "business_manager" in roles:
                for day in minutes.meetings_unrecorded(self.app):
                    lines.append(
                        f"The meeting of {day:%d %b} is not on record as held: record who "
                        f"attended (or cancel it, if it did not take place) on "
                        f"{links.meeting(self.config, day)}"
                    )
            # 7.6: actions at risk are raised with the Chair; the codes only, never the text
            risky = [a for a in actionplans.listing(self.app) if a.risks]
            if risky:
                lines.append(
                    f"Actions at risk: {', '.join(f'{a.action.key} ({a.risks[0]})' for a in risky)}"
                )
            return Card(f"{terms.group}: the pipeline", (), tuple(lines) or ("No open referrals.",))
        return Card(
            f"{self.config.board.short_name}: {terms.group}",
            (),
            (
                "Should I refer? Send me a direct message describing the case in your own words; "
                "I will apply the criteria and tell you why.",
                f"To refer: send the {terms.referral_form} by secure email to "
                f"{self.config.board.mailbox}.",
                "If a child is at immediate risk, contact the police or children's social "
                "care now.",
            ),
        )

    # ---- actions -----------------------------------------------------------------------

    def on_action(self, person_id: str | None, action: str, value: str) -> Reply:
        try:
            return self._action(person_id, action, value)
        except (WorkflowError, NotPermitted) as exc:
            return Reply(text=str(exc), private=True)

    def _action(self, person_id: str | None, action: str, value: str) -> Reply:
        if action == "pc:answer":
            return Reply(text="Please answer in the direct message.", private=True)
        if action == "pc:start_referral":
            return self.start_referral()
        if person_id is None:
            return Reply(
                text="You are not in this board's configuration, so you cannot act "
                "on referrals. Ask the Business Manager.",
                private=True,
            )
        if action == "pc:agenda":
            reference, _, day = value.partition("|")
            referral = screening.place_on_agenda(  # the précis are asked for with it
                self.app, reference, person_id, dt.date.fromisoformat(day) if day else None
            )
            return Reply(
                text=f"{reference} is on the agenda of {referral.meeting_date:%d %b %Y}"
                "; agencies have been asked for their "
                f"{self.config.terms.precis}."
            )
        if action == "pc:more_info":
            return Reply(
                modal=Modal(
                    "pc_more_info",
                    "Ask for more information",
                    value,
                    (Input("question", "What should the referrer tell us?", "multiline"),),
                )
            )
        if action == "pc:decline":
            return Reply(
                modal=Modal(
                    "pc_decline",
                    "Decline the referral",
                    value,
                    (Input("reason", "Reason (goes on the record)", "multiline"),),
                )
            )
        if action == "pc:decide":
            return Reply(modal=self.decision_modal(value))
        if action in ("pc:recommend", "pc:confirm"):
            reference, _, rest = value.partition("|")
            review_type, _, methodology = rest.partition("|")
            result = recommendations.record_recommendation(
                self.app, reference, person_id, review_type, methodology=methodology or None
            )
            counted = "" if result.counts else " (as an invited agency's view, not counted)"
            changed = f", replacing {self._label(result.replaced)}" if result.replaced else ""
            return Reply(
                text=f"Recorded for {self._agency(result.agency)}: "
                f"{self._label(review_type)}{changed}{counted}.",
                private=True,
            )
        return Reply(text=f"Unknown action {action!r}.", private=True)

    def decision_modal(self, reference: str) -> Modal:
        row = self._row(reference)
        options = tuple((r.id, r.label) for r in self.config.review_types)
        methods = tuple(
            (m, m.capitalize()) for r in self.config.review_types for m in r.methodologies
        )
        inputs = [Input("review_type", "Decision", "select", options)]
        if methods:
            inputs.append(
                Input("methodology", "Methodology (for an SCR)", "select", methods, optional=True)
            )
        inputs += [
            Input("rationale", "Rationale", "multiline"),
            Input("lead_reviewer", "Lead reviewer, if appointed", optional=True),
        ]
        return Modal(
            "pc_decision",
            f"Decision on {row.reference}",
            row.reference,
            tuple(inputs),
            "Record decision",
        )

    def on_modal(
        self, person_id: str | None, callback: str, reference: str, values: dict[str, str]
    ) -> Reply:
        if person_id is None:
            return Reply(
                errors={next(iter(values), "reason"): "You are not in this board's configuration."}
            )
        try:
            if callback == "pc_decision":
                decided = decision_notice.decide(
                    self.app,
                    reference,
                    person_id,
                    review_type=values.get("review_type", ""),
                    rationale=values.get("rationale", ""),
                    methodology=values.get("methodology") or None,
                    lead_reviewer=values.get("lead_reviewer") or None,
                )
                if decided.decision is None:
                    return Reply(text=f"{decided.outcome()}.")
                return Reply(
                    text=f"{decided.reference}: decision recorded "
                    f"({self._label(decided.decision.review_type)}); the decision "
                    "email and statutory notices are on their way."
                )
            if callback == "pc_decline":
                screening.move(
                    self.app, reference, "decline", person_id, reason=values.get("reason", "")
                )
                return Reply(text=f"{reference} declined.")
            if callback == "pc_more_info":
                screening.request_more_info(
                    self.app, reference, person_id, values.get("question", "")
                )
                return Reply(text=f"{reference}: the question is on its way to the referrer.")
        except NotPermitted as exc:
            return Reply(
                errors={
                    "rationale" if callback == "pc_decision" else next(iter(values), "reason"): str(
                        exc
                    )
                }
            )
        except WorkflowError as exc:
            field = {
                "pc_decision": "rationale",
                "pc_decline": "reason",
                "pc_more_info": "question",
            }.get(callback, "reason")
            return Reply(errors={field: str(exc)})
        return Reply(text=f"Unknown form {callback!r}.", private=True)

    # ---- messages ----------------------------------------------------------------------

    def on_thread_message(self, person_id: str | None, reference: str, text: str) -> Reply:
        """Free text in a referral's thread: classify it and ask the author to confirm."""
        if person_id is None:
            return Reply(text="You are not in this board's configuration.", private=True)
        guess = classify(text, self.config)
        reference = reference.upper()
        if not guess.confident:
            choices = tuple(
                Button("pc:confirm", r.label[:70], f"{reference}|{r.id}")
                for r in self.config.review_types
            )
            return Reply(
                card=Card(
                    "Which recommendation do you make?",
                    (),
                    ("I could not tell from your message; please choose.",),
                    choices,
                ),
                private=True,
            )
        method = guess.methodology or ""
        return Reply(
            card=Card(
                f"Record your recommendation on {reference} as: {self._label(guess.review_type)}"
                f"{' (' + method + ')' if method else ''}?",
                (),
                (f"Confidence {guess.confidence:.0%}.",),
                (
                    Button(
                        "pc:confirm",
                        "Yes, record it",
                        f"{reference}|{guess.review_type}|{method}",
                        "primary",
                    ),
                ),
            ),
            private=True,
        )

    # ---- should I refer? (`advice.Advice`) -----------------------------------------------

    def on_direct_message(self, platform: str, user_id: str, text: str) -> Reply:
        return self.advice.on_direct_message(platform, user_id, text)

    def on_answer_button(self, platform: str, user_id: str, value: str) -> Reply:
        return self.advice.on_answer_button(platform, user_id, value)

    def start_referral(self) -> Reply:
        return self.advice.start_referral()

    # ---- where threads live ------------------------------------------------------------

    def reference_for_thread(self, platform: str, channel: str, ts: str) -> str | None:
        with self.app.uow() as uow:
            found = uow.session.exec(
                select(ChatThread, ReferralRow).where(
                    ChatThread.referral_id == ReferralRow.id,
                    ChatThread.platform == platform,
                    ChatThread.channel == channel,
                    ChatThread.ts == ts,
                )
            ).first()
            return found[1].reference if found else None
