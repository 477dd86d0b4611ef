"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on
127.0.0.1 with a free port, stopped at the end. Runs as the `postgres` user when we are root
(PostgreSQL refuses to run as root). Fails loudly if the binaries are missing: CI installs
them through `make system-deps`.

The server runs on the machine's real clock even when the suite runs under libfaketime
(`scripts/clock_ahead.py`): the product never asks the database the time, and initdb once
failed under the preload on CI, taking every PostgreSQL test with it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _real_clock() -> dict[str, str]:
    """The environment without libfaketime's preload and settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if key != "LD_PRELOAD" and not key.startswith("FAKETIME")
    }


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise RuntimeError(
        f"PostgreSQL's {name} not found: run `make system-deps` (Debian: postgresql)"
    )


_given: set[int] = set()  # every port handed out in this run: none is handed out twice


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports on 127.0.0.1 from one reservation: all are bound at once,
    so the kernel cannot give the same one twice, and none handed out before is reused."""
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < count:
            s = socket.socket()
            held.append(s)
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
            if port not in _given:
                ports.append(port)
    finally:
        for s in held:
            s.close()
    _given.update(ports)
    return ports


def free_port() -> int:
    return free_ports(1)[0]


class PostgresServer:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="panelclerk-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user: str | None = "postgres" if os.geteuid() == 0 else None
        self.process: subprocess.Popen[bytes] | None = None

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def start(self) -> str:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self.root.chmod(0o700)
        made = subprocess.run(
            self._cmd(
                _bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                "panelclerk",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ),
            capture_output=True,
            text=True,
            env=_real_clock(),
        )
        if made.returncode != 0:
            raise RuntimeError(
                f"initdb exited {made.returncode}:\n{made.stdout[-2000:]}\n{made.stderr[-2000:]}"
            )
        self.run()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("PostgreSQL exited at start")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("PostgreSQL did not start within 30 s")
        import psycopg

        for _ in range(100):
            try:
                with psycopg.connect(self.url("postgres", driver=False), autocommit=True):
                    break
            except psycopg.OperationalError:
                time.sleep(0.05)
        return self.url("postgres")

    def run(self) -> None:
        """Start (or start again) the server process on the same data and port."""
        self.process = subprocess.Popen(
            self._cmd(
                _bin("postgres"),
                "-D",
                str(self.data),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self.root),
                "-F",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_real_clock(),
        )

    def halt(self) -> None:
        """Stop the server process and keep its data, to start it again with run()."""
        subprocess.run(
            self._cmd(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"),
            check=False,
            capture_output=True,
            timeout=60,
            env=_real_clock(),
        )
        if self.process is not None:
            self.process.wait(timeout=30)

    def wait_ready(self, timeout: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with psycopg.connect(self.url("postgres", driver=False), autocommit=True):
                    return
            except psycopg.OperationalError:
                time.sleep(0.05)
        raise RuntimeError("PostgreSQL did not come back")

    def url(self, database: str, driver: bool = True) -> str:
        scheme = "postgresql+psycopg" if driver else "postgresql"
        return f"{scheme}://panelclerk@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres", driver=False), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)
