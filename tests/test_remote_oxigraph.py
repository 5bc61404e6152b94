"""The whole server on a remote store: a real ``oxigraph serve`` loaded by ``conflictkg build
--endpoint`` (twice: the second run writes nothing), then a real ``conflictkg serve --endpoint``
answering the endpoint's tests — and, for every named query, the visual interface's JSON and a
Linked Data page, the same answers as ``conflictkg serve`` on the embedded store built from the
same data. A second Oxigraph without ``--union-default-graph`` checks the default-graph fallbacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conftest import UPDATE_TOKEN, free_port, make_settings, start_server, stop_server

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/conflictkg/id/"
CKG = "https://w3id.org/conflictkg/ontology#"
AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
# the server of PyPI's 'oxigraph' (a dev dependency): beside this Python first, then on PATH
OXIGRAPH = next((str(p) for p in (Path(sys.executable).parent / "oxigraph",) if p.exists()), None) \
    or shutil.which("oxigraph")


class Oxigraph:
    def __init__(self, location: Path, *flags: str):
        if OXIGRAPH is None:
            pytest.fail("the oxigraph server is missing: pip install -e '.[dev]' installs it (PyPI 'oxigraph')")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # --timeout-s longer than conflictkg's --query-timeout: conflictkg abandons first (503), and
        # Oxigraph's own limit only reclaims the work of abandoned queries (docs/REMOTE.md).
        self.process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind",
                                         f"127.0.0.1:{self.port}", "--timeout-s", "15", *flags],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
            try:
                if httpx.post(self.url + "/query", data={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer within 30 s")

    def endpoints(self) -> list[str]:
        return ["--endpoint", self.url + "/query", "--update-endpoint", self.url + "/update",
                "--gsp-endpoint", self.url + "/store"]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def conflictkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "conflictkg", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def data_root(tmp_path_factory) -> Path:
    """A copy of the repository's data (the seed article, its text, the reference records)."""
    root = tmp_path_factory.mktemp("repo")
    for part in ("articles", "graphs", "reference"):
        shutil.copytree(REPO / "data" / part, root / "data" / part)
    return root


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "db", "--union-default-graph")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def loaded(oxigraph, data_root) -> Oxigraph:
    first = conflictkg("--data", str(data_root), "build", *oxigraph.endpoints())
    assert first.returncode == 0, first.stderr
    assert "3 graphs written" in first.stdout and "0 unchanged" in first.stdout
    second = conflictkg("--data", str(data_root), "build", *oxigraph.endpoints())
    assert second.returncode == 0, second.stderr
    assert "0 graphs written (0 quads), 3 unchanged, 0 removed" in second.stdout
    return oxigraph


@pytest.fixture(scope="module")
def remote(loaded) -> Iterator:
    server = start_server(None, *loaded.endpoints(), "--query-timeout", "8")
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def embedded(data_root, tmp_path_factory) -> Iterator:
    store = tmp_path_factory.mktemp("embedded") / "store"
    built = conflictkg("--data", str(data_root), "build", "--store", str(store))
    assert built.returncode == 0, built.stderr
    server = start_server(store, "--query-timeout", "8")
    yield server
    stop_server(server)


def get(server, path: str, **kwargs) -> httpx.Response:
    return httpx.get(server.url + path, timeout=30, **kwargs)


def sparql(server, query: str, accept: str = "application/sparql-results+json", **params) -> httpx.Response:
    return httpx.post(server.url + "/sparql", data={"query": query, **params}, headers={"Accept": accept}, timeout=30)


