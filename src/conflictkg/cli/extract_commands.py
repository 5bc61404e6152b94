"""``conflictkg extract`` (propose an article's graph) and ``conflictkg ingest`` (extract, validate, write and
load a batch of articles): thin shells over conflictkg.extraction and conflictkg.ingest."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import resources
from ..rdf_io import write_atomic


def register(sub) -> None:
    p = sub.add_parser(
        "extract", help="propose an article's graph (Turtle, or TriG when OUT ends in .trig)",
        description="Extract the facts of an article into its graph, with the ontology, IRIs and modelling of the "
                    "curated graphs. Turtle output holds the article graph; reference records of actors and places "
                    "not yet in data/reference/ are printed to stderr (TriG output holds them in the reference graph).")
    p.add_argument("article", metavar="ARTICLE", help="the article file (optional YAML front matter, headline first)")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD (overrides the front matter)")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout (.ttl or .trig)")
    p.set_defaults(handler=run_extract)
    register_ingest(sub)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def run_extract(args) -> int:
    from ..extraction import extract_path, reference_turtle, trig, turtle

    root = resources.data_root(getattr(args, "data", None))
    article, graph, new_reference = extract_path(args.article, root, args.published)
    as_trig = bool(args.output) and Path(args.output).suffix.lower() == ".trig"
    text = trig(article, graph, new_reference) if as_trig else turtle(article, graph)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    if len(new_reference) and not as_trig:
        sys.stderr.write(reference_turtle(new_reference))
    return 0


def register_ingest(sub) -> None:
    p = sub.add_parser(
        "ingest", help="extract, validate, write and load articles (all or nothing)",
        description="For each article: extract its graph, validate it with the new reference records, and only when "
                    "every article is valid write data/articles/, data/graphs/ and data/reference/extracted-*.ttl "
                    "and load the store. If any article is invalid nothing is written or loaded (exit 1).")
    p.add_argument("articles", nargs="+", metavar="ARTICLE", help="article files, or folders of .txt articles")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD for every article (overrides front matter)")
    p.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")
    p.add_argument("--store", metavar="PATH", help="store directory (default: <data>/.conflictkg/store)")
    p.add_argument("--no-load", action="store_true", help="write the files but leave the store alone")
    p.add_argument("--endpoint", metavar="URL", help="also send the graphs to this Graph Store endpoint (a running "
                                                     "`conflictkg serve`: http://HOST:PORT/store), with "
                                                     "'Authorization: Bearer $CONFLICTKG_UPDATE_TOKEN'")
    p.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    p.set_defaults(handler=run_ingest)


def _article_files(args_paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in args_paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    return files


def run_ingest(args) -> int:
    import os

    from tqdm import tqdm

    from .. import ingest
    from .. import settings as settings_mod
    from ..validate.report import display_path

    settings = settings_mod.from_environment({"data_root": getattr(args, "data", None), "store_path": args.store})
    root = settings.data_root
    files = _article_files(args.articles)
    if not files:
        print("no articles to ingest", file=sys.stderr)
        return 0
    if not args.dry_run and ingest.recover(root):
        print("finished an interrupted ingest first (see .conflictkg/ingest-journal.json)", file=sys.stderr)
    bars: dict = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="article", file=sys.stderr, disable=None)
        bar.update(done - bar.n)

    plan = ingest.prepare(root, files, args.published, jobs=args.jobs, progress=progress)
    for bar in bars.values():
        bar.close()
    out = sys.stdout
    if not plan.valid:
        violations = [r for r in plan.problems if r.severity == "Violation"]
        print(f"not ingested: {len(violations)} violation(s); nothing was written or loaded. Fix these and run again:",
              file=out)
        for r in plan.problems:
            if r.severity != "Violation":
                continue
            where = display_path(r.file) + (f":{r.line}" if r.line else "")
            subject = r.focus + (f" {r.path}" if r.path else "") + (f" = {r.value}" if r.value and r.value != r.focus else "")
            print(f"  {where}: {subject}\n      {r.message}  [{r.shape}]", file=out)
        for error in plan.report.errors if plan.report else []:
            print(f"  {error}", file=out)
        return 1
    warnings = [r for r in plan.problems if r.severity == "Warning"]
    _summary(plan, out, args.dry_run, display_path)
    if warnings:
        print(f"{len(warnings)} warning(s) (not blocking); run `conflictkg validate` for details", file=out)
    if args.dry_run:
        return 0
    manifest_before = ingest.store_manifest(root) if not args.no_load else None
    written = ingest.write(plan)
    print(f"wrote {len(written)} file(s)", file=out)
    if args.endpoint:
        sent = ingest.push_graphs(plan, args.endpoint, os.environ.get("CONFLICTKG_UPDATE_TOKEN"))
        print(f"sent {sent} graph(s) to {args.endpoint}", file=out)
    if args.no_load:
        return 0
    load_bar = tqdm(total=len(plan.articles), desc="loading", unit="article", file=sys.stderr, disable=None)
    outcome = ingest.load_store(plan, settings.resolved_store_path, manifest_before, progress=load_bar.update)
    load_bar.close()
    if outcome.status == "locked":
        print(f"note: {outcome.message}", file=sys.stderr)
    else:
        print(f"store {settings.resolved_store_path}: {outcome.status} ({outcome.graphs} graph(s))", file=out)
    return 0


def _summary(plan, out, dry_run: bool, display_path) -> None:
    verb = "would write" if dry_run else "writing"
    changed = plan.changed
    print(f"{len(plan.articles)} article(s) valid; {verb} {len(changed)} file(s) "
          f"({sum(c.status == 'new' for c in changed)} new, {sum(c.status == 'changed' for c in changed)} changed, "
          f"{len(plan.changes) - len(changed)} unchanged)", file=out)
    if dry_run:
        for c in changed:
            print(f"  {c.status:<8} {display_path(str(c.path))}", file=out)
        for a in plan.articles:
            counts = ", ".join(f"{v} {k}" for k, v in a.counts.items())
            print(f"  {a.slug}: {counts}", file=out)
            for iri, label in a.new_records:
                print(f"      new reference record <{iri}> {label!r}", file=out)
    total = sum(len(a.new_records) for a in plan.articles)
    print(f"{total} new reference record(s)", file=out)
