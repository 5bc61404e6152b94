"""Property-based fuzzing (hypothesis) of the HTTP surface, in process with the real worker
processes: the SPARQL endpoint (mutated queries, odd Accept / Content-Type headers, bodies in
other encodings, invalid UTF-8, huge and empty parameters), the ``/id/`` and ``/queries/`` routes
(odd slugs, path traversal, long parameters, unicode), and a differential check of the SERVICE /
LOAD refusal against pyoxigraph itself with a loopback listener. Every answer must be < 500 (or
the designed 503 of a time limit), and every 4xx must carry a message. Inputs that once failed
are replayed from tests/data/fuzz-regressions/. Examples are derandomised and bounded."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.executor.service import BadRequest
from conflictkg.executor.sparql_tokens import check_federation, check_load
from conflictkg.web import create_app
from conftest import UPDATE_TOKEN, build_test_store, make_settings

REGRESSIONS = Path(__file__).parent / "data" / "fuzz-regressions"
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
CASES = {"count": 0}

SEEDS = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s a ?type }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
    "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT ?e (COUNT(*) AS ?n) { ?e a ckg:Event } GROUP BY ?e",
    'SELECT ?x { VALUES ?x { "a\\"b" \'\'\'long\nstring\'\'\' 12 <http://x/y> } } ORDER BY ?x',
    "DESCRIBE <https://w3id.org/conflictkg/id/actor/x>",
    "SELECT * { ?s ?p ?o FILTER(REGEX(STR(?o), \"^a.*\", \"i\")) } OFFSET 2",
]
ACCEPTS = ["*/*", "application/sparql-results+json", "text/csv; q=0.5, */*; q=0.1", "application/xml",
           "text/html", "image/png", "", "application/sparql-results+json;q=abc", "text/*,;;,", "*/*;q=0",
           "application/ld+json, text/turtle;q=0.9", "x" * 3000]
CONTENT_TYPES = ["application/sparql-query", "application/sparql-query; charset=utf-8",
                 "application/sparql-query; charset=\"UTF-8\"", "application/sparql-query; charset=latin-1",
                 "application/sparql-query;charset=utf-16", "application/x-www-form-urlencoded",
                 "application/x-www-form-urlencoded; charset=iso-8859-1", "text/plain", "", "multipart/form-data",
                 "application/sparql-update", "application/json; charset=utf-8", ";;;", "application/sparql-query; x"]


def check(answer, allow_timeout: bool = True) -> None:
    """No 500; a 503 only for a time limit; every error explained."""
    CASES["count"] += 1
    status = answer.status_code
    if status >= 500:
        assert allow_timeout and status == 503 and answer.json()["error"] == "timeout", (status, answer.text[:500])
    if status >= 400 and answer.request.method != "HEAD":
        if answer.headers.get("content-type", "").startswith("application/json"):
            assert answer.json()["message"], answer.text
        else:
            assert "<" in answer.text and len(answer.text) > 50, answer.text[:300]  # the HTML error page


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    store = build_test_store(tmp_path_factory.mktemp("fuzz") / "store")
    config = make_settings(store, query_timeout=2.0, max_result_rows=1000, max_body_bytes=64 * 1024)
    with TestClient(create_app(EmbeddedQueryService(store, config), config), raise_server_exceptions=False) as client:
        yield client
    print(f"\nFIGURE fuzz (HTTP): {CASES['count']} requests")


def mutate(text: str, data) -> str:
    """Insert, delete or replace a few characters (ASCII syntax, unicode, controls)."""
    chars = st.sampled_from(list("{}<>\"'#\\?$:;.,()*!^|`@%\r\n\t \x00\u00a0\u2028é漢😀") + ["SERVICE", "LOAD", "FROM", "\\u0041"])
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            text = data.draw(chars)
            continue
        at = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(chars)
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + piece + text[at + 1:]
    return text


@FUZZ
@given(data=st.data())
def test_mutated_queries_by_get(app, data):
    query = mutate(data.draw(st.sampled_from(SEEDS)), data)
    params = {"query": query}
    if data.draw(st.booleans()):
        params[data.draw(st.sampled_from(["timeout", "format", "default-graph-uri", "named-graph-uri", "x"]))] = \
            data.draw(st.sampled_from(["", "0", "-1", "nan", "inf", "1e309", "json", "png", "http://example.org/g",
                                       "not an iri", "é" * 500]))
    check(app.get("/sparql", params=params, headers={"Accept": data.draw(st.sampled_from(ACCEPTS))}))


@FUZZ
@given(data=st.data())
def test_posted_bodies_in_any_encoding(app, data):
    query = mutate(data.draw(st.sampled_from(SEEDS)), data)
    encoding = data.draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "utf-8-sig", "cp1252"]))
    body = query.encode(encoding, errors="replace")
    if data.draw(st.booleans()):
        body = data.draw(st.binary(max_size=64)) + body  # invalid UTF-8 anywhere
    content_type = data.draw(st.sampled_from(CONTENT_TYPES))
    if content_type.startswith("application/x-www-form-urlencoded") and data.draw(st.booleans()):
        body = b"query=" + body
    headers = {"Content-Type": content_type, "Accept": data.draw(st.sampled_from(ACCEPTS))}
    if "update" in content_type and data.draw(st.booleans()):
        headers["Authorization"] = f"Bearer {UPDATE_TOKEN}"
    check(app.post("/sparql", content=body, headers=headers))


@FUZZ
@given(size=st.sampled_from([0, 1, 1000, 70_000, 200_000]), where=st.sampled_from(["get", "post", "form"]))
def test_huge_and_empty_parameters(app, size, where):
    query = "ASK {}" + "#" * max(0, size - 6) if size else ""
    if where == "get":  # the client refuses URLs over 64 KiB; uvicorn's limit is of the same order
        answer = app.get("/sparql", params={"query": query[:20_000]})  # x3 when encoded
    elif where == "post":
        answer = app.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    else:
        answer = app.post("/sparql", data={"query": query})
    check(answer)
    if where != "get" and size > 64 * 1024:
        assert answer.status_code == 413


SLUG_PIECES = ["..", "%2F", "..%2F", "%2e%2e%2f", "/", "\\", "%00", "é", "😀", "a" * 300, "-", "--", "x.ttl", ".html",
               ".exe", "?", "#", "%", "%zz", "%20", "%09", "actor", "event", "UPPER", "a;b", "<script>", "'", '"']


@FUZZ
@given(kind=st.sampled_from(["actor", "place", "event", "article", "x", "..", "%2e%2e", "é", ""]),
       pieces=st.lists(st.sampled_from(SLUG_PIECES), min_size=1, max_size=5),
       accept=st.sampled_from(["text/html", "text/turtle", "*/*", "application/ld+json", "nonsense"]))
def test_linked_data_routes(app, kind, pieces, accept):
    path = f"/id/{kind}/{''.join(pieces)}"  # clients send controls percent-encoded
    answer = app.get(path, headers={"Accept": accept})
    check(answer)
    assert answer.status_code in (200, 400, 404, 406, 422), (path, answer.status_code)
    if answer.status_code == 200:  # never a file of the server: traversal goes nowhere
        assert "root:" not in answer.text


@FUZZ
@given(name=st.sampled_from(["", "x", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "é", "a" * 2000, "events-by-actor", "_", "%00",
                             "../../pyproject"]),
       params=st.dictionaries(st.sampled_from(["actor", "place", "from", "to", "limit", "format", "timeout", "x"]),
                              st.sampled_from(["", "1", "-5", "abc", "2024-13-45", "http://example.org/x", "é" * 100,
                                               "<script>", "9" * 400, "\x00", "\t\r\n", "' } DROP ALL ; #"]),
                              max_size=4))
def test_named_query_routes(app, name, params):
    names = app.get("/queries", headers={"Accept": "application/json"}).json()["queries"]
    for path in ([f"/queries/{name}"] + [q["url"] for q in names[:3]]):
        answer = app.get(path, params=params)
        check(answer)
        assert answer.status_code in (200, 400, 404, 406, 422), (path, params, answer.status_code, answer.text[:300])


# -- the SERVICE / LOAD refusal, differentially against pyoxigraph ------------------------------


class Listener:
    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                hits.append(self.path)
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *_args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.server.shutdown()
    server.server.server_close()


SEPARATORS = [" ", "\n", "\r", "\t", "\r\n", "#c\n", "#c\r", "# SERVICE\r", "\f", "\v", "\u00a0", "\u2028", "",
              " /*x*/ ", "'#'", '"\\"#"', "'''\r'''", "<#>", "\\u0020"]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_whatever_passes_the_service_check_never_calls_out(listener, data):
    """A query built from SERVICE and separators that the check lets through must not reach the
    listener when pyoxigraph runs it (the check and the parser must agree on what is code)."""
    sep = lambda: data.draw(st.sampled_from(SEPARATORS))  # noqa: E731
    keyword = data.draw(st.sampled_from(["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "\\u0053ERVICE"]))
    target = data.draw(st.sampled_from([f"<{listener.url}q>", "e:q", "?e", f"<{listener.url}q>{sep()}"]))
    query = (f"PREFIX e: <{listener.url}>{sep()}SELECT * {{{sep()}BIND(<{listener.url}q> AS ?e){sep()}"
             f"{keyword}{sep()}{target}{sep()}{{ ?s ?p ?o }}{sep()}}}")
    store = ox.Store()
    CASES["count"] += 1
    try:
        check_federation(query, ())
    except BadRequest:
        return
    before = len(listener.hits)
    try:
        list(store.query(query))
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    assert len(listener.hits) == before, f"SERVICE got through: {query!r}"


# -- inputs that once failed -------------------------------------------------------------------


def regressions() -> list[Path]:
    """The HTTP-side entries (file inputs are replayed by test_fuzz_inputs.py)."""
    return [p for p in sorted(REGRESSIONS.glob("*.json"))
            if json.loads(p.read_text())["target"] in ("service", "load", "sparql", "route")]


@pytest.mark.parametrize("case", regressions(), ids=lambda p: p.stem)
def test_fuzz_regressions(app, listener, case):
    entry = json.loads(case.read_text())
    target = entry["target"]
    if target in ("service", "load"):
        text = entry["input"].replace("{listener}", listener.url)
        with pytest.raises(BadRequest):
            (check_federation if target == "service" else check_load)(text, ())
        before = len(listener.hits)
        if target == "service":
            answer = app.get("/sparql", params={"query": text})
        else:
            answer = app.post("/sparql", content=text, headers={"Content-Type": "application/sparql-update",
                                                                "Authorization": f"Bearer {UPDATE_TOKEN}"})
        assert answer.status_code == 400 and len(listener.hits) == before
        return
    if target == "sparql":
        answer = app.get("/sparql", params=entry["input"], headers={"Accept": "application/sparql-results+json"})
    else:
        answer = app.get(entry["input"]["path"], params=entry["input"].get("params"),
                         headers=entry["input"].get("headers"))
    check(answer)
    if "expect_status" in entry:
        assert answer.status_code == entry["expect_status"], answer.text[:300]
    if "expect_rows" in entry:
        assert len(answer.json()["results"]["bindings"]) == entry["expect_rows"]