def bindings(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def term(value: dict | None) -> str:
    """A result term, comparable across stores: GROUP_CONCAT's order follows the storage's order,
    which differs between the on-disk and the in-memory store, so its parts (" | ") are sorted."""
    if value is not None and value.get("type") == "literal" and " | " in value["value"]:
        value = {**value, "value": " | ".join(sorted(value["value"].split(" | ")))}
    return json.dumps(value, sort_keys=True)


def rows(response: httpx.Response) -> list[tuple]:
    """A SELECT answer as a sorted list of rows (a multiset: ORDER BY ties may come in any order)."""
    found = bindings(response)
    names = response.json()["head"]["vars"]
    return sorted(tuple(term(row.get(n)) for n in names) for row in found)


# -- loading ---------------------------------------------------------------------------------------

def test_build_writes_changed_graphs_only_and_drops_removed_ones(loaded, data_root):
    extra = data_root / "data" / "graphs" / "zz-extra.ttl"
    extra.write_text(f"<{ID}article/zz-extra> a <{CKG}Article> .\n")
    graph = "https://w3id.org/conflictkg/graph/article/zz-extra"
    try:
        added = conflictkg("--data", str(data_root), "build", *loaded.endpoints())
        assert "1 graphs written (1 quads), 3 unchanged" in added.stdout, added.stderr
        assert httpx.head(loaded.url + "/store", params={"graph": graph}, headers={"Connection": "close"}).status_code == 200
    finally:
        extra.unlink()
    removed = conflictkg("--data", str(data_root), "build", *loaded.endpoints())
    assert "0 graphs written (0 quads), 3 unchanged, 1 removed" in removed.stdout, removed.stderr
    assert httpx.head(loaded.url + "/store", params={"graph": graph}, headers={"Connection": "close"}).status_code == 404


def test_the_remote_holds_what_the_embedded_store_holds(remote, embedded):
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    ours = {r["g"]["value"]: r["n"]["value"] for r in bindings(sparql(embedded, count))}
    theirs = {r["g"]["value"]: r["n"]["value"] for r in bindings(sparql(remote, count))}
    manifest = theirs.pop("https://w3id.org/conflictkg/graph/build-manifest")
    assert theirs == ours and int(manifest) == len(ours)
    assert get(remote, "/health").json()["default_graph"] == "union"


# -- the SPARQL protocol through the remote ----------------------------------------------------------

@pytest.mark.parametrize("accept,fmt", [("application/sparql-results+json", ox.QueryResultsFormat.JSON),
                                        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                                        ("text/tab-separated-values", ox.QueryResultsFormat.TSV)])
def test_select_and_ask_in_results_formats(remote, embedded, accept, fmt):
    query = f"SELECT ?s ?label WHERE {{ ?s a <{CKG}City> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    answers = [sparql(server, query, accept) for server in (remote, embedded)]
    assert all(a.status_code == 200 and a.headers["content-type"].startswith(accept) for a in answers)
    parsed = [sorted((str(r["s"]), str(r["label"])) for r in ox.parse_query_results(a.content, format=fmt))
              for a in answers]
    assert parsed[0] == parsed[1] and len(parsed[0]) > 0
    ask = sparql(remote, f"ASK {{ <{ID}place/aleppo> ?p ?o }}", accept)
    assert bool(ox.parse_query_results(ask.content, format=fmt)) is True


def test_csv_is_complete(remote, embedded):
    query = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?o } ORDER BY ?s ?o"
    answers = [sparql(server, query, "text/csv") for server in (remote, embedded)]
    assert answers[0].text == answers[1].text and answers[0].text.count("\n") > 2


@pytest.mark.parametrize("fmt,rdf", [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                     ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML),
                                     ("trig", ox.RdfFormat.TRIG)])
def test_construct_in_rdf_formats(remote, embedded, fmt, rdf):
    query = f"CONSTRUCT {{ ?e <{CKG}agent> ?a }} WHERE {{ ?e <{CKG}agent> ?a }}"
    answers = [httpx.post(s.url + "/sparql", data={"query": query, "format": fmt}, timeout=30) for s in (remote, embedded)]
    assert all(a.status_code == 200 and a.headers["content-type"].startswith(rdf.media_type) for a in answers), answers[0].text
    triples = [{str(q) for q in ox.parse(a.content, format=rdf)} for a in answers]
    assert triples[0] == triples[1] and len(triples[0]) > 3


def test_malformed_query_is_400_with_the_parsers_message(remote):
    response = sparql(remote, "SELECT * WHERE {\n  ?s ?p ?o \n  FILTER( }")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "syntax_error" and body["position"]["line"] == 3 and "line 3" in body["message"]


