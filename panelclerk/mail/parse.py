"""Bytes to an InboundEmail: pure, no store, no network. Every failure is a ParseError with a
reason fit for the quarantine table; nothing here raises anything else on hostile input.
"""

from __future__ import annotations

import datetime as dt
import email
import functools
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.policy import EmailPolicy, compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

MAX_PARTS = 200
MAX_DEPTH = 12
# Decoding RFC 2047 encoded words costs the square of their number in one field (4,000 in a
# Subject took 624 MiB), so a field is measured before the email package reads it. Real mail
# has a handful; a long subject folded by Outlook has a few dozen.
MAX_FIELD_CHARS = 64 * 1024  # one header field, unfolded (half a second to parse)
MAX_ENCODED_WORDS = 200  # in one header field
MAX_HEADER_BYTES = 512 * 1024  # the message's own header section
MAX_PARAMETERS = 100  # ";"-separated parameters in one field (RFC 2231 continuations too)
_ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?")
_LOGICAL_LINE = re.compile(rb"\r?\n(?![ \t])")
# The fields the email package decodes as it walks a message's parts (and a forwarded
# message's header), looked for below the message's own header.
_DECODED_FIELD = re.compile(
    rb"^(content-type|content-disposition|content-description|subject|from|to|cc|"
    rb"reply-to|sender|date|message-id|in-reply-to|references)[ \t]*:",
    re.I,
)

# Headers added in transit: two deliveries of one message differ only in these.
TRACE_HEADERS = frozenset(
    {
        "received",
        "delivered-to",
        "return-path",
        "x-original-to",
        "authentication-results",
        "arc-seal",
        "arc-message-signature",
        "arc-authentication-results",
        "received-spf",
        "x-ms-exchange-organization-authas",
        "x-spam-status",
        "x-spam-score",
        "x-virus-scanned",
        "x-envelope-to",
        "envelope-to",
        "x-delivered-to",
        "status",
        "x-uid",
        "x-keywords",
        "content-length",
        "lines",
        "x-status",
    }
)


class _Policy(EmailPolicy):
    """policy.default, but each header value is parsed once: the email package parses a
    header again on every read (Content-Type eight times for one small message), which made
    reading headers most of the cost of reading mail. Header objects are immutable."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        return _parsed_header(self, name, value)


@functools.lru_cache(maxsize=256)
def _parsed_header(policy_: EmailPolicy, name: str, value: str) -> Any:
    return EmailPolicy.header_fetch_parse(policy_, name, value)


POLICY = _Policy()


class ParseError(Exception):
    """The message cannot be read; the reason goes to the quarantine table."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        name = self.filename.lower()
        return name.rsplit(".", 1)[1] if "." in name else ""


@dataclass
class InboundEmail:
    message_id: str | None
    subject: str
    from_addr: str
    from_name: str
    date: dt.datetime | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    in_reply_to: str | None
    references: tuple[str, ...]
    text: str
    html: str | None
    attachments: list[Attachment] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    content_type: str = "text/plain"
    size: int = 0
    # the attachments' form fields, once the monitor has read them within its time budget
    attachment_forms: list[Any] | None = None

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    def all_headers(self, name: str) -> list[str]:
        lower = name.lower()
        return [v for k, v in self.headers if k.lower() == lower]

    @property
    def from_domain(self) -> str:
        return self.from_addr.rpartition("@")[2].lower()


def content_digest(raw: bytes) -> str:
    """A hash of the message without its transit headers: the same message delivered twice
    hashes the same, a different body under a reused Message-ID does not."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    lines: list[bytes] = []
    for line in re.split(rb"\r?\n(?![ \t])", head):
        name = line.split(b":", 1)[0].strip().lower()
        if name.decode("latin-1") not in TRACE_HEADERS:
            lines.append(re.sub(rb"\s+", b" ", line.strip()))
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line + b"\n")
    digest.update(b"\n" + body.replace(b"\r\n", b"\n"))
    return digest.hexdigest()


class _TextExtractor(HTMLParser):
    """HTML to plain text without rendering anything: scripts, styles and heads vanish,
    block elements become line breaks, images and links leave only their text."""

    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "tr",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "blockquote",
            "pre",
            "hr",
            "section",
            "article",
            "ul",
            "ol",
        }
    )
    SKIP = frozenset(
        {"script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    # HTMLParser is lenient: on a rare failure keep the text it had read.
    except Exception:  # noqa: S110  # nosec B110
        pass
    text = "".join(parser.parts).replace("\xa0", " ")
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _decode_part(part: Message) -> str:
    try:
        content = part.get_content() if isinstance(part, EmailMessage) else part.get_payload()
        if isinstance(content, bytes):
            return content.decode("utf-8", "replace")
        return content if isinstance(content, str) else ""
    except (LookupError, UnicodeError, AssertionError, ValueError, KeyError):
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            for charset in ("utf-8", "cp1252", "latin-1"):
                try:
                    return payload.decode(charset)
                except UnicodeDecodeError:
                    continue
        return ""


# Every character that breaks or controls a line, as a header value must never carry once it
# is reused (a subject in our answer, a name in a list): C0 and C1 controls, NEL (U+0085, a
# cp1252 ellipsis read as latin-1), and the Unicode line and paragraph separators.
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _header_str(value: Any) -> str:
    try:
        text = str(value)
    except Exception:
        text = ""
    return _LINE_BREAKING.sub(" ", text).strip()


def _message_ids(value: str | None) -> tuple[str, ...]:
    return tuple(re.findall(r"<[^<>\s]+>", value or ""))


def first_message_id(value: str | None) -> str | None:
    """A Message-ID header's value as the store keeps it: <local@domain>, or None."""
    return (_message_ids(value) or (None,))[0]


