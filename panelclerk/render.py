"""Jinja2 rendering of every message and document. Templates live in panelclerk/templates;
a board may override any of them from its own folder (searched first).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from . import clock


def _date(value: dt.date | None, fmt: str = "%A %d %B %Y") -> str:
    return value.strftime(fmt) if value else "not set"


@lru_cache(maxsize=4)
def environment(override_dir: str | None = None) -> Environment:
    loaders: list[Any] = []
    if override_dir:
        loaders.append(FileSystemLoader(str(Path(override_dir))))
    loaders.append(PackageLoader("panelclerk", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = _date
    return env


def render(name: str, override_dir: str | None = None, **context: Any) -> str:
    return environment(override_dir).get_template(name).render(**context)


def template_names(override_dir: str | None = None) -> list[str]:
    return sorted(
        environment(override_dir).list_templates(filter_func=lambda name: name.endswith(".j2"))
    )


def sample_context(config: Any) -> dict[str, Any]:
    """One context with every variable any template uses, from the board's own config."""
    from .workflow.actions import Action, Rag
    from .workflow.deadlines import Deadlines
    from .workflow.distribution import Recipient
    from .workflow.referral import Decision

    deadlines = Deadlines(config)
    today = clock.today()
    slot = deadlines.schedule.slot_for(today)
    statutory = next(r for r in config.review_types if r.kind == "statutory")
    decision = Decision.make(
        config,
        review_type=statutory.id,
        rationale="Sample rationale.",
        decided_on=today,
        decided_by="chair",
        methodology=(statutory.methodologies or (None,))[0],
        lead_reviewer="Sample Reviewer",
    )
    return {
        "board": config.board,
        "framework": config.framework,
        "terms": config.terms,
        "limits": config.time_limits,
        "reference": f"{config.reference_prefix}-{today.year}-001",
        "slot": slot,
        "meeting": slot.meeting,
        "missing": ["Child's legal status at the time"],
        "agency_name": "Sample Agency",
        "reminder": True,
        "decision": decision,
        "review_label": statutory.label,
        "meeting_date": slot.meeting.date,
        "statutory": [Recipient("dfe@example.org", "Department for Education")],
        "body": "Department for Education",
        "scr": True,
        "report": f"{config.reference_prefix}-{today.year}-001 report.docx",
        "question": "Sample question?",
        "items": 2,
        "open_actions": 1,
        "moved_from": today,
        "next_meeting": slot.meeting,
        "cancelled": True,
        "meeting_page": "the meeting's page in the console",
        "failed_page": "the failed mail and chat page in the console",
        "what": "decision",
        "due": today,
        "rule": "sample rule",
        "lead_reviewer": "Sample Reviewer",
        "subject": "Sample subject",
        "message": "Sample message.",
        "title": "Sample item",
        "agency": "Sample Agency",
        "received_on": today,
        "incident_date": today.isoformat(),
        "outcome": "seriously harmed",
        "criteria": "sample",
        "involved": ["Sample Agency"],
        "paragraphs": ["Sample."],
        "platform": "Slack",
        "attempts": 1,
        "overdue": False,
        "invited": False,
        "reason": "Sample reason.",
        "notes": ["Sample note about an attachment."],
        "error": "404 channel_not_found",
        "advice": "Sample advice.",
        "actions": [
            Action(
                f"{config.reference_prefix}-{today.year}-001",
                1,
                "Sample action.",
                "sample",
                today,
                Rag.GREEN,
                today,
            )
        ],
        "by": today,
    }


def check_templates(config: Any, override_dir: str | None = None) -> list[str]:
    """Render every template with sample data; one line per problem (empty when all good)."""
    from html.parser import HTMLParser

    problems: list[str] = []
    context = sample_context(config)
    fresh = environment.__wrapped__(override_dir)  # read the files as they are now
    for name in fresh.list_templates(filter_func=lambda n: n.endswith(".j2")):
        try:
            text = fresh.get_template(name).render(**context)
        except Exception as exc:
            problems.append(f"{name}: {exc.__class__.__name__}: {exc}")
            continue
        if (
            name.startswith("email/")
            and name.endswith(".txt.j2")
            and not text.startswith("Subject:")
        ):
            problems.append(f"{name}: must start with a 'Subject:' line")
        if name.endswith(".html.j2"):
            parser = HTMLParser()
            try:
                parser.feed(text)
                parser.close()
            except Exception as exc:
                problems.append(f"{name}: HTML does not parse: {exc}")
    return problems
