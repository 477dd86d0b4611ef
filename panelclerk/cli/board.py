"""Setting a board up and running it: its file checked, the service, the demo, the Teams
app package, and "should I refer?" asked from the shell.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from .. import clock
from .base import Options, _fail, _run, app, err, out

if TYPE_CHECKING:
    from ..workflow.config import BoardConfig


def _presets() -> str:
    """The presets' names for `demo --help`, read from the package's files, not from
    `boardfile` (which would bring the config's validation into every `--help`)."""
    folder = resources.files("panelclerk.presets")
    names = (p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    return ", ".join(sorted(n for n in names if n != "demo"))


@app.command("check-config")
def check_config(
    file: Annotated[Path, typer.Argument(help="The board's TOML file.")],
    deployment: Annotated[
        bool,
        typer.Option(
            "--deployment",
            help="Also refuse a board that would half-work under `serve`: a Chair or Business "
            "Manager no chat platform reaches, no sender authentication, an agency nobody "
            "speaks for, a Maildir board that cannot send.",
        ),
    ] = False,
) -> None:
    """Validate a board config; on error, name the file, the key and what was expected."""
    from .. import boardfile

    config = _run(lambda: boardfile.load_board(file))
    if deployment:
        _refuse_incomplete(config, f"{file} is not ready to deploy")
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


def _refuse_incomplete(config: BoardConfig, what: str) -> None:
    """Each problem that would leave the board half-working, then exit 2; nothing if none."""
    from ..deployment import problems

    found = problems(config)
    for problem in found:
        err.print(f"[red]error:[/red] {escape(problem)}", soft_wrap=True)
    if found:
        _fail(f"{what}: {len(found)} problem{'s' if len(found) > 1 else ''} above", 2)


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="HTTP port for Slack's requests.")] = 3000,
    host: Annotated[
        str,
        typer.Option(
            help="The address the Slack and Teams HTTP endpoints listen on (behind the "
            "board's HTTPS proxy)."
        ),
    ] = "127.0.0.1",
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
    health_port: Annotated[
        int | None,
        typer.Option(
            help="Serve GET /healthz and GET /metrics (Prometheus) on 127.0.0.1 at this port."
        ),
    ] = None,
    graph_port: Annotated[
        int | None,
        typer.Option(
            help="Receive Microsoft Graph's change notifications on this port (on --host, "
            "behind the proxy that serves mailbox.graph_notification_url): new mail is read "
            "within seconds instead of at the next poll."
        ),
    ] = None,
    log_json: Annotated[
        bool,
        typer.Option(
            "--log-json",
            help="Log one JSON object a line (time, level, logger, message); "
            "PANELCLERK_LOG_FORMAT=json does the same.",
        ),
    ] = False,
) -> None:
    """Run everything: the mailbox monitor, the outboxes and the chat apps from the config."""
    from ..bot.serve import serve as run
    from ..health import configure_logging
    from .mail import _refuse_a_full_inbox

    configure_logging(log_json or os.environ.get("PANELCLERK_LOG_FORMAT", "").lower() == "json")
    application = _run(ctx.obj.app)
    if "slack" in application.config.chat.platforms:
        from ..mail.backends import _secret

        missing = [n for n in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET") if not _secret(n)]
        if missing:
            _fail(f"Slack is configured but {', '.join(missing)} is not set in the environment", 2)
    if "teams" in application.config.chat.platforms:
        from ..mail.backends import _secret

        needed = (
            ("TEAMS_WEBHOOK_URL",)
            if application.config.chat.teams_mode == "webhook"
            else ("TEAMS_APP_ID", "TEAMS_APP_SECRET")
        )
        missing = [n for n in needed if not _secret(n)]
        if missing:
            _fail(f"Teams is configured but {', '.join(missing)} is not set in the environment", 2)
    _refuse_incomplete(application.config, "panelclerk serve will not start")
    if application.config.mailbox.graph_notification_url and graph_port is None:
        _fail(
            "mailbox.graph_notification_url is set, but serve has no --graph-port to receive "
            "Graph's notifications on",
            2,
        )
    console = None
    if console_port is not None:
        from ..web.settings import ConsoleSettingError, from_board

        try:
            console = from_board(application.config, console_port)
        except ConsoleSettingError as exc:
            _fail(str(exc), 2)
    from ..mail.backends import open_mailbox

    mailbox = _run(lambda: open_mailbox(application.config, application.engine))
    try:
        _refuse_a_full_inbox(application, mailbox)
    finally:
        mailbox.close()
    run(
        application,
        port,
        host=host,
        teams_port=teams_port,
        console=console,
        health_port=health_port,
        graph_port=graph_port,
        ready=lambda p: out.print(
            f"panelclerk serving{' Slack on port ' + str(p) if p else ''}; SIGTERM stops it"
        ),
    )


@app.command()
def demo(
    framework: Annotated[
        str | None,
        typer.Option(help=f"Run the demo board under another preset: {_presets()}."),
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
    from ..bot.demo import run_demo

    _run(lambda: run_demo(out, data, framework))
    if console:
        if framework:
            _fail("--console serves the demo board under its own preset: leave out --framework")
        from ..web.__main__ import main as console_main

        raise typer.Exit(console_main(["--demo", "--port", str(port), "--data", str(data)]))


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

    from ..bot.teams_package import PackageError, build

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


@app.command("slack-manifest")
def slack_manifest(
    ctx: typer.Context,
    url: Annotated[str, typer.Option(help="The service's https:// address.")] = "",
) -> None:
    """Print the board's Slack app manifest (its reference codes, this year's)."""
    from ..bot.slack_manifest import EXAMPLE_URL, manifest

    config = _run(ctx.obj.config)
    typer.echo(_run(lambda: manifest(config, url or EXAMPLE_URL)), nl=False)


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
