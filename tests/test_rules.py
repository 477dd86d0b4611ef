"""Intake rules: each gives its reason; the chain turns it into ignore or quarantine."""

from __future__ import annotations

import pytest

from panelclerk.intake import rules
from panelclerk.mail.loop import LOOP_HEADER
from panelclerk.mail.parse import parse_email

from .mail import BOARD, REFERRER, form_body, message, zip_bytes


@pytest.fixture
def authed(config):
    """The demo board, as if behind a real mail server that stamps its own results."""
    return with_authserv(config)


def with_authserv(config, server="mx.fenmarsh-lscb.example"):
    mailbox = config.mailbox.model_copy(
        update={"authserv_id": server, "trust_mta_without_authentication": False}
    )
    return config.model_copy(update={"mailbox": mailbox})


def check(config, msg):
    raw = msg if isinstance(msg, bytes) else msg.as_bytes()
    return rules.check(parse_email(raw), config)


def ar(value):
    return ("Authentication-Results", value)


OURS = "mx.fenmarsh-lscb.example"


@pytest.mark.parametrize(
    "headers",
    [
        [ar(f"{OURS}; spf=pass smtp.mailfrom=kim.walsh@hospitals.fenmarsh.example; dkim=fail")],
        [ar(f"{OURS}; dmarc=pass header.from=hospitals.fenmarsh.example")],
        [ar(f"{OURS}; dkim=pass header.d=hospitals.fenmarsh.example")],
        # a subdomain of the From domain signs for it
        [ar(f"{OURS}; dkim=pass header.d=mail.hospitals.fenmarsh.example")],
        # case, comments and a version number are RFC 8601, not a reason to refuse
        [
            ar(
                "MX.Fenmarsh-LSCB.example 1; DMARC=Pass (p=reject) "
                "header.from=Hospitals.Fenmarsh.Example"
            )
        ],
        # no DMARC policy published: an aligned SPF pass is enough
        [
            ar(
                f"{OURS}; dmarc=none header.from=hospitals.fenmarsh.example; "
                "spf=pass smtp.mailfrom=hospitals.fenmarsh.example"
            )
        ],
        # another server's header above ours (an internal relay) is not read
        [
            ar("relay.fenmarsh-lscb.example; dmarc=fail header.from=hospitals.fenmarsh.example"),
            ar(f"{OURS}; dmarc=pass header.from=hospitals.fenmarsh.example"),
        ],
    ],
)
def test_a_known_agency_with_aligned_authentication_is_accepted(authed, headers):
    assert check(authed, message(headers=headers)) is None


