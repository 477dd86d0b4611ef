"""Jinja2 rendering of every message and document. Templates live in panelclerk/templates;
a board may override any of them from its own folder (searched first).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)


def _date(value: dt.date | None, fmt: str = "%A %d %B %Y") -> str:
    return value.strftime(fmt) if value else "not set"


@lru_cache(maxsize=4)
def environment(override_dir: str | None = None) -> Environment:
    loaders: list[Any] = []
    if override_dir:
        loaders.append(FileSystemLoader(str(Path(override_dir))))
    loaders.append(PackageLoader("panelclerk", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = _date
    return env


def render(name: str, override_dir: str | None = None, **context: Any) -> str:
    return environment(override_dir).get_template(name).render(**context)
