"""Why a message was kept back, and what became of one released, in plain words.

The reasons stored with a kept message are the rules' own (`intake/rules.py`, the parser,
the steps), kept as they are for the audit and the command line. Here each reads as the
Business Manager says it: `plain` for the console, where the message is read anyway and its
sender's address may be shown; `category` for a chat notice, in fixed words of our own only
(never the sender's address, a file's name or the subject, which may carry a child's name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEPT = ("quarantined", "held")


@dataclass(frozen=True)
class _Reason:
    pattern: re.Pattern[str]
    category: str  # for chat: our words only
    plain: str  # for the console: may use the pattern's named groups and {reason}


def _r(pattern: str, category: str, plain: str) -> _Reason:
    return _Reason(re.compile(pattern, re.S), category, plain)


FAULT = "a fault in panelclerk stopped it being processed"
NOT_GENUINE = "the sender's address could not be confirmed as genuine"

# In order: the first pattern that matches the stored reason says it.
REASONS: tuple[_Reason, ...] = (
    _r(
        r"^(?P<addr>.+) is not an address or domain of the board's agencies$",
        "the sender is not in the board file",
        "The sender's address, {addr}, is not in the board file: no person or agency of the "
        "board uses it.",
    ),
    _r(
        r"^about (?P<ref>\S+) from (?P<addr>.+), whose agency is not on that referral$",
        "it names a referral its sender's agency is not on",
        "It names {ref}, but its sender, {addr}, is from no agency on that referral.",
    ),
    _r(
        r"^(could not be processed|reading it stopped panelclerk)",
        FAULT,
        "A fault in panelclerk stopped it being processed ({reason}). Tell IT; once the fault "
        "is mended, releasing it routes it again.",
    ),
    _r(
        r"^reuses the Message-ID of an earlier message",
        "it reuses the Message-ID of an earlier, different message",
        "It reuses the Message-ID of an earlier message with different content, as forged "
        "mail does.",
    ),
    _r(
        r"DMARC|sender authentication failed|Authentication-Results|authserv_id",
        NOT_GENUINE,
        "The board's mail server could not confirm that it really came from the address it "
        "shows ({reason}).",
    ),
    _r(
        r": (.+ bytes is over the attachment limit|executable files are not accepted|"
        r"macro-enabled Office files are not accepted|contains macros|contains '|"
        r"damaged archive|looks like an archive bomb|archives nested inside archives)",
        "an attachment is of a kind the board does not accept",
        "An attachment is not accepted ({reason}).",
    ),
    _r(
        r"active content|a PDF with .* is not accepted",
        "it carries active content, such as scripts",
        "It carries active content, such as scripts, which agencies' mail never has ({reason}).",
    ),
    _r(
        r"took longer than .*kept unread|MiB of memory; kept unread",
        "its documents could not be read within the limits",
        "Its attached documents could not be read safely within the time and memory allowed "
        "({reason}).",
    ),
    _r(
        r"^message of .* is over the .*-byte limit$",
        "it is larger than the board accepts",
        "It is larger than the board accepts ({reason}).",
    ),
    _r(
        r"From header|From address|no usable From",
        "who sent it cannot be told for certain",
        "Who sent it cannot be told for certain ({reason}).",
    ),
    _r(
        r"MIME|header field|header section|^empty message$|could not be read|winmail\.dat",
        "it could not be read as an email",
        "It could not be read as an email ({reason}).",
    ),
    _r(
        r"^message about a referral that is (?P<state>.+): for the Business Manager$",
        "it is about a referral at a stage no step takes mail at",
        "It is about a referral that is at the stage \u201c{state}\u201d: no step takes mail "
        "at that stage by itself, so it waits for you.",
    ),
    _r(
        r"^information from (?P<who>.+), not the referrer: for the Business Manager",
        "it brings information from someone other than the referrer",
        "It brings information from {who}, who did not make the referral: add it to the "
        "referral yourself if it belongs there.",
    ),
    _r(
        r"^recommendation not recognised$",
        "which review it recommends could not be told",
        "It reads as a recommendation, but which review it recommends could not be told; the "
        "sender has been asked to say.",
    ),
    _r(
        r"^unknown reference code$",
        "it names a reference code the board does not have",
        "It names a reference code that is none of the board's referrals.",
    ),
    _r(
        r"^no reference code and no referral form$",
        "it names no referral and carries no referral form",
        "It names no referral and carries no referral form, so no step could take it.",
    ),
    _r(
        r"^sent automatically \((?P<why>.+)\) and (?P<carries>.+): held for the Business "
        r"Manager$",
        "it was sent automatically yet may be a referral",
        "It was sent automatically ({why}), yet it {carries}, so it may be a referral. Nobody "
        "has been answered; releasing it routes it as a referral.",
    ),
    _r(
        r"^action plan update for (?P<who>[^;]+); read as (?P<read>.+)$",
        "an action plan update",
        "An action plan update from {who}; the ratings read from it are {read}.",
    ),
    _r(
        r"^action plan update for (?P<who>[^;]+)$",
        "an action plan update",
        "An action plan update from {who}; no rating could be read from it.",
    ),
)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _found(reason: str | None) -> tuple[_Reason, re.Match[str]] | None:
    text = (reason or "").strip()
    for known in REASONS:
        match = known.pattern.search(text)
        if match:
            return known, match
    return None


def plain(reason: str | None, kind: str | None = None) -> str:
    """The stored reason as a sentence for the console (the sender's words it quotes are
    shown defused by the page, as everything of the sender's is)."""
    text = (reason or "").strip()
    if kind == "fault" and not text.startswith(("could not", "reading it")):
        return f"A fault in panelclerk stopped it being processed ({text or 'not recorded'})."
    found = _found(text)
    if found is None:
        if kind == "recommendation":
            return f"The recommendation in it could not be recorded: {_sentence(text)}"
        return _sentence(text) or "No reason was recorded."
    known, match = found
    return known.plain.format(reason=text, **match.groupdict())


def category(reason: str | None, kind: str | None = None) -> str:
    """The reason's kind in our own fixed words: safe for chat."""
    if kind == "fault":
        return FAULT
    found = _found(reason)
    return found[0].category if found else "the reason is on its page"


def became(outcome: str, kind: str, reference: str | None, precis: str = "précis") -> str:
    """What became of a released message, routed again: a sentence for the console."""
    ref = reference or "a referral"
    if kind == "referral" and outcome in ("accepted", "incomplete", "late"):
        said = f"It is now referral {ref}."
        if outcome == "incomplete":
            said += " Some of the form is missing: the referrer is asked for it."
        elif outcome == "late":
            said += " It came after the cut-off for the next meeting's papers."
        return said
    filed = {
        "precis": f"It was filed with {ref} as an agency's {precis}.",
        "additional_information": f"It was filed with {ref} as more information.",
        "agenda_item": f"It was filed with {ref} as an item for the agenda.",
        "recommendation": f"It was recorded as a recommendation on {ref}.",
        "statutory_response": f"It was filed with {ref} as a statutory body's answer.",
    }
    if outcome in ("accepted", "incomplete", "late") and kind in filed:
        return filed[kind]
    if outcome == "held":
        about = f" about {reference}" if reference else ""
        return f"It was answered as a message{about} and is held for you again."
    if outcome == "quarantined":
        return "It is still quarantined."
    if outcome == "duplicate":
        about = f" (about {reference})" if reference else ""
        return f"It was the same as a message delivered before{about}; nothing more was done."
    if outcome == "ignored":
        return "It was taken as an automatic reply and nothing was done with it."
    return f"It was recorded as {outcome.replace('_', ' ')}."
