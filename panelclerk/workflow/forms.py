"""The SCR Referral and Decision form's fields (DESIGN.md §2), and the check for missing ones.

The seeds name the form without reproducing it, so the catalogue is the product's default;
each board marks which fields it requires. Field ids are dotted: part.field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    personal: bool = False  # identifies the child or family: never shown in chat or logs


_FIELDS = (
    FormField("referrer.name", "Referrer's name"),
    FormField("referrer.role", "Referrer's role"),
    FormField("referrer.agency", "Referring agency"),
    FormField("referrer.email", "Referrer's email"),
    FormField("referrer.phone", "Referrer's phone"),
    FormField("referrer.date", "Date of referral"),
    FormField("referrer.lead_consulted", "Named/designated safeguarding lead consulted"),
    FormField("child.name", "Child's name", personal=True),
    FormField("child.date_of_birth", "Child's date of birth or age", personal=True),
    FormField("child.gender", "Child's gender", personal=True),
    FormField("child.home_authority", "Child's home local authority"),
    FormField("child.legal_status", "Child's legal status at the time"),
    FormField("child.school", "Child's school or setting", personal=True),
    FormField("family.members", "Siblings, parents, carers and significant adults", personal=True),
    FormField("incident.date", "Date of the incident"),
    FormField("incident.notified_date", "Date the board was notified"),
    FormField("incident.summary", "What happened", personal=True),
    FormField("incident.outcome", "Outcome for the child (died / seriously harmed)"),
    FormField("incident.abuse_or_neglect", "Abuse or neglect known or suspected, and why"),
    FormField("agencies.involved", "Agencies involved with the child or family"),
    FormField("concerns.interagency", "Concerns about how agencies worked together"),
    FormField("concerns.criteria", "Criteria the referrer believes are met"),
    FormField("parallel.processes", "Parallel processes (criminal, coroner, DHR, health SI)"),
    FormField("attachments.documents", "Supporting documents and chronologies"),
    FormField("notification.ofsted_notified", "Ofsted notified"),
    FormField("notification.panel_notified", "National Panel notified"),
    FormField("notification.child_in_care", "Child was in the care of the local authority"),
)

FIELD_CATALOGUE: Mapping[str, FormField] = {f.id: f for f in _FIELDS}


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict, set)):
        return bool(value)
    return True


def missing_fields(values: Mapping[str, Any], required: tuple[str, ...]) -> tuple[str, ...]:
    """The required field ids with no usable value, in the board's order."""
    return tuple(name for name in required if not _present(values.get(name)))


def label(field_id: str) -> str:
    found = FIELD_CATALOGUE.get(field_id)
    return found.label if found else field_id


_NO = re.compile(r"\s*(no|n|not|none|false|pending|awaiting|tbc|to be|unknown)\b", re.I)
_YES = re.compile(r"\s*(yes|y|true|done|sent|notified|submitted|completed?)\b", re.I)
_A_DATE = re.compile(
    r"\b\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{2,4}|(?:st|nd|rd|th)?\s+[a-z]{3,9}\s+\d{4})\b", re.I
)


def says_yes(value: Any) -> bool | None:
    """A yes/no field as people fill it in ("Yes, 19/11/2026", "No", "not yet", "TBC",
    or only the date it was done): True, False, or None when it says neither. Only a
    clear yes counts, so that "No" in a notified field never reads as notified."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    if _NO.match(value):
        return False
    if _YES.match(value) or _A_DATE.search(value):
        return True
    return None


_BIRTH_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def child_fingerprint(name: Any, born: Any) -> str | None:
    """One child's name (its words in any order and case) with their date of birth (in any
    of the ways it is written), hashed, so that two referrals of one child find each other
    by an index. None without both: a name alone is too common to say it is one child."""
    if not isinstance(name, str) or not isinstance(born, str | dt.date):
        return None
    words = " ".join(sorted(re.findall(r"[^\W\d_]+", name.casefold())))
    birth = born.isoformat() if isinstance(born, dt.date) else ""
    if isinstance(born, str):
        text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", " ".join(born.split()), flags=re.I)
        for form in _BIRTH_FORMS:
            try:
                birth = dt.datetime.strptime(text, form).date().isoformat()
                break
            except ValueError:
                continue
        else:
            birth = re.sub(r"\D", "", text)
    if not words or not birth:
        return None
    return hashlib.sha256(f"{words}|{birth}".encode()).hexdigest()
