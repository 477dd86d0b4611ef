"""`make bench`: each figure is printed beside a baseline measured in the same run, as a ratio,
so that the numbers mean the same on a slow or a fast machine.

  meetings   a year of meetings with every deadline, against walking the same days with
             bare datetime arithmetic (no holidays, no rules)
  lifecycle  1,000 referrals moved from receipt to review completion on SQLite (one
             transaction per move, audit row included), against a bare SQLAlchemy Core
             insert loop doing the same number of transactions
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panelclerk import boardfile, services
from panelclerk.workflow.deadlines import Deadlines
from tests.conftest import COMPLETE_FORM, Clock


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_meetings(config) -> tuple[float, float]:
    start = dt.date(2026, 11, 22)

    def ours() -> None:
        deadlines = Deadlines(config)  # fresh: no cached months or holiday years
        for m in deadlines.schedule.year_ahead(start):
            assert m.submission_deadline < m.date

    def bare() -> None:
        day, found = start, []
        end = start + dt.timedelta(days=366)
        while day <= end:
            if day.weekday() == 1 and 8 <= day.day <= 14:
                back, n = day, 0
                while n < 10:
                    back -= dt.timedelta(days=1)
                    if back.weekday() < 5:
                        n += 1
                found.append((day, back))
            day += dt.timedelta(days=1)

    return best_of(5, ours), best_of(5, bare)


def bench_lifecycle(config, count: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC))
        app = services.bootstrap(config, f"sqlite:///{tmp}/bench.db", clock)
        transactions = 0
        start = time.perf_counter()
        for _ in range(count):
            clock.to(dt.date(2026, 11, 9))
            ref = services.receive_referral(app, dict(COMPLETE_FORM)).reference
            services.place_on_agenda(app, ref, "chair")
            services.request_precis(app, ref)
            clock.to(dt.date(2026, 12, 8), 12)
            services.record_discussion(app, ref, "bm", ["csc", "police"])
            services.record_recommendation(app, ref, "csc_head", "scr")
            services.move(app, ref, "defer_decision", "system")
            clock.to(dt.date(2026, 12, 15))
            services.record_decision(app, ref, "chair", review_type="scr", rationale="met")
            services.move(app, ref, "record_notifications", "system")
            services.move(app, ref, "start_review", "bm")
            services.move(app, ref, "complete_review", "bm")
            transactions += 10
        ours = time.perf_counter() - start
        app.engine.dispose()

        engine = services.make_engine(f"sqlite:///{tmp}/bare.db")
        meta = sa.MetaData()
        table = sa.Table(
            "t",
            meta,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("reference", sa.String(32)),
            sa.Column("state", sa.String(32)),
        )
        meta.create_all(engine)
        start = time.perf_counter()
        for i in range(transactions):
            with engine.begin() as conn:
                conn.execute(table.insert().values(reference=f"R{i}", state="x"))
        bare = time.perf_counter() - start
        engine.dispose()
    return ours, bare, transactions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--referrals", type=int, default=1000)
    args = parser.parse_args()
    config = boardfile.load_board()
    print(f"panelclerk bench  (python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')})")

    ours, bare = bench_meetings(config)
    print(
        f"meetings: a year of meetings and deadlines  {ours * 1e3:8.2f} ms   "
        f"baseline bare datetime walk {bare * 1e3:6.2f} ms   ratio {ours / bare:6.1f}x"
    )

    ours, bare, n = bench_lifecycle(config, args.referrals)
    per = statistics.fmean([ours / args.referrals])
    print(
        f"lifecycle: {args.referrals} referrals through the whole life cycle ({n} "
        f"transactions)  {ours:7.2f} s ({per * 1e3:.1f} ms per referral)   "
        f"baseline bare SQLAlchemy insert loop, same transactions {bare:6.2f} s   "
        f"ratio {ours / bare:5.1f}x"
    )


if __name__ == "__main__":
    main()