POLICE = "di.jones@police.fenmarsh.example"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        pytest.param([], "no Authentication-Results from the board's receiving server", id="none"),
        pytest.param(
            [ar("evil.example; dmarc=pass header.from=police.fenmarsh.example")],
            "no Authentication-Results from the board's receiving server",
            id="another-server-only",
        ),
        # A forged header below ours is never read: only the topmost of ours counts.
        pytest.param(
            [
                ar(f"{OURS}; dmarc=fail header.from=police.fenmarsh.example"),
                ar(f"{OURS}; dmarc=pass header.from=police.fenmarsh.example"),
            ],
            "DMARC fail for police.fenmarsh.example",
            id="forged-below-ours",
        ),
        # "dmarc=pass" in the envelope sender or the HELO name is not a DMARC result
        pytest.param(
            [
                ar(
                    f"{OURS}; spf=pass smtp.mailfrom=dmarc=pass@evil.example "
                    "smtp.helo=dmarc=pass; dmarc=fail header.from=police.fenmarsh.example"
                )
            ],
            "DMARC fail for police.fenmarsh.example",
            id="dmarc-pass-in-envelope-and-helo",
        ),
        pytest.param(
            [ar(f"{OURS}; spf=pass smtp.mailfrom=dmarc=pass@evil.example smtp.helo=dmarc=pass")],
            "sender authentication failed for police.fenmarsh.example",
            id="dmarc-pass-in-envelope-no-dmarc",
        ),
        # DMARC passed, but for the domain a verifier read in a different From
        pytest.param(
            [ar(f"{OURS}; dmarc=pass header.from=evil.example")],
            "checked DMARC for 'evil.example', not for the From domain police.fenmarsh.example",
            id="dmarc-for-another-domain",
        ),
        pytest.param(
            [ar(f"{OURS}; dmarc=pass")],
            "does not say which From domain it checked",
            id="dmarc-without-header-from",
        ),
        pytest.param(
            [ar(f"{OURS}; spf=pass smtp.mailfrom=x@attacker.example")],
            "sender authentication failed",
            id="spf-unaligned",
        ),
        pytest.param(
            [ar(f"{OURS}; dkim=pass header.d=attacker.example")],
            "sender authentication failed",
            id="dkim-unaligned",
        ),
        # a parent domain is the organisational domain only if it is no public suffix, which
        # the server's DMARC check knows and we do not: only exact or subdomain alignment here
        pytest.param(
            [ar(f"{OURS}; dkim=pass header.d=example")],
            "sender authentication failed",
            id="dkim-by-a-parent-domain",
        ),
        pytest.param(
            [ar(f"{OURS}; dkim=pass header.d=police.fenmarsh.example.evil.example")],
            "sender authentication failed",
            id="dkim-by-a-lookalike",
        ),
        pytest.param(
            [ar(f"{OURS}; dmarc=pass header.from=police.fenmarsh.example ;;; ==")],
            f"the Authentication-Results from {OURS} cannot be read",
            id="ours-unreadable",
        ),
    ],
)
def test_spoofed_and_forged_authentication_is_quarantined(authed, headers, reason):
    hit = check(authed, message(sender=POLICE, headers=headers))
    assert hit is not None and hit.rule == "authentication" and hit.outcome == "quarantine"
    assert reason in hit.reason


def test_a_board_without_authserv_id_or_trust_checks_nobody_in(config):
    """A config built around the validation (model_copy) still fails closed."""
    mailbox = config.mailbox.model_copy(
        update={"authserv_id": None, "trust_mta_without_authentication": False}
    )
    hit = check(config.model_copy(update={"mailbox": mailbox}), message())
    assert hit is not None and hit.rule == "authentication"
    assert "names no authserv_id" in hit.reason


def with_from(*values: str, msg=None) -> bytes:
    """A message whose From header lines are exactly `values`, as a spoofer writes them."""
    raw = (msg or message(body=form_body())).as_bytes()
    head, _, body = raw.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.lower().startswith(b"from:")]
    froms = [f"From: {v}".encode() for v in values]
    return b"\n".join(froms + lines) + b"\n\n" + body


@pytest.mark.parametrize(
    ("froms", "reason"),
    [
        pytest.param(
            ["a@evil.example <di.jones@police.fenmarsh.example>"],
            "the From header has defects",
            id="bare-then-angle",
        ),
        pytest.param(
            ["di.jones@police.fenmarsh.example <a@evil.example>"],
            "the From header has defects",
            id="bare-police-then-angle-evil",
        ),
        pytest.param(
            ['"a@evil.example" <di.jones@police.fenmarsh.example>'],
            "display name shows 'a@evil.example', another address",
            id="cve-2023-27043-quoted-name",
        ),
        pytest.param(
            ["=?utf-8?q?a=40evil.example?= <di.jones@police.fenmarsh.example>"],
            "display name shows 'a@evil.example', another address",
            id="encoded-name-with-address",
        ),
        pytest.param(
            ["di.jones@police.fenmarsh.example)<bob@evil.example>"],
            "the From header has defects",
            id="cve-2023-27043-bracket",
        ),
        pytest.param(
            ['"di.jones@police.fenmarsh.example"@evil.example'],
            "is not a plain address",
            id="quoted-local-part",
        ),
        pytest.param(
            ["di.jones@police.fenmarsh.example, a@evil.example"],
            "holds 2 addresses",
            id="two-addresses",
        ),
        pytest.param(["Police: di.jones@police.fenmarsh.example;"], "an address group", id="group"),
        pytest.param(
            ["di.jones@police.fenmarsh.example", "a@evil.example"],
            "2 From headers",
            id="two-from-headers",
        ),
    ],
)
def test_a_from_header_a_verifier_could_read_another_way_is_quarantined(config, froms, reason):
    hit = check(config, with_from(*froms))
    assert hit is not None and (hit.rule, hit.outcome) == ("from_header", "quarantine")
    assert reason in hit.reason


