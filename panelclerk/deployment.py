"""What a board needs before `panelclerk serve` runs it for real: checks that the board file
is complete for a deployment, not only valid. `check-config --deployment` prints them and
`serve` refuses to start while any remains. Each problem is one sentence naming the key of the
board file to set; none reads the environment or the network."""

from __future__ import annotations

from .workflow.config import BoardConfig, Person
from .workflow.config_service import MailboxSettings
from .workflow.distribution import agency_contacts

EXCHANGE = ("graph", "ews")


def maildir_sends_by_smtp(settings: MailboxSettings) -> bool:
    """A Maildir board sends through SMTP when its [mailbox] table names a server: smtp_host
    written in the file (its default, 127.0.0.1, serves the IMAP backend and is no promise
    that a mail server listens there). Without it, the outbox writes .eml files into
    outbox_dir, for the demo and the tests."""
    return "smtp_host" in settings.model_fields_set and bool(settings.smtp_host)


def _reaches(config: BoardConfig, person: Person) -> bool:
    """Whether a chat platform `serve` runs can post to this person."""
    chat = config.chat
    for platform in chat.platforms:
        if platform == "slack" and person.slack_user:
            return True
        if platform == "teams" and (chat.teams_mode == "webhook" or person.teams_user):
            return True  # a Workflows webhook posts to the channel they are in
    return False


def _people_to_reach(config: BoardConfig) -> list[Person]:
    """The Chair (and whoever else decides) and the Business Manager: new referrals, the
    cards and every notice of a fault go to them in chat."""
    wanted = [
        *config.people_with_role("chair"),
        *config.deciders,
        *config.people_with_role("business_manager"),
    ]
    return list({p.id: p for p in wanted}.values())


def _chat_problems(config: BoardConfig) -> list[str]:
    served = [p for p in config.chat.platforms if p in ("slack", "teams")]
    if not served:
        return [
            "chat.platforms: no chat platform that `serve` runs is configured (the console "
            "platform is the demo's terminal), so every card and every notice to the Chair and "
            'the Business Manager would wait for ever: set chat.platforms = ["slack"] or '
            '["teams"].'
        ]
    problems = []
    keys = [f"{p}_user" for p in served if p == "slack" or config.chat.teams_mode == "bot"]
    for person in _people_to_reach(config):
        if _reaches(config, person):
            continue
        index = config.people.index(person)
        named = " or ".join(f"people[{index}].{key}" for key in keys)
        problems.append(
            f"{named}: {person.name} ({', '.join(person.roles)}) cannot be reached on any "
            f"configured chat platform ({', '.join(served)}), so their cards and notices would "
            f"wait for ever: set {named} to their id there."
        )
    return problems


def _mailbox_problems(config: BoardConfig) -> list[str]:
    settings = config.mailbox
    problems = []
    # Exchange (Graph, EWS) writes its Authentication-Results without an authserv-id, so a
    # board there relies on Exchange's own anti-spoofing, which must reject mail that fails
    # DMARC: check-config says so; for a mail server that stamps one, it must be read.
    if not settings.authserv_id and settings.backend not in EXCHANGE:
        problems.append(
            "mailbox.authserv_id: the board's mailbox trusts its mail server without reading "
            "any Authentication-Results (trust_mta_without_authentication = true), so a forged "
            "From would be believed: set mailbox.authserv_id to the authserv-id your receiving "
            'server writes (like "mx.example.gov.uk") and remove '
            "trust_mta_without_authentication."
        )
    if settings.backend == "maildir" and not maildir_sends_by_smtp(settings):
        problems.append(
            "mailbox.smtp_host: a Maildir board without an SMTP server only writes its outgoing "
            f"mail into the folder {settings.outbox_dir} (mailbox.outbox_dir), where nobody "
            "receives it: set mailbox.smtp_host (with smtp_port, smtp_security and smtp_user) "
            "to the board's mail server."
        )
    local = settings.smtp_host in ("127.0.0.1", "::1", "localhost")
    if settings.backend == "maildir" and settings.smtp_security == "plain" and not local:
        problems.append(
            "mailbox.smtp_security: plain SMTP would carry the board's mail and password "
            f'unencrypted to {settings.smtp_host}: set mailbox.smtp_security to "starttls" or '
            '"tls" (plain is for a relay on 127.0.0.1 only).'
        )
    return problems


def _agency_problems(config: BoardConfig) -> list[str]:
    return [
        f"people[].agency: nobody in the board file belongs to {agency.name} (agencies[{index}]),"
        " so a précis can never be asked of it: add a [[people]] entry with "
        f'agency = "{agency.id}" (its member or deputy).'
        for index, agency in enumerate(config.agencies)
        if not agency_contacts(config, agency.id)
    ]


def problems(config: BoardConfig) -> list[str]:
    """Everything that would leave the board half-working under `serve`; empty when none."""
    return [*_chat_problems(config), *_mailbox_problems(config), *_agency_problems(config)]
