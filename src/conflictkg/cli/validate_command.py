"""``conflictkg validate [PATH...] [--format text|json]``: SHACL shapes and quality checks over
the data repository (or the files given). Exit 0 conforms (warnings allowed), 1 violations,
2 unreadable input (a Turtle syntax error is reported as ``file:line:column: message``)."""

from __future__ import annotations

import argparse
import sys

from .. import settings as settings_mod
from ..validate import ENGINES, validate
from ..validate.report import as_json, as_text, display_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate", help="check data against the SHACL shapes and quality checks",
        description="Check article graphs and reference data against the shapes (shapes/) and the "
                    "quality checks (queries/qc/). With no PATH, the whole repository; a changed "
                    "ontology, shape or check file also checks everything. Results are cached in "
                    "<data>/.conflictkg/validation-cache/.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="article graphs, article texts, reference files or folders")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--no-cache", action="store_true", help="validate everything again, ignoring the cache")
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="shacl: pySHACL per graph; sparql: the shapes as SPARQL over one store of "
                             "every graph (fast in bulk); auto (default): sparql above 50 graphs to check")
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    settings = settings_mod.from_environment({"data_root": args.data})
    report = validate(settings.data_root, args.paths or None, jobs=args.jobs, use_cache=not args.no_cache,
                      engine=args.engine)
    if report.errors:
        for error in report.errors:
            error.file = display_path(error.file)
            print(str(error), file=sys.stderr)
        return 2
    sys.stdout.write(as_json(report) + "\n" if args.format == "json" else as_text(report))
    return 0 if report.conforms else 1
