"""`panelclerk`: the Business Manager's command line. Domain errors become one line on stderr
and a non-zero exit; nothing here prints a child's or family's details.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import boardfile, clock
from ..application import actionplans, context, notices, notifications, reports, screening
from ..application import meetings as meetings_stage
from ..application import status as status_stage
from ..defuse import defused
from ..documents import effectiveness_report
from ..store import audit
from ..workflow.calendar import add_months
from ..workflow.config import BoardConfig
from ..workflow.errors import ConfigError, UnknownReferral, WorkflowError
from ..workflow.forms import label
from ..workflow.lifecycle import MOVES
from ..workflow.performance import AT_RISK_WITHIN, Item, Report
from .views import actions_table

DEFAULT_DATABASE_URL = "sqlite:///var/panelclerk.db"

app = typer.Typer(
    name="panelclerk",
    help="The case-review sub-group's assistant: referrals, deadlines, recommendations, decisions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@dataclass
class Options:
    config_path: str | None
    database_url: str

    def config(self, framework: str | None = None) -> BoardConfig:
        return boardfile.load_board(self.config_path, framework)

    def app(self) -> context.App:
        return context.bootstrap(self.config(), self.database_url, clock.now)


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            "-c",
            envvar="PANELCLERK_CONFIG",
            help="The board's TOML file (default: the fictional demo board).",
        ),
    ] = None,
    database_url: Annotated[
        str,
        typer.Option(
            "--database-url",
            envvar="DATABASE_URL",
            help="SQLAlchemy URL: a SQLite file by default, or postgresql+psycopg://...",
        ),
    ] = DEFAULT_DATABASE_URL,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar=clock.TODAY,
            help="Run as of this date (YYYY-MM-DD): shorthand for --now at noon that day.",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Run at this fixed moment (YYYY-MM-DDTHH:MM, London time unless it has an "
            f"offset; {clock.NOW} in the environment): for trials and tests; without either, "
            "the machine's clock.",
        ),
    ] = None,
) -> None:
    # One setting for every command, the demo and check-config included: an option given pins
    # the process's clock here; otherwise clock.now() honours PANELCLERK_NOW itself.
    try:
        if today:
            clock.pin(clock.parse_moment(_day(today, "--today").isoformat(), "--today"))
        elif now:
            clock.pin(clock.parse_moment(now, "--now"))
        else:
            clock.setting()  # a bad PANELCLERK_NOW is said now, not deep in a command
    except clock.ClockSettingError as exc:
        _fail(str(exc), 2)
    ctx.obj = Options(config, database_url)


def _acting(name: str) -> str:
    """`--as NAME` is a label anyone at the shell can type: the operating-system user who
    typed it is recorded beside it in every audit entry the command writes."""
    audit.acting_through(f"command line, OS user {_os_user()}")
    return name


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (a container): the number says who
        return f"uid {os.getuid()}"


def shown(value: object, *, lines: bool = False, markup: bool = False) -> str:
    """Stored or received text as it may reach the terminal (`defuse.defused`); `markup`
    escapes rich markup too, for a line printed with markup on (a table cell, a coloured
    line): `[red]` in the data is then shown, not applied."""
    text = defused(value, lines)
    return escape(text) if markup else text


def _fail(message: str, code: int = 1) -> None:
    # an error can quote what it was given (a reference code, a file name): defused
    err.print(f"[red]error:[/red] {shown(message, markup=True)}", soft_wrap=True)
    raise typer.Exit(code)


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except ConfigError as exc:
        _fail(str(exc), 2)
    except UnknownReferral as exc:
        _fail(str(exc), 3)
    except WorkflowError as exc:
        _fail(str(exc), 1)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@app.command("check-config")
def check_config(
    file: Annotated[Path, typer.Argument(help="The board's TOML file.")],
) -> None:
    """Validate a board config; on error, name the file, the key and what was expected."""
    config = _run(lambda: boardfile.load_board(file))
    from ..render import check_templates, template_names
    from ..workflow.deadlines import Deadlines

    problems = check_templates(config, config.board.templates_dir)
    for problem in problems:
        err.print(f"[red]error:[/red] template {escape(problem)}", soft_wrap=True)
    if problems:
        raise typer.Exit(2)
    meetings = Deadlines(config).schedule.year_ahead(clock.today())
    out.print(
        f"ok: {file}: {config.board.name} ({config.framework.id}), "
        f"{len(config.agencies)} agencies, {len(config.people)} people, "
        f"{len(config.review_types)} review types, {len(meetings)} meetings in the year ahead, "
        f"{len(template_names(config.board.templates_dir))} templates render",
        soft_wrap=True,
    )
    from ..workflow.distribution import agency_contacts

    for gap in Deadlines(config).calendar.gaps(clock.today()):
        out.print(f"warning: {escape(gap)}", soft_wrap=True)
    if config.mailbox.trust_mta_without_authentication:
        out.print(
            "warning: mailbox.trust_mta_without_authentication = true: no "
            "Authentication-Results are read, so a forged From is believed unless the mail "
            "server rejects mail failing DMARC and strips Authentication-Results before "
            "delivery; name the server with mailbox.authserv_id instead",
            soft_wrap=True,
        )
    # Not errors (the board may mean it), but each is an address a decision would lack (4.6).
    for agency in config.agencies:
        if not agency.board_member_email:
            out.print(
                f"warning: {agency.name} has no board_member_email: a decision on a referral "
                "it makes cannot be emailed to its board member",
                soft_wrap=True,
            )
        if not agency_contacts(config, agency.id):
            out.print(
                f"warning: {agency.name} has nobody in the board file: if it attends a "
                "meeting, the decision cannot be emailed to it",
                soft_wrap=True,
            )


@app.command()
def meetings(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
) -> None:
    """The year's meetings with their submission, précis, dispatch and minutes deadlines."""
    opts: Options = ctx.obj
    application = _run(opts.app)  # the Chair's cancellations are in the store
    config = application.config
    first = _day(start, "--from") if start else application.today()
    found = application.deadlines.schedule.year_ahead(first)
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "date": m.date.isoformat(),
                        "start": m.start.isoformat("minutes"),
                        "submission_deadline": _iso(m.submission_deadline),
                        "precis_due": _iso(m.precis_due),
                        "agenda_dispatch": _iso(m.agenda_dispatch),
                        "minutes_due": _iso(m.minutes_due),
                        "moved_from": _iso(m.moved_from),
                    }
                    for m in found
                ]
            )
        )
        return
    table = Table(title=f"{config.terms.group} meetings, {config.board.short_name}")
    for column in (
        "meeting",
        "items and papers by",
        f"{config.terms.precis} by",
        "agenda sent by",
        "minutes by",
    ):
        table.add_column(column)
    for m in found:
        moved = f" (moved from {m.moved_from:%d %b})" if m.moved_from else ""
        table.add_row(
            f"{m.date:%a %d %b %Y} {m.start:%H:%M}{moved}",
            f"{m.submission_deadline:%a %d %b %Y}",
            f"{m.precis_due:%a %d %b %Y}",
            f"{m.agenda_dispatch:%a %d %b %Y}",
            f"{m.minutes_due:%a %d %b %Y}",
        )
    out.print(table)


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    include_closed: Annotated[
        bool, typer.Option("--all", help="Include closed referrals.")
    ] = False,
) -> None:
    """The pipeline: each referral, its state, its next due date; overdue in red."""
    opts: Options = ctx.obj
    application = _run(opts.app)
    rows = _run(lambda: status_stage.pipeline(application, include_closed=include_closed))
    mail = status_stage.attention(application)
    minutes = notices.minutes_outstanding(application)
    risky = [a for a in actionplans.listing(application) if a.risks]
    unrecorded = notices.meetings_unrecorded(application)
    today = application.today()
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "today": today.isoformat(),
                    "mail": {
                        "quarantined": mail.quarantined,
                        "held": mail.held,
                        "outbox_queued": mail.outbox_queued,
                        "outbox_failed": mail.outbox_failed,
                        "chat_failed": mail.chat_failed,
                    },
                    "minutes_due": [
                        {
                            "meeting": m.date.isoformat(),
                            "due": m.minutes_due.isoformat(),
                            "overdue": m.minutes_due < today,
                        }
                        for m in minutes
                    ],
                    "meetings_not_on_record": [d.isoformat() for d in unrecorded],
                    "actions_at_risk": [
                        {"action": a.action.key, "agency": a.action.agency, "why": list(a.risks)}
                        for a in risky
                    ],
                    "referrals": [
                        {
                            "reference": r.reference,
                            "state": r.state.value,
                            "referring_agency": r.referring_agency,
                            "received_on": _iso(r.received_on),
                            "meeting": _iso(r.meeting_date),
                            "missing": list(r.missing),
                            "precis_waiting": list(r.precis_waiting),
                            "next_due": None
                            if r.next_due is None
                            else {
                                "what": r.next_due.what,
                                "date": r.next_due.date.isoformat(),
                                "rule": r.next_due.rule,
                            },
                            "overdue": r.overdue(today),
                            "review_day": list(r.review_day) if r.review_day else None,
                            "notices": [
                                {
                                    "to": n.body,
                                    "status": n.status,
                                    "due": n.due.isoformat(),
                                    "overdue": n.overdue(today),
                                }
                                for n in r.notices
                            ],
                        }
                        for r in rows
                    ],
                },
                ensure_ascii=True,
            ),
            ensure_ascii=True,
        )
        return
    if mail.quarantined or mail.held:
        out.print(
            f"[yellow]{mail.quarantined} quarantined and {mail.held} held "
            "messages wait for you: panelclerk quarantine list[/yellow]"
        )
    if mail.outbox_failed:
        out.print(
            f"[bold red]{mail.outbox_failed} outbound messages FAILED: "
            "panelclerk outbox list[/bold red]"
        )
    if mail.chat_failed:
        out.print(
            f"[bold red]{mail.chat_failed} chat messages FAILED to post: once mended, "
            "panelclerk outbox retry-chat --as ID[/bold red]"
        )
    for meeting in minutes:
        line = (
            f"minutes of the meeting of {meeting.date:%d %b %Y} due {meeting.minutes_due:%d %b %Y}"
            f": once out, panelclerk minutes sent {meeting.date.isoformat()} --as ID"
        )
        out.print(f"[bold red]OVERDUE {line}[/bold red]" if meeting.minutes_due < today else line)
    for day in unrecorded:
        out.print(
            f"the meeting of {day:%d %b %Y} is not on record as held: once held, "
            f"panelclerk attendance {day.isoformat()} AGENCY... --as ID; if it did not take "
            f"place, panelclerk cancel-meeting {day.isoformat()} --as ID",
            soft_wrap=True,
        )
    if risky:
        codes = ", ".join(f"{a.action.key} ({a.risks[0]})" for a in risky)
        out.print(
            f"[yellow]actions at risk: {shown(codes, markup=True)}: "
            "panelclerk actions list[/yellow]",
            soft_wrap=True,
        )
    if not rows:
        out.print("No open referrals.")
        return
    table = Table(title=f"Referrals, {application.config.board.short_name}, as of {today:%d %b %Y}")
    table.add_column("reference", no_wrap=True)
    for column in ("state", "agency", "meeting", "next due", "waiting for"):
        table.add_column(column)
    for r in rows:
        due = "-"
        if r.next_due is not None:
            due = f"{r.next_due.date:%d %b %Y}: {shown(r.next_due.what, markup=True)}"
            if r.overdue(today):
                due = f"[bold red]OVERDUE {due}[/bold red]"
        unsent = [
            (
                f"[bold red]{shown(n.body, markup=True)} notice OVERDUE[/bold red]"
                if n.overdue(today)
                else shown(f"{n.body} notice {n.status} (due {n.due:%d %b})", markup=True)
            )
            for n in r.notices
            if n.status != "sent"
        ]
        waiting = (
            ", ".join(
                [*(shown(label(f), markup=True) for f in r.missing)]
                + [shown(p, markup=True) for p in r.precis_waiting]
                + unsent
            )
            or "-"
        )
        table.add_row(  # a table cell is markup: each stored piece defused
            shown(r.reference, markup=True),
            shown(application.config.state_label(r.state), markup=True)
            + (f" (day {r.review_day[0]} of {r.review_day[1]})" if r.review_day else ""),
            shown(r.referring_agency or "?", markup=True),
            f"{r.meeting_date:%d %b %Y}" if r.meeting_date else "-",
            due,
            waiting,
        )
    out.print(table)


