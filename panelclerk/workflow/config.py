"""The board configuration: one validated document holds everything that differs between boards.

Framework rules (time limits, meeting rule, form fields, review types, terms, who decides and
what the clock counts from) are data here, never constants in code, so that a second process
(Working Together 2023 rapid reviews) runs through the same core as another preset.
Parsing is pure: the caller reads the file and passes the mapping with the file's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .durations import Duration
from .errors import ConfigError, WorkflowError
from .forms import FIELD_CATALOGUE

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")

ROLES = (
    "chair",
    "deputy_chair",
    "business_manager",
    "member",
    "deputy",
    "partner",
    "legal",
    "minute_taker",
)
Role = Literal[
    "chair",
    "deputy_chair",
    "business_manager",
    "member",
    "deputy",
    "partner",
    "legal",
    "minute_taker",
]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")


def _email(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not _EMAIL.match(value):
            raise ValueError(f"expected an email address like name@agency.gov.uk, got {value!r}")
        return value.lower()
    return value


def _duration(value: Any) -> Any:
    if isinstance(value, str):
        return Duration.parse(value)
    return value


def _ident(value: Any) -> Any:
    if isinstance(value, str) and not _ID.match(value):
        raise ValueError(
            f"expected an id of lower-case letters, digits and underscores, got {value!r}"
        )
    return value


Email = Annotated[str, BeforeValidator(_email)]
Limit = Annotated[Duration, BeforeValidator(_duration)]
Ident = Annotated[str, BeforeValidator(_ident)]


class _KeyError(ValueError):
    """A cross-reference problem that knows which key it is about."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Framework(_Strict):
    """Which process the board runs: who decides, and what deadlines count from."""

    id: Ident
    title: str
    decision_makers: Literal["chair", "partners"] = "chair"
    clock: Literal["meeting", "incident"] = "meeting"
    criteria: Literal["lscb_regulation_5", "serious_child_safeguarding_case"] = "lscb_regulation_5"
    source: str = ""


class Terms(_Strict):
    """The words every message uses, so each framework speaks its own language."""

    board: str = "LSCB"
    group: str = "SCR sub-group"
    case_review: str = "Serious Case Review"
    case_review_short: str = "SCR"
    precis: str = "précis"
    decision_maker: str = "Independent Chair"
    referral_form: str = "SCR Referral and Decision form"
    national_panel: str = "National SCR Panel"
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")] | None = None
    review_process: str = "referral"  # what one case in the process is called


_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _month_day(value: Any) -> Any:
    """ "12-24": a day of the year the board is closed every year. 02-29 counts in leap years."""
    if isinstance(value, str):
        match = _MONTH_DAY.match(value.strip())
        if match:
            month, day = int(match[1]), int(match[2])
            try:
                dt.date(2028, month, day)  # a leap year: 02-29 is a real day
            except ValueError:
                pass
            else:
                return (month, day)
    raise ValueError(f'expected a day of the year as "MM-DD" (such as "12-24"), got {value!r}')


MonthDay = Annotated[tuple[int, int], BeforeValidator(_month_day)]


class CalendarRules(_Strict):
    country: str = "GB"
    subdivision: str = "ENG"
    closure_days: tuple[dt.date, ...] = ()  # one-off closures
    closure_days_every_year: tuple[MonthDay, ...] = ()  # ("12-24", "12-31"): each year


class MeetingRule(_Strict):
    frequency: Literal["monthly"] = "monthly"
    weekday: Weekday = "tuesday"
    week_of_month: int = Field(default=2, description="1 to 4, or -1 for the last")
    start_time: dt.time = dt.time(9, 30)
    horizon_months: int = Field(default=12, ge=1, le=36)
    cancelled: tuple[dt.date, ...] = ()
    extra: tuple[dt.date, ...] = ()
    location: str = ""

    @field_validator("week_of_month")
    @classmethod
    def _week(cls, value: int) -> int:
        if value not in (1, 2, 3, 4, -1):
            raise ValueError(f"expected 1, 2, 3, 4 or -1 (the last), got {value}")
        return value


