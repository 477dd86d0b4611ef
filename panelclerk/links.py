"""Where a person acts: the console's page for each thing a notice asks them to do.

Every email and chat notice that asks someone to act names the page where they do it, as a
link under the board's console address (`console.public_url`), never a command to type:
the people who act are council officers in Outlook and Teams, not at the server's shell.
"""

from __future__ import annotations

import datetime as dt

from .workflow.config import BoardConfig


def page(config: BoardConfig, path: str, what: str) -> str:
    """`what` with the link to the console page at `path`, or, on a board that has not given
    its console's address, `what` said as the place to find in the console."""
    base = config.console.public_url
    if base:
        return f"{what}: {base.rstrip('/')}{path}"
    return f"{what} in the console"


def kept_message(config: BoardConfig, number: int | None) -> str:
    """A held or quarantined message, read and released on its own page."""
    return page(config, f"/mail/{number}", f"held and quarantined mail, number {number}")


def referral(config: BoardConfig, reference: str) -> str:
    return page(config, f"/referrals/{reference}", f"the page of {reference}")


def meeting(config: BoardConfig, day: dt.date) -> str:
    """A meeting's page: its agenda pack confirmed, its attendance and minutes recorded."""
    return page(
        config, f"/meetings/{day.isoformat()}", f"the page of the meeting of {day:%d %B %Y}"
    )


def failed(config: BoardConfig) -> str:
    """The failed mail and chat, with what stopped each, to send again once mended."""
    return page(config, "/failed", "the failed mail and chat page")


def action_plans(config: BoardConfig) -> str:
    """The action plans: every action by plan and agency, added and rated there."""
    return page(config, "/actions", "the action plans page")


def action_update(config: BoardConfig, number: int | None) -> str:
    """An agency's emailed action plan update, read and its ratings applied on its page."""
    return page(config, f"/actions/updates/{number}", f"the action plan update, number {number}")


def data_protection(config: BoardConfig) -> str:
    """The subject access export and the retention purge, with its dry run."""
    return page(config, "/data-protection", "the data protection page")


def annual_report(config: BoardConfig) -> str:
    return page(config, "/report", "the annual report page")


def review(config: BoardConfig, reference: str) -> str:
    """A review decided upon: its start and completion recorded on the referral's page."""
    return page(config, f"/referrals/{reference}", f"the review of {reference}, on its page")


def meetings(config: BoardConfig) -> str:
    """The year's meetings with every deadline."""
    return page(config, "/meetings", "the meetings page")
