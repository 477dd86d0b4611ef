"""`make fuzz`: atheris (coverage-guided) over the intake parser and the form extraction.
Any exception other than ParseError is a defect: hostile mail must be quarantined with a
reason, never crash the monitor. `make test` runs a short fixed number of inputs."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from panelclerk import boardfile
    from panelclerk.intake.formparse import extract_form
    from panelclerk.intake.rules import check
    from panelclerk.mail.parse import ParseError, parse_email

CONFIG = boardfile.load_board()
SEEDS = [
    b"From: a@b.example\r\nSubject: SCR referral\r\n\r\nChild's name: Jo\r\n",
    b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"
    b"Content-Type: text/html\r\n\r\n<p>hi</p>\r\n--x--\r\n",
]


def one_input(data: bytes) -> None:
    try:
        email = parse_email(b"From: fuzz@police.fenmarsh.example\r\n" + data, max_bytes=1_000_000)
    except ParseError:
        return
    check(email, CONFIG)
    extract_form(email.text, email.attachments)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
