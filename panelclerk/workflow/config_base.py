"""What every part of the board configuration is built from: strict models (an unknown key is
an error that names it), and the checked types of its values (addresses, ids, durations)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .durations import Duration

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


AadObjectId = Annotated[
    str,
    Field(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
]
