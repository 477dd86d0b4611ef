"""The United Kingdom's bank holidays for the years a board works in, exactly as the pinned
`holidays` package gives them, so that a command reading a date does not import the package:
it loads every one of its 250 countries (about 100 ms, most of a `status`; issue 29).

The table is written by `python -m panelclerk.workflow.bank_holidays` from the package, and is
used only while that same version of the package is installed: any other version, country,
subdivision or year is asked of the package itself. tests/test_startup.py checks the table
against the package, so a new pin without a new table fails the tests."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from .bank_holidays_table import FIRST, LAST, TABLE, VERSION

COUNTRY = "GB"
SUBDIVISIONS = ("ENG", "NIR", "SCT", "WLS")


@lru_cache(maxsize=1)
def _same_package() -> bool:
    """Whether the installed `holidays` is the version the table was written from: its
    distribution's metadata directory beside it (pip keeps one per installed version)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return False
    return (Path(spec.origin).parents[1] / f"holidays-{VERSION}.dist-info").is_dir()


def bundled(country: str, subdivision: str, year: int) -> dict[dt.date, str] | None:
    """The year's bank holidays from the table, or None when the package must be asked."""
    if country != COUNTRY or subdivision not in SUBDIVISIONS or not FIRST <= year <= LAST:
        return None
    if not _same_package():
        return None
    prefix = f"{year:04d}-"
    return {
        dt.date.fromisoformat(line[:10]): line[11:]
        for line in TABLE[subdivision].splitlines()
        if line.startswith(prefix)
    }


def generate() -> str:
    """The table module's text, from the installed package: a day a line, as text (a module
    of thousands of tuples takes longer to compile than the package takes to load)."""
    from importlib.metadata import version

    import holidays

    lines = [
        '"""Written by `python -m panelclerk.workflow.bank_holidays` from the holidays package;',
        'do not edit (see bank_holidays.py)."""',
        "",
        f'VERSION = "{version("holidays")}"',
        f"FIRST, LAST = {FIRST}, {LAST}",
        "TABLE: dict[str, str] = {",
    ]
    for subdivision in SUBDIVISIONS:
        lines.append(f'    "{subdivision}": """')
        for year in range(FIRST, LAST + 1):
            table = holidays.country_holidays(COUNTRY, subdiv=subdivision, years=year)
            for day, name in sorted(table.items()):
                assert "\n" not in str(name) and '"' not in str(name), name
                lines.append(f"{day.isoformat()} {name}")
        lines.append('""",')
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    target = Path(__file__).with_name("bank_holidays_table.py")
    target.write_text(generate(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