def message_id_of(raw: bytes) -> str | None:
    """A message's Message-ID as the store keeps it, reading its header alone."""
    header = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get("message-id")
    return first_message_id(str(header)) if header else None


def _plain_from(value: str) -> tuple[str, str]:
    """From read as a verifier reads it when the email package will not: the address from
    the raw value, the display name decoded by hand, every line break in it a space."""
    name, addr = parseaddr(value)
    try:
        name = str(make_header(decode_header(name)))
    except Exception as exc:
        raise ParseError(f"the From header could not be read ({exc.__class__.__name__})") from None
    return _header_str(name), addr


def sender_of(raw: bytes) -> str | None:
    """The From address as the quarantine list shows it, read without decoding anything
    (for a message our parser could not get through): at most 320 characters, or None."""
    header = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get("from")
    if not header:
        return None
    _, addr = parseaddr(_header_str(str(header)[:2000]))
    return addr.strip().lower()[:320] if "@" in addr else None


def received_time_of(raw: bytes) -> dt.datetime | None:
    """When the topmost `Received:` header says the receiving server took the message (RFC
    5321 s4.4: the date after its last semicolon): the arrival time of mail read from files,
    where no mailbox keeps one. Only the first 64 KiB of header is read."""
    header = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get("received")
    if not header:
        return None
    stamp = " ".join(str(header).rpartition(";")[2].split())
    try:
        moment = parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.astimezone(dt.UTC) if moment.tzinfo else None


def _tnef_attachments(data: bytes) -> tuple[list[Attachment], str]:
    """Outlook's winmail.dat: unpack its attachments and its body."""
    from tnefparse import TNEF

    try:
        tnef = TNEF(data)
    except Exception as exc:
        raise ParseError(f"winmail.dat could not be unpacked: {exc.__class__.__name__}") from None
    found = [
        Attachment(a.long_filename() or a.name or "attachment", "application/octet-stream", a.data)
        for a in tnef.attachments
    ]
    body = ""
    raw_body = getattr(tnef, "body", None) or b""
    if isinstance(raw_body, bytes):
        body = raw_body.decode("cp1252", "replace")
    elif isinstance(raw_body, str):
        body = raw_body
    return found, body


def _payload(msg: Message) -> bytes:
    data = msg.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _walk(msg: Message, out: InboundEmail, depth: int, budget: list[int]) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(f"MIME parts nested deeper than {MAX_DEPTH} levels")
    budget[0] -= 1
    if budget[0] < 0:
        raise ParseError(f"more than {MAX_PARTS} MIME parts")
    ctype = msg.get_content_type()
    disposition = (msg.get_content_disposition() or "").lower()
    filename = msg.get_filename()
    if ctype == "message/rfc822" or (filename or "").lower().endswith(".eml"):
        payload = _payload(msg)
        nested = msg.get_payload()
        if not payload and isinstance(nested, list) and nested and isinstance(nested[0], Message):
            payload = nested[0].as_bytes()
        out.attachments.append(Attachment(filename or "forwarded.eml", "message/rfc822", payload))
        return
    if msg.is_multipart():
        parts = msg.get_payload()
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, Message):
                _walk(part, out, depth + 1, budget)
        return
    if disposition == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
        data = _payload(msg)
        name = _header_str(filename or f"attachment.{ctype.split('/')[-1]}")
        if ctype == "application/ms-tnef" or name.lower() == "winmail.dat":
            inner, body = _tnef_attachments(data)
            out.attachments.extend(inner)
            if body and not out.text:
                out.text = body
            return
        out.attachments.append(Attachment(name, ctype, data))
        return
    if ctype == "text/plain" and not out.text:
        out.text = _decode_part(msg)
    elif ctype == "text/html" and out.html is None:
        out.html = _decode_part(msg)
    elif ctype.startswith("text/"):
        out.attachments.append(Attachment(filename or "part.txt", ctype, _payload(msg)))


