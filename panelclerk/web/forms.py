"""What every page's forms share: a field's text, a length limit, a GOV.UK date input."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData

LONG_TEXT = 4000  # a reason, a question or a rationale
SHORT_TEXT = 200  # a name


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def too_long(value: str, limit: int, what: str) -> str | None:
    return f"{what} must be {limit} characters or fewer" if len(value) > limit else None


def problem(value: str, limit: int, what: str, missing: str | None = None) -> str | None:
    """What is wrong with a text field: left empty when it is required (`missing` says what
    to enter), or too long; None when nothing is."""
    if not value:
        return missing
    return too_long(value, limit, what)


def date_fields(
    form: FormData, prefix: str, empty: str = "or leave it empty for today"
) -> tuple[dt.date | None, str | None, dict[str, str]]:
    """A GOV.UK date input's three fields: (the date or None if left empty, an error, what
    was typed)."""
    typed = {
        f"{prefix}-{part}": text(form, f"{prefix}-{part}") for part in ("day", "month", "year")
    }
    parts = list(typed.values())
    if not any(parts):
        return None, None, typed
    try:
        day, month, year = (int(part) for part in parts)
        if not (parts[2].isdigit() and len(parts[2]) == 4 and year >= 1900):
            raise ValueError(parts[2])  # "26" or "0026" is the year 26: GOV.UK asks for 4
        return dt.date(year, month, day), None, typed
    except ValueError:
        return None, f"Enter a real date, for example 12 11 2026, {empty}", typed
