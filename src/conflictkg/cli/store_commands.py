"""``conflictkg build``, ``load`` and ``query``: the embedded store from the command line (and
``build --endpoint``: the repository loaded into a remote store)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from .. import resources, settings as settings_mod
from ..dataset import repository
from ..errors import InputError, QuerySyntaxError
from ..queries import parse_named_query
from ..query_output import render_results
from ..store.embedded import build_store, load_files, read_manifest


def register(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build", help="(re)build the embedded store from ontology/ and data/")
    build.add_argument("--store", metavar="PATH", help="store directory (default: <data>/.conflictkg/store)")
    build.add_argument("--force", action="store_true", help="rebuild even when the store is up to date")
    build.add_argument("--endpoint", metavar="URL", help="load a remote SPARQL store instead, one graph at a time: its "
                                                        "query endpoint (credentials from $CONFLICTKG_REMOTE_USER/"
                                                        "_PASSWORD or $CONFLICTKG_REMOTE_TOKEN; docs/REMOTE.md)")
    build.add_argument("--update-endpoint", metavar="URL", help="the remote store's SPARQL Update endpoint")
    build.add_argument("--gsp-endpoint", metavar="URL", help="the remote store's Graph Store endpoint (preferred)")
    build.set_defaults(handler=run_build)

    load = sub.add_parser("load", help="bulk-load RDF files (N-Quads, TriG, Turtle, N-Triples; .gz too)")
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--store", metavar="PATH")
    load.add_argument("--graph", metavar="IRI", help="named graph for the triples of Turtle / N-Triples files")
    load.add_argument("--lenient", action="store_true", help="skip IRI and literal validation (about 25%% faster); "
                                                             "only for files already checked, e.g. by `conflictkg validate`")
    load.set_defaults(handler=run_load)

    query = sub.add_parser("query", help="run SPARQL (text, a .rq file, or a named query) on the store")
    query.add_argument("query", metavar="QUERY|FILE")
    query.add_argument("--format", choices=("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "nquads", "trig"),
                       default="table")
    query.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                       help="a parameter of a named query (repeatable)")
    query.add_argument("--store", metavar="PATH")
    query.set_defaults(handler=run_query)


def _settings(args: argparse.Namespace) -> settings_mod.Settings:
    return settings_mod.from_environment({"data_root": args.data, "store_path": getattr(args, "store", None)})


def ensure_store(settings: settings_mod.Settings, quiet: bool = False) -> Path:
    """Build the embedded store if its manifest says the data changed; return its path.

    A store without a manifest was filled by ``conflictkg load`` (a corpus, not this repository's
    data/): it is used as it is, never rebuilt behind the user's back."""
    path = settings.resolved_store_path
    if path.exists() and read_manifest(path) is None:
        return path
    repo = repository(settings.data_root)
    bar = None if quiet else tqdm(total=len(repo.sources), desc="building store", unit="graph",
                                  file=sys.stderr, disable=None, leave=False)
    report = build_store(repo, path, progress=(lambda _source: bar.update()) if bar else None)
    if bar:
        bar.close()
    if report.rebuilt and not quiet:
        print(f"built {path}: {report.graphs} graphs, {report.quads} quads", file=sys.stderr)
    return path


def run_build(args: argparse.Namespace) -> int:
    if args.endpoint or args.update_endpoint or args.gsp_endpoint:
        return run_remote_build(args)
    settings = _settings(args)
    repo = repository(settings.data_root)
    with tqdm(total=len(repo.sources), desc="building store", unit="graph", file=sys.stderr, disable=None) as bar:
        report = build_store(repo, settings.resolved_store_path, force=args.force, progress=lambda _s: bar.update())
    state = "built" if report.rebuilt else "up to date"
    print(f"{state}: {report.store} ({report.graphs} graphs, {report.quads} quads)")
    return 0


def run_remote_build(args: argparse.Namespace) -> int:
    from ..store.remote import RemoteStore, probe
    from ..store.remote_load import load_repository

    if args.store:
        raise InputError("--store", "give either --store (the embedded store) or --endpoint (a remote store), not both")
    settings = settings_mod.from_environment({"data_root": args.data, "endpoint": args.endpoint,
                                              "update_endpoint": args.update_endpoint, "gsp_endpoint": args.gsp_endpoint})
    remote = RemoteStore.from_settings(settings)
    probe(remote)
    repo = repository(settings.data_root)
    with tqdm(total=len(repo.sources), desc="loading remote store", unit="graph", file=sys.stderr, disable=None) as bar:
        report = load_repository(repo, remote, force=args.force, progress=lambda _s, _w: bar.update())
    print(f"{remote.query_url}: {report.loaded} graphs written ({report.quads} quads), {report.skipped} unchanged, "
          f"{report.removed} removed")
    return 0


def run_load(args: argparse.Namespace) -> int:
    settings = _settings(args)
    files = [Path(f) for f in args.files]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InputError(missing[0], "no such file")
    total_bytes = sum(f.stat().st_size for f in files)
    with tqdm(total=total_bytes, desc="loading", unit="B", unit_scale=True, file=sys.stderr, disable=None) as bar:
        loaded = load_files(settings.resolved_store_path, files, into_graph=args.graph, lenient=args.lenient,
                            progress=lambda path: bar.update(path.stat().st_size))
    print(f"loaded {loaded} quads from {len(files)} file(s) into {settings.resolved_store_path}")
    return 0


def _query_text(arg: str, params: list[str]) -> tuple[str, dict]:
    """The query text and its substitutions: ``arg`` is SPARQL, a file, or a named query's name."""
    candidates = [Path(arg), resources.queries_dir() / f"{arg}.rq"]
    path = next((p for p in candidates if p.suffix == ".rq" and p.is_file()), None)
    if path is None:
        if params:
            raise InputError(arg, "--param only applies to a named query or .rq file")
        return arg, {}
    named = parse_named_query(path)
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError("--param", f"write parameters as NAME=VALUE, got {item!r}")
        values[name] = value
    try:
        return named.text, named.substitutions(values)
    except ValueError as exc:
        raise InputError(str(path), str(exc)) from None


def run_query(args: argparse.Namespace) -> int:
    settings = _settings(args)
    text, substitutions = _query_text(args.query, args.param)
    path = ensure_store(settings, quiet=True)
    store = ox.Store.read_only(str(path))
    try:
        results = store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QuerySyntaxError.from_parser(exc) from None
    sys.stdout.write(render_results(results, args.format))
    return 0