@app.command()
def move(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="Reference code, e.g. SCR-2026-007.")],
    move_name: Annotated[str, typer.Argument(metavar="MOVE", help="e.g. place_on_agenda")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="Who is acting: a person id from config.")
    ],
    meeting: Annotated[
        str | None, typer.Option(help="Meeting date for place_on_agenda or reschedule.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Reason, for decline.")] = None,
    on: Annotated[
        str | None,
        typer.Option(help="The day a review began or completed, if not today."),
    ] = None,
) -> None:
    """Make one life-cycle move on a referral, as a named person."""
    opts: Options = ctx.obj
    if move_name not in MOVES:
        _fail(f"unknown move {move_name!r}; moves: {', '.join(MOVES)}", 2)
    if move_name == "decline" and not (reason or "").strip():
        _fail("decline needs --reason: the referrer is told it", 2)
    if on and move_name not in ("start_review", "complete_review"):
        _fail("--on is for start_review and complete_review", 2)
    application = _run(opts.app)
    day = _day(meeting, "--meeting") if meeting else None
    happened = _day(on, "--on") if on else None

    def act() -> None:  # the one dispatcher, as chat and the console use
        details: dict[str, Any] = {"reason": reason} if reason else {}
        if day is not None:
            details["meeting_date"] = day
        if happened is not None:
            details["on"] = happened
        screening.move(application, reference, move_name, actor, **details)

    _run(act)
    with application.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        out.print(
            f"{row.reference}: {move_name.replace('_', ' ')} done; "
            f"now {application.config.state_label(row.state)}",
            soft_wrap=True,
        )
    if move_name == "start_review":
        out.print(
            f"the learning summary is ready: panelclerk documents {row.reference} --out DIR",
            soft_wrap=True,
        )