def parse_email(raw: bytes, max_bytes: int = 25 * 1024 * 1024) -> InboundEmail:
    """Parse a whole message. The size cap is checked before anything is parsed. Whatever
    the email package raises on a malformed message (a ValueError for an encoded line break
    in a display name, say) is a ParseError with a reason: bad input, not a fault of ours."""
    try:
        return _parse(raw, max_bytes)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("MIME structure too deep") from None
    except Exception as exc:
        raise ParseError(f"the message could not be read: {exc.__class__.__name__}") from None
    finally:  # a header seen once is not kept beyond its message: it may name a child
        _parsed_header.cache_clear()


def check_header_limits(raw: bytes) -> None:
    """Refuse, before any parsing, a message whose header fields would cost the email package
    more than a message is worth: too long a header section, a field too long, too many
    encoded words or parameters in one field. The fields the package decodes are measured
    wherever they stand: in the message's own header, a MIME part's or a forwarded message's."""
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    head = raw if end < 0 else raw[:end]
    if len(head) > MAX_HEADER_BYTES:
        raise ParseError(
            f"a header section of {len(head):,} bytes (more than {MAX_HEADER_BYTES:,})"
        )
    for line in _LOGICAL_LINE.split(head):
        _check_field(line)
    for line in _LOGICAL_LINE.split(raw[len(head) :]):
        if _DECODED_FIELD.match(line):
            _check_field(line)


def _check_field(line: bytes) -> None:
    name = line.split(b":", 1)[0][:40].decode("ascii", "replace")
    if len(line) > MAX_FIELD_CHARS:
        raise ParseError(
            f"a {name!r} header field of {len(line):,} characters (more than {MAX_FIELD_CHARS:,})"
        )
    if line.count(b"=?") > MAX_ENCODED_WORDS and (
        len(_ENCODED_WORD.findall(line)) > MAX_ENCODED_WORDS
    ):
        raise ParseError(
            f"a {name!r} header field with more than {MAX_ENCODED_WORDS} encoded words"
        )
    if line.count(b";") > MAX_PARAMETERS:
        raise ParseError(f"a {name!r} header field with more than {MAX_PARAMETERS} parameters")


def _parse(raw: bytes, max_bytes: int) -> InboundEmail:
    if len(raw) > max_bytes:
        raise ParseError(f"message of {len(raw):,} bytes is over the {max_bytes:,}-byte limit")
    if not raw.strip():
        raise ParseError("empty message")
    check_header_limits(raw)
    msg = email.message_from_bytes(raw, policy=POLICY)  # what it raises: parse_email's
    assert isinstance(msg, EmailMessage)
    headers: list[tuple[str, str]] = []
    raw_values: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        headers.append((name, _header_str(value)))
        raw_values.setdefault(name.lower(), []).append(_header_str(value))
    if len(headers) > 1000:
        raise ParseError(f"{len(headers):,} header fields (more than 1,000)")

    def first(name: str) -> str:
        return (raw_values.get(name) or [""])[0]

    # Only From's display name and Subject need decoding (RFC 2047); dates, message ids and
    # the addresses of To and Cc are read from the raw values, as each structured parse by
    # the email package costs more than the rest of reading a small message.
    try:
        name, addr = parseaddr(_header_str(msg.get("From", "")))
    except Exception:  # the package refuses a decoded name with a line break (ValueError)
        name, addr = _plain_from(first("from"))
    if not addr or "@" not in addr:
        raise ParseError("no usable From address")
    try:
        date = parsedate_to_datetime(first("date")) if first("date") else None
    except (TypeError, ValueError, IndexError):
        date = None
    out = InboundEmail(
        message_id=first_message_id(first("message-id")),
        subject=_header_str(msg.get("Subject", "")) if "subject" in raw_values else "",
        from_addr=addr.strip().lower(),
        from_name=name.strip(),
        date=date,
        to=tuple(a.lower() for _, a in getaddresses(raw_values.get("to", [])) if a),
        cc=tuple(a.lower() for _, a in getaddresses(raw_values.get("cc", [])) if a),
        in_reply_to=(_message_ids(first("in-reply-to")) or (None,))[0],
        references=_message_ids(first("references")),
        text="",
        html=None,
        headers=headers,
        defects=[d.__class__.__name__ for d in msg.defects],
        content_type=msg.get_content_type(),
        size=len(raw),
    )
    try:
        _walk(msg, out, 0, [MAX_PARTS])
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("MIME structure too deep") from None
    except Exception as exc:
        raise ParseError(f"MIME body could not be read: {exc.__class__.__name__}") from None
    if not out.text.strip() and out.html:
        out.text = html_to_text(out.html)
    out.text = out.text.replace("\r\n", "\n")
    return out