def test_update_needs_the_token_and_is_seen_by_later_queries(remote):
    update = "INSERT DATA { GRAPH <http://example.org/remote-test> { <http://example.org/a> <http://example.org/b> \"c\" } }"
    headers = {"Content-Type": "application/sparql-update"}
    assert httpx.post(remote.url + "/sparql", content=update, headers=headers).status_code == 401
    assert httpx.post(remote.url + "/sparql", content=update, headers={**headers, **AUTH}).status_code == 204
    ask = sparql(remote, 'ASK { <http://example.org/a> <http://example.org/b> "c" }')
    assert ask.json()["boolean"] is True
    deleted = httpx.delete(remote.url + "/store", params={"graph": "http://example.org/remote-test"}, headers=AUTH)
    assert deleted.status_code == 204
    assert sparql(remote, 'ASK { <http://example.org/a> ?p ?o }').json()["boolean"] is False


def test_graph_store_get_put_delete(remote, embedded):
    reference = "https://w3id.org/conflictkg/graph/reference"
    answers = [get(s, "/store", params={"graph": reference}, headers={"Accept": "application/n-triples"})
               for s in (remote, embedded)]
    assert answers[0].status_code == 200
    assert set(answers[0].text.splitlines()) == set(answers[1].text.splitlines())
    graph = "http://example.org/gsp-test"
    put = httpx.put(remote.url + "/store", params={"graph": graph}, content="<http://e/x> <http://e/y> 1 .",
                    headers={"Content-Type": "text/turtle", **AUTH})
    assert put.status_code == 201
    again = httpx.put(remote.url + "/store", params={"graph": graph}, content="<http://e/x> <http://e/y> 2 .",
                      headers={"Content-Type": "text/turtle", **AUTH})
    assert again.status_code == 204
    body = get(remote, "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}).text
    assert '"2"' in body and '"1"' not in body
    assert httpx.delete(remote.url + "/store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert get(remote, "/store", params={"graph": graph}).status_code == 404
    assert httpx.head(remote.url + "/store", params={"graph": graph}).status_code == 404


def test_a_query_past_its_time_limit_is_503(remote):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~2.7M rows: about a second on Oxigraph
    started = time.monotonic()
    response = sparql(remote, heavy, timeout="0.2")
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "timeout" and "Retry-After" in response.headers
    assert time.monotonic() - started < 5
    assert sparql(remote, "ASK { ?s ?p ?o }").json()["boolean"] is True  # the server is still fine


# -- the rest of the server, compared with the embedded store ------------------------------------------

def test_linked_data_pages(remote, embedded):
    turtle = [get(s, "/id/place/aleppo", headers={"Accept": "text/turtle"}) for s in (remote, embedded)]
    assert turtle[0].status_code == 200 and turtle[0].headers["content-type"].startswith("text/turtle")
    assert "@prefix ckg:" in turtle[0].text
    graphs = [{str(t) for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE)} for r in turtle]
    assert graphs[0] == graphs[1] and len(graphs[0]) > 5
    html = get(remote, "/id/place/aleppo", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "text/html" in html.headers["content-type"] and "Aleppo" in html.text
    missing = get(remote, "/id/place/alepo")
    assert missing.status_code == 404 and "/id/place/aleppo" in missing.json()["suggestions"]


def sample_values(server) -> dict[str, str]:
    """A value for each parameter name of the named queries, found in the data itself."""
    def first(query: str) -> str:
        return bindings(sparql(server, query))[0]["x"]["value"]

    return {
        "actor": f"{ID}actor/syrian-arab-army", "place": f"{ID}place/aleppo",
        "article": first(f"SELECT ?x WHERE {{ ?x a <{CKG}Article> }} LIMIT 1"),
        "fact": first(f"SELECT ?x WHERE {{ ?x a <{CKG}Event> }} ORDER BY ?x LIMIT 1"),
        "speaker": first(f"SELECT ?x WHERE {{ ?s <{CKG}speaker> ?x }} ORDER BY ?x LIMIT 1"),
        "name": "Aleppo", "lat": "36.2", "long": "37.1", "km": "100", "from": "2024-01-01", "to": "2024-12-31",
    }


def test_every_named_query_answers_as_on_the_embedded_store(remote, embedded):
    listing = get(remote, "/queries").json()["queries"]
    samples = sample_values(embedded)
    compared = non_empty = 0
    for query in listing:
        params = {p["name"]: samples[p["name"]] for p in query["parameters"] if p["name"] in samples}
        if any(p["required"] and p["name"] not in params for p in query["parameters"]):
            continue
        accept = "application/sparql-results+json" if query["kind"] in ("SELECT", "ASK") else "application/n-triples"
        answers = [get(s, f"/queries/{query['name']}", params=params, headers={"Accept": accept})
                   for s in (remote, embedded)]
        assert answers[0].status_code == answers[1].status_code == 200, (query["name"], answers[0].text)
        if query["kind"] == "SELECT":
            found = [rows(a) for a in answers]
        else:
            found = [sorted(a.text.splitlines()) for a in answers]
        assert found[0] == found[1], query["name"]
        compared += 1
        non_empty += bool(found[0])
    assert compared >= 10 and non_empty >= 8


def canonical(value):
    """JSON with every list sorted: rows that tie in the queries' ORDER BY may come in either order."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


@pytest.mark.parametrize("path", ["/api/events.json", "/api/events.geojson", "/api/network.json",
                                  "/api/timeline.json", "/api/search?q=alep"])
def test_visual_interface_json(remote, embedded, path):
    answers = [get(s, path) for s in (remote, embedded)]
    assert answers[0].status_code == answers[1].status_code == 200, answers[0].text
    assert canonical(answers[0].json()) == canonical(answers[1].json())
    assert len(json.dumps(answers[0].json())) > 200  # there is something to compare


@pytest.mark.parametrize("path", ["/", "/map", "/network", "/timeline", "/queries", "/.well-known/void"])
def test_pages(remote, path):
    assert get(remote, path).status_code == 200


def test_a_dump_holds_every_quad(remote, embedded):
    quads = [{str(q) for q in ox.parse(get(s, "/dump.nq").content, format=ox.RdfFormat.N_QUADS)}
             for s in (remote, embedded)]
    manifest = "<https://w3id.org/conflictkg/graph/build-manifest>"
    assert {q for q in quads[0] if not q.endswith(f"{manifest} .")} >= quads[1]
    assert len(quads[1]) > 1000


# -- an Oxigraph whose default graph is not the union ---------------------------------------------------

@pytest.fixture(scope="module")
def plain_client(tmp_path_factory, data_root) -> Iterator:
    """The app in process over an Oxigraph started without --union-default-graph."""
    from fastapi.testclient import TestClient

    from conflictkg.dataset import repository
    from conflictkg.executor.remote import RemoteQueryService
    from conflictkg.store.remote import RemoteStore
    from conflictkg.store.remote_load import load_repository
    from conflictkg.web import create_app

    server = Oxigraph(tmp_path_factory.mktemp("plain") / "db")
    try:
        settings = make_settings(tmp_path_factory.mktemp("unused"), store_path=None, endpoint=server.url + "/query",
                                 update_endpoint=server.url + "/update", gsp_endpoint=None, queries_dir=None)
        remote_store = RemoteStore.from_settings(settings)
        report = load_repository(repository(data_root), remote_store)
        assert report.loaded == 3
        service = RemoteQueryService(settings, remote_store)
        with TestClient(create_app(service, settings)) as client:
            yield client, service
    finally:
        server.stop()


def test_a_plain_default_graph_is_made_the_union(plain_client, remote):
    client, service = plain_client
    assert service.default_graph == "parameter"  # Oxigraph honours its union-default-graph parameter
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = bindings(sparql(remote, count))[0]["n"]["value"]
    assert client.post("/sparql", data={"query": count}).json()["results"]["bindings"][0]["n"]["value"] == expected
    # The portable fallback: every named graph sent as default-graph-uri / named-graph-uri.
    service.default_graph = "listed"
    client.portal.call(service._list_graphs)
    assert len(service._graphs) == 4  # three graphs and the build manifest
    assert client.post("/sparql", data={"query": count}).json()["results"]["bindings"][0]["n"]["value"] == expected
    page = client.get("/id/place/aleppo", headers={"Accept": "application/n-triples"})
    assert page.status_code == 200 and "Aleppo" in page.text


def test_without_a_graph_store_endpoint_graphs_are_written_with_sparql_update(plain_client):
    client, _service = plain_client
    graph = "http://example.org/no-gsp"
    put = client.put("/store", params={"graph": graph}, content="<http://e/x> <http://e/y> 1 .",
                     headers={"Content-Type": "text/turtle", **AUTH})
    assert put.status_code == 201
    got = client.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "<http://e/x>" in got.text
    assert client.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert client.get("/store", params={"graph": graph}).status_code == 404