@app.command()
def ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A Maildir or a folder of .eml files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Process every message in a folder once (backfill after an outage, or scripts).
    Running it again over the same folder changes nothing."""
    from rich.progress import Progress

    from ..intake.maildir import EmlFolder
    from ..intake.monitor import Router

    opts: Options = ctx.obj
    if not path.is_dir():
        _fail(f"{path}: not a folder (give a Maildir or a folder of .eml files)", 2)
    application = _run(opts.app)
    folder = EmlFolder(path)
    refs = folder.list_new()
    router = Router(application)
    results = []
    with Progress(console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=len(refs))
        for ref in refs:
            try:
                result = router.process(folder, ref)
            except Exception as exc:
                from ..faults import describe
                from ..intake.monitor import Result

                result = Result(ref.key, "unknown", "error", None, describe(exc))
            result.key = str(Path(ref.handle).name)
            results.append(result)
            bar.advance(task)
    for r in results:
        if as_json:  # JSON Lines: one object per message
            out.print(json.dumps(r.as_dict()), soft_wrap=True, markup=False, highlight=False)
        else:
            bits = [r.key, r.kind, r.reference or "-", r.outcome]
            if r.meeting:
                bits.append(f"meeting {r.meeting}")
            if r.detail:
                bits.append(r.detail)
            # a file name, a sender's subject or a reason can carry terminal escapes
            out.print(shown("  ".join(bits)), soft_wrap=True, markup=False)
    if any(r.outcome == "error" for r in results):
        raise typer.Exit(1)


def _refuse_a_full_inbox(application: context.App, mailbox: Any) -> None:
    from ..intake.golive import first_pass_problem

    try:
        problem = first_pass_problem(application, mailbox)
    except Exception as exc:  # the mailbox unreachable: the loops report and retry that
        from ..faults import describe

        err.print(f"could not look into the mailbox before starting ({describe(exc)})")
        return
    if problem:
        mailbox.close()
        _fail(problem, 2)


@app.command()
def monitor(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
) -> None:
    """Watch the configured mailbox: route new mail, send the outbox, send reminders."""
    import time

    from ..intake.backends import open_mailbox
    from ..intake.imap import ImapMailbox
    from ..intake.monitor import Router
    from ..intake.outbox import deliver_due

    opts: Options = ctx.obj
    application = _run(opts.app)
    mailbox = _run(lambda: open_mailbox(application.config, application.engine))
    _refuse_a_full_inbox(application, mailbox)
    router = Router(application)
    settings = application.config.mailbox
    try:
        while True:
            results = router.run_once(mailbox)
            notices.scheduled_jobs(application)
            report = deliver_due(
                application.uow, application.config, mailbox.transport(), application.clock()
            )
            out.print(
                f"{len(results)} messages processed; outbox: {report.sent} sent, "
                f"{report.retried} to retry, {report.failed} failed",
                soft_wrap=True,
            )
            if once:
                break
            if isinstance(mailbox, ImapMailbox):
                mailbox.wait(settings.idle_seconds)
            else:
                time.sleep(settings.poll_seconds)
    finally:
        mailbox.close()


@app.command("check-mailbox")
def check_mailbox(ctx: typer.Context) -> None:
    """Log in to the configured mailbox and list the folders it will use; touch nothing."""
    from ..intake.backends import open_mailbox
    from ..intake.check import check

    application = _run(ctx.obj.app)
    try:
        mailbox = open_mailbox(application.config, application.engine)
    except Exception as exc:
        _fail(f"cannot open the mailbox: {exc}", 1)
        raise
    try:
        good, bad = check(mailbox)
        if not bad:
            from ..intake.golive import first_pass_problem

            problem = first_pass_problem(application, mailbox)
            if problem:
                bad.append(problem)
    finally:
        mailbox.close()
    for line in good:
        out.print(f"ok: {line}", soft_wrap=True, markup=False)
    for line in bad:
        err.print(f"problem: {line}", soft_wrap=True, markup=False)
    if bad:
        raise typer.Exit(1)


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
    from ..application import dataprotection

    application = _run(ctx.obj.app)
    data = _run(lambda: dataprotection.export(application, reference, actor))
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if file is None:
        out.print(text, soft_wrap=True, markup=False, highlight=False)
    else:
        _write_private(file, text.encode("utf-8"))
        out.print(f"{data['reference']}: written to {file}", soft_wrap=True)


def _write_private(path: Path, data: bytes) -> None:
    """A file only its owner can read, or one line saying why it could not be written."""
    from ..files import write_private

    try:
        write_private(path, data)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc.__class__.__name__}", 1)


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
    from ..intake.backends import open_mailbox

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


outbox_app = typer.Typer(help="Messages waiting to be sent, sent, or failed.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("send")
def outbox_send(ctx: typer.Context) -> None:
    """Send every message that is due now through the configured mailbox."""
    from ..intake.backends import open_mailbox
    from ..intake.outbox import deliver_due

    opts: Options = ctx.obj
    application = _run(opts.app)
    mailbox = _run(lambda: open_mailbox(application.config, application.engine))
    report = deliver_due(
        application.uow, application.config, mailbox.transport(), application.clock()
    )
    out.print(f"{report.sent} sent, {report.retried} to retry, {report.failed} failed")
    if (
        isinstance(application.config.mailbox.outbox_dir, str)
        and application.config.mailbox.backend == "maildir"
    ):
        out.print(
            f"written to {Path(application.config.mailbox.outbox_dir).resolve()}", soft_wrap=True
        )


@outbox_app.command("list")
def outbox_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every outbound message with its status (queued, sending, sent, failed)."""
    from sqlmodel import col, select

    from ..store.tables import OutboundMessage

    opts: Options = ctx.obj
    application = _run(opts.app)
    with application.uow() as uow:
        rows = list(uow.session.exec(select(OutboundMessage).order_by(col(OutboundMessage.id))))
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "status": r.status,
                        "attempts": r.attempts,
                        "recipients": len(r.recipients),
                        "delivered": len(r.delivered_to),
                        "refused": r.refused,
                        "last_error": r.last_error,
                    }
                    for r in rows
                ],
                ensure_ascii=True,
            ),
            ensure_ascii=True,
        )
        return
    for r in rows:
        colour = {"failed": "red", "queued": "yellow", "sending": "yellow"}.get(r.status, "green")
        reached = (
            f"reached {len(r.delivered_to)} of {len(r.recipients)}"
            if r.delivered_to or r.status != "queued"
            else f"to {len(r.recipients)}"
        )
        refused = "; ".join(f"refused by {a}: {why}" for a, why in r.refused.items())
        out.print(
            f"{r.id:>5}  {shown(r.kind, markup=True):<20} "
            f"[{colour}]{shown(r.status, markup=True):<7}[/{colour}] attempts "
            f"{r.attempts}  {reached}"
            # a refusal quotes the remote server's words: defused like any stored text
            + "".join(f"  {shown(x, markup=True)}" for x in (refused, r.last_error or "") if x),
            soft_wrap=True,
        )


