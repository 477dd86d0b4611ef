"""Messages built in code for the tests (the Zulip habit): each names what it is."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime

from .conftest import COMPLETE_FORM

BOARD = "scr.subgroup@fenmarsh-lscb.example"
REFERRER = "kim.walsh@hospitals.fenmarsh.example"
AT = dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC)
_counter = iter(range(1, 1_000_000))


def message(
    sender=REFERRER,
    subject="SCR referral",
    body="",
    *,
    message_id=None,
    in_reply_to=None,
    headers=(),
    html=None,
    to=BOARD,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(AT)
    msg["Message-ID"] = message_id or f"<t{next(_counter)}@test.example>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in headers:
        msg[name] = value
    msg.set_content(body or "(no text)")
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def form_body(drop=(), **extra) -> str:
    from panelclerk.workflow.forms import FIELD_CATALOGUE

    values = {k: v for k, v in COMPLETE_FORM.items() if k not in drop}
    values.update(extra)
    return (
        "Referral form\n\n"
        + "\n".join(f"{FIELD_CATALOGUE[k].label}: {v}" for k, v in values.items())
        + "\n"
    )


FIRST = ("Zebedee", "Ottoline", "Peregrine", "Marigold", "Lysander", "Wilhelmina")
LAST = ("Quillfeather", "Brackwater", "Thistlewood", "Ambervale", "Cobbleworth")


def child(number: int) -> tuple[str, str]:
    """A child's name and date of birth, different for each number (up to 30)."""
    first, last = FIRST[number % len(FIRST)], LAST[number // len(FIRST) % len(LAST)]
    born = dt.date(2010, 1, 1) + dt.timedelta(days=97 * number)
    return f"{first} {last}", born.isoformat()


def spellings(born: str) -> list[str]:
    """A date of birth as it might be written in a message or a log."""
    day = dt.date.fromisoformat(born)
    return [born, day.strftime("%d/%m/%Y"), f"{day.day} {day:%B %Y}"]


def referral(drop=(), sender=REFERRER, **kwargs) -> bytes:
    return message(sender, "SCR referral", form_body(drop), **kwargs).as_bytes()


def zip_bytes(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
