"""What the board keeps and reports: the annual report, the subject access export, the
purge under the retention rules, and the audit log checked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .. import clock
from .base import (
    Options,
    _acting,
    _day,
    _fail,
    _iso,
    _percent,
    _run,
    _write_private,
    app,
    err,
    out,
    shown,
)

if TYPE_CHECKING:
    from ..workflow.performance import Report


@app.command()
def report(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: a year before --to).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    docx: Annotated[
        Path | None, typer.Option("--docx", help="Also write it as a Word document here.")
    ] = None,
) -> None:
    """The sub-group's effectiveness measures over a period (7.6), for the annual report:
    meetings held, papers and minutes on time, attendance, decisions and reviews on time,
    and what is at risk now. Reference codes and dates only."""
    from ..application import reports
    from ..documents import effectiveness_report
    from ..workflow.calendar import add_months
    from ..workflow.performance import AT_RISK_WITHIN

    application = _run(ctx.obj.app)
    last = _day(end, "--to") if end else application.today()
    first = _day(start, "--from") if start else add_months(last, -12) + dt.timedelta(days=1)
    if last < first:
        _fail(f"--to ({last:%d %b %Y}) is before --from ({first:%d %b %Y})", 2)
    found = _run(lambda: reports.effectiveness(application, first, last))
    if docx is not None:
        _write_private(docx, effectiveness_report(application.config, found))
        err.print(f"written: {docx}")
    if as_json:
        out.print_json(json.dumps(_report_json(found)))
        return
    config = application.config
    out.print(
        f"[bold]{config.terms.group}, {config.board.short_name}: "
        f"{found.start:%d %b %Y} to {found.end:%d %b %Y}[/bold]",
        soft_wrap=True,
    )
    decided = "; ".join(f"{label}: {n}" for label, n in found.decisions) or "none"
    plural = "" if found.received == 1 else "s"
    out.print(
        f"{found.received} {config.terms.review_process}{plural} received, "
        f"{found.declined} declined; "
        f"decided: {decided}",
        soft_wrap=True,
    )
    if found.not_referrals:
        out.print(
            f"{found.not_referrals} opened from mail that named no child or incident and was "
            "never screened: not counted as received",
            soft_wrap=True,
        )
    if found.records_from:
        out.print(
            f"records begin on {found.records_from:%d %b %Y}: meetings before it are not counted",
            soft_wrap=True,
        )
    if found.cancelled:
        days = ", ".join(f"{d:%d %b %Y}" for d in found.cancelled)
        out.print(
            f"meetings cancelled by the {config.terms.decision_maker}: {days}", soft_wrap=True
        )
    table = Table(title="Measures")
    for column in ("measure", "rule", "on time", "late or not done"):
        table.add_column(column)
    for measure in found.measures:
        missed = ", ".join(measure.described_misses())
        colour = "green" if not measure.missed else "red"
        table.add_row(
            measure.name,
            measure.rule,
            f"[{colour}]{_percent(measure.met, measure.counted, measure.percent)}[/{colour}]",
            escape(missed),
        )
    out.print(table)
    if found.unheld:
        out.print(
            "Each meeting that took place but is not on record: panelclerk attendance DATE "
            "AGENCY... --as YOUR-ID; one that did not: panelclerk cancel-meeting DATE --as "
            "YOUR-ID.",
            soft_wrap=True,
        )
    table = Table(title="Attendance of standing members (target 100%)")
    for column in ("agency", "meetings attended"):
        table.add_column(column)
    for a in found.attendance:
        colour = "green" if a.attended == a.held else "red"
        table.add_row(a.name, f"[{colour}]{_percent(a.attended, a.held, a.percent)}[/{colour}]")
    out.print(table)
    if not found.at_risk:
        out.print(f"[green]nothing at risk in the next {AT_RISK_WITHIN.days} days[/green]")
        return
    table = Table(title=f"At risk now, for the {config.terms.decision_maker}")
    for column in ("reference", "what", "agency", "due"):
        table.add_column(column)
    for risk in found.at_risk:
        agency = config.agency(risk.agency) if risk.agency else None
        late = risk.due < found.today
        table.add_row(
            risk.what,
            risk.task,
            agency.name if agency else "",
            f"[red]{risk.due:%d %b %Y} overdue[/red]" if late else f"{risk.due:%d %b %Y}",
        )
    out.print(table)


def _report_json(found: Report) -> dict[str, Any]:
    from ..workflow.performance import Item

    def item(i: Item) -> dict[str, Any]:
        return {"what": i.what, "due": i.due.isoformat(), "done": _iso(i.done)}

    return {
        "from": found.start.isoformat(),
        "to": found.end.isoformat(),
        "today": found.today.isoformat(),
        "received": found.received,
        "not_referrals": found.not_referrals,
        "declined": found.declined,
        "decisions": dict(found.decisions),
        "records_from": _iso(found.records_from),
        "meetings_planned": [d.isoformat() for d in found.planned],
        "meetings_cancelled": [d.isoformat() for d in found.cancelled],
        "measures": [
            {
                "name": m.name,
                "rule": m.rule,
                "on_time": m.met,
                "counted": m.counted,
                "percent": m.percent,
                "per": m.per,
                "missed": [item(i) for i in m.missed],
            }
            for m in found.measures
        ],
        "attendance": [
            {"agency": a.agency, "attended": a.attended, "held": a.held, "percent": a.percent}
            for a in found.attendance
        ],
        "at_risk": [
            {"reference": r.what, "what": r.task, "agency": r.agency, "due": r.due.isoformat()}
            for r in found.at_risk
        ],
    }


@app.command()
def export(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="The case's reference code.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
    file: Annotated[Path | None, typer.Option("--out", help="Write here, not stdout.")] = None,
) -> None:
    """Everything held about one case, as JSON, for a subject access request (audited)."""
    from ..application import subject_access

    application = _run(ctx.obj.app)
    data = _run(lambda: subject_access.export(application, reference, actor))
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if file is None:
        out.print(text, soft_wrap=True, markup=False, highlight=False)
    else:
        _write_private(file, text.encode("utf-8"))
        out.print(f"{data['reference']}: written to {file}", soft_wrap=True)


@app.command()
def purge(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count, change nothing.")] = False,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help="Purge even though the clock is more than "
            "30 days after the newest record in the store (a quiet month, not a wrong clock).",
        ),
    ] = False,
) -> None:
    """Apply the retention rules: anonymise closed cases and old mail that are due, in the
    store and then in the mailbox's Processed and Quarantine folders. Refused, without
    --confirm, when the clock is far ahead of the store: a wrong clock would purge early."""
    from ..application import dataprotection
    from ..faults import describe
    from ..mail.backends import open_mailbox

    application = _run(ctx.obj.app)
    doubt = None if confirm else dataprotection.clock_doubt(application)
    if doubt and not dry_run:
        _fail(f"nothing was purged: {doubt}", 1)
    if doubt:  # a dry run changes nothing: it goes ahead, said to be in doubt
        err.print(f"warning: {shown(doubt)}", soft_wrap=True, markup=False)
    report = dataprotection.purge(application, "system", dry_run)
    verb = "would be" if dry_run else "were"
    out.print(
        f"{report.referrals} closed cases {verb} anonymised ({report.agenda_packs} agenda "
        f"packs quoting them rewritten without them); raw content of "
        f"{report.quarantined} quarantined and {report.processed} processed messages, and "
        f"of {report.outbound} of our own messages about no case, {verb} removed",
        soft_wrap=True,
    )
    try:
        mailbox = open_mailbox(application.config, application.engine)
        try:
            cleared = dataprotection.clear_mailbox(
                application, mailbox, "system", dry_run, report if dry_run else None
            )
        finally:
            mailbox.close()
    except Exception as exc:
        _fail(
            f"the store is done, but the mailbox's own copies were not cleared "
            f"({describe(exc)}); run `panelclerk purge` again when the mailbox answers",
            1,
        )
    out.print(
        f"mailbox: {cleared.removed} filed originals and {cleared.sent} copies of our own "
        f"mail whose store copy has gone {verb} deleted; "
        f"{cleared.held} older ones are still held in the store and stay; "
        f"{cleared.unrecorded} the store never recorded are left for you to look at",
        soft_wrap=True,
    )


audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    seal_unkeyed: Annotated[
        bool,
        typer.Option(
            "--seal-unkeyed",
            help="Once, after upgrading from a release without the audit key: check the "
            "entries written without a key and seal them under it.",
        ),
    ] = False,
) -> None:
    """Check every entry's keyed hash against the one before: an edit, a rewrite or a deletion
    is found; a wrong audit key is said as such (exit 2), not as an edited entry."""
    from ..application import context
    from ..store import audit as audit_log

    opts: Options = ctx.obj
    application = _run(
        lambda: context.bootstrap(
            opts.config(), opts.database_url, clock.now, seal_unkeyed=seal_unkeyed
        )
    )
    with application.uow() as uow:
        result = audit_log.verify(uow.session)
    application.engine.dispose()
    if result.ok:
        before = (
            f", the first {result.unkeyed} (written before it was keyed) sealed under it"
            if result.unkeyed
            else ""
        )
        out.print(
            f"ok: {result.entries} audit entries, the chain verifies "
            f"(audit key {result.key_id}{before})",
            soft_wrap=True,
        )
        return
    if result.key_problem:
        _fail(result.key_problem, 2)
    _fail(f"the audit log is broken at entry {result.broken_at}: {result.reason}", 1)
