"""Linked Data: resources, graphs, the ontology and shapes dereference with content negotiation."""

import re

import pyoxigraph as ox
import pytest

ACTOR = "https://w3id.org/conflictkg/id/actor/hayat-tahrir-al-sham"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def triples(response, fmt=ox.RdfFormat.TURTLE):
    return [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(response.content, format=fmt)]


def test_no_accept_and_any_accept_give_turtle_with_vary(client):
    for headers in ({}, {"accept": "*/*"}):
        r = client.get("/id/actor/hayat-tahrir-al-sham", headers=headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/turtle")
        assert "Accept" in r.headers["vary"]


def test_description_has_own_incoming_labels_and_evidence(client):
    got = triples(client.get("/id/actor/hayat-tahrir-al-sham"))
    actor, event = ox.NamedNode(ACTOR), ox.NamedNode("https://w3id.org/conflictkg/id/event/sample-article-e1")
    assert any(t.subject == actor and t.predicate.value.endswith("altLabel") for t in got)  # its own
    assert any(t.subject == event and t.object == actor for t in got)  # pointing at it
    assert any(t.subject == event and t.predicate.value.endswith("#label") for t in got)  # a mention's label
    evidence = [t.object.value for t in got if t.predicate.value.endswith("#evidence")]
    assert evidence == ["Rebels led by HTS pushed into the city of Aleppo on Friday."]


@pytest.mark.parametrize("suffix,fmt,media", [(".ttl", ox.RdfFormat.TURTLE, "text/turtle"),
                                              (".nt", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
                                              (".jsonld", ox.RdfFormat.JSON_LD, "application/ld+json"),
                                              (".rdf", ox.RdfFormat.RDF_XML, "application/rdf+xml")])
def test_suffixes_pick_the_format(client, suffix, fmt, media):
    r = client.get(f"/id/event/sample-article-e1{suffix}")
    assert r.headers["content-type"].startswith(media)
    assert any(t.predicate.value.endswith("#agent") for t in triples(r, fmt))


@pytest.mark.parametrize("accept,media", [("application/ld+json", "application/ld+json"),
                                          ("application/rdf+xml", "application/rdf+xml"),
                                          ("application/n-triples", "application/n-triples"),
                                          ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html")])
def test_accept_picks_the_format(client, accept, media):
    r = client.get("/id/place/aleppo", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_html_page_shows_labels_links_and_evidence(client):
    r = client.get("/id/event/sample-article-e1.html")
    assert "<h1>HTS offensive on Aleppo</h1>" in r.text
    assert 'href="/id/actor/hayat-tahrir-al-sham">Hayat Tahrir al-Sham</a>' in r.text
    assert "Rebels led by HTS pushed into the city of Aleppo on Friday." in r.text


def test_unknown_iri_gets_a_404_that_suggests(client):
    r = client.get("/id/actor/hayat-tahrir", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["suggestions"] == ["/id/actor/hayat-tahrir-al-sham"]
    html = client.get("/id/actor/hayat-tahrir", headers={"accept": "text/html"})
    assert html.status_code == 404 and 'href="/id/actor/hayat-tahrir-al-sham"' in html.text
    assert client.get("/id/weapon/x").status_code == 404
    assert client.get("/id/actor/Bad_Slug").status_code == 404


def test_head(client):
    assert client.head("/id/place/aleppo").status_code == 200
    assert client.head("/id/place/nowhere").status_code == 404


def test_article_graph(client):
    r = client.get("/graph/article/sample-article", headers={"accept": "application/n-triples"})
    assert len(triples(r, ox.RdfFormat.N_TRIPLES)) == 19
    assert client.get("/graph/article/sample-article.ttl").headers["content-type"].startswith("text/turtle")
    assert client.get("/graph/article/missing").status_code == 404


def test_ontology_and_shapes(client):
    html = client.get("/ontology", headers={"accept": "text/html"})
    assert html.status_code == 200 and 'id="Actor"' in html.text
    ttl = client.get("/ontology", headers={"accept": "text/turtle"})
    assert any(t.subject.value.endswith("#Actor") for t in triples(ttl))
    shapes = client.get("/shapes", headers={"accept": "text/turtle"})
    assert any(t.object.value == "http://www.w3.org/ns/shacl#NodeShape" for t in triples(shapes))
    assert "<table>" in client.get("/shapes", headers={"accept": "text/html"}).text


def test_landing_page_lists_articles(client):
    r = client.get("/")
    assert r.status_code == 200 and 'href="/id/article/sample-article">Rebels enter Aleppo</a>' in r.text


def test_turtle_description_is_grouped_by_subject_and_deterministic(client):
    """The resource's block first, every subject's triples together, only the prefixes used, in
    the project's order; the same bytes on every request (whichever worker answers)."""
    from conflictkg.namespaces import PREFIXES

    answers = {client.get("/id/actor/hayat-tahrir-al-sham.ttl").content for _ in range(4)}
    assert len(answers) == 1
    text = answers.pop().decode()
    declared = re.findall(r"^@prefix (\w+): ", text, re.M)
    assert declared == [p for p in PREFIXES if p in declared] and "ckg" in declared and "wd" not in declared
    blocks = [line.split()[0] for line in text.splitlines() if line and not line[0].isspace()
              and not line.startswith("@prefix")]
    assert blocks[0] == "actor:hayat-tahrir-al-sham"
    assert len(blocks) == len(set(blocks)) > 1  # each subject once: its triples are together
    nt = client.get("/id/actor/hayat-tahrir-al-sham.nt")
    assert set(triples(client.get("/id/actor/hayat-tahrir-al-sham.ttl"))) == set(triples(nt, ox.RdfFormat.N_TRIPLES))


def test_readable_turtle_keeps_every_triple_and_needed_prefix():
    from conflictkg.web.readable_turtle import readable_turtle

    ex, other = "http://example.org/", "http://other.example/"
    data = [ox.Triple(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"), ox.Literal("line one\nex: line two")),
            ox.Triple(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), ox.NamedNode(other + "x")),
            ox.Triple(ox.NamedNode(ex + "b"), ox.NamedNode(str(RDF_TYPE)), ox.NamedNode(ex + "C")),
            ox.Triple(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "q"), ox.Literal("1", datatype=ox.NamedNode(ex + "d")))]
    out = readable_turtle(data, {"ex": ex, "unused": "http://unused.example/", "o": other}, first=ex + "b")
    text = out.decode()
    assert re.findall(r"^@prefix (\w+):", text, re.M) == ["ex", "o"]
    assert text.index("ex:b a ex:C") < text.index("ex:a ")
    assert {q.triple for q in ox.parse(out, format=ox.RdfFormat.TURTLE)} == set(data)
