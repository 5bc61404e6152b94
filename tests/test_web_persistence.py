"""IRIs outlive merges and retractions (301 to the successor, 410 Gone), article bodies stay out of
everything served outside SPARQL when their rights do not allow it, and VoID carries the version,
licence, rights and the GeoNames attribution. Fixture: tests/data/web/sample.trig + persistence.trig."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from conflictkg import __version__

from conftest import WEB_DATA, build_test_store, make_settings

ID = "https://w3id.org/conflictkg/id/"
MERGED, SURVIVOR, WITHDRAWN = "actor/tahrir-al-sham", "actor/hayat-tahrir-al-sham", "actor/phantom-brigade"
ARTICLE = "article/rights-article"
BODY_MARK = "SECRET-BODY-TEXT"
DCTERMS = "http://purl.org/dc/terms/"
FILES = [WEB_DATA / "sample.trig", WEB_DATA / "persistence.trig"]


def start_client(tmp_path_factory, name: str, **overrides) -> Iterator:
    from fastapi.testclient import TestClient

    from conflictkg.executor.embedded import EmbeddedQueryService
    from conflictkg.web import create_app

    store = build_test_store(tmp_path_factory.mktemp(name) / "store", FILES)
    settings = make_settings(store, **overrides)
    with TestClient(create_app(EmbeddedQueryService(store, settings), settings)) as client:
        yield client


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from start_client(tmp_path_factory, "bodies")


@pytest.fixture(scope="module")
def no_bodies(tmp_path_factory):
    yield from start_client(tmp_path_factory, "no-bodies", serve_article_bodies=False)


def triples(response, fmt=ox.RdfFormat.N_TRIPLES) -> list[ox.Triple]:
    return [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(response.content, format=fmt)]


# --- merged: 301 to the successor -------------------------------------------------------------

@pytest.mark.parametrize("path,location", [
    (f"/id/{MERGED}", f"/id/{SURVIVOR}"),
    (f"/id/{MERGED}.ttl", f"/id/{SURVIVOR}.ttl"),
    (f"/id/{MERGED}.jsonld", f"/id/{SURVIVOR}.jsonld"),
    (f"/id/{MERGED}?format=ntriples", f"/id/{SURVIVOR}?format=ntriples"),
])
def test_merged_resource_moves_permanently_keeping_suffix_and_query(client, path, location):
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == location
    assert "Accept" in r.headers["vary"]
    assert f"<{ID}{SURVIVOR}>" in r.headers["link"]


def test_merged_resource_redirect_lands_on_the_survivor(client):
    r = client.get(f"/id/{MERGED}", headers={"accept": "application/n-triples"})
    assert r.status_code == 200 and str(r.url).endswith(f"/id/{SURVIVOR}")
    assert any(t.subject.value == ID + SURVIVOR and t.predicate.value.endswith("altLabel") for t in triples(r))
    assert client.head(f"/id/{MERGED}", follow_redirects=False).status_code == 301


# --- withdrawn: 410 Gone with what is left ---------------------------------------------------

@pytest.mark.parametrize("path,accept,fmt", [
    (f"/id/{WITHDRAWN}", "text/turtle", ox.RdfFormat.TURTLE),
    (f"/id/{WITHDRAWN}", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    (f"/id/{WITHDRAWN}.jsonld", None, ox.RdfFormat.JSON_LD),
])
def test_withdrawn_resource_is_gone_with_its_description(client, path, accept, fmt):
    r = client.get(path, headers={"accept": accept} if accept else {}, follow_redirects=False)
    assert r.status_code == 410
    got = {(t.predicate.value, str(t.object)) for t in triples(r, fmt) if t.subject.value == ID + WITHDRAWN}
    assert ("http://www.w3.org/2002/07/owl#deprecated",
            '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>') in got
    assert ("http://www.w3.org/2000/01/rdf-schema#label", '"Phantom Brigade"') in got


def test_withdrawn_resource_page_says_withdrawn_and_why(client):
    r = client.get(f"/id/{WITHDRAWN}", headers={"accept": "text/html"})
    assert r.status_code == 410 and r.headers["content-type"].startswith("text/html")
    assert "was withdrawn" in r.text
    assert "the article misread a place name as a group" in r.text
    assert client.head(f"/id/{WITHDRAWN}").status_code == 410


def test_live_resources_are_unchanged(client):
    r = client.get(f"/id/{SURVIVOR}", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 200 and "was withdrawn" not in r.text
    assert client.get(f"/id/{SURVIVOR}.nt", follow_redirects=False).status_code == 200
    assert client.get("/id/actor/never-existed", headers={"accept": "application/json"}).status_code == 404


# --- rights: article bodies ------------------------------------------------------------------

PUBLISHED = [f"/id/{ARTICLE}.ttl", f"/id/{ARTICLE}.nt", f"/id/{ARTICLE}.jsonld", f"/id/{ARTICLE}.rdf",
             f"/id/{ARTICLE}.html", "/graph/article/rights-article.nt", "/graph/article/rights-article.ttl",
             "/graph/article/rights-article.html", "/dump.nq", "/dump.trig",
             "/sparql?query=SELECT%20%3Fb%20WHERE%20%7B%20%3Fa%20%3Chttps%3A%2F%2Fschema.org%2FarticleBody%3E%20%3Fb%20%7D"
             "&format=json",
             "/store?graph=https://w3id.org/conflictkg/graph/article/rights-article&format=ntriples"]


@pytest.mark.parametrize("path", PUBLISHED)
def test_bodies_are_served_when_allowed(client, path):
    r = client.get(path)
    assert r.status_code == 200 and BODY_MARK in r.text  # so the test below can fail


@pytest.mark.parametrize("path", PUBLISHED)
def test_bodies_are_withheld_when_not_allowed(no_bodies, path):
    r = no_bodies.get(path)
    assert r.status_code == 200
    assert BODY_MARK not in r.text and "articleBody" not in r.text
    if not path.startswith("/sparql"):
        assert "Example Wire" in r.text  # the rest of the article's record is still there


def test_article_page_shows_source_and_rights(no_bodies):
    r = no_bodies.get(f"/id/{ARTICLE}", headers={"accept": "text/html"})
    source = r.text.split('<dl class="article-source">', 1)[1].split("</dl>", 1)[0]
    assert 'href="https://news.example.org/clashes-near-aleppo"' in source
    assert "Quoted for research; the publisher holds the copyright." in source


def test_void_has_version_licence_rights_and_geonames(no_bodies):
    r = no_bodies.get("/.well-known/void", headers={"accept": "application/n-triples"})
    got = triples(r)
    dataset = next(t.subject for t in got if t.predicate.value.endswith("#sparqlEndpoint"))
    about = {(t.predicate.value, t.object.value) for t in got if t.subject == dataset}
    assert (DCTERMS + "hasVersion", __version__) in about
    assert (DCTERMS + "license", "https://creativecommons.org/licenses/by/4.0/") in about
    assert (DCTERMS + "source", "https://www.geonames.org/") in about
    assert any(p == DCTERMS + "rights" for p, _ in about)
    subset = {(t.predicate.value, t.object.value) for t in got
              if t.subject.value == "https://w3id.org/conflictkg/graph/article/rights-article"}
    assert (DCTERMS + "rights", "Quoted for research; the publisher holds the copyright.") in subset
    assert (DCTERMS + "source", "https://news.example.org/clashes-near-aleppo") in subset
