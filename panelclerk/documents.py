"""Word documents the board keeps and sends: the completed SCR Referral and Decision form
(Cambridgeshire 3.4, 4.6), the North West Learning Summary (north-west-lif, Appendix B) for
the lead reviewer to start from, the agenda pack (7.3) and, under Working Together 2023, the
rapid review report to the National Panel (reference code and facts only). Each is marked
OFFICIAL-SENSITIVE."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.shared import Pt

from .nlp.redact import redact
from .workflow.config import BoardConfig
from .workflow.distribution import Recipient
from .workflow.forms import FIELD_CATALOGUE
from .workflow.performance import Report
from .workflow.referral import Decision

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKING = "OFFICIAL-SENSITIVE: personal data about a child. Do not forward outside secure email."


def _new(title: str, config: BoardConfig, marking: str = MARKING) -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    for section in document.sections:
        section.header.paragraphs[0].text = marking
        section.footer.paragraphs[0].text = f"{config.board.name}: {marking}"
    document.add_heading(title, level=1)
    document.add_paragraph(config.board.name)
    return document


def _table(document: Any, rows: Iterable[Sequence[str]], columns: int = 2) -> None:
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class DecisionRecord:
    reference: str
    form: dict[str, object]
    decision: Decision
    review_label: str
    meeting_date: dt.date | None
    recipients: Sequence[Recipient]
    statutory: Sequence[Recipient]
    recommendations: Sequence[tuple[str, str, bool]]  # agency, recommendation, counted


def decision_record(config: BoardConfig, record: DecisionRecord) -> bytes:
    terms = config.terms
    document = _new(f"{terms.referral_form}: {record.reference}", config)
    document.add_heading("Part 1: the referral", level=2)
    fields = [
        (spec.label, str(record.form.get(key) or ""))
        for key, spec in FIELD_CATALOGUE.items()
        if record.form.get(key)
    ]
    _table(document, fields or [("(no fields recorded)", "")])
    document.add_heading(f"Part 2: the {terms.group}", level=2)
    meeting = f"{record.meeting_date:%d %B %Y}" if record.meeting_date else "not discussed"
    _table(
        document,
        [("Meeting that discussed the referral", meeting)]
        + [
            (agency, f"{choice}{'' if counted else ' (invited agency: view, not counted)'}")
            for agency, choice, counted in record.recommendations
        ],
    )
    document.add_heading(f"Part 3: the decision of the {terms.decision_maker}", level=2)
    decision = record.decision
    _table(
        document,
        [
            ("Decision", record.review_label),
            ("Methodology", decision.methodology or "not applicable"),
            ("Date of decision", f"{decision.decided_on:%d %B %Y}"),
            ("Decided by", terms.decision_maker),
            ("Lead reviewer", decision.lead_reviewer or "not appointed"),
            ("Rationale", decision.rationale),
        ],
    )
    document.add_heading("Part 4: who was told", level=2)
    _table(document, [(r.why, r.email) for r in (*record.recipients, *record.statutory)])
    return _bytes(document)


def learning_summary(
    config: BoardConfig,
    reference: str,
    review_label: str,
    decision: Decision,
    incident_date: str | None,
) -> bytes:
    """North West Learning Summary template (Appendix B), with what the store already knows."""
    document = _new("Learning Summary", config)
    method = f" ({decision.methodology} methodology)" if decision.methodology else ""
    _table(
        document,
        [
            (f"{config.terms.board} Area", config.board.local_authority),
            ("Date Form Completed", ""),
            (
                "Type of Review conducted",
                f"{review_label}{method}. (Please include details of "
                "methodology, chairing/authoring, how case was selected)",
            ),
            ("Month/year of incident", incident_date or ""),
            ("Review reference code", reference),
            (
                "What you learnt about the case: Key themes / early learning.",
                "(Specific issues or general areas of concern or good practice)",
            ),
            (
                "What you learnt about the review/ methodology:",
                "(What worked / didn't?; Who was involved, how long did it take, chairs, "
                "authors etc)",
            ),
            (
                "Key recommendations – single agency",
                "(Indicate transferrable learning, not necessarily all recommendations)",
            ),
            ("Key recommendations - Multi-agency", "(As above, focus on transferrable learning)"),
            ("How do you intend to make changes? Who's doing what?", ""),
            ("How will you audit the impact? I.e. how will you know anything has changed?", ""),
            (
                "Any other comments, advice, suggestions – about the case, the method, embedding "
                "change or evidencing impact/ change",
                "",
            ),
        ],
    )
    return _bytes(document)


RAPID_REVIEW_MARKING = (
    "OFFICIAL-SENSITIVE: reference code and facts only; details of the child and family on "
    "request by secure email."
)
# What the rapid review report leaves out: the child's and family's details (marked personal
# in the catalogue), the referrer's own (a member of staff, not a fact of the case), the
# list of documents that came with the form; the agencies involved are Part 1's, as matched.
_NOT_IN_REPORT = (
    "referrer.name",
    "referrer.email",
    "referrer.phone",
    "attachments.documents",
    "agencies.involved",
)


@dataclass(frozen=True)
class RapidReviewReport:
    """What the partnership tells the National Panel of a rapid review (Working Together
    2023, chapter 5): the case by its reference code, its days, who took part, the partners'
    sign-offs and the decision."""

    reference: str
    form: dict[str, object]
    notified_on: dt.date | None
    due: dt.date  # the rapid review's last working day, counted from the notification
    meeting_date: dt.date | None
    involved: Sequence[str]  # agency names
    attended: Sequence[str]  # agency names
    decision: Decision
    review_label: str
    sign_offs: Sequence[tuple[str, str, str]]  # partner, agency, what they signed off
    recommendations: Sequence[tuple[str, str, bool]]  # agency, recommendation, counted


def _names(form: dict[str, object]) -> list[str]:
    return [str(form.get(k) or "") for k in ("child.name", "family.members")]


def _facts(form: dict[str, object]) -> list[tuple[str, str]]:
    """The form's facts of the case: no field that identifies the child or family, and the
    case's own names masked in what is left, should a fact's free text use one."""
    names = _names(form)
    return [
        (spec.label, redact(str(form[key]), names))
        for key, spec in FIELD_CATALOGUE.items()
        if form.get(key) and not spec.personal and key not in _NOT_IN_REPORT
    ]


def rapid_review_report(config: BoardConfig, report: RapidReviewReport) -> bytes:
    terms = config.terms
    document = _new(
        f"{terms.review_process.capitalize()} report to the {terms.national_panel}: "
        f"{report.reference}",
        config,
        RAPID_REVIEW_MARKING,
    )
    document.add_paragraph(
        f"Local authority: {config.board.local_authority}. Our reference: {report.reference}. "
        "Details of the child and family are available to the Panel on request by secure email."
    )
    document.add_heading(f"Part 1: the {terms.review_process}", level=2)
    decided = report.decision.decided_on

    def day(value: dt.date | None, none: str) -> str:
        return f"{value:%d %B %Y}" if value else none

    _table(
        document,
        [
            ("Serious incident notified", day(report.notified_on, "not recorded")),
            (f"{terms.group} met", day(report.meeting_date, "not recorded")),
            ("Agencies involved with the child or family", ", ".join(report.involved) or "none"),
            ("Agencies at the meeting", ", ".join(report.attended) or "not recorded"),
            (f"Signed off by the {terms.decision_maker}", day(decided, "")),
            (
                f"Due (the {terms.review_process}'s last working day)",
                day(report.due, "") + (" (late)" if decided > report.due else ""),
            ),
        ],
    )
    document.add_heading("Part 2: the facts of the case, as referred", level=2)
    _table(document, _facts(report.form) or [("(no facts recorded)", "")])
    part = 3
    if report.recommendations:
        document.add_heading("Part 3: the agencies' recommendations", level=2)
        part = 4
        _table(
            document,
            [
                (agency, f"{choice}{'' if counted else ' (invited agency: view, not counted)'}")
                for agency, choice, counted in report.recommendations
            ],
        )
    document.add_heading(f"Part {part}: the decision of the {terms.decision_maker}", level=2)
    decision = report.decision
    _table(
        document,
        [
            ("Decision", report.review_label),
            ("Methodology", decision.methodology or "not applicable"),
            ("Lead reviewer", decision.lead_reviewer or "not appointed"),
            *((f"{name} ({agency})", what) for name, agency, what in report.sign_offs),
            ("Rationale", redact(decision.rationale, _names(report.form))),
        ],
    )
    return _bytes(document)


@dataclass(frozen=True)
class AgendaEntry:
    reference: str | None
    title: str
    precis: Sequence[tuple[str, str]]  # agency name, text ("not received" when missing)


def agenda_pack(
    config: BoardConfig,
    meeting_date: dt.date,
    start: dt.time,
    entries: Sequence[AgendaEntry],
    actions: Sequence[Sequence[str]] = (),
) -> bytes:
    """The agenda and papers (7.3); for members, the open actions of every action plan
    with their ratings after the items, for the quarterly review (7.4)."""
    terms = config.terms
    document = _new(
        f"{terms.group}: agenda for {meeting_date:%A %d %B %Y} at {start:%H:%M}", config
    )
    if not entries and not actions:
        document.add_paragraph("No items.")
    for number, entry in enumerate(entries, start=1):
        document.add_heading(f"{number}. {entry.title}", level=2)
        for agency, text in entry.precis:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{agency}: ").bold = True
            paragraph.add_run(text)
    if actions:
        document.add_heading(f"{len(entries) + 1}. Action plans: progress (RAG)", level=2)
        _table(document, [ACTION_COLUMNS, *actions], len(ACTION_COLUMNS))
    return _bytes(document)


REPORT_MARKING = "OFFICIAL-SENSITIVE: reference codes only, no names. Secure email only."


def effectiveness_report(config: BoardConfig, report: Report) -> bytes:
    """The year's measures (7.6) for the annual Learning and Improvement report: the same
    figures as `panelclerk report`, by reference code and meeting date only."""
    terms = config.terms
    document = _new(
        f"{terms.group}: measures, {report.start:%d %B %Y} to {report.end:%d %B %Y}",
        config,
        REPORT_MARKING,
    )
    decided = "; ".join(f"{label}: {n}" for label, n in report.decisions) or "none"
    document.add_paragraph(
        f"{report.received} {terms.review_process}(s) received, {report.declined} declined; "
        f"decided: {decided}. Figures as recorded on {report.today:%d %B %Y}."
    )
    if report.not_referrals:
        document.add_paragraph(
            f"{report.not_referrals} opened from mail that named no child or incident and was "
            "never screened: not counted as received."
        )
    if report.records_from:
        document.add_paragraph(
            f"Records begin on {report.records_from:%d %B %Y}: meetings before it are not counted."
        )
    if report.cancelled:
        days = ", ".join(f"{d:%d %b %Y}" for d in report.cancelled)
        document.add_paragraph(f"Meetings cancelled by the {terms.decision_maker}: {days}.")
    document.add_heading("Measures", level=2)
    rows = [("Measure", "Rule", "On time", "Late or not done")]
    for m in report.measures:
        on_time = f"{m.met} of {m.counted} ({m.percent}%)" if m.items else "none due"
        rows.append((m.name, m.rule, on_time, "; ".join(m.described_misses())))
    _table(document, rows, 4)
    document.add_heading("Attendance of standing members (target 100%)", level=2)
    _table(
        document,
        [("Agency", "Meetings attended")]
        + [
            (a.name, f"{a.attended} of {a.held} ({a.percent}%)" if a.held else "none held")
            for a in report.attendance
        ],
    )
    document.add_heading(f"At risk, for the {terms.decision_maker}", level=2)
    if not report.at_risk:
        document.add_paragraph("Nothing at risk.")
    else:
        names = {a.id: a.name for a in config.agencies}
        _table(
            document,
            [("Reference", "What", "Agency", "Due")]
            + [
                (r.what, r.task, names.get(r.agency or "", ""), f"{r.due:%d %b %Y}")
                for r in report.at_risk
            ],
            4,
        )
    return _bytes(document)


ACTION_COLUMNS = ("Action", "Agency", "Due", "Rating", "At risk")