@outbox_app.command("retry")
def outbox_retry(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="The id shown by `outbox list`.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Send a failed or partly refused message again, once its cause is mended: only to the
    recipients who do not have it (audited)."""
    from ..application.deliveries import retry

    opts: Options = ctx.obj
    application = _run(opts.app)
    row = _run(lambda: retry(application, message, actor))
    waiting = len(row.recipients) - len(row.delivered_to)
    out.print(f"message {message} queued again for {waiting} recipients; `outbox send` sends it")


@outbox_app.command("retry-chat")
def outbox_retry_chat(
    ctx: typer.Context,
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Post again every chat message that failed, once its cause is mended (audited)."""
    from .delivery import retry_failed

    opts: Options = ctx.obj
    application = _run(opts.app)
    count = _run(lambda: retry_failed(application, actor))
    out.print(f"{count} chat messages queued again; the running service posts them")


agenda_app = typer.Typer(help="The agenda pack of a meeting (7.3).", no_args_is_help=True)
app.add_typer(agenda_app, name="agenda")


def _day(text: str, what: str) -> dt.date:
    """A date as the Business Manager types it: 2026-12-08, or day first as in England
    (8/12/2026, 08.12.2026, 8 Dec 2026, 8 December 2026)."""
    text = text.strip()
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    for form in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, form).date()
    _fail(f"{what}: expected a date like 2026-12-08 or 8/12/2026, got {text!r}", 2)
    raise AssertionError("unreachable")


