"""The app itself: `examsim` (the home screen), `serve` (in a browser) and `store reset`."""

from __future__ import annotations

import sys

from examsim.cli import context
from examsim.cli.output import EXIT_OK, say


def cmd_home(args) -> int:
    return context.run_app(args, start=("home",))


def cmd_serve(args) -> int:
    """The app in a browser, on this machine only (127.0.0.1)."""
    import shlex

    from textual_serve.server import Server

    command = [sys.executable, "-m", "examsim"]
    if args.data_dir:
        command += ["--data-dir", str(args.data_dir)]
    say(f"examsim in your browser: http://127.0.0.1:{args.port} (Ctrl+C stops it)")
    Server(shlex.join(command), host="127.0.0.1", port=args.port, title="examsim").serve()
    return EXIT_OK


def cmd_store_reset(args) -> int:
    from examsim.core.store import default_data_dir, reset_store

    moved = reset_store(args.data_dir)
    folder = args.data_dir or default_data_dir()
    if moved is None:
        say(f"no database in {folder}; nothing to move")
    else:
        say(f"moved the database aside to {moved}; the next start creates a fresh one")
    return EXIT_OK
