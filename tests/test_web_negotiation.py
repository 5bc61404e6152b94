"""Content negotiation as a table: Accept header (or format=) → the format chosen, or 406."""

import pytest

from conflictkg.web.negotiation import NotAcceptableFormat, choices, negotiate, parse_accept

CASES = [
    # kind, Accept, format=, html page offered, expected format name (None: 406)
    ("results", None, None, False, "json"),
    ("results", "", None, False, "json"),
    ("results", "*/*", None, False, "json"),
    ("results", "application/sparql-results+xml", None, False, "xml"),
    ("results", "application/xml", None, False, "xml"),
    ("results", "application/json", None, False, "json"),
    ("results", "text/csv", None, False, "csv"),
    ("results", "text/tab-separated-values", None, False, "tsv"),
    ("results", "text/*", None, False, "csv"),
    ("results", "text/csv;q=0.5, application/sparql-results+json;q=0.9", None, False, "json"),
    ("results", "application/sparql-results+json;q=0, */*", None, False, "xml"),
    ("results", "text/turtle", None, False, None),
    ("results", "application/sparql-results+json;q=0", None, False, None),
    ("results", "text/turtle", "csv", False, "csv"),
    ("results", None, "text/tab-separated-values", False, "tsv"),
    ("results", None, "turtle", False, None),
    ("graph", None, None, False, "turtle"),
    ("graph", "*/*", None, False, "turtle"),
    ("graph", "application/ld+json", None, False, "jsonld"),
    ("graph", "application/rdf+xml", None, False, "rdfxml"),
    ("graph", "application/n-triples", None, False, "ntriples"),
    ("graph", "text/plain", None, False, "ntriples"),
    ("graph", "application/trig", None, False, "trig"),
    ("graph", "application/n-quads", None, False, "nquads"),
    ("graph", "text/*;q=0.9, application/ld+json;q=0.8", None, False, "turtle"),
    ("graph", "text/turtle;q=0, */*;q=0.1", None, False, "trig"),
    ("graph", "application/sparql-results+json", None, False, None),
    ("graph", None, "jsonld", False, "jsonld"),
    ("graph", None, "ttl", False, "turtle"),
    ("graph", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, True, "html"),
    ("graph", "text/html", None, False, None),
    ("graph", "*/*", None, True, "turtle"),
    ("graph", "text/turtle, text/html;q=0.5", None, True, "turtle"),
    ("dataset", None, None, False, "trig"),
    ("dataset", "application/n-quads", None, False, "nquads"),
    ("dataset", "text/turtle", None, False, None),
]


@pytest.mark.parametrize("kind,accept,param,html,expected", CASES)
def test_negotiate(kind, accept, param, html, expected):
    if expected is None:
        with pytest.raises(NotAcceptableFormat):
            negotiate(kind, accept, param, html=html)
    else:
        assert negotiate(kind, accept, param, html=html).name == expected


def test_parse_accept_reads_q_values_and_ignores_junk():
    ranges = parse_accept("text/turtle;q=0.3, junk, application/ld+json;q=abc, *")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "turtle", 0.3), ("application", "ld+json", 0.0), ("*", "*", 1.0)]


def test_choices_per_kind_for_queries_of_unknown_kind():
    assert choices("text/csv", None) == {"results": "csv", "graph": None}
    assert choices("text/turtle", None) == {"results": None, "graph": "turtle"}
    assert choices(None, None) == {"results": "json", "graph": "turtle"}
