"""`make bench`'s figures that need servers run as they will there: the landing split on a real
Dovecot and the Exchange push through `serve` to the Chair's card, each over two messages."""

from __future__ import annotations

from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import felt
    import run

    return run, felt


def test_landing_is_split_into_the_servers_delay_and_ours(bench, config):
    run, _ = bench
    found = run.bench_landing(config, runs=2)
    assert {len(v) for v in found.values()} == {2}
    for server, wake, ours, total in zip(
        found["server"], found["wake"], found["ours"], found["total"], strict=True
    ):
        assert 0 < server < total and 0 < ours < total
        assert abs(wake + ours - total) < 0.01  # the monitor's wake, then our part


def test_exchange_mail_reaches_the_chairs_card_through_serve(bench, config, clock):
    _, felt = bench
    landed = felt.bench_exchange_push(config, type(clock), messages=2)
    assert len(landed) == 2 and all(0 < s < 10 for s in landed)
