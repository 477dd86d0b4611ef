"""The mailbox and what we send: a folder read once, the monitor's pass, the mailbox checked,
the messages kept back, and the outbox.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .base import Options, _acting, _fail, _run, app, err, out, shown

if TYPE_CHECKING:
    from ..application import context


@app.command()
def ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A Maildir or a folder of .eml files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Process every message in a folder once (backfill after an outage, or scripts).
    Running it again over the same folder changes nothing."""
    from rich.progress import Progress

    from ..application.inbound.router import Router
    from ..mail.maildir import EmlFolder

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
                from ..application.inbound.result import Result
                from ..faults import describe

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
    from ..application.inbound.golive import first_pass_problem

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
    """Watch the configured mailbox: route new mail, send the outbox, send reminders (the
    same pass as `serve`'s, without the chat apps)."""
    import time

    from ..application.mailpass import MailPass
    from ..mail.backends import open_mailbox
    from ..outbox.delivery import deliver_due

    opts: Options = ctx.obj
    application = _run(opts.app)
    mailbox = _run(lambda: open_mailbox(application.config, application.engine))
    _refuse_a_full_inbox(application, mailbox)
    mail = MailPass(application, mailbox)
    settings = application.config.mailbox
    try:
        while True:
            results = mail.run(now=True)
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
            if not mail.idle(settings.idle_seconds):
                time.sleep(settings.poll_seconds)
    finally:
        mailbox.close()


@app.command("check-mailbox")
def check_mailbox(ctx: typer.Context) -> None:
    """Log in to the configured mailbox and list the folders it will use; touch nothing."""
    from ..mail.backends import open_mailbox
    from ..mail.check import check

    application = _run(ctx.obj.app)
    try:
        mailbox = open_mailbox(application.config, application.engine)
    except Exception as exc:
        _fail(f"cannot open the mailbox: {exc}", 1)
        raise
    try:
        good, bad = check(mailbox)
        if not bad:
            from ..application.inbound.golive import first_pass_problem

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
    from ..application.inbound.kept import quarantined

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
    from ..application.inbound.kept import read_kept

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
    from ..application.inbound.kept import release

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


outbox_app = typer.Typer(help="Messages waiting to be sent, sent, or failed.", no_args_is_help=True)


app.add_typer(outbox_app, name="outbox")


@outbox_app.command("send")
def outbox_send(ctx: typer.Context) -> None:
    """Send every message that is due now through the configured mailbox."""
    from ..mail.backends import open_mailbox
    from ..outbox.delivery import deliver_due

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
    from ..bot.delivery import retry_failed

    opts: Options = ctx.obj
    application = _run(opts.app)
    count = _run(lambda: retry_failed(application, actor))
    out.print(f"{count} chat messages queued again; the running service posts them")
