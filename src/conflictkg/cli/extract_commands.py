"""``conflictkg extract``: propose an article's graph (a thin shell over conflictkg.extraction)."""

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
