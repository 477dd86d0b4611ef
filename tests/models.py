"""What the model-based (stateful) tests share: a board's store of their own for each
sequence, the promise every sequence keeps (the audit chain whole), and how they run."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant
from sqlmodel import SQLModel, select

from panelclerk import boardfile
from panelclerk import clock as product_clock
from panelclerk.application import context
from panelclerk.store import audit

from .conftest import LONDON, Clock
from .mail import spellings

# Wednesday 11 November 2026, 10:00 in London, as the other tests' clock starts
START = dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON).astimezone(dt.UTC)


class StoreModel(RuleBasedStateMachine):
    """A state machine over one board's store: a SQLite file of its own and a settable
    clock, made for each sequence Hypothesis tries and removed after it."""

    config = boardfile.load_board()

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="panelclerk-model-"))
        self.clock = Clock(START)
        product_clock.pin(self.clock)  # a Maildir delivery, a table's default: this clock
        self.app = context.bootstrap(self.config, f"sqlite:///{self.dir / 'p.db'}", self.clock)

    def teardown(self) -> None:
        self.app.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    def rows(self, table, *where) -> list:
        with self.app.uow() as uow:
            return list(uow.session.exec(select(table).where(*where)))

    @invariant()
    def the_audit_chain_is_whole(self) -> None:
        with self.app.uow() as uow:
            check = audit.verify(uow.session)
        assert check.ok, check.reason


def names_no_child(words: str, children: Iterable[tuple[str, str]]) -> None:
    """Neither a child's name, its surname alone, nor its date of birth in any spelling."""
    for name, born in children:
        assert name not in words and name.split()[1] not in words, name
        assert not any(s in words for s in spellings(born)), born


def runs(examples: int, steps: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure is shown unshrunk:
        derandomize=True,  # shrinking a store takes minutes; the same sequences every run
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def _readable(data: bytes) -> str:
    """Bytes as text, and a zipped document (.docx) as the text of its parts, since a name
    in a Word file is compressed out of sight."""
    text = data.decode("latin-1")
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        text += re.sub(r"<[^>]+>", "", "".join(parts))
    return text


def rows_naming(app, *words: str) -> dict[str, set[int]]:
    """table.column -> the ids of the rows whose value there holds one of `words` (bytes read
    as latin-1, a Word file's text unzipped): where a name is, so a failure says where."""
    found: dict[str, set[int]] = {}
    with app.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for column, value in zip(table.columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = _readable(value)
                    text = json.dumps(value, default=str, ensure_ascii=False)
                    if any(w in text for w in words):
                        key = row._mapping.get("id", row._mapping.get("seq"))
                        found.setdefault(f"{table.name}.{column.name}", set()).add(key)
    return found


def columns_naming(app, *words: str) -> list[str]:
    """Every table.column, in any row, that names one of `words`."""
    return sorted(rows_naming(app, *words))


# where each table's rows appear in a subject access export
EXPORTED = {
    "referral": "referral",
    "precis": "precis",
    "recommendation": "recommendations",
    "sign_off": "sign_offs",
    "decision": "decision",
    "document": "documents",
    "action_item": "actions",
    "agendaitem": "agenda",
    "outboundmessage": "outbound_messages",
    "chat_message": "chat_messages",
    "inbound_message": "inbound_messages",
}


def exported_whole(app, reference: str, *words: str) -> dict:
    """The subject access export of one case, having checked that every row of every table
    naming one of `words` is in it (an agenda pack, which quotes other cases too, named)."""
    from panelclerk.application import subject_access

    data = subject_access.export(app, reference, "bm")
    packs = {p["id"] for p in data["agenda_packs"]}
    for column, ids in rows_naming(app, *words).items():
        table = column.split(".")[0]
        rows = data[EXPORTED[table]]
        exported = {r["id"] for r in (rows if isinstance(rows, list) else [rows])}
        missing = ids - exported - (packs if table == "document" else set())
        assert not missing, f"{column}: rows {sorted(missing)} are not in the export"
    return data
