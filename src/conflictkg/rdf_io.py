"""Reading and writing RDF files: parse errors with file, line and column; one canonical
Turtle writer for everything under data/ (same graph, same bytes); atomic file writes.

Parsing goes through pyoxigraph: it is fast and reports positions. Graphs that the validator
or the mapping need as rdflib objects are converted here, term by term, once.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import Dataset
from rdflib.namespace import RDF, XSD

from .errors import RDFSyntaxError
from .namespaces import PREFIXES

FORMATS_BY_SUFFIX: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


def rdf_format(path: str | os.PathLike) -> ox.RdfFormat:
    """The RDF format of a file, from its suffix (a ``.gz`` suffix is looked through)."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    try:
        return FORMATS_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise RDFSyntaxError(str(path), f"unknown RDF file suffix {suffix!r}; use one of {known}") from None


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes, gunzipped when the name ends in ``.gz``."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RDFSyntaxError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    if p.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def syntax_error(path: str, exc: SyntaxError) -> RDFSyntaxError:
    """Turn a pyoxigraph parse error into one that names file, line and column."""
    message = exc.msg or str(exc)
    # pyoxigraph repeats the position in several wordings; keep only the explanation.
    message = re.sub(r"^Parser error (?:at|between) line \d+ (?:column \d+(?: and line \d+ column \d+)?"
                     r"|between columns \d+ and \d+): ", "", message)
    return RDFSyntaxError(path, message, exc.lineno, exc.offset)


def parse_quads(path: str | os.PathLike, default_graph: str | None = None) -> list[ox.Quad]:
    """All quads of an RDF file. Triples go to ``default_graph`` (an IRI) or the default graph."""
    fmt = rdf_format(path)
    data = read_bytes(path)
    try:
        quads = list(ox.parse(data, format=fmt))
    except SyntaxError as exc:
        raise syntax_error(str(path), exc) from None
    if default_graph is None:
        return quads
    graph = ox.NamedNode(default_graph)
    return [q if not isinstance(q.graph_name, ox.DefaultGraph) else ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in quads]


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def to_oxigraph(term: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def load_graph(paths: Iterable[str | os.PathLike], graph: Graph | None = None) -> Graph:
    """Parse RDF files into one rdflib graph (named graphs of TriG/N-Quads are merged)."""
    graph = graph if graph is not None else Graph()
    for path in paths:
        for quad in parse_quads(path):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def graph_from_oxigraph(quads: Iterable[ox.Quad | ox.Triple]) -> Graph:
    graph = Graph()
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


# ---------------------------------------------------------------------------------------------
# The canonical Turtle writer: the same set of triples always gives the same bytes, so diffs of
# data/ show exactly what changed. Subjects sorted by IRI, rdf:type first, then predicates and
# objects sorted; one prefix per resource kind. Blank nodes are refused (DESIGN.md: none).
# ---------------------------------------------------------------------------------------------

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _prefixed(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            local = iri[len(ns):]
            if _LOCAL.match(local) and not local.endswith("-"):
                best = prefix
    if best is None:
        return f"<{iri}>"
    return f"{best}:{iri[len(prefixes[best]):]}"


def _literal(lit: Literal, prefixes: dict[str, str]) -> str:
    text = "".join(_ESCAPES.get(c, c) for c in str(lit))
    if lit.language:
        return f'"{text}"@{lit.language}'
    if lit.datatype is None or lit.datatype == XSD.string:
        return f'"{text}"'
    if lit.datatype == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", str(lit)):
        return str(lit)
    if lit.datatype == XSD.boolean and str(lit) in ("true", "false"):
        return str(lit)
    return f'"{text}"^^{_prefixed(str(lit.datatype), prefixes)}'


def _term(term, prefixes: dict[str, str]) -> str:
    if isinstance(term, Literal):
        return _literal(term, prefixes)
    if isinstance(term, BNode):
        raise ValueError("blank nodes are not allowed in conflictkg data: mint an IRI instead")
    return _prefixed(str(term), prefixes)


def _sort_key(term) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term), str(term.datatype or ""), term.language or "")
    return (0, str(term), "", "")


def canonical_turtle(graph: Graph, prefixes: dict[str, str] | None = None, header: str = "") -> str:
    """Serialise ``graph`` as sorted Turtle with the project's prefixes (only those used)."""
    prefixes = dict(PREFIXES if prefixes is None else prefixes)
    body: list[str] = []
    for subject in sorted(set(graph.subjects()), key=_sort_key):
        predicates = sorted(set(graph.predicates(subject)), key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for predicate in predicates:
            objects = sorted(graph.objects(subject, predicate), key=_sort_key)
            verb = "a" if predicate == RDF.type else _term(predicate, prefixes)
            rendered = [_term(o, prefixes) for o in objects]
            if len(rendered) == 1 or sum(len(r) for r in rendered) < 60:
                lines.append(f"    {verb} {', '.join(rendered)}")
            else:
                joined = ",\n        ".join(rendered)
                lines.append(f"    {verb}\n        {joined}")
        body.append(_term(subject, prefixes) + "\n" + " ;\n".join(lines) + " .\n")
    text = "\n".join(body)
    used = sorted(p for p in prefixes if re.search(rf"(?<![\w<]){re.escape(p)}:", text))
    head = "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in used)
    intro = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines()) if header else ""
    return intro + head + ("\n" if head else "") + text


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of either:
    a temporary file in the same folder, flushed to disk, then renamed over the target."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def fsync_dir(folder: str | os.PathLike) -> None:
    """Make a folder's entries (a rename, a new file) durable: without it a power cut can undo a
    rename that readers already saw."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def iter_rdf_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named directly, and RDF files found (sorted) under named folders."""
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and _is_rdf_name(child.name):
                    yield child
        else:
            yield p


def _is_rdf_name(name: str) -> bool:
    name = name[:-3] if name.endswith(".gz") else name
    return Path(name).suffix in FORMATS_BY_SUFFIX


__all__ = [
    "Dataset", "canonical_turtle", "fsync_dir", "graph_from_oxigraph", "iter_rdf_files", "load_graph",
    "parse_quads", "rdf_format", "read_bytes", "syntax_error", "to_oxigraph", "to_rdflib", "write_atomic",
]
