"""The SCR Referral and Decision form, read from wherever it arrives: the email body, a .docx
(tables or "Label: value" lines), a .pdf (fillable fields, else its text), a forwarded
Outlook .msg or .eml. Labels are matched to the catalogue's field ids by the words people use.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..mail.parse import Attachment, ParseError, parse_email
from ..workflow.forms import FIELD_CATALOGUE
from . import active_content

# Section headings that set the part for generic labels like "Name" or "Email".
SECTIONS = {
    "referrer": (
        "referrer",
        "referring agency",
        "referrer details",
        "person making the referral",
        "about you",
        "referring professional",
    ),
    "child": (
        "child",
        "the child",
        "child details",
        "subject child",
        "about the child",
        "young person",
    ),
    "family": ("family", "family members", "household", "family and significant adults"),
    "incident": ("incident", "the incident", "incident details", "serious incident"),
}
GENERIC = {
    "name": "name",
    "role": "role",
    "job title": "role",
    "agency": "agency",
    "organisation": "agency",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "phone": "phone",
    "telephone": "phone",
    "tel": "phone",
    "date": "date",
    "date of birth": "date_of_birth",
    "dob": "date_of_birth",
    "gender": "gender",
    "sex": "gender",
}

# Other words people use for the catalogue's labels.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "referrer.name": ("referrer", "name of referrer", "referred by", "referrer name"),
    "referrer.role": (
        "referrer role",
        "job title of referrer",
        "referrer job title",
        "designation",
        # a form with no "Referrer" heading (a police form's "Name: / Role: / Force:"): the
        # role asked for on a referral form is the referrer's
        "role",
        "rank",
        "rank role",
        "rank and role",
        "job title",
        "your role",
        "role of referrer",
        "officer role",
        "position",
    ),
    "referrer.agency": ("referring agency", "agency", "organisation", "referring organisation"),
    "referrer.email": ("referrer email", "email of referrer", "contact email"),
    "referrer.phone": ("referrer phone", "contact number", "telephone number"),
    "referrer.date": ("date of referral", "referral date"),
    "referrer.lead_consulted": (
        "designated safeguarding lead consulted",
        "dsl consulted",
        "named lead consulted",
        "safeguarding lead consulted",
        "named designated lead consulted",
    ),
    "child.name": (
        "name of child",
        "child name",
        "childs name",
        "child's name",
        "name of young person",
    ),
    "child.date_of_birth": (
        "child dob",
        "child date of birth",
        "date of birth or age",
        "childs date of birth",
        "date of birth",
        "dob",
        "age",
    ),
    "child.gender": ("child gender", "child sex"),
    "child.home_authority": (
        "home local authority",
        "local authority",
        "home authority",
        "responsible local authority",
    ),
    "child.legal_status": (
        "legal status",
        "legal status at the time",
        "status of child",
        "child protection status",
    ),
    "child.school": ("school", "school or setting", "educational setting", "nursery"),
    "family.members": (
        "family members",
        "siblings",
        "parents and carers",
        "household members",
        "significant adults",
    ),
    "incident.date": ("date of incident", "incident date", "date of death or injury"),
    "incident.notified_date": (
        "date board notified",
        "date lscb notified",
        "date notified",
        "notification date",
    ),
    "incident.summary": (
        "what happened",
        "summary of incident",
        "brief summary",
        "details of incident",
        "circumstances",
        "summary",
    ),
    "incident.outcome": (
        "outcome",
        "outcome for child",
        "outcome for the child",
        "died or seriously harmed",
        "nature of harm",
    ),
    "incident.abuse_or_neglect": (
        "abuse or neglect",
        "abuse or neglect known or suspected",
        "is abuse or neglect known or suspected",
        "abuse neglect",
    ),
    "agencies.involved": (
        "agencies involved",
        "agencies known to be involved",
        "professionals involved",
        "involved agencies",
    ),
    "concerns.interagency": (
        "concerns about how agencies worked together",
        "inter agency concerns",
        "interagency concerns",
        "concerns about inter agency working",
        "multi agency concerns",
        "concerns about agencies working together",
    ),
    "concerns.criteria": (
        "criteria met",
        "criteria believed met",
        "which criteria are met",
        "scr criteria",
    ),
    "parallel.processes": (
        "parallel processes",
        "criminal investigation",
        "other processes",
        "other reviews",
        "parallel investigations",
    ),
    "attachments.documents": ("supporting documents", "attachments", "chronology"),
}


def _norm(label: str) -> str:
    label = label.lower().replace("’", "'").replace("'s", "s")
    label = re.sub(r"[^a-z0-9 ]+", " ", label)
    label = re.sub(r"^(section )?\d+[a-z]?\s+", "", label.strip())
    return re.sub(r"\s+", " ", label).strip()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field_id, spec in FIELD_CATALOGUE.items():
        index[_norm(spec.label)] = field_id
        index[_norm(field_id.replace(".", " ").replace("_", " "))] = field_id
        index[_norm(field_id)] = field_id
    for field_id, words in SYNONYMS.items():
        for word in words:
            index.setdefault(_norm(word), field_id)
    return index


INDEX = _build_index()
_SECTION_INDEX = {_norm(w): part for part, words in SECTIONS.items() for w in words}
_LINE = re.compile(r"^\s*(?:[-*•]\s*)?([^:\t]{2,80}?)\s*(?::|\t|\s-\s)\s*(.*)$")


def match_label(label: str, section: str | None = None) -> str | None:
    key = _norm(label)
    if not key:
        return None
    if section and key in GENERIC:
        candidate = f"{section}.{GENERIC[key]}"
        if candidate in FIELD_CATALOGUE:
            return candidate
    if key in INDEX:
        return INDEX[key]
    close = difflib.get_close_matches(key, list(INDEX), n=1, cutoff=0.88)
    return INDEX[close[0]] if close else None


def _section(line: str) -> str | None:
    key = _norm(line.rstrip(":"))
    key = re.sub(r"^(part|section) [a-z0-9]+ ", "", key)
    key = re.sub(r" (details|information)$", "", key) if key not in _SECTION_INDEX else key
    return _SECTION_INDEX.get(key)


@dataclass
class ExtractedForm:
    fields: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # for the Business Manager and logs
    unread: list[str] = field(default_factory=list)  # the files the sender is told of
    text: str = ""  # the document as read, for what is free text (a précis sent as a file)
    # what reading found that the message must be quarantined for (a PDF's JavaScript)
    dangers: list[str] = field(default_factory=list)
    # files found inside this one (a forwarded message's, an Outlook message's), named by
    # where they were found, for the same attachment rules as the message's own files
    inner: list[Attachment] = field(default_factory=list)

    def merge(self, other: ExtractedForm) -> None:
        for key, value in other.fields.items():
            self.fields.setdefault(key, value)
        self.sources += other.sources
        self.problems += other.problems
        self.unread += other.unread
        self.dangers += other.dangers
        self.inner += other.inner
        self.text = "\n\n".join(t for t in (self.text, other.text) if t)[:MAX_TEXT]

    @classmethod
    def unreadable(cls, source: str, problem: str) -> ExtractedForm:
        return cls(sources=[source], problems=[f"{source}: {problem}"], unread=[source])


# Document formats a form may come in that we cannot read: the sender is told which file,
# and what to send instead, rather than only which fields are missing.
UNREADABLE_FORMS = {
    "doc": "Word 97-2003",
    "dot": "Word 97-2003",
    "rtf": "Rich Text",
    "odt": "OpenDocument",
    "pages": "Apple Pages",
    "wpd": "WordPerfect",
    "xps": "XPS",
}


MAX_TEXT = 50_000  # characters of a document's text kept (a précis is a page or two)


def from_lines(lines: Iterable[str], source: str = "body") -> ExtractedForm:
    """'Label: value' lines; a value runs on over following lines until the next label."""
    lines = list(lines)
    form = ExtractedForm(sources=[source], text="\n".join(lines).strip()[:MAX_TEXT])
    section: str | None = None
    current: str | None = None
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        found_section = _section(line)
        if found_section and ":" not in line:
            section, current = found_section, None
            continue
        match = _LINE.match(line)
        field_id = match_label(match.group(1), section) if match else None
        if match and field_id:
            value = match.group(2).strip()
            if field_id not in form.fields or not form.fields[field_id]:
                form.fields[field_id] = value
                current = field_id
            else:
                current = None
        elif match and len(match.group(1).split()) <= 6 and match.group(2).strip():
            current = None  # another form's label we do not know: not part of the last value
        elif current is not None and not line.lstrip().startswith(">"):
            joined = f"{form.fields[current]}\n{line.strip()}".strip()
            form.fields[current] = joined
    form.fields = {k: v for k, v in form.fields.items() if v.strip()}
    return form


def from_docx(data: bytes, source: str = "attachment.docx") -> ExtractedForm:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        return ExtractedForm.unreadable(
            source, f"not a readable Word file ({exc.__class__.__name__})"
        )
    lines: list[str] = []
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if not cells or text != cells[-1]:  # merged cells repeat their text
                    cells.append(text)
            if len(cells) >= 2 and cells[0]:
                lines.append(f"{cells[0].rstrip(':')}: {' '.join(c for c in cells[1:] if c)}")
            elif len(cells) == 1 and cells[0]:
                lines.append(cells[0])
        lines.append("")
    lines += [p.text for p in document.paragraphs]
    return from_lines(lines, source)


def from_pdf(data: bytes, source: str = "attachment.pdf") -> ExtractedForm:
    from pypdf import PdfReader

    active = active_content.in_bytes(data)
    try:
        reader = PdfReader(io.BytesIO(data))
        active = active or active_content.in_objects(reader)
        raw_fields = reader.get_fields() or {}
    except Exception as exc:
        form = ExtractedForm.unreadable(source, f"not a readable PDF ({exc.__class__.__name__})")
        form.dangers += [f"{source}: a PDF with {active} is not accepted"] if active else []
        return form
    form = ExtractedForm(sources=[source])
    if active:
        form.dangers.append(f"{source}: a PDF with {active} is not accepted")
    for name, spec in raw_fields.items():
        value = spec.get("/V") if isinstance(spec, dict) else None
        label = str(spec.get("/TU") or name) if isinstance(spec, dict) else name
        field_id = match_label(str(name)) or match_label(label)
        if field_id and value not in (None, "", "/Off"):
            form.fields.setdefault(field_id, str(value).lstrip("/"))
    if not form.fields:
        import pdfplumber

        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                text = "\n".join((page.extract_text() or "") for page in pdf.pages[:30])
        except Exception as exc:
            form.merge(
                ExtractedForm.unreadable(
                    source, f"text could not be read ({exc.__class__.__name__})"
                )
            )
            return form
        form.merge(from_lines(text.splitlines(), source))
    return form


def from_msg(data: bytes, source: str = "attachment.msg", depth: int = 0) -> ExtractedForm:
    import extract_msg

    try:
        message = extract_msg.openMsg(data)
    except Exception as exc:
        return ExtractedForm.unreadable(
            source, f"not a readable Outlook message ({exc.__class__.__name__})"
        )
    try:
        return _read_msg(message, source, depth)
    except Exception as exc:  # a damaged file fails as its parts are read, not when opened
        return ExtractedForm.unreadable(
            source, f"not a readable Outlook message ({exc.__class__.__name__})"
        )
    finally:
        with contextlib.suppress(Exception):
            message.close()


def _read_msg(message: Any, source: str, depth: int) -> ExtractedForm:
    """A message's body, its files, and the messages attached inside it (Outlook keeps a
    forwarded message as an embedded message, not as a file)."""
    form = from_lines(str(getattr(message, "body", "") or "").splitlines(), source)
    for att in message.attachments:
        name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
        payload = getattr(att, "data", None)
        if isinstance(payload, bytes) and name:
            found = Attachment(f"{source} > {name}", "application/octet-stream", payload)
            form.inner.append(found)
            form.merge(from_attachment(found, depth + 1))
        elif hasattr(payload, "attachments") and hasattr(payload, "body"):
            inner = f"{source} > {str(getattr(payload, 'subject', '') or 'message')[:60]}"
            if depth >= 3:
                form.problems.append(f"{inner}: forwarded too many times deep")
            else:
                form.merge(_read_msg(payload, inner, depth + 1))
    return form


def from_attachment(attachment: Attachment, depth: int = 0) -> ExtractedForm:
    if depth > 3:
        return ExtractedForm(problems=[f"{attachment.filename}: forwarded too many times deep"])
    ext = attachment.extension
    if ext == "docx":
        return from_docx(attachment.data, attachment.filename)
    if ext == "pdf" or attachment.content_type == "application/pdf":
        return from_pdf(attachment.data, attachment.filename)
    if ext == "msg":
        return from_msg(attachment.data, attachment.filename, depth)
    if ext == "eml" or attachment.content_type == "message/rfc822":
        try:
            inner = parse_email(attachment.data)
        except ParseError as exc:
            return ExtractedForm.unreadable(attachment.filename, str(exc))
        form = from_lines(inner.text.splitlines(), attachment.filename)
        for nested in inner.attachments:
            named = replace(nested, filename=f"{attachment.filename} > {nested.filename}")
            form.inner.append(named)
            form.merge(from_attachment(named, depth + 1))
        return form
    if ext in ("txt",) or attachment.content_type == "text/plain":
        return from_lines(
            attachment.data.decode("utf-8", "replace").splitlines(), attachment.filename
        )
    if ext in UNREADABLE_FORMS:
        return ExtractedForm.unreadable(
            attachment.filename, f"{UNREADABLE_FORMS[ext]} files cannot be read"
        )
    return ExtractedForm()


def extract_form(
    text: str, attachments: Iterable[Attachment], read: list[ExtractedForm] | None = None
) -> ExtractedForm:
    """Fields from attachments first (the completed form), then the body fills gaps.
    `read`: the attachments' forms already read (within the monitor's time budget)."""
    form = ExtractedForm()
    for attached in read if read is not None else [from_attachment(a) for a in attachments]:
        form.merge(attached)
    form.merge(from_lines(text.splitlines(), "body"))
    return form
