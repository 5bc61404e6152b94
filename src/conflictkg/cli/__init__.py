"""The ``conflictkg`` command: thin subcommands over the core.

Each subcommand lives in a small module with ``register(subparsers)``; errors of the core are
mapped to exit codes here, in one place: 0 success / conforms, 1 violations, 2 unreadable input
or a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import ConflictKGError, InputError
from . import dump_command, extract_commands, serve_command, store_commands, validate_command

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2
COMMAND_MODULES = (validate_command, extract_commands, store_commands, serve_command, dump_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflictkg",
        description="News reports of armed conflicts as a knowledge graph, published as Linked Data.",
    )
    parser.add_argument("--version", action="version", version=f"conflictkg {__version__}")
    parser.add_argument("--data", metavar="DIR", help="the data repository (default: $CONFLICTKG_DATA or the current directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ConflictKGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