class TimeLimits(_Strict):
    """Every time limit of the framework; None where the framework sets none."""

    submission_before_meeting: Limit = Duration(10, "working_days")
    agenda_dispatch_before_meeting: Limit = Duration(5, "working_days")
    precis_due_before_meeting: Limit = Duration(5, "working_days")
    precis_reminder_before_due: Limit = Duration(2, "working_days")
    decision_deferral_after_meeting: Limit = Duration(1, "weeks")
    decide_within_of_notification: Limit | None = Duration(1, "months")
    panel_notification_after_decision: Limit | None = Duration(14, "days")
    review_start_after_decision: Limit = Duration(3, "months")
    review_complete_after_decision: Limit = Duration(12, "months")
    minutes_after_meeting: Limit = Duration(14, "working_days")
    # Action plans are RAG-rated quarterly (7.4); each owning agency is asked this long
    # before its actions' rating falls due.
    action_rating_every: Limit = Duration(3, "months")
    action_update_before_due: Limit = Duration(10, "working_days")
    # Counted from the incident's notification (Working Together 2023); None under the LSCB
    # frameworks, whose clock is the monthly meeting.
    notification_within: Limit | None = None
    agency_summaries_within: Limit | None = None
    review_group_within: Limit | None = None
    rapid_review_within: Limit | None = None


class FormRules(_Strict):
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> FormRules:
        for key in ("required", "optional"):
            for index, name in enumerate(getattr(self, key)):
                if name not in FIELD_CATALOGUE:
                    known = ", ".join(sorted(FIELD_CATALOGUE))
                    raise _KeyError(
                        f"{key}[{index}]", f"unknown form field {name!r}; expected one of: {known}"
                    )
        both = set(self.required) & set(self.optional)
        if both:
            raise _KeyError(
                "optional", f"fields both required and optional: {', '.join(sorted(both))}"
            )
        return self


class ReviewType(_Strict):
    id: Ident
    label: str
    kind: Literal["statutory", "alternative", "none"]
    methodologies: tuple[Ident, ...] = ()
    notify: tuple[Literal["dfe", "national_panel", "ofsted"], ...] = ()
    aliases: tuple[str, ...] = ()


