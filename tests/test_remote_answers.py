"""A remote store's answer becomes a complete answer in the negotiated format, or an error:
never a truncated body (Oxigraph's server ends a cancelled 200 with an error text)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflictkg.executor.remote_answers import Body, accept_header, complete_answer, format_of
from conflictkg.executor.service import ExecutionError, NotAcceptable, QueryTimeout, TooManyRows
from conflictkg.store.remote import detect_engine, is_partial_answer, remote_error, syntax_error, timeout_params
from conflictkg.errors import QuerySyntaxError

RESULTS = b'{"head":{"vars":["x"]},"results":{"bindings":[' \
          b'{"x":{"type":"literal","value":"a,\\"b\\"\\nc"}},{"x":{"type":"uri","value":"http://e/1"}}]}}'
TRIPLES = b'<http://e/s> <http://www.w3.org/2000/01/rdf-schema#label> "S" .\n' \
          b'<http://e/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e/T> .\n'
BOTH = {"results": "json", "graph": "turtle"}


def test_the_negotiated_format_passes_through_untouched():
    answer = complete_answer(Body(RESULTS), "application/sparql-results+json", BOTH)
    assert (answer.kind, answer.format, answer.read()) == ("results", "json", RESULTS)


def test_csv_is_made_here_from_checked_json():
    answer = complete_answer(Body(RESULTS), "application/sparql-results+json", {"results": "csv", "graph": None})
    assert answer.format == "csv"
    assert answer.read() == b'x\r\n"a,""b""\nc"\r\nhttp://e/1\r\n'
    assert accept_header({"results": "csv", "graph": None}).startswith("application/sparql-results+json")


def test_another_format_is_reserialised_by_pyoxigraph():
    answer = complete_answer(Body(TRIPLES), "text/plain", {"results": None, "graph": "rdfxml"})
    assert answer.format == "rdfxml"
    assert {str(t) for t in ox.parse(answer.read(), format=ox.RdfFormat.RDF_XML)} == \
           {str(t) for t in ox.parse(TRIPLES, format=ox.RdfFormat.N_TRIPLES)}


def test_linked_data_turtle_gets_our_prefixes():
    prefixes = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "e": "http://e/"}
    answer = complete_answer(Body(TRIPLES), "application/n-triples", {"graph": "turtle", "results": None},
                             prefixes=prefixes)
    text = answer.read().decode()
    assert "@prefix e: <http://e/>" in text and "rdfs:label" in text
    assert text.index(" a e:T") < text.index("rdfs:label")  # rdf:type first, as the embedded store writes it


def test_a_cancelled_answer_is_a_timeout_never_a_200():
    cut = b'{"head":{"vars":["n"]},"results":{"bindings":[The SPARQL operation has been cancelled'
    with pytest.raises(QueryTimeout):
        complete_answer(Body(cut), "application/sparql-results+json", BOTH, seconds=5)


def test_a_malformed_answer_is_an_error():
    with pytest.raises(ExecutionError, match="incomplete or malformed"):
        complete_answer(Body(TRIPLES[:-20]), "application/n-triples", BOTH)


def test_an_answer_of_a_kind_the_client_refused_is_406():
    with pytest.raises(NotAcceptable):
        complete_answer(Body(TRIPLES), "application/n-triples", {"results": "json", "graph": None})


def test_the_row_limit_refuses_the_whole_answer():
    with pytest.raises(TooManyRows):
        complete_answer(Body(RESULTS), "application/sparql-results+json", BOTH, max_rows=1)
    assert complete_answer(Body(RESULTS), "application/sparql-results+json", BOTH, max_rows=2).read() == RESULTS


def test_large_answers_arrive_through_a_file_that_is_removed_when_read(tmp_path):
    path = tmp_path / "answer"
    path.write_bytes(TRIPLES)
    answer = complete_answer(Body(path=path), "application/n-triples", {"graph": "ntriples", "results": None})
    assert answer.path == path and answer.read() == TRIPLES and not path.exists()
    path.write_bytes(TRIPLES)
    converted = complete_answer(Body(path=path), "application/n-triples", {"graph": "jsonld", "results": None})
    assert not path.exists() and b"http://e/s" in converted.read()


def test_an_unknown_media_type_is_an_error():
    with pytest.raises(ExecutionError):
        complete_answer(Body(b"<html>"), "text/html", BOTH)
    assert format_of("application/sparql-results+json; charset=utf-8").name == "json"


@pytest.mark.parametrize("server,engine", [("Oxigraph/0.5.13", "oxigraph"), ("Apache Jena Fuseki (5.1.0)", "fuseki"),
                                           ("Virtuoso/07.20.3240 (Linux) x86_64", "virtuoso"), (None, "generic")])
def test_engines_are_told_apart_by_their_server_header(server, engine):
    assert detect_engine(server) == engine


def test_timeouts_are_sent_in_each_engines_unit():
    assert timeout_params("fuseki", 2.5) == {"timeout": "2.500"}
    assert timeout_params("virtuoso", 2.5) == {"timeout": "2500"}
    assert timeout_params("graphdb", 2.5) == {"timeout": "3"}
    assert timeout_params("oxigraph", 2.5) == {}


def test_remote_errors_map_to_our_errors():
    assert isinstance(remote_error(503, "Query timed out", "query", seconds=3), QueryTimeout)
    assert isinstance(remote_error(500, "SR171: Transaction timed out", "query"), QueryTimeout)
    assert is_partial_answer(206, {}) and is_partial_answer(200, {"x-sql-state": "S1TAT"})
    assert not is_partial_answer(200, {})
    error = remote_error(400, "error at 3:7: expected ...", "query", line_shift=1)
    assert isinstance(error, QuerySyntaxError) and error.position == {"line": 2, "column": 7}
    fuseki = syntax_error('Encountered " "}" "} "" at line 1, column 24.')
    assert fuseki.position == {"line": 1, "column": 24}
    assert "CONFLICTKG_REMOTE_USER" in str(remote_error(401, "", "update"))