@pytest.mark.parametrize(
    "value",
    [
        "Di Jones <di.jones@police.fenmarsh.example>",
        '"Jones, Di (Fenmarsh Constabulary)" <Di.Jones@Police.Fenmarsh.example>',
        "=?utf-8?b?Wm/DqyBKb25lcw==?= <di.jones@police.fenmarsh.example>",
        "Zoë Jones <di.jones@police.fenmarsh.example>",  # raw UTF-8 (RFC 6532)
        "di.jones@police.fenmarsh.example (Di Jones)",
        '"di.jones@police.fenmarsh.example" <di.jones@police.fenmarsh.example>',
        # a control character changes no address; it is shown escaped wherever it is shown
        '"Di \x1b[2J Jones" <di.jones@police.fenmarsh.example>',
    ],
)
def test_ordinary_from_headers_are_read_as_one_sender(config, value):
    assert check(config, with_from(value)) is None


@pytest.mark.parametrize(
    ("headers", "sender", "subject"),
    [
        ([("Auto-Submitted", "auto-replied")], REFERRER, "Automatic reply: away"),
        ([("Precedence", "bulk")], REFERRER, "newsletter"),
        ([("X-Auto-Response-Suppress", "All")], REFERRER, "Out of Office: back Monday"),
        ([("Return-Path", "<>")], REFERRER, "Undeliverable"),
        ([], "MAILER-DAEMON@hospitals.fenmarsh.example", "Delivery Status Notification"),
    ],
)
def test_auto_replies_and_bounces_are_ignored_never_answered(config, headers, sender, subject):
    hit = check(config, message(sender=sender, subject=subject, headers=headers))
    assert hit is not None and hit.outcome == "ignore"
    assert hit.kind in ("auto_reply", "bounce")


def test_auto_submitted_no_is_a_person(config):
    assert check(config, message(headers=[("Auto-Submitted", "no")])) is None


def own_message_id() -> str:
    return f"<abc123@{BOARD.rpartition('@')[2]}>"


def test_our_own_mail_coming_back_is_ignored(config):
    from panelclerk.mail.loop import LOOP_HEADER, loop_marker

    ours = [(LOOP_HEADER, loop_marker(config)), ("Auto-Submitted", "auto-generated")]
    hit = check(config, message(body=form_body(), message_id=own_message_id(), headers=ours))
    assert hit is not None and hit.kind == "own_mail" and hit.outcome == "ignore"


AUTOMATIC = {
    "auto-generated": [("Auto-Submitted", "auto-generated")],
    "precedence-list": [("Precedence", "list")],
    "precedence-bulk": [("Precedence", "bulk")],
    "precedence-junk": [("Precedence", "junk")],
    "copied-loop-header": [(LOOP_HEADER, "0123456789abcdef")],
}


@pytest.mark.parametrize("headers", AUTOMATIC.values(), ids=AUTOMATIC.keys())
def test_a_complete_referral_sent_automatically_is_held_not_ignored(config, headers):
    hit = check(config, message(body=form_body(), headers=headers))
    assert hit is not None and (hit.rule, hit.outcome) == ("automatic_referral", "hold")
    assert hit.kind == rules.AUTOMATIC_REFERRAL and hit.reference is None
    assert "sent automatically" in hit.reason and "held for the Business Manager" in hit.reason


def test_our_loop_marker_on_another_domains_message_id_is_not_our_own_mail(config):
    from panelclerk.mail.loop import LOOP_HEADER, loop_marker

    copied = [(LOOP_HEADER, loop_marker(config))]  # a form tool kept our header
    hit = check(config, message(body=form_body(), headers=copied))
    assert hit is not None and hit.outcome == "hold"