class Agency(_Strict):
    id: Ident
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    standing_member: bool = False
    board_member_email: Email | None = None

    @field_validator("domains")
    @classmethod
    def _domains(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for value in values:
            value = value.strip().lower()
            if not _DOMAIN.match(value):
                raise ValueError(
                    f"expected an email domain like police.example.gov.uk, got {value!r}"
                )
            out.append(value)
        return tuple(out)


AadObjectId = Annotated[
    str,
    Field(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
]


class Person(_Strict):
    id: Ident
    name: str
    email: Email
    roles: tuple[Role, ...]
    agency: Ident | None = None
    deputy_for: Ident | None = None
    slack_user: str | None = None
    teams_user: AadObjectId | None = None  # Microsoft Entra object id, never a display name

    def chat_id(self, platform: str) -> str | None:
        """Who they are on a chat platform; None there, or on a platform without people."""
        return {"slack": self.slack_user, "teams": self.teams_user}.get(platform)


class Distribution(_Strict):
    director_childrens_services: Email
    la_chief_executive: Email
    dfe: Email
    national_panel: Email
    ofsted: Email


# an authserv-id is an RFC 2045 token: no spaces or specials
_AUTHSERV_ID = re.compile(r'^[^\s()<>@,;:\\"/\[\]?=]+$')


class MailboxSettings(_Strict):
    """Where the secure mailbox is and how we reach it. Secrets are never here: only the
    names of the environment variables that hold them."""

    backend: Literal["maildir", "imap", "graph", "ews"] = "maildir"
    maildir: str = "var/mailbox"
    outbox_dir: str = "var/outbox"  # the Maildir backend "sends" by writing .eml files here
    imap_host: str = "127.0.0.1"
    imap_port: int = Field(default=993, ge=1, le=65535)
    imap_security: Literal["tls", "starttls", "plain"] = "tls"
    imap_user: str = ""
    imap_password_env: str = "PANELCLERK_IMAP_PASSWORD"  # noqa: S105 - a variable's name
    imap_folder: str = "INBOX"
    processed_folder: str = "Processed"
    quarantine_folder: str = "Quarantine"
    idle_seconds: int = Field(default=300, ge=10, le=1740)  # RFC 2177: re-issue before 29 min
    poll_seconds: int = Field(default=60, ge=5)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["tls", "starttls", "plain"] = "starttls"
    smtp_user: str = ""
    smtp_password_env: str = "PANELCLERK_SMTP_PASSWORD"  # noqa: S105 - a variable's name
    # Sender authentication: the authserv-id our receiving mail server writes at the start of
    # its Authentication-Results (RFC 8601), whose topmost instance alone is read; or, for a
    # server that itself refuses unauthenticated mail and stamps nothing, an explicit
    # trust_mta_without_authentication = true (check-config warns about it). One is required.
    authserv_id: str | None = None
    trust_mta_without_authentication: bool = False
    # Exchange Online through Microsoft Graph (app-only; see the README for the app's setup)
    graph_tenant: str = ""
    graph_client_id: str = ""
    graph_user: str = ""  # the board's mailbox (user principal name)
    graph_secret_env: str = "PANELCLERK_GRAPH_CLIENT_SECRET"  # noqa: S105 - a variable's name
    graph_certificate_env: str = "PANELCLERK_GRAPH_CERTIFICATE"  # PEM file; thumbprint beside
    graph_base_url: str = "https://graph.microsoft.com/v1.0"  # national clouds differ
    graph_authority: str = "https://login.microsoftonline.com"
    # Exchange Server on premises through EWS (see the README): an explicit server URL,
    # autodiscover only when asked for
    ews_url: str = ""  # https://mail.example.gov.uk/EWS/Exchange.asmx
    ews_mailbox: str = ""  # the board mailbox's primary SMTP address
    ews_user: str = ""  # DOMAIN\\user or user@domain, for NTLM or Basic
    ews_auth: Literal["ntlm", "basic", "oauth"] = "ntlm"
    ews_password_env: str = "PANELCLERK_EWS_PASSWORD"  # noqa: S105 - a variable's name
    ews_version: Literal["", "2013", "2016", "2019"] = ""  # "" asks the server
    ews_autodiscover: bool = False
    ews_streaming: bool = False  # streaming notifications wake the monitor; sync stays
    ews_client_id: str = ""  # oauth (hybrid modern auth): the app registration
    ews_tenant: str = ""
    ews_secret_env: str = "PANELCLERK_EWS_CLIENT_SECRET"  # noqa: S105 - a variable's name
    max_message_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_attachment_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # wall-clock budget for reading one message's documents (PDF, Word, Outlook)
    read_seconds: float = Field(default=20.0, gt=0, le=600)
    # Go-live: mail that reached the server before this day (the board's time) is left where
    # it is, never read, answered or moved: a mailbox with years of referrals in its inbox
    # must not have every sender acknowledged again.
    start_from: dt.date | None = None

    @model_validator(mode="after")
    def _safe(self) -> MailboxSettings:
        local = self.imap_host in ("127.0.0.1", "::1", "localhost")
        if self.backend == "imap" and self.imap_security == "plain" and not local:
            raise _KeyError("imap_security", "plain login is allowed only to 127.0.0.1")
        if self.backend == "ews":
            if not self.ews_mailbox:
                raise _KeyError("ews_mailbox", "the EWS backend needs the board mailbox's address")
            if not self.ews_autodiscover and not self.ews_url.startswith(("https://", "http://")):
                raise _KeyError(
                    "ews_url",
                    "the EWS backend needs the server's URL, like "
                    "https://mail.example.gov.uk/EWS/Exchange.asmx (or ews_autodiscover = true)",
                )
            if self.ews_auth == "basic" and not self.ews_url.startswith("https://"):
                raise _KeyError("ews_auth", "Basic authentication is allowed only over https")
        smtp_local = self.smtp_host in ("127.0.0.1", "::1", "localhost")
        if self.backend == "imap" and self.smtp_security == "plain" and not smtp_local:
            raise _KeyError("smtp_security", "plain SMTP is allowed only to 127.0.0.1")
        if self.backend == "graph" and not (
            self.graph_tenant and self.graph_client_id and self.graph_user
        ):
            raise _KeyError(
                "graph_tenant",
                "Graph needs graph_tenant, graph_client_id and graph_user (the board's mailbox)",
            )
        if self.authserv_id and not _AUTHSERV_ID.match(self.authserv_id):
            raise _KeyError(
                "authserv_id",
                "expected the receiving server's authserv-id as it appears before the first "
                "';' of its Authentication-Results, like \"mx.example.gov.uk\"; "
                f"got {self.authserv_id!r}",
            )
        if not self.authserv_id and not self.trust_mta_without_authentication:
            raise _KeyError(
                "authserv_id",
                "every mailbox backend needs the authserv-id of the board's receiving mail "
                "server, so that only its Authentication-Results are trusted: set "
                "mailbox.authserv_id = \"mx.example.gov.uk\" (the name before the first ';' "
                "of the Authentication-Results your server adds). Or, only if that server "
                "itself rejects mail failing DMARC and strips Authentication-Results before "
                "delivery, set mailbox.trust_mta_without_authentication = true",
            )
        if self.authserv_id and self.trust_mta_without_authentication:
            raise _KeyError(
                "trust_mta_without_authentication",
                "authserv_id is set, so the server's Authentication-Results are checked; "
                "remove one of the two",
            )
        return self


class Retention(_Strict):
    """How long what the board holds is kept (UK GDPR Article 5(1)(e)). Closed cases are
    anonymised, not deleted: the reference, dates, states and the kind of decision remain for
    the board's statistics; the audit log holds no names and is kept whole so that its chain
    still verifies."""

    closed_referrals: Limit = Duration(84, "months")  # names, forms, précis, documents
    quarantined_messages: Limit = Duration(6, "months")  # never-released mail: raw content
    processed_messages: Limit = Duration(24, "months")  # raw MIME of applied mail


class ChatSettings(_Strict):
    """Which chat platforms the board uses, and where the sub-group's threads live.
    Tokens are never here: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN."""

    platforms: tuple[Literal["console", "slack", "teams"], ...] = ("console",)
    route_to: Literal["dm", "channel"] = "dm"  # where new referrals go to the Chair
    slack_channel: str | None = None  # the private sub-group channel's id
    # Teams: "bot" is two-way (the Agents SDK); "webhook" only posts cards through a Teams
    # Workflows webhook (TEAMS_WEBHOOK_URL) for a board that cannot register a bot.
    teams_mode: Literal["bot", "webhook"] = "bot"
    teams_channel: str | None = None  # the sub-group channel's id, 19:...@thread.tacv2
    teams_tenant: AadObjectId | None = None  # the board's Microsoft Entra tenant id
    # Where proactive messages start before Teams has told us a conversation's own service
    # URL; outbound calls go only to Microsoft's Bot Connector hosts plus these.
    teams_service_url: str = "https://smba.trafficmanager.net/teams/"
    teams_service_hosts: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _channel(self) -> ChatSettings:
        if "slack" in self.platforms and not self.slack_channel:
            raise _KeyError("slack_channel", "Slack needs the private sub-group channel's id")
        if "teams" in self.platforms and self.teams_mode == "bot":
            if not self.teams_channel or not self.teams_channel.startswith("19:"):
                raise _KeyError(
                    "teams_channel",
                    "the Teams bot needs the sub-group channel's id, like "
                    "19:abc...@thread.tacv2 (Get link to channel, then the part after /channel/)",
                )
            if not self.teams_tenant:
                raise _KeyError("teams_tenant", "the Teams bot needs the board's tenant id")
        return self


class BoardInfo(_Strict):
    name: str
    short_name: str
    local_authority: str
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")] = "SCR"
    mailbox: Email
    templates_dir: str | None = None  # the board's own templates, beside its config file


class ConsoleSettings(_Strict):
    """Where the board's console is and how its people sign in. The secrets (the cookie key,
    the identity provider's client secret) come from the environment, never this file."""

    # the address people and the identity provider use (https behind the board's proxy);
    # every email and chat notice that asks a person to act links to a page under it
    public_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")] | None = None
    host: str = "127.0.0.1"  # where it listens; the proxy in front of it serves public_url
    sign_in: Literal["entra", "slack"] = "entra"  # Entra: the tenant is chat.teams_tenant
    client_id: str = ""  # the identity provider's app (client) id
    slack_team: str = ""  # Sign in with Slack: the workspace id every sign-in must carry


class BoardConfig(_Strict):
    board: BoardInfo
    framework: Framework
    terms: Terms = Terms()
    calendar: CalendarRules = CalendarRules()
    meetings: MeetingRule = MeetingRule()
    time_limits: TimeLimits = TimeLimits()
    form: FormRules
    review_types: tuple[ReviewType, ...]
    agencies: tuple[Agency, ...]
    people: tuple[Person, ...]
    distribution: Distribution
    # validated when the table is absent too: a board must say how senders are checked
    mailbox: MailboxSettings = Field(
        default_factory=dict,
        validate_default=True,
    )
    chat: ChatSettings = ChatSettings()
    console: ConsoleSettings = ConsoleSettings()
    retention: Retention = Retention()

    @model_validator(mode="after")
    def _cross_references(self) -> BoardConfig:
        _unique("review_types", [r.id for r in self.review_types])
        _unique("agencies", [a.id for a in self.agencies])
        _unique("people", [p.id for p in self.people])
        _unique("people", [p.email for p in self.people], what="email")
        agency_ids = {a.id for a in self.agencies}
        person_ids = {p.id for p in self.people}
        for index, person in enumerate(self.people):
            if person.agency is not None and person.agency not in agency_ids:
                raise _KeyError(
                    f"people[{index}].agency",
                    f"expected one of the agency ids ({', '.join(sorted(agency_ids))}), "
                    f"got {person.agency!r}",
                )
            if person.deputy_for is not None and person.deputy_for not in person_ids:
                raise _KeyError(
                    f"people[{index}].deputy_for",
                    f"expected the id of another person, got {person.deputy_for!r}",
                )
            if ({"member", "deputy", "partner"} & set(person.roles)) and person.agency is None:
                raise _KeyError(
                    f"people[{index}].agency", "a member, deputy or partner must name an agency"
                )
        if self.framework.decision_makers == "chair" and not self.people_with_role("chair"):
            raise _KeyError("people", "expected one person with the role 'chair'")
        if (
            self.framework.decision_makers == "partners"
            and len(self.people_with_role("partner")) < 2
        ):
            raise _KeyError("people", "expected the safeguarding partners (role 'partner')")
        if self.framework.clock == "incident" and self.time_limits.rapid_review_within is None:
            raise _KeyError(
                "time_limits.rapid_review_within",
                "a framework whose clock is the incident needs this limit",
            )
        if not self.people_with_role("business_manager"):
            raise _KeyError("people", "expected one person with the role 'business_manager'")
        if self.chat.route_to == "dm":  # new referrals reach each decider privately
            two_way: list[str] = [p for p in self.chat.platforms if p == "slack"]
            if "teams" in self.chat.platforms and self.chat.teams_mode == "bot":
                two_way.append("teams")
            for platform in two_way:
                for person in self.deciders:
                    if not person.chat_id(platform):
                        index = self.people.index(person)
                        raise _KeyError(
                            f"people[{index}].{platform}_user",
                            f"{person.name} decides, and new referrals reach deciders "
                            f'privately in {platform.title()} (chat.route_to = "dm"): give '
                            f'their {platform.title()} id, or set chat.route_to = "channel"',
                        )
        if not any(r.kind == "none" for r in self.review_types):
            raise _KeyError("review_types", "expected one review type of kind 'none' (no review)")
        if not any(r.kind == "statutory" for r in self.review_types):
            raise _KeyError("review_types", "expected one review type of kind 'statutory'")
        return self

    # Look-ups used across the product.
    @property
    def reference_prefix(self) -> str:
        return self.terms.reference_prefix or self.board.reference_prefix

    def people_with_role(self, role: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if role in p.roles)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def business_manager(self, person_id: str, may: str) -> Person:
        """The person, if they are a Business Manager; else a refusal saying who may `may`."""
        person = self.person(person_id)
        if person is None or "business_manager" not in person.roles:
            raise WorkflowError(f"only the Business Manager may {may}.")
        return person

    def person_by_email(self, email: str) -> Person | None:
        email = email.lower()
        return next((p for p in self.people if p.email == email), None)

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def agency_for_email(self, email: str) -> Agency | None:
        """The agency an address belongs to: a configured person first, then the domain."""
        person = self.person_by_email(email)
        if person is not None and person.agency is not None:
            return self.agency(person.agency)
        domain = email.rpartition("@")[2].lower()
        return next((a for a in self.agencies if domain in a.domains), None)

    def review_type(self, type_id: str) -> ReviewType | None:
        return next((r for r in self.review_types if r.id == type_id), None)

    def person_by_chat(self, platform: str, user_id: str) -> Person | None:
        """Roles are checked by the platform's own user id, never by a display name."""
        if platform not in ("slack", "teams") or not user_id:
            return None
        if platform == "teams":  # Entra object ids are GUIDs: compare them case-blind
            user_id = user_id.lower()
            return next((p for p in self.people if (p.teams_user or "").lower() == user_id), None)
        return next((p for p in self.people if p.chat_id(platform) == user_id), None)

    def roles_of(self, person_id: str) -> frozenset[str]:
        """A person's configured roles, plus decision_maker where the framework says so."""
        person = self.person(person_id)
        if person is None:
            return frozenset()
        roles: set[str] = set(person.roles)
        if roles & set(self.decider_roles):
            roles.add("decision_maker")
        return frozenset(roles)

    def state_label(self, state: str) -> str:
        """A life-cycle state in the board's words ("individual agency summary requested")."""
        return str(state).replace("_", " ").replace("precis", self.terms.precis)

    @property
    def role_titles(self) -> dict[str, str]:
        """Roles as this board's messages name them."""
        return {
            "decision_maker": self.terms.decision_maker,
            "partner": self.terms.decision_maker
            if self.framework.decision_makers == "partners"
            else "safeguarding partners",
        }

    @property
    def decider_roles(self) -> tuple[str, ...]:
        return (
            ("partner",)
            if self.framework.decision_makers == "partners"
            else ("chair", "deputy_chair")
        )

    @property
    def deciders(self) -> tuple[Person, ...]:
        """Who decides: the Chair (and deputy chairs), or every safeguarding partner."""
        if self.framework.decision_makers == "partners":
            return self.people_with_role("partner")
        return self.people_with_role("chair") + self.people_with_role("deputy_chair")


def _unique(key: str, values: list[str], what: str = "id") -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise _KeyError(f"{key}[{index}]", f"duplicate {what} {value!r}")
        seen.add(value)


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge a board's file over its preset: tables merge, everything else replaces."""
    out: dict[str, Any] = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not out:
            out = part
        else:
            out += f".{part}"
    return out


def parse_config(data: Mapping[str, Any], source: str) -> BoardConfig:
    """Validate a board's mapping; the first problem becomes one ConfigError naming the key."""
    try:
        return BoardConfig.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(p for p in error["loc"] if p not in ("function-after[_known()]",))
        ctx = error.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, _KeyError):
            key = _dotted(loc)
            key = f"{key}.{inner.key}" if key else inner.key
            raise ConfigError(source, key, inner.problem) from None
        message = str(inner) if isinstance(inner, ValueError) else error["msg"]
        if error["type"] == "missing":
            message = "this key is required and missing"
        elif error["type"] == "extra_forbidden":
            message = "unknown key (a typo, or a section this version does not have)"
        elif error["type"] == "literal_error" and "expected" in ctx:
            message = f"expected {ctx['expected']}, got {error.get('input')!r}"
        elif inner is None:
            message = f"{error['msg'].lower()}, got {error.get('input')!r}"
        raise ConfigError(source, _dotted(loc), message) from None
