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
    BeforeValidator,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .config_base import (
    _DOMAIN,
    AadObjectId,
    Email,
    Ident,
    Limit,
    Role,
    Weekday,
    _KeyError,
    _Strict,
)
from .config_service import ChatSettings, ConsoleSettings, MailboxSettings, Retention
from .durations import Duration
from .errors import ConfigError, WorkflowError
from .forms import FIELD_CATALOGUE


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
class BoardInfo(_Strict):
    name: str
    short_name: str
    local_authority: str
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")] = "SCR"
    mailbox: Email
    templates_dir: str | None = None  # the board's own templates, beside its config file


# States whose id alone would mislead a person: "notified" is the decision sent to the
# distribution list, not the National Panel told (a step of its own on the referral's page).
STATE_WORDS = {
    "notified": "decision sent",
    "review_complete": "review completed",
    "more_info_requested": "more information asked for",
}


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
        said = STATE_WORDS.get(str(state), str(state).replace("_", " "))
        return said.replace("precis", self.terms.precis)

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