@agenda_app.command("prepare")
def agenda_prepare(
    ctx: typer.Context, meeting: Annotated[str, typer.Argument(help="The meeting's date.")]
) -> None:
    """Compile the pack and ask the Business Manager to confirm it."""
    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    if application.deadlines.schedule.find(day) is None:
        _fail(f"{day:%d %b %Y} is not a scheduled meeting", 1)
    asked = _run(lambda: notices.prepare_agenda(application, day))
    out.print(
        "the Business Manager is asked to confirm"
        if asked
        else "already prepared; waiting for confirmation or sent"
    )


@agenda_app.command("confirm")
def agenda_confirm(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Send the agenda pack to members and invited agencies."""
    application = _run(ctx.obj.app)
    count = _run(lambda: notices.confirm_agenda(application, _day(meeting, "MEETING"), actor))
    out.print(f"agenda pack queued to {count} recipients; `panelclerk outbox send` sends it")


minutes_app = typer.Typer(help="The minutes of meetings held (7.6).", no_args_is_help=True)
app.add_typer(minutes_app, name="minutes")


@minutes_app.command("sent")
def minutes_sent(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="The day they went out (default: today).")
    ] = None,
) -> None:
    """Record that a meeting's minutes went out; they stop being due."""
    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    sent_on = _day(on, "--on") if on else None
    recorded = _run(lambda: notices.record_minutes_sent(application, day, actor, sent_on))
    out.print(f"minutes of the meeting of {day:%d %b %Y} recorded as sent {recorded:%d %b %Y}")


actions_app = typer.Typer(
    help="Action plans and their RAG ratings, reviewed quarterly (7.4).", no_args_is_help=True
)
app.add_typer(actions_app, name="actions")


@actions_app.command("add")
def actions_add(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="A review's reference code, or a plan's name.")],
    text: Annotated[str, typer.Argument(help="The action, without names.")],
    agency: Annotated[str, typer.Option(help="The agency that owns it, by id.")],
    due: Annotated[str, typer.Option(help="The date it is to be done by.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Add an action to a plan; it is rated green until its agency says otherwise."""
    application = _run(ctx.obj.app)
    by = _day(due, "--due")
    added = _run(lambda: actionplans.add(application, plan, text, agency, by, actor))
    out.print(f"{added.key} added for {agency}, due {added.due:%d %b %Y}", soft_wrap=True)


@actions_app.command("rate")
def actions_rate(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(help="The action, as PLAN/NUMBER.")],
    rating: Annotated[str, typer.Argument(help="red, amber, green or complete.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
    note: Annotated[str | None, typer.Option(help="A line on progress, without names.")] = None,
    on: Annotated[str | None, typer.Option(help="The day it was rated (default: today).")] = None,
) -> None:
    """Record an action's rating, as its agency gave it; complete closes it."""
    application = _run(ctx.obj.app)
    day = _day(on, "--on") if on else None
    rated = _run(lambda: actionplans.rate(application, action, rating, actor, note, day))
    out.print(f"{rated.key} rated {rated.rag.value} on {rated.rated_on:%d %b %Y}", soft_wrap=True)


@actions_app.command("apply")
def actions_apply(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="The held update's id, from the chat notice.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Record the ratings an agency's reply gives ("SCR-2026-001/1: amber, ..."), once you
    have read it (`quarantine show`); lines that are not its own actions are left."""
    application = _run(ctx.obj.app)
    done = _run(lambda: actionplans.apply_update(application, message, actor))
    for line in done:
        mark = "recorded" if line.recorded else "[yellow]left[/yellow]"
        out.print(f"{escape(line.key)}: {mark}, {escape(line.why)}", soft_wrap=True)


@actions_app.command("list")
def actions_list(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option(help="One plan only.")] = None,
    agency: Annotated[str | None, typer.Option(help="One agency's actions only.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Include complete actions.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
) -> None:
    """The open actions with their ratings; what is at risk in red (7.6)."""
    application = _run(ctx.obj.app)
    found = _run(lambda: actionplans.listing(application, plan, agency, everything))
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "action": f.action.key,
                        "text": f.action.text,
                        "agency": f.action.agency,
                        "due": f.action.due.isoformat(),
                        "rag": f.action.rag.value,
                        "rated_on": f.action.rated_on.isoformat(),
                        "rating_due": _iso(f.rating_due),
                        "note": f.note,
                        "at_risk": list(f.risks),
                    }
                    for f in found
                ]
            )
        )
        return
    if not found:
        out.print("no actions" if everything else "no open actions")
        return
    out.print(actions_table(application.config, found))


@app.command("cancel-meeting")
def cancel_meeting(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The planned meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Chair (or the Business Manager).")
    ],
    reason: Annotated[
        str | None, typer.Option(help="Why, for the members (default: no business).")
    ] = None,
) -> None:
    """Cancel a planned meeting with no business on it (7.6: the Chair's decision); members
    are told, with the next meeting. A meeting with business is refused, naming it. A past
    meeting that did not take place is recorded as cancelled, telling nobody."""
    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    following = _run(lambda: notices.cancel_meeting(application, day, actor, reason))
    told = "members are told" if day > application.today() else "nobody is told"
    after = f"; the next is {following:%d %b %Y}" if following else ""
    out.print(f"the meeting of {day:%d %b %Y} is cancelled; {told}{after}", soft_wrap=True)


@app.command("reinstate-meeting")
def reinstate_meeting(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The cancelled meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Chair (or the Business Manager).")
    ],
) -> None:
    """Undo a cancellation made here, while the meeting is still ahead; members are told."""
    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    _run(lambda: notices.reinstate_meeting(application, day, actor))
    out.print(f"the meeting of {day:%d %b %Y} goes ahead; members are told", soft_wrap=True)


@app.command()
def attendance(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    agencies: Annotated[list[str], typer.Argument(help="Each agency that attended, by id.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Record a meeting as held, with who attended (7.6); its minutes then fall due.
    Discussing a referral records this too; use it for the rest of the attendance, or for
    a meeting that discussed no referral."""
    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    on_record = _run(lambda: meetings_stage.record_meeting(application, day, actor, agencies))
    out.print(
        f"the meeting of {day:%d %b %Y} is recorded as held; attended: {', '.join(on_record)}",
        soft_wrap=True,
    )


def _percent(met: int, of: int, value: int | None) -> str:
    return f"{met} of {of} ({value}%)" if value is not None else "none due"


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
    def item(i: Item) -> dict[str, Any]:
        return {"what": i.what, "due": i.due.isoformat(), "done": _iso(i.done)}

    return {
        "from": found.start.isoformat(),
        "to": found.end.isoformat(),
        "today": found.today.isoformat(),
        "received": found.received,
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


@app.command("lead-reviewer")
def lead_reviewer(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Argument(help="The lead reviewer's name.")],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
) -> None:
    """Record the lead reviewer once appointed; the National Panel is told (8.1)."""
    application = _run(ctx.obj.app)
    _run(lambda: notices.record_lead_reviewer(application, reference, actor, name))
    out.print(f"{reference.upper()}: lead reviewer recorded; the Panel notice is queued")


@app.command()
def notified(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
    on: Annotated[
        str | None, typer.Option("--on", help="The day it was sent (default: today).")
    ] = None,
) -> None:
    """Record that the local authority notified the National Panel and Ofsted of the
    serious incident; the notification is then no longer due."""
    application = _run(ctx.obj.app)
    day = _day(on, "--on") if on else application.today()
    _run(lambda: notifications.record_panel_notification(application, reference, actor, day))
    panel = application.config.terms.national_panel
    out.print(f"{reference.upper()}: notification to the {panel} recorded as sent {day:%d %b %Y}")


@app.command("request-info")
def request_info(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    question: Annotated[str, typer.Argument(help="What the referrer is asked.")],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
) -> None:
    """The Chair asks the referrer for more information by email (4.1, 4.5)."""
    application = _run(ctx.obj.app)
    _run(lambda: notices.request_more_info(application, reference, actor, question))
    out.print(f"{reference.upper()}: question queued to the referrer; the referral waits")


@app.command()
def documents(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    folder: Annotated[Path, typer.Option("--out", help="Where to write them.")] = Path("."),
) -> None:
    """Write a referral's documents (decision record, learning summary) to a folder."""
    from sqlmodel import select

    from ..store.tables import Document

    application = _run(ctx.obj.app)

    def export() -> list[Path]:
        written = []
        with application.uow() as uow:
            row = uow.referrals.row(reference, lock=False)
            for doc in uow.session.exec(select(Document).where(Document.referral_id == row.id)):
                target = folder / Path(doc.filename).name
                _write_private(target, doc.data)
                written.append(target)
        return written

    for path in _run(export):
        out.print(str(path), soft_wrap=True)


quarantine_app = typer.Typer(
    help="Messages kept back for the Business Manager.", no_args_is_help=True
)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command("list")
def quarantine_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Quarantined and held messages with the reason for each."""
    from ..intake.monitor import quarantined

    opts: Options = ctx.obj
    application = _run(opts.app)
    rows = quarantined(application)
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "outcome": r.outcome,
                        "kind": r.kind,
                        "sender": r.sender,
                        "reference": r.reference,
                        "reason": r.reason,
                        "received_at": r.received_at.isoformat(),
                    }
                    for r in rows
                ],
                ensure_ascii=True,
            ),
            ensure_ascii=True,  # a C1 control or bidi mark leaves as \u009b, never raw
        )
        return
    if not rows:
        out.print("Nothing in quarantine.")
    for r in rows:
        out.print(
            shown(
                f"{r.id:>5}  {r.outcome:<11} {r.received_at:%d %b %H:%M}  "
                f"{r.sender or '(no sender)'}  {r.reference or '-'}  {r.reason or ''}"
            ),
            soft_wrap=True,
            markup=False,
        )


@quarantine_app.command("show")
def quarantine_show(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="The id shown by `quarantine list`.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Read a quarantined or held message (an agency's action plan update, a case's late
    mail) without leaving the command line; reading it is audited."""
    from ..intake.monitor import read_kept

    application = _run(ctx.obj.app)
    kept = _run(lambda: read_kept(application, message, actor))
    for name, value in (
        ("Message", f"{kept.id}, {kept.outcome}: {kept.reason}"),
        ("From", kept.sender),
        ("Date", kept.date),
        ("Subject", kept.subject),
        ("Attached", ", ".join(kept.attachments) or "nothing"),
    ):
        out.print(shown(f"{name}: {value}"), markup=False, soft_wrap=True)
    out.print("")
    out.print(shown(kept.text, lines=True), markup=False, soft_wrap=True)


@quarantine_app.command("release")
def quarantine_release(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="The id shown by `quarantine list`.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Route a quarantined or held message as if its sender were trusted (audited)."""
    from ..intake.monitor import release

    opts: Options = ctx.obj
    application = _run(opts.app)
    result = _run(lambda: release(application, message, actor))
    out.print(
        shown(
            f"message {message}: {result.kind} {result.reference or '-'} {result.outcome}"
            f"{'  ' + result.detail if result.detail else ''}"
        ),
        soft_wrap=True,
        markup=False,
    )


@app.command()
def ask(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The case in your own words.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
) -> None:
    """Should I refer? The criteria applied to a description: advice, never a decision."""
    from ..nlp.facts import extract_facts, facts_as_json
    from ..workflow.criteria import advise, reminder

    opts: Options = ctx.obj
    config = _run(opts.config)
    if not text.strip():
        _fail("describe the case in a few sentences", 2)
    facts = extract_facts(text)
    advice = advise(facts, config)
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "outcome": advice.outcome,
                    "facts": facts_as_json(facts),
                    "reasons": list(advice.reasons),
                    "ask_about": list(advice.ask_about),
                    "questions": list(advice.questions),
                    "alternatives": list(advice.alternatives),
                    "reminder": reminder(config),
                }
            )
        )
        return
    from ..bot.conversation import render_advice

    out.print(render_advice(facts, advice, config), soft_wrap=True, markup=False)


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="HTTP port for Slack's requests.")] = 3000,
    teams_port: Annotated[
        int, typer.Option(help="HTTP port for Teams' activities (/api/messages).")
    ] = 3978,
    console_port: Annotated[
        int | None,
        typer.Option(
            help="Serve the console on this port too (on the [console] table's host, "
            "127.0.0.1 by default, behind the board's HTTPS proxy)."
        ),
    ] = None,
) -> None:
    """Run everything: the mailbox monitor, the outboxes and the chat apps from the config."""
    import logging

    from .serve import serve as run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    application = _run(ctx.obj.app)
    if "slack" in application.config.chat.platforms:
        from ..intake.backends import _secret

        missing = [n for n in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET") if not _secret(n)]
        if missing:
            _fail(f"Slack is configured but {', '.join(missing)} is not set in the environment", 2)
    if "teams" in application.config.chat.platforms:
        from ..intake.backends import _secret

        needed = (
            ("TEAMS_WEBHOOK_URL",)
            if application.config.chat.teams_mode == "webhook"
            else ("TEAMS_APP_ID", "TEAMS_APP_SECRET")
        )
        missing = [n for n in needed if not _secret(n)]
        if missing:
            _fail(f"Teams is configured but {', '.join(missing)} is not set in the environment", 2)
    console = None
    if console_port is not None:
        from ..web.settings import ConsoleSettingError, from_board

        try:
            console = from_board(application.config, console_port)
        except ConsoleSettingError as exc:
            _fail(str(exc), 2)
    from ..intake.backends import open_mailbox

    mailbox = _run(lambda: open_mailbox(application.config, application.engine))
    try:
        _refuse_a_full_inbox(application, mailbox)
    finally:
        mailbox.close()
    run(
        application,
        port,
        teams_port=teams_port,
        console=console,
        ready=lambda p: out.print(
            f"panelclerk serving{' Slack on port ' + str(p) if p else ''}; SIGTERM stops it"
        ),
    )


@app.command()
def decide(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="Reference code, e.g. SCR-2026-007.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The decision maker's person id.")
    ],
    review_type: Annotated[str, typer.Option(help="A review type id from the config.")],
    rationale: Annotated[str, typer.Option(help="The reasons, as they go in the record.")],
    methodology: Annotated[str | None, typer.Option(help="For an SCR: its method.")] = None,
    lead_reviewer: Annotated[str | None, typer.Option(help="Lead reviewer, if named.")] = None,
) -> None:
    """Record the decision (or a partner's sign-off) without chat, with the chat form's checks.

    For boards whose Teams only posts (webhook mode) or that have no chat at all."""
    opts: Options = ctx.obj
    application = _run(opts.app)
    from ..application import notices

    decided = _run(
        lambda: notices.decide(
            application,
            reference,
            actor,
            review_type=review_type,
            rationale=rationale,
            methodology=methodology,
            lead_reviewer=lead_reviewer,
        )
    )
    if decided.decision is None:
        out.print(
            f"{decided.reference}: sign-off recorded; waiting for "
            f"{', '.join(decided.waiting) or 'nobody'}"
        )
    else:
        out.print(
            f"{decided.reference}: decision recorded ({decided.decision.review_type}); the "
            "decision email and statutory notices are queued"
        )


