"""Who sent a message, as a DMARC verifier reads it, and whether the board's own receiving
server vouched for that.

The From header is read strictly (RFC 5322 with the email package's modern parser): one From
header holding one address, with no defects and no second address hidden in its display
name. Anything else is what a spoofer sends to make a lenient parser (ours, CVE-2023-27043)
and the mail server's DMARC check read different senders, so it is never routed.

Authentication-Results (RFC 8601) are parsed with `authres`. Only the topmost instance whose
authserv-id is the board's receiving server counts: that server adds it on top after
removing any header carrying its own authserv-id that came with the message (RFC 8601 s5).
Headers from other servers, and any of ours further down, are never read.

A sender passes with a DMARC `pass` whose `header.from` is the From domain. Without a DMARC
result (or with `dmarc=none`: the domain publishes no policy), an SPF `pass` whose
`smtp.mailfrom` domain, or a DKIM `pass` whose `header.d`, is the From domain or a subdomain
of it. A parent domain is not accepted here: telling an organisational domain from a public
suffix needs the Public Suffix List, which the receiving server's DMARC check already has.
"""

from __future__ import annotations

import contextlib
import re
from email import policy
from typing import Any

import authres
import authres.core

from ..mail.parse import InboundEmail
from ..workflow.config import BoardConfig

# A host name: dot-separated labels (IDNs in their xn-- form), at least two of them.
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
# An unquoted local part (RFC 5322 dot-atom); a quoted one is not what agencies send.
_LOCAL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$", re.I)
_ADDRESS_IN_TEXT = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")
# The authserv-id of a header authres cannot parse: the first token, after any comments.
_LEADING_TOKEN = re.compile(r"^\s*(?:\([^()]*\)\s*)*([^\s;()]+)")
_ERRORS = (authres.core.AuthResError, ValueError, IndexError, AttributeError, TypeError)


def from_problem(email: InboundEmail) -> str | None:
    """Why the From header cannot be read as exactly one sender, or None when it can."""
    values = email.all_headers("From")
    if len(values) != 1:
        return f"{len(values)} From headers: a message has exactly one (RFC 5322 s3.6)"
    value = values[0]
    # raw UTF-8 (RFC 6532), kept by the parser as escaped bytes; what is not UTF-8 stays,
    # and the parser below reports it as a defect
    with contextlib.suppress(UnicodeError):
        value = value.encode("ascii", "surrogateescape").decode("utf-8")
    try:  # an AddressHeader (with BaseHeader's defects, which its stubs lack)
        header: Any = policy.default.header_factory("From", value)
        addresses = header.addresses
    except Exception:  # the modern parser raising at all is a reason to keep it aside
        return "the From header cannot be parsed"
    # A control character (NonPrintableDefect) changes no address: the address is held to
    # the plain forms below, and a display name is shown escaped wherever it is shown.
    kinds = sorted({type(d).__name__ for d in header.defects} - {"NonPrintableDefect"})
    if kinds:
        return f"the From header has defects ({', '.join(kinds)}): its sender is ambiguous"
    if any(g.display_name is not None for g in header.groups):
        return "the From header is an address group, not one sender"
    if len(addresses) != 1:
        return f"the From header holds {len(addresses)} addresses, not one sender"
    address = addresses[0]
    local, domain = address.username, address.domain.lower().rstrip(".")
    if not _LOCAL.match(local) or not _HOSTNAME.match(domain):
        return f"the From address {address.addr_spec[:80]!r} is not a plain address"
    addr = f"{local}@{domain}".lower()
    for shown in _ADDRESS_IN_TEXT.findall(address.display_name or ""):
        if shown.lower().strip(".") != addr:
            return (
                f"the From display name shows {shown[:80]!r}, another address than the "
                f"sender {addr}"
            )
    if addr != email.from_addr:
        return f"the From header reads as {addr}, but as {email.from_addr[:80]} by the parser"
    return None


def _norm(domain: Any) -> str:
    return str(domain or "").rpartition("@")[2].strip().lower().rstrip(".")


def _prop(result: Any, kind: str, name: str) -> str | None:
    for prop in result.properties or ():
        if prop.type == kind and prop.name == name and prop.value is not None:
            return str(prop.value)
    return None


def _within(authenticated: str, from_domain: str) -> bool:
    """The authenticated domain is the From domain or one of its subdomains."""
    return bool(authenticated) and (
        authenticated == from_domain or authenticated.endswith("." + from_domain)
    )


def _ours(values: list[str], server: str) -> tuple[Any | None, str | None]:
    """The topmost Authentication-Results whose authserv-id is `server`, parsed; or why not."""
    features = authres.all_features()
    for value in values:
        try:
            parsed = authres.core.AuthenticationResultsHeader.parse_value(features, value)
        except _ERRORS as exc:
            token = _LEADING_TOKEN.match(value)
            if token and token.group(1).lower() == server:
                return None, (
                    f"the Authentication-Results from {server} cannot be read (RFC 8601): "
                    f"{str(exc)[:80]}"
                )
            continue  # another server's header: never read
        if str(parsed.authserv_id or "").lower() == server:
            return parsed, None
    return None, f"no Authentication-Results from the board's receiving server {server}"


def sender_problem(email: InboundEmail, config: BoardConfig) -> str | None:
    """Why the board's receiving server did not vouch for the From domain, or None."""
    settings = config.mailbox
    server = (settings.authserv_id or "").strip().lower()
    if not server:
        if settings.trust_mta_without_authentication:
            return None  # the board said its mail server does this itself (check-config warns)
        return "the board names no authserv_id, so no sender can be checked"
    header, problem = _ours(email.all_headers("Authentication-Results"), server)
    if header is None:
        return problem
    domain = email.from_domain
    results = [(str(r.method).lower(), str(r.result).lower(), r) for r in header.results]
    dmarc = [(result, r) for method, result, r in results if method == "dmarc"]
    for result, r in dmarc:
        checked = _prop(r, "header", "from")
        if checked is None:
            return f"the DMARC result ({result}) does not say which From domain it checked"
        if _norm(checked) != domain:
            return (
                f"the receiving server checked DMARC for {_norm(checked)[:80]!r}, not for the "
                f"From domain {domain}"
            )
        if result not in ("pass", "none"):
            return f"DMARC {result} for {domain}"
    if dmarc and all(result == "pass" for result, _ in dmarc):
        return None
    for method, result, r in results:
        if result != "pass":
            continue
        if method == "spf" and _within(_norm(_prop(r, "smtp", "mailfrom")), domain):
            return None
        if method == "dkim" and _within(_norm(_prop(r, "header", "d")), domain):
            return None
    return (
        f"sender authentication failed for {domain}: no DMARC pass for it, nor an SPF or DKIM "
        "pass aligned with it"
    )
