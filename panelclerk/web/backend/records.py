"""What the board keeps and reports, as the console shows it: the annual report's measures
for a reporting year (and its Word document), the subject access export of one case, and the
purge under the retention rules with its dry run. Each is the application's own function,
the same the command line's `report`, `export` and `purge` call, as the signed-in person."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from ... import access_pack
from ...application import dataprotection, reports, subject_access
from ...documents import effectiveness_report
from ...workflow.performance import Report
from .common import App

# The board's reporting year (its annual report to the partners) runs April to March, as
# local authorities' and safeguarding partnerships' years do; the console offers the last
# few and the one under way.
YEAR_STARTS = (4, 1)
YEARS_OFFERED = 6


@dataclass(frozen=True)
class ReportYear:
    start: dt.date
    end: dt.date  # the year's last day, or today in the year under way

    @property
    def key(self) -> str:
        return str(self.start.year)

    @property
    def label(self) -> str:
        return f"April {self.start.year} to March {self.start.year + 1}"

    @property
    def under_way(self) -> bool:
        return self.end < dt.date(self.start.year + 1, 3, 31)


def _year(start_year: int, today: dt.date) -> ReportYear:
    start = dt.date(start_year, *YEAR_STARTS)
    last = dt.date(start_year + 1, *YEAR_STARTS) - dt.timedelta(days=1)
    return ReportYear(start, min(last, today))


def report_years(app: App) -> list[ReportYear]:
    """The reporting year under way first, then the ones before it."""
    today = app.today()
    current = today.year if (today.month, today.day) >= YEAR_STARTS else today.year - 1
    return [_year(current - back, today) for back in range(YEARS_OFFERED)]


def annual_report(app: App, year: ReportYear) -> Report:
    """The effectiveness measures (7.6) over the year: reference codes and dates only."""
    return reports.effectiveness(app, year.start, year.end)


def report_document(app: App, year: ReportYear) -> bytes:
    """The same figures as a Word document (the CLI's `report --docx`)."""
    return effectiveness_report(app.config, annual_report(app, year))


def export_case(app: App, reference: str, person_id: str) -> tuple[str, bytes]:
    """Everything held about one case for a subject access request (the CLI's `export`; the
    application audits it with the person): (its reference code, a zip of the readable Word
    document, the case's stored documents and the complete JSON)."""
    data = subject_access.export(app, reference, person_id)
    return str(data["reference"]), access_pack.pack(data, app.config)


def find_cases(app: App, name: str, born: dt.date, person_id: str) -> list[str]:
    """The cases held about a child, found by name and date of birth for a subject access
    request (the pipeline shows neither names nor closed cases). The search is audited with
    the person and how many it found; the name is not written to the log."""
    return subject_access.find_cases(app, name, born, person_id)


@dataclass(frozen=True)
class PurgeCounts:
    referrals: tuple[str, ...]  # the closed cases' reference codes, to be anonymised
    agenda_packs: int
    quarantined: int
    processed: int
    outbound: int
    doubt: str | None  # why the clock is in doubt, when it is

    @property
    def signature(self) -> str:
        """What the dry run shown said, in short: its reference codes, its counts, and
        whether the clock was in doubt (not the warning's words, which name the minute). The
        purge's form carries it, and the purge goes ahead only while the dry run still says
        the same (`pages_records.purge`)."""
        said = [
            sorted(self.referrals),
            [self.agenda_packs, self.quarantined, self.processed, self.outbound],
            self.doubt is not None,
        ]
        text = json.dumps(said, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def anything(self) -> bool:
        return bool(
            self.referrals or self.agenda_packs or self.quarantined or self.processed
            or self.outbound
        )  # fmt: skip


def _counts(purged: dataprotection.Purged, doubt: str | None) -> PurgeCounts:
    return PurgeCounts(
        tuple(purged.anonymised),
        purged.agenda_packs,
        purged.quarantined,
        purged.processed,
        purged.outbound,
        doubt,
    )


def purge_dry_run(app: App) -> PurgeCounts:
    """What the retention rules would remove today: counts and reference codes, nothing
    changed (the dry run's transaction is rolled back)."""
    doubt = dataprotection.clock_doubt(app, "confirm the purge below")
    return _counts(dataprotection.purge(app, "system", dry_run=True), doubt)


def purge(app: App, person_id: str) -> PurgeCounts:
    """The retention rules applied, as the person (audited: each case anonymised and the
    run). The mailbox's own copies follow at the service's daily run."""
    return _counts(dataprotection.purge(app, person_id), None)
