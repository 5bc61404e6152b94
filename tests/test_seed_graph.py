"""The curated data keeps the codebook's promises: evidence quoted exactly, facts numbered in order
of first appearance, every actor and place a typed reference record, dates not after
publication, no blank nodes, and every file byte for byte what the canonical writer writes."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from conflictkg.article import read_article
from conflictkg.namespaces import ACTOR, ARTICLE, CKG, OWL, PLACE, DCTERMS, GEO, PROV, RDF, RDFS, SCHEMA, SKOS, WGS84, article_graph
from conflictkg.rdf_io import load_graph, parse_quads

REPO_ROOT = Path(__file__).resolve().parent.parent
GRAPHS = sorted((REPO_ROOT / "data" / "graphs").glob("*.ttl"))
REFERENCE = sorted((REPO_ROOT / "data" / "reference").glob("*.ttl"))
KINDS = {"e": CKG.Event, "s": CKG.Statement, "a": CKG.Allegiance}
ACTOR_ROLES = (CKG.agent, CKG.target, CKG.speaker, CKG.allegianceOf, CKG.allegianceTo, CKG.citedIn)


def _canonicalize_script():
    path = REPO_ROOT / "scripts" / "canonicalize"
    loader = importlib.machinery.SourceFileLoader("canonicalize_script", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference() -> Graph:
    return load_graph(REFERENCE)


def slug_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def article_of(path: Path):
    return read_article(REPO_ROOT / "data" / "articles" / f"{slug_of(path)}.txt")


def test_there_is_a_seed_graph_with_its_article():
    assert [slug_of(p) for p in GRAPHS] == ["2024-11-30-syrian-troops-withdraw-from-aleppo"]
    for path in GRAPHS:
        assert article_of(path).published is not None


@pytest.mark.parametrize("path", GRAPHS + REFERENCE, ids=lambda p: p.name)
def test_files_are_written_by_the_canonical_writer(path):
    canonical = _canonicalize_script().canonical_text(path)
    assert canonical == path.read_text(encoding="utf-8"), f"run scripts/canonicalize {path.relative_to(REPO_ROOT)}"


@pytest.mark.parametrize("path", GRAPHS + REFERENCE, ids=lambda p: p.name)
def test_no_blank_nodes(path):
    for quad in parse_quads(path):
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode), quad


def test_canonical_writer_check_mode_flags_a_shuffled_file(tmp_path):
    script = _canonicalize_script()
    shuffled = tmp_path / "x.ttl"
    lines = (REFERENCE[0]).read_text(encoding="utf-8").split("\n\n")
    shuffled.write_text("\n\n".join([lines[0]] + lines[1:][::-1]), encoding="utf-8")
    assert script.main(["--check", str(shuffled)]) == 1
    assert script.main([str(shuffled)]) == 0
    assert script.main(["--check", str(shuffled)]) == 0
    assert shuffled.read_text(encoding="utf-8").startswith("# ")  # the header comment is kept


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_evidence_is_an_exact_sentence_of_the_article(path):
    graph = load_graph([path])
    body = article_of(path).body
    evidence = list(graph.subject_objects(CKG.evidence))
    assert evidence
    for fact, sentence in evidence:
        text = str(sentence)
        assert isinstance(sentence, Literal) and sentence.language is None
        start = body.find(text)
        assert start >= 0, f"{fact}: evidence not found verbatim in the article body: {text!r}"
        before = body[start - 1] if start else "\n"
        after = body[start + len(text)] if start + len(text) < len(body) else "\n"
        assert before in "\n " and after in "\n ", f"{fact}: evidence is not a whole sentence: {text!r}"
        assert re.search(r"[.!?][\"']?$", text), f"{fact}: evidence does not end a sentence: {text!r}"


def _numbered(graph: Graph, slug: str) -> dict[str, dict[int, URIRef]]:
    found: dict[str, dict[int, URIRef]] = {k: {} for k in KINDS}
    for letter, cls in KINDS.items():
        for subject in graph.subjects(RDF.type, cls):
            match = re.fullmatch(rf".*/{re.escape(slug)}-{letter}([1-9][0-9]*)", str(subject))
            assert match, f"{subject} is not numbered {slug}-{letter}<n>"
            found[letter][int(match.group(1))] = subject
    return found


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_numbering_is_contiguous_and_follows_first_appearance(path):
    graph = load_graph([path])
    body = article_of(path).body
    for letter, facts in _numbered(graph, slug_of(path)).items():
        assert sorted(facts) == list(range(1, len(facts) + 1)), f"-{letter} numbers have gaps"
        first = [min(body.find(str(s)) for s in graph.objects(facts[n], CKG.evidence)) for n in sorted(facts)]
        assert first == sorted(first), f"-{letter} numbers do not follow the order of first appearance: {first}"


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_actors_and_places_are_typed_reference_records(path, reference):
    graph = load_graph([path])
    used = [(s, p, o) for p in ACTOR_ROLES for s, o in graph.subject_objects(p)]
    assert used
    for s, p, o in used:
        types = set(reference.objects(o, RDF.type))
        assert types, f"{s} {p} {o}: no reference record in data/reference/"
        assert all(str(t).startswith(str(CKG)) for t in types)
        assert reference.value(o, RDFS.label) is not None
    for s, o in graph.subject_objects(CKG.location):
        assert set(reference.objects(o, RDF.type)), f"{s} location {o}: no reference place"
    for subject in graph.subjects(SKOS.hiddenLabel, None):
        assert set(reference.objects(subject, RDF.type)), f"hiddenLabel on {subject}, which has no reference record"


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_article_graph_never_repeats_reference_descriptions(path, reference):
    graph = load_graph([path])
    for subject in set(reference.subjects(RDF.type, None)):
        for predicate in (RDF.type, RDFS.label, SKOS.altLabel, CKG.locatedIn):
            assert (subject, predicate, None) not in graph, f"{path.name} repeats {predicate} of {subject}"
    assert (None, SCHEMA.articleBody, None) not in graph, "the body is joined at build time, never committed"


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_article_record_and_graph_provenance(path):
    graph = load_graph([path])
    article = article_of(path)
    iri = ARTICLE[article.slug]
    assert str(graph.value(iri, DCTERMS.title)) == article.headline
    assert str(graph.value(iri, RDFS.label)) == article.headline
    published = article.published.isoformat()
    assert str(graph.value(iri, DCTERMS.date)) == published == str(graph.value(iri, SCHEMA.datePublished))
    assert str(graph.value(iri, DCTERMS.publisher)) == article.publisher
    assert str(graph.value(iri, DCTERMS.rights)) == article.rights
    record = URIRef(article_graph(article.slug))
    assert graph.value(record, PROV.wasDerivedFrom) == iri
    assert graph.value(record, PROV.wasAttributedTo) == CKG.Maintainers
    assert graph.value(record, CKG.reviewStatus) == CKG.Reviewed
    for cls in KINDS.values():
        for fact in graph.subjects(RDF.type, cls):
            assert list(graph.objects(fact, PROV.wasDerivedFrom)) == [iri], fact
            assert len(list(graph.objects(fact, RDFS.label))) == 1, fact


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.name)
def test_dates_are_not_after_publication_unless_planned(path):
    graph = load_graph([path])
    published = article_of(path).published.isoformat()
    dated = list(graph.subject_objects(CKG.date))
    assert dated
    for fact, date in dated:
        value = str(date)
        if (fact, CKG.planned, Literal(True)) in graph:
            assert value > published, f"{fact} is planned but dated {value}, not after publication"
            continue
        assert value <= published[: len(value)], f"{fact} is dated {value}, after publication {published}"


# ------------------------------------------------------------------------------ reference records

def test_every_reference_record_has_one_label_and_a_specific_type(reference):
    for subject in set(reference.subjects(RDF.type, None)):
        types = set(reference.objects(subject, RDF.type))
        if types == {GEO.Geometry}:
            continue
        assert len(list(reference.objects(subject, RDFS.label))) == 1, subject
        assert types.isdisjoint({CKG.Actor, CKG.Location}), f"{subject}: use the most specific class"


def test_places_have_matching_coordinates_and_reach_a_country(reference):
    places = [s for s in set(reference.subjects(RDF.type, None))
              if str(s).startswith(str(PLACE)) and (s, RDF.type, GEO.Geometry) not in reference]
    assert places
    for place in places:
        lat, long = (float(reference.value(place, p)) for p in (WGS84.lat, WGS84.long))
        geometry = reference.value(place, GEO.hasGeometry)
        assert str(geometry) == f"{place}/geometry"
        wkt = str(reference.value(geometry, GEO.asWKT))
        wkt_long, wkt_lat = map(float, re.fullmatch(r"POINT\((\S+) (\S+)\)", wkt).groups())
        assert (wkt_long, wkt_lat) == (long, lat), f"{place}: WKT is POINT(lon lat)"
        chain, node = [place], place
        while (node, RDF.type, CKG.Country) not in reference:
            node = reference.value(node, CKG.locatedIn)
            assert node is not None and node not in chain, f"{place}: ckg:locatedIn chain does not reach a country"
            chain.append(node)


def test_external_links_have_the_pinned_forms(reference):
    for subject, target in reference.subject_objects(SKOS.exactMatch):
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+|https://sws\.geonames\.org/\d+/", str(target)), target
    for subject, source in reference.subject_objects(DCTERMS.source):
        assert (subject, SKOS.exactMatch, source) in reference, f"{subject}: a GeoNames source is also its exactMatch"


def test_state_and_country_are_two_linked_nodes(reference):
    assert reference.value(ACTOR.syria, CKG.territory) == PLACE.syria
    assert (PLACE.syria, RDF.type, CKG.Country) in reference
    assert (None, OWL.sameAs, None) not in reference
    assert not any(isinstance(t, BNode) for triple in reference for t in triple)
