"""`python -m panelclerk.web --demo --port 8080`: the console on the fictional demo board,
on 127.0.0.1 only, with a demo sign-in page to choose who you are. Its data (a SQLite file
and the audit key made for it) is kept in --data, var/console-demo by default."""

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
    from . import backend
    from .app import create_console

    folder: Path = args.data
    key = audit.demo_key(folder)
    app = context.bootstrap(
        boardfile.load_board(), f"sqlite:///{folder / 'panelclerk.db'}", audit_key=key
    )
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
