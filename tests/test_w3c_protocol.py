"""The W3C SPARQL 1.1 Protocol (34) and Graph Store HTTP Protocol (13) tests, run from their
manifests (tests/w3c/, copied unmodified; see SOURCE.txt) against a real ``conflictkg serve``.

Each test gets an empty store, its ``ut:graphData`` preloaded under the given graph names, and
then sends its requests in order, checking status, content type and results as the manifest
says. The update token is sent with every request (DESIGN.md, "HTTP")."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from conftest import build_test_store, start_server, stop_server

W3C = Path(__file__).parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
STATUS = {"OK": [200], "Created": [201], "NoContent": [204], "NotFound": [404],
          "StatusCode2xx": list(range(200, 300)), "StatusCode3xx": list(range(300, 400)),
          "StatusCode4xx": list(range(400, 500))}
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = BOOLEAN_TYPES + ("text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples")


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: list[int]
    expected_format: str | None = None
    expected_boolean: bool | None = None
    expected_content_type: str | None = None
    expected_body: str | None = None
    location_variable: str | None = None


@dataclass
class W3CTest:
    id: str
    steps: list[Step]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)


def _headers(g: Graph, node) -> dict[str, str]:
    headers_list = g.value(node, HT.headers)
    if headers_list is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue)) for h in Collection(g, headers_list)}


def _step(g: Graph, request) -> Step:
    response = g.value(request, HT.resp)
    body = g.value(request, HT.body)
    expected_body = g.value(response, HT.body)
    path = str(g.value(request, HT.absolutePath))
    path = path.replace("/sparql/", "/sparql", 1) if path.startswith("/sparql/") else path
    path = "/store" + path[len("/gsp"):] if path.startswith("/gsp") else path
    statuses = sorted({code for s in g.objects(response, MF.expectedStatus) for code in STATUS[s.split("#")[-1]]})
    boolean = g.value(response, MF.expectedBoolean)
    location = g.value(response, MF.expectedLocation)
    return Step(
        method=str(g.value(request, HT.methodName)), path=path, headers=_headers(g, request),
        body=str(g.value(body, CNT.chars)) if body is not None else None, statuses=statuses,
        expected_format=str(g.value(response, MF.expectedFormat) or "") or None,
        expected_boolean=None if boolean is None else boolean.toPython(),
        expected_content_type=_headers(g, response).get("content-type"),
        expected_body=str(g.value(expected_body, CNT.chars)) if expected_body is not None else None,
        location_variable=str(location) if location is not None else None,
    )


def load_manifest(path: Path, prefix: str) -> list[W3CTest]:
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(MF.entries, None))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        steps = [_step(g, r) for r in Collection(g, g.value(action, HT.requests))]
        data = [(Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
                for d in g.objects(entry, UT.graphData)]
        tests.append(W3CTest(f"{prefix}/{str(entry).split('#')[-1]}", steps, data))
    return tests


PROTOCOL = load_manifest(W3C / "protocol" / "manifest.ttl", "protocol")
GSP = (load_manifest(W3C / "graph-store-protocol" / "manifest-direct.ttl", "gsp")
       + load_manifest(W3C / "graph-store-protocol" / "manifest-indirect.ttl", "gsp"))
ALL = PROTOCOL + GSP


def test_the_whole_suite_is_here():
    assert (len(PROTOCOL), len(GSP)) == (34, 13)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_test_store(tmp_path_factory.mktemp("w3c") / "store", files=[])
    live = start_server(store)
    yield live
    stop_server(live)


def check_results(step: Step, response: httpx.Response) -> None:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if step.expected_format == "boolean":
        assert media in BOOLEAN_TYPES, media
        if step.expected_boolean is not None:
            if media.endswith("json"):
                value = json.loads(response.text)["boolean"]
            else:
                node = ElementTree.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
                value = node.text.strip() == "true"
            assert value is step.expected_boolean
    elif step.expected_format == "tabular":
        assert media in TABULAR_TYPES, media
    elif step.expected_format == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=response.text, format={"application/rdf+xml": "xml", "text/turtle": "turtle",
                                                  "application/n-triples": "nt"}[media])
    if step.expected_content_type:
        assert response.headers["content-type"].replace(" ", "").lower() == \
            step.expected_content_type.replace(" ", "").lower()
    if step.expected_body is not None:
        expected = Graph().parse(data=step.expected_body, format="turtle")
        got = Graph().parse(data=response.text, format="turtle")
        assert isomorphic(expected, got), response.text


@pytest.mark.server
@pytest.mark.parametrize("test", ALL, ids=[t.id for t in ALL])
def test_w3c(server, test: W3CTest):
    auth = server.auth()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.post("/sparql", content="DROP ALL", headers={**auth, "content-type": "application/sparql-update"}).status_code == 204
        for file, graph in test.graph_data:
            put = http.put("/store", params={"graph": graph}, content=(W3C / "protocol" / file.name).read_bytes(),
                           headers={**auth, "content-type": "application/n-triples"})
            assert put.status_code in (201, 204), put.text
        variables: dict[str, str] = {}
        for number, step in enumerate(test.steps, 1):
            path, body = step.path, step.body
            for name, value in variables.items():
                path, body = path.replace(name, value), body.replace(name, value) if body else body
            headers = {**step.headers, **auth}
            content = None
            if body is not None:
                charset = headers.get("content-type", "").lower().partition("charset=")[2] or "utf-8"
                content = body.encode(charset)
            response = http.request(step.method, path, content=content, headers=headers)
            assert response.status_code in step.statuses, f"request {number}: {step.method} {path} -> " \
                f"{response.status_code} {response.text[:500]}"
            if step.location_variable:
                variables[step.location_variable] = response.headers["location"]
            if step.method != "HEAD" and response.status_code < 300:
                check_results(step, response)
            elif step.expected_content_type and response.status_code < 300:
                assert response.headers["content-type"].replace(" ", "").lower() == \
                    step.expected_content_type.replace(" ", "").lower()
