"""``conflictkg dump``: a versioned release of the embedded store (gzipped N-Quads or TriG, its
VoID file and its SHA-256 checksum), written by ``conflictkg.dumps``."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from .. import settings as settings_mod
from ..dumps import DEFAULT_DUMPS_BASE, FORMATS, write_dump
from ..errors import InputError
from ..namespaces import SCHEMA
from .store_commands import ensure_store


def register(sub: argparse._SubParsersAction) -> None:
    dump = sub.add_parser("dump", help="write a versioned dump of the store: <name>.nq.gz / .trig.gz, VoID, SHA-256",
                          description="Write conflictkg-<version>-<YYYYMMDD>.<format>.gz from the embedded store "
                                      "(byte-identical for the same content), a VoID file describing it and a "
                                      "SHA-256 checksum file.")
    dump.add_argument("--out", metavar="DIR", default=".", help="where to write the files (default: the current directory)")
    dump.add_argument("--format", choices=tuple(FORMATS), default="nq", help="N-Quads (default) or TriG")
    dump.add_argument("--no-bodies", action="store_true",
                      help="leave out schema:articleBody (also the default when $CONFLICTKG_SERVE_ARTICLE_BODIES is off)")
    dump.add_argument("--store", metavar="PATH", help="store directory (default: <data>/.conflictkg/store, built if needed)")
    dump.add_argument("--date", metavar="YYYY-MM-DD", help="the release date in the name and VoID (default: today, UTC)")
    dump.add_argument("--base-url", metavar="URL", default=DEFAULT_DUMPS_BASE,
                      help=f"where the files will be published, for VoID's void:dataDump (default: {DEFAULT_DUMPS_BASE})")
    dump.set_defaults(handler=run_dump)


def release_date(text: str | None) -> date:
    if not text:
        return datetime.now(timezone.utc).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--date", f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def run_dump(args: argparse.Namespace) -> int:
    settings = settings_mod.from_environment({"data_root": args.data, "store_path": args.store})
    issued = release_date(args.date)
    path = ensure_store(settings, quiet=True)
    if not path.exists():
        raise InputError(str(path), "no store here; run `conflictkg build` or give --store")
    bodies = settings.serve_article_bodies and not args.no_bodies
    store = ox.Store.read_only(str(path))
    report = write_dump(store, Path(args.out), args.format, excluded=() if bodies else (str(SCHEMA.articleBody),),
                        issued=issued, base_url=args.base_url, base_iri=settings.base_iri)
    print(f"wrote {report.dump} ({report.quads} quads in {len(report.counts)} graphs"
          f"{'' if bodies else ', without article bodies'})\n"
          f"      {report.void}\n      {report.checksum} (sha256 {report.sha256})")
    return 0