def test_list_mail_naming_a_reference_code_is_held_with_the_code(config):
    hit = check(
        config,
        message(
            subject="Fwd: [SCR-2026-001] more information", headers=AUTOMATIC["precedence-list"]
        ),
    )
    assert hit is not None and hit.outcome == "hold" and hit.reference == "SCR-2026-001"
    assert "names SCR-2026-001" in hit.reason


def test_a_form_tools_referral_with_its_form_attached_is_held(config):
    msg = message(subject="SCR referral", body="Submitted via the online form.")
    msg.replace_header("From", "noreply@police.fenmarsh.example")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="form.pdf")
    hit = check(config, msg)
    assert hit is not None and hit.outcome == "hold"
    assert "sent by noreply" in hit.reason and "documents attached" in hit.reason


def test_the_held_reason_carries_no_words_of_the_sender(config):
    headers = [("Auto-Submitted", "auto-generated <!channel> Zebedee")]
    hit = check(config, message(body=form_body(), headers=headers))
    assert hit is not None and hit.outcome == "hold"
    assert "channel" not in hit.reason and "Zebedee" not in hit.reason


@pytest.mark.parametrize(
    ("headers", "subject", "kind"),
    [
        ([("Auto-Submitted", "auto-replied")], "Automatic reply: Re: [SCR-2026-001]", "auto_reply"),
        (
            [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All")],
            "Out of Office: Re: [SCR-2026-001] Referral received",
            "auto_reply",
        ),
        ([("Return-Path", "<>")], "Undeliverable: SCR referral", "bounce"),
    ],
)
def test_auto_replies_and_bounces_quoting_a_referral_stay_ignored(config, headers, subject, kind):
    hit = check(config, message(subject=subject, body=form_body(), headers=headers))
    assert hit is not None and hit.outcome == "ignore" and hit.kind == kind


def test_automatic_mail_with_nothing_of_a_case_is_still_ignored(config):
    hit = check(
        config, message(subject="Safeguarding newsletter", headers=AUTOMATIC["precedence-list"])
    )
    assert hit is not None and (hit.rule, hit.outcome) == ("automatic", "ignore")


def test_an_automatic_referral_from_a_stranger_is_quarantined_not_held(config):
    msg = message(
        sender="forms@stranger.example", body=form_body(), headers=AUTOMATIC["auto-generated"]
    )
    hit = check(config, msg)
    assert hit is not None and (hit.rule, hit.outcome) == ("unknown_sender", "quarantine")


def test_unknown_senders_are_quarantined(config):
    hit = check(config, message(sender="someone@gmail.example"))
    assert hit is not None and hit.rule == "unknown_sender"
    assert check(config, message(sender="new.person@police.fenmarsh.example")) is None


def with_attachment(name, data):
    msg = message(body="see attached")
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("form.exe", b"MZ\x90\x00", "executable"),
        ("form.pdf", b"MZ\x90\x00 pretending", "executable"),
        ("form.docm", b"PK\x03\x04", "macro-enabled"),
        (
            "form.docx",
            zip_bytes({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}),
            "contains macros",
        ),
        ("papers.zip", zip_bytes({"run.js": b"x"}), "contains 'run.js'"),
        ("bomb.zip", zip_bytes({"zeros.txt": b"\0" * 5_000_000}), "archive bomb"),
        (
            "nested.zip",
            zip_bytes({"inner.zip": zip_bytes({"inner2.zip": b"PK"})}),
            "nested inside archives",
        ),
    ],
)
def test_dangerous_attachments_are_quarantined(config, name, data, reason):
    hit = check(config, with_attachment(name, data))
    assert hit is not None and hit.rule == "dangerous_attachment" and reason in hit.reason


def test_ordinary_office_files_pass(config):
    from .test_formparse import docx_form

    assert check(config, with_attachment("form.docx", docx_form([("a", "b")]))) is None
