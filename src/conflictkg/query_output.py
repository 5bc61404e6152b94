"""Query results for people and programs: pyoxigraph serialises every machine format natively;
the ``table`` form is a plain-text table with the project's prefixes, for the terminal."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def short(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((p for p, ns in PREFIXES.items() if term.value.startswith(ns)),
                   key=lambda p: len(PREFIXES[p]), default=None)
        return f"{best}:{term.value[len(PREFIXES[best]):]}" if best else f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_results(results, fmt: str) -> str:
    if isinstance(results, bool):
        return ("true" if results else "false") + "\n" if fmt == "table" else _boolean(results, fmt)
    if isinstance(results, ox.QuerySolutions):
        if fmt == "table":
            return _table(results)
        if fmt not in RESULT_FORMATS:
            raise ValueError(f"SELECT results cannot be written as {fmt}; use table, json, xml, csv or tsv")
        return results.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
    # a CONSTRUCT / DESCRIBE answer: triples
    rdf_fmt = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
    return ox.serialize(results, format=rdf_fmt, prefixes=PREFIXES if rdf_fmt is ox.RdfFormat.TURTLE else None).decode("utf-8")


def _boolean(value: bool, fmt: str) -> str:
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"ASK results cannot be written as {fmt}")
    return ox.QueryBoolean(value).serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")


def _table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[short(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    widths = [min(w, 80) for w in widths]

    def line(cells):
        return " | ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