@app.command("teams-package")
def teams_package(
    ctx: typer.Context,
    app_id: Annotated[
        str, typer.Option(envvar="TEAMS_APP_ID", help="The bot's Microsoft App ID (a GUID).")
    ] = "",
    website: Annotated[
        str,
        typer.Option(
            envvar="BOARD_WEBSITE",
            help="The board's https:// website; /privacy and /terms are linked beneath it.",
        ),
    ] = "",
    output: Annotated[Path, typer.Option("--out", help="Where to write the zip.")] = Path(
        "dist/panelclerk-teams.zip"
    ),
) -> None:
    """Build the Teams app package (manifest and icons) for the Teams admin centre."""
    from importlib.metadata import version

    from .teams_package import PackageError, build

    if not app_id:
        _fail("set TEAMS_APP_ID (or --app-id) to the bot's Microsoft App ID", 2)
    if not website:
        _fail("set BOARD_WEBSITE (or --website) to the board's https:// website", 2)
    config = _run(ctx.obj.config)
    try:
        path = build(config, app_id, website, output, version("panelclerk"))
    except PackageError as exc:
        _fail(str(exc), 2)
    out.print(f"wrote {path}: upload it in the Teams admin centre (Manage apps, Upload an app)")


@app.command()
def demo(
    framework: Annotated[
        str | None,
        typer.Option(
            help=f"Run the demo board under another preset: {', '.join(boardfile.PRESETS)}."
        ),
    ] = None,
    data: Annotated[Path, typer.Option(help="Folder for the demo's database and mail.")] = Path(
        "var/demo"
    ),
    console: Annotated[
        bool,
        typer.Option(
            "--console",
            help="Then serve the console on the demo's data, on 127.0.0.1 only, with a "
            "sign-in page listing the demo board's people.",
        ),
    ] = False,
    port: Annotated[int, typer.Option(help="The console's port, with --console.")] = 8080,
) -> None:
    """Walk one referral through the whole life cycle, showing what each person sees."""
    from .demo import run_demo

    _run(lambda: run_demo(out, data, framework))
    if console:
        if framework:
            _fail("--console serves the demo board under its own preset: leave out --framework")
        from ..web.__main__ import main as console_main

        raise typer.Exit(console_main(["--demo", "--port", str(port), "--data", str(data)]))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except Exception as exc:
        # A traceback quotes the exception's text, which can hold what it was reading.
        if os.environ.get("PANELCLERK_DEBUG"):
            raise
        from ..faults import describe, exit_code, headline

        err.print(
            f"error: {headline(exc)} ({describe(exc)}); every change is made in one "
            "transaction, so nothing was half done. PANELCLERK_DEBUG=1 shows the traceback.",
            soft_wrap=True,
            markup=False,
        )
        sys.exit(exit_code(exc))  # 65 damaged (restore), 75 try again later, 70 our fault


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
