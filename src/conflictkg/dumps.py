"""Versioned dumps: the whole store as one gzipped N-Quads or TriG file named by the package
version and the date, with a VoID file that describes it and a SHA-256 checksum file.

The same store content gives the same bytes: graphs are written in IRI order (the default graph
first), each graph's statements in sorted order, and gzip gets no timestamp (``mtime=0``) and a
fixed inner file name. Only one graph is held in memory at a time; the rest streams into gzip.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .namespaces import BASE, PREFIXES
from .void import ARTICLE_RIGHTS, PREFIX_MAP, ArticleRights, void_triples

FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
DEFAULT_DUMPS_BASE = BASE + "dumps/"  # where released files are published (override with base_url)


@dataclass
class DumpReport:
    """What ``write_dump`` wrote: the three files, the quads per graph, the dump's SHA-256."""

    dump: Path
    void: Path
    checksum: Path
    sha256: str
    counts: dict[str, int] = field(default_factory=dict)  # graph IRI ("" for the default graph) -> quads

    @property
    def quads(self) -> int:
        return sum(self.counts.values())


def dump_stem(version: str, issued: date) -> str:
    return f"conflictkg-{version}-{issued:%Y%m%d}"


def graph_names(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """Every graph holding quads, default graph first, then named graphs by IRI."""
    named = sorted(store.named_graphs(), key=str)
    return [ox.DefaultGraph(), *named]


def sorted_quads(store: ox.Store, excluded: frozenset[ox.NamedNode], counts: dict[str, int],
                 progress: Callable[[int], None] | None = None) -> Iterator[ox.Quad]:
    """The store's quads, graph by graph in ``graph_names`` order, each graph sorted; counts the
    quads written per graph into ``counts`` as it goes."""
    for graph in graph_names(store):
        quads = [q for q in store.quads_for_pattern(None, None, None, graph) if q.predicate not in excluded]
        if not quads:
            continue
        quads.sort(key=str)
        counts["" if isinstance(graph, ox.DefaultGraph) else graph.value] = len(quads)
        yield from quads
        if progress:
            progress(len(quads))


def write_dump(store: ox.Store, out_dir: Path, fmt: str = "nq", *, excluded: tuple[str, ...] = (),
               issued: date | None = None, version: str = __version__, base_url: str = DEFAULT_DUMPS_BASE,
               base_iri: str = BASE, progress: Callable[[int], None] | None = None) -> DumpReport:
    """Write ``<stem>.<fmt>.gz``, ``<stem>.void.ttl`` and ``<stem>.<fmt>.gz.sha256`` into ``out_dir``.

    ``excluded`` predicates are left out (e.g. ``schema:articleBody`` when the articles' rights do
    not allow republishing them); ``base_url`` is where the files will be published, for the VoID
    file's ``void:dataDump``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}")
    issued = issued or date.today()
    stem = dump_stem(version, issued)
    out_dir.mkdir(parents=True, exist_ok=True)
    dump_path = out_dir / f"{stem}.{fmt}.gz"
    partial = dump_path.with_name(dump_path.name + ".partial")
    counts: dict[str, int] = {}
    quads = sorted_quads(store, frozenset(ox.NamedNode(p) for p in excluded), counts, progress)
    with open(partial, "wb") as raw:
        # mtime=0 and a fixed inner name: the gzip header does not change from run to run
        with gzip.GzipFile(filename=f"{stem}.{fmt}", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as out:
            ox.serialize(quads, out, format=FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
    partial.replace(dump_path)  # never a half-written file under the release name

    digest = sha256_of(dump_path)
    checksum_path = out_dir / f"{dump_path.name}.sha256"
    checksum_path.write_text(f"{digest}  {dump_path.name}\n", encoding="utf-8")

    void_path = out_dir / f"{stem}.void.ttl"
    articles = [ArticleRights(row["g"].value, row["rights"].value if row["rights"] else "",
                              row["url"].value if row["url"] else "")
                for row in store.query(ARTICLE_RIGHTS)]
    triples = void_triples(f"{base_url}{stem}.void.ttl#dataset", version=version, base_iri=base_iri,
                           counts=[(g, n) for g, n in sorted(counts.items()) if g], articles=articles,
                           dumps=[base_url + dump_path.name], issued=issued.isoformat())
    triples.sort(key=str)
    void_path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP))
    return DumpReport(dump_path, void_path, checksum_path, digest, counts)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
