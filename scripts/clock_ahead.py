"""Run the test suite with the machine's clock moved ahead, to prove it keeps its own time.

Usage: python scripts/clock_ahead.py 2027-12-24T10:00 2028-02-29T10:00 [-- PYTEST ARGS]

Each run loads the libfaketime copy shipped in the PyPI package `libfaketime` with LD_PRELOAD
(Debian's 0.9.10 hangs timed waits here) and an offset (`FAKETIME="+N"`), so the clock runs on
from the moment named; monotonic time stays real, so time-outs behave. Every process the
suite starts sees the moved clock, the product and Dovecot among them, but for the tests'
PostgreSQL server (see tests/pg.py): the product never asks the database the time. Exits
non-zero if the clock did not move or any run failed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path


def library() -> str:
    import libfaketime

    found = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src"
    so = found / "libfaketime.so.1"
    if not so.exists():
        sys.exit(f"clock_ahead: {so} is missing: reinstall the libfaketime package")
    return str(so)


def run(moment: dt.datetime, pytest_args: list[str]) -> int:
    offset = int((moment - dt.datetime.now(dt.UTC)).total_seconds())
    env = dict(os.environ)
    env.update(
        LD_PRELOAD=library(),
        FAKETIME=f"{offset:+d}",
        FAKETIME_DONT_FAKE_MONOTONIC="1",
        # read the setting once: libfaketime reads the environment again on a time call
        # after its cache runs out, and a test setting a variable in another thread at that
        # moment crashes the process (glibc's environment is not thread-safe)
        FAKETIME_CACHE_DURATION="86400",
    )
    seen = subprocess.run(
        ["date", "-u", "+%Y-%m-%d"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    if seen != moment.date().isoformat():
        print(f"clock_ahead: the clock did not move to {moment:%Y-%m-%d} (saw {seen})")
        return 2
    print(f"clock_ahead: the suite with the machine's clock at {moment:%Y-%m-%d %H:%M} UTC")
    sys.stdout.flush()
    code = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env).returncode
    if code < 0:
        # Killed by a signal, not failed: the interpreter itself crashed under libfaketime's
        # LD_PRELOAD (seen once in a thousand-test run: a segfault in a socket server's
        # thread while the main thread made a directory). A failing test returns 1, never a
        # signal; the crashed run is said, and run once more.
        print(f"clock_ahead: the run crashed (signal {-code}) under libfaketime; once more")
        sys.stdout.flush()
        code = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env).returncode
    return code


def main(argv: list[str]) -> int:
    moments, pytest_args = argv, []
    if "--" in argv:
        at = argv.index("--")
        moments, pytest_args = argv[:at], argv[at + 1 :]
    if not moments:
        print(__doc__)
        return 2
    failed = []
    for text in moments:
        moment = dt.datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        if run(moment, pytest_args) != 0:
            failed.append(text)
    if failed:
        print(f"clock_ahead: the suite failed with the clock at {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
