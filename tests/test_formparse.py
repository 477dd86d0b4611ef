"""The referral form from a body, a Word table, a fillable PDF, a PDF's text and a forwarded
message; labels as people write them."""

from __future__ import annotations

import io

import docx

from panelclerk.intake.formparse import extract_form, from_docx, from_lines, from_pdf, match_label
from panelclerk.mail.parse import Attachment

from .mail import message


def test_labels_as_people_write_them():
    assert match_label("Name of child") == "child.name"
    assert match_label("DOB", section="child") == "child.date_of_birth"
    assert match_label("Childs date of birth") == "child.date_of_birth"
    assert match_label("Legal Staus") == "child.legal_status"  # a typo
    assert match_label("2. Agencies involved") == "agencies.involved"
    assert match_label("Favourite colour") is None


def test_sections_give_generic_labels_their_part():
    form = from_lines(
        [
            "REFERRER DETAILS",
            "Name: Kim Walsh",
            "Email: kim@h.example",
            "",
            "The child",
            "Name: Jo",
            "Gender: female",
        ]
    )
    assert form.fields["referrer.name"] == "Kim Walsh"
    assert form.fields["referrer.email"] == "kim@h.example"
    assert form.fields["child.name"] == "Jo"
    assert form.fields["child.gender"] == "female"


def docx_form(rows) -> bytes:
    document = docx.Document()
    document.add_paragraph("SCR Referral and Decision form")
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_form_tables():
    data = docx_form(
        [
            ("Child's name", "Jo"),
            ("Date of birth", "02/05/2013"),
            ("Concerns about how agencies worked together", "School and GP did not share"),
        ]
    )
    form = from_docx(data)
    assert form.fields == {
        "child.name": "Jo",
        "child.date_of_birth": "02/05/2013",
        "concerns.interagency": "School and GP did not share",
    }
    assert from_docx(b"not a zip").problems


def fillable_pdf(fields: dict[str, str]) -> bytes:
    """A minimal PDF with an AcroForm of text fields, written by hand (PDF 1.7, 12.7)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{refs}] >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [{refs}] >>",
    ]
    refs = []
    for index, (name, value) in enumerate(fields.items()):
        number = 4 + index
        refs.append(f"{number} 0 R")
        objects.append(
            f"<< /Type /Annot /Subtype /Widget /FT /Tx /T ({name}) /V ({value}) "
            f"/Rect [0 {index * 20} 200 {index * 20 + 18}] /P 3 0 R >>"
        )
    objects = [o.replace("{refs}", " ".join(refs)) for o in objects]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def test_fillable_pdf_fields():
    data = fillable_pdf(
        {
            "child.name": "Jo",
            "Legal status": "CIN",
            "Date of incident": "02/11/2026",
            "Unrelated box": "x",
        }
    )
    form = from_pdf(data)
    assert form.fields == {
        "child.name": "Jo",
        "child.legal_status": "CIN",
        "incident.date": "02/11/2026",
    }
    assert from_pdf(b"%PDF-1.4 broken").problems


def test_forwarded_message_and_attachments_fill_the_body_gaps():
    inner = message(body="Child's name: Jo\nLegal status: CIN")
    attachments = [
        Attachment("fwd.eml", "message/rfc822", inner.as_bytes()),
        Attachment(
            "form.docx",
            "application/vnd.openxmlformats",
            docx_form([("Child's name", "Jo (from Word)"), ("Agencies involved", "police")]),
        ),
    ]
    form = extract_form("Outcome: seriously harmed", attachments)
    assert form.fields["child.name"] == "Jo"  # the first attachment wins
    assert form.fields["child.legal_status"] == "CIN"
    assert form.fields["agencies.involved"] == "police"
    assert form.fields["incident.outcome"] == "seriously harmed"


def test_a_real_outlook_message_is_read_with_the_message_forwarded_inside_it(monkeypatch):
    """outer.msg was saved by Outlook (tests/data/outlook/README.md): its body is read, and
    so is the message attached inside it, which is how Outlook forwards a message."""
    from pathlib import Path

    from panelclerk.intake import formparse

    data = (Path(__file__).parent / "data" / "outlook" / "outer.msg").read_bytes()
    read: list[tuple[str, list[str]]] = []
    real = formparse.from_lines

    def spy(lines, source="body"):
        lines = list(lines)
        read.append((source, lines))
        return real(lines, source)

    monkeypatch.setattr(formparse, "from_lines", spy)
    form = formparse.from_attachment(Attachment("case.msg", "application/vnd.ms-outlook", data))
    assert form.problems == []
    assert read == [("case.msg", ["Outer body"]), ("case.msg > test", ["body"])]
    broken = formparse.from_attachment(
        Attachment("case.msg", "application/vnd.ms-outlook", data[:4096])
    )
    assert broken.problems and "not a readable Outlook message" in broken.problems[0]


def test_a_police_forms_role_line_is_the_referrers_role():
    """A police referral with no "Referrer" heading: "Role:" is the officer's role."""
    form = from_lines(
        [
            "Referrer: DS Ruth Okafor",
            "Role: Detective Sergeant, Public Protection Unit",
            "Rank / Role: DS",
            "Referring agency: Fenmarsh Constabulary",
        ]
    )
    assert form.fields["referrer.role"] == "Detective Sergeant, Public Protection Unit"
    assert match_label("Rank / Role") == "referrer.role"


def test_a_bad_preset_is_reported_against_the_file_that_names_it(tmp_path):
    """Issue 26's smaller point: "config error in preset:" said nothing of which file."""
    import pytest

    from panelclerk import boardfile
    from panelclerk.workflow.errors import ConfigError

    path = tmp_path / "board.toml"
    path.write_text('preset = "kent"\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        boardfile.load_board(path)
    assert str(caught.value).startswith(f"config error in {path}: preset: expected one of")
