"""A subject access request answered in a form the Business Manager can read and redact: a
zip of a Word document that sets out everything held about the case in plain sections (the
form, the précis, the recommendations, the decision, the mail in and out with their text,
the chat, the audit trail), the case's stored documents as they were kept, and the complete
export as JSON for IT. Mail is given as its text: a message's HTML is never rendered and
its raw bytes stay in the JSON. Built from `application.subject_access.export`, which
audits the export."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from .defuse import defused
from .documents import _bytes, _new, _table
from .mail.parse import ParseError, parse_email
from .workflow.config import BoardConfig
from .workflow.forms import label as field_label

ZIP = "application/zip"
REVIEW_FIRST = (
    "Review before release. This pack holds everything the board's case review system keeps "
    "about the case, including information about other people (agency staff, other family "
    "members, other children) that may have to be withheld or redacted under the Data "
    "Protection Act 2018 (Schedules 2 and 3) before anything is given to the person asking."
)


def pack(data: dict[str, Any], config: BoardConfig) -> bytes:
    """The zip: the readable document, the stored documents, the complete export."""
    reference = str(data["reference"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"subject-access-{reference}.docx", document(data, config))
        for stored in data.get("documents", []):
            name = _safe_name(f"{stored.get('id')}-{stored.get('filename') or 'document'}")
            archive.writestr(f"documents/{name}", base64.b64decode(stored.get("data") or ""))
        archive.writestr(
            f"subject-access-{reference}.json",
            json.dumps(data, indent=2),  # \u escapes: any text
        )
    return buffer.getvalue()


def document(data: dict[str, Any], config: BoardConfig) -> bytes:
    """The Word document: one section for each kind of record, oldest first within each."""
    reference = str(data["reference"])
    doc = _new(f"Subject access: everything held about {reference}", config)
    doc.add_paragraph(
        f"Exported {_when(data.get('exported_at'))} by {_person(config, data.get('exported_by'))}."
    )
    doc.add_paragraph(REVIEW_FIRST)
    referral = data.get("referral") or {}
    form = referral.get("form") or {}

    doc.add_heading("The referral", level=2)
    _grid(
        doc,
        [
            ("Reference", reference),
            ("Where it stands", config.state_label(str(referral.get("state", "")))),
            ("Received", _when(referral.get("received_on"))),
            ("Board notified of the incident", _when(referral.get("notified_on"))),
            ("Meeting", _when(referral.get("meeting_date"))),
        ],
    )
    doc.add_heading("The form as received", level=3)
    fields = [(k, v) for k, v in form.items() if not str(k).startswith("_")]
    _grid(doc, [(field_label(k), _text(v)) for k, v in fields] or [("(none)", "")])

    doc.add_heading(config.terms.precis.capitalize(), level=2)
    _each(
        doc,
        data.get("precis", []),
        lambda p: (
            f"{_agency(config, p.get('agency_key'))}: asked for {_when(p.get('requested_at'))}, "
            + (
                f"received {_when(p.get('received_at'))}"
                if p.get("received_at")
                else "not received"
            )
        ),
        lambda p: p.get("text"),
    )

    doc.add_heading("Recommendations", level=2)
    _each(
        doc,
        data.get("recommendations", []),
        lambda r: (
            f"{_person(config, r.get('person_key'))} ({_agency(config, r.get('agency_key'))}), "
            f"{_when(r.get('recorded_at'))}: {_review(config, r.get('review_type'))}"
            + ("" if r.get("current") else " (since replaced)")
        ),
        lambda r: r.get("text"),
    )

    doc.add_heading("Decision", level=2)
    _each(
        doc,
        data.get("decision", []),
        lambda d: (
            f"{_review(config, d.get('review_type'))}, decided {_when(d.get('decided_on'))} "
            f"by {_person(config, d.get('decided_by'))}"
            + (f"; lead reviewer {d['lead_reviewer']}" if d.get("lead_reviewer") else "")
        ),
        lambda d: d.get("rationale"),
    )
    _each(
        doc,
        data.get("sign_offs", []),
        lambda s: (
            f"Signed off by {_person(config, s.get('person_key'))}, "
            f"{_when(s.get('recorded_at'))}: {_review(config, s.get('review_type'))}"
        ),
        lambda s: s.get("rationale"),
        empty=None,
    )

    doc.add_heading("Actions", level=2)
    _each(
        doc,
        data.get("actions", []),
        lambda a: (
            f"{a.get('plan')}/{a.get('number')} ({_agency(config, a.get('agency_key'))}), due "
            f"{_when(a.get('due_on'))}, rated {a.get('rag') or 'not yet'}"
        ),
        lambda a: a.get("text"),
    )

    doc.add_heading("Documents kept", level=2)
    _grid(
        doc,
        [
            (str(d.get("filename")), f"{d.get('kind')}, {_when(d.get('created_at'))}")
            for d in data.get("documents", [])
        ]
        or [("(none)", "")],
    )
    doc.add_paragraph("Each is in the pack's documents folder, as it was kept.")
    if data.get("agenda_packs"):
        doc.add_paragraph(
            "Agenda packs that quote this case beside others (not in this pack: consider "
            "them with what they say of other cases taken out): "
            + "; ".join(
                f"{p.get('filename')} for the meeting of {_when(p.get('meeting'))}"
                for p in data["agenda_packs"]
            )
        )

    doc.add_heading("Mail received", level=2)
    limit = config.mailbox.max_message_bytes
    _each(
        doc,
        data.get("inbound_messages", []),
        lambda m: f"{_when(m.get('received_at'))} from {m.get('sender') or 'no sender'}",
        lambda m: _mail_text(m, limit),
    )

    doc.add_heading("Mail sent", level=2)
    _each(
        doc,
        data.get("outbound_messages", []),
        lambda m: (
            f"{_when(m.get('sent_at') or m.get('created_at'))} to "
            f"{', '.join(m.get('recipients') or []) or 'nobody'}: {m.get('subject') or ''}"
        ),
        lambda m: m.get("text_body"),
    )

    doc.add_heading("Chat messages", level=2)
    _each(
        doc,
        data.get("chat_messages", []),
        lambda c: f"{_when(c.get('created_at'))}, {c.get('platform')}",
        lambda c: c.get("text"),
    )

    doc.add_heading("Audit trail", level=2)
    _grid(
        doc,
        [
            (
                _when(e.get("at")),
                _person(config, e.get("actor")),
                str(e.get("action", "")).replace("_", " ")
                + (
                    f" ({config.state_label(e['source_state'])} to "
                    f"{config.state_label(e['target_state'])})"
                    if e.get("source_state") and e.get("target_state")
                    else ""
                ),
            )
            for e in data.get("audit", [])
        ]
        or [("(none)", "", "")],
        columns=3,
    )
    return _bytes(doc)


def _grid(doc: Any, rows: Iterable[Sequence[str]], columns: int = 2) -> None:
    """A table whose every cell is cleaned (a file name is a stranger's words too)."""
    _table(doc, [[_text(cell) for cell in row] for row in rows], columns)


def _each(
    doc: Any,
    rows: Iterable[dict[str, Any]],
    heading: Any,
    body: Any,
    empty: str | None = "None held.",
) -> None:
    """A line in bold for each record, then its text as it was written (defused)."""
    found = False
    for row in rows:
        found = True
        doc.add_paragraph().add_run(_clean(heading(row))).bold = True
        said = body(row)
        if said:  # line by line: each line defused, its line breaks kept as breaks
            paragraph = doc.add_paragraph()
            for number, line in enumerate(str(said).splitlines()):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(_clean(line))
    if not found and empty:
        doc.add_paragraph(empty)


def _mail_text(message: dict[str, Any], limit: int) -> str:
    """A received message's subject and text (its HTML never rendered), from its raw bytes;
    a message removed under the retention rules says so."""
    raw = base64.b64decode(message.get("raw") or "")
    if not raw:
        return "(its content was removed under the retention rules)"
    try:
        email = parse_email(raw, limit)
    except ParseError:
        return "(it could not be read as an email: it is kept whole in the JSON file)"
    names = ", ".join(a.filename for a in email.attachments)
    return (
        f"Subject: {email.subject}\n"
        + (f"Attachments: {names}\n" if names else "")
        + f"\n{email.text.strip()}"
    )


def _received(at: Any) -> str:
    return f"received {_when(at)}" if at else "not received"


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if value is None:
        return ""
    return "\n".join(_clean(line) for line in str(value).splitlines())


# What a Word document cannot hold (XML 1.0), after `defused` has shown control characters:
# the non-characters and lone surrogates a stranger's email can carry.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", defused(text))


def _when(value: Any) -> str:
    """An ISO date or time as a person reads it ("3 December 2026", "3 December 2026 14:05")."""
    if not value:
        return "not recorded"
    text = str(value)
    try:
        if len(text) == 10:
            return f"{dt.date.fromisoformat(text):%-d %B %Y}"
        return f"{dt.datetime.fromisoformat(text):%-d %B %Y %H:%M}"
    except ValueError:
        return text


def _person(config: BoardConfig, key: Any) -> str:
    if key in (None, "", "system"):
        return "the system"
    person = config.person(str(key))
    return person.name if person is not None else str(key)


def _agency(config: BoardConfig, key: Any) -> str:
    for agency in config.agencies:
        if agency.id == key:
            return agency.name
    return str(key)


def _review(config: BoardConfig, key: Any) -> str:
    for review in config.review_types:
        if review.id == key:
            return review.label
    return str(key)


def _safe_name(name: str) -> str:
    """A file name inside the zip: no folders, nothing a file system would refuse."""
    cleaned = re.sub(r"[^\w.\- ]", "_", name.replace("/", "_").replace("\\", "_")).strip(". ")
    return cleaned[:150] or "document"
