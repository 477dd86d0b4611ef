"""`python -m panelclerk.web --demo --port 8080`: the console on the fictional demo board,
on 127.0.0.1 only, with a demo sign-in page to choose who you are. Its data (a SQLite file
and the audit key made for it) is kept in --data, var/console-demo by default, and brought to
the newest schema on every start: it is the demo's own throwaway store."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from .settings import ConsoleSettingError, ConsoleSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m panelclerk.web", description=__doc__)
    parser.add_argument("--demo", action="store_true", help="serve the demo board")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--data", type=Path, default=Path("var/console-demo"))
    args = parser.parse_args(argv)
    if not args.demo:
        parser.error(
            "only --demo is served this way; a board's console is served by `panelclerk serve`"
        )
    import uvicorn

    from .. import boardfile
    from ..application import context
    from ..store import audit
    from ..store.engine import make_engine, migrate
    from . import backend
    from .app import create_console

    folder: Path = args.data
    key = audit.demo_key(folder)
    url = f"sqlite:///{folder / 'panelclerk.db'}"
    # The demo's own throwaway store follows the code: brought to the newest schema here,
    # where a board's database waits for `panelclerk migrate` (bootstrap refuses it stale).
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    app = context.bootstrap(boardfile.load_board(), url, audit_key=key)
    backend.seed_demo(app)
    settings = ConsoleSettings(
        secret=secrets.token_bytes(32), host="127.0.0.1", port=args.port, demo=True
    )
    try:
        web = create_console(app, settings)
    except ConsoleSettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"panelclerk console (demo board): http://127.0.0.1:{args.port}/demo-sign-in")
    uvicorn.run(
        web,
        host=settings.host,
        port=args.port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
