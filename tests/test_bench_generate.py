"""The benchmark's synthetic corpus (bench/generate.py) at tiny N: same bytes for a seed, and the
shape docs/MODELLING.md gives real article graphs."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg import resources
from conflictkg.namespaces import ARTICLE_GRAPH, CKG, ONTOLOGY_GRAPH, PROV, RDF, RDFS, REFERENCE_GRAPH, SKOS, XSD

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
from generate import write_corpus  # noqa: E402


def generate(tmp_path: Path, n: int, seed: int, name: str) -> Path:
    out = tmp_path / name
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(n), "--seed", str(seed), "-o", str(out)],
                   check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.parse("".join(corpus.corpus_lines(60, seed=3)).encode(), format=ox.RdfFormat.N_QUADS))
    return store


def ask(store: ox.Store, query: str) -> list:
    prefixes = f"PREFIX ckg: <{CKG}> PREFIX prov: <{PROV}> PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> "
    return list(store.query(prefixes + query, use_default_graph_as_union=True))


def test_same_seed_same_bytes_and_other_seed_other_bytes(tmp_path):
    a = generate(tmp_path, 15, 7, "a.nq.gz").read_bytes()
    b = generate(tmp_path, 15, 7, "b.nq.gz").read_bytes()
    c = generate(tmp_path, 15, 8, "c.nq.gz").read_bytes()
    assert a == b
    assert a != c
    assert (tmp_path / "a.nq.gz.params.json").is_file()


def test_one_named_graph_per_article_plus_reference_and_ontology(store):
    graphs = {g.value for g in store.named_graphs()}
    articles = {g for g in graphs if g.startswith(str(ARTICLE_GRAPH))}
    assert len(articles) == 60
    assert graphs - articles == {REFERENCE_GRAPH, ONTOLOGY_GRAPH}


def test_about_a_hundred_quads_per_article():
    lines = list(corpus.corpus_lines(300, seed=1, ontology=False))
    in_articles = sum(1 for line in lines if f"<{ARTICLE_GRAPH}" in line.rsplit(" ", 2)[-2])
    assert 85 <= in_articles / 300 <= 115


def test_article_graphs_never_repeat_reference_descriptions(store):
    # Types, labels, altLabels and containment of actors and places live only in the reference graph.
    rows = ask(store, """SELECT ?s ?p WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRSTARTS(STR(?g), "%s"))
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/conflictkg/id/actor/") || STRSTARTS(STR(?s), "https://w3id.org/conflictkg/id/place/"))
        FILTER(?p != skos:hiddenLabel) }""" % ARTICLE_GRAPH)
    assert rows == []
    hidden = ask(store, "SELECT ?s WHERE { ?s skos:hiddenLabel ?l }")
    assert hidden, "article graphs describe actors with skos:hiddenLabel"


def test_every_event_statement_allegiance_has_evidence_in_its_article_body(store):
    rows = ask(store, """SELECT ?x ?evidence ?body WHERE { GRAPH ?g {
        ?x prov:wasDerivedFrom ?article ; ckg:evidence ?evidence . ?article <https://schema.org/articleBody> ?body } }""")
    assert len(rows) > 60 * 5
    assert all(row["evidence"].value in row["body"].value for row in rows)
    kinds = ask(store, """SELECT ?type (COUNT(?x) AS ?n) WHERE { ?x a ?type ; prov:wasDerivedFrom ?a }
                          GROUP BY ?type""")
    assert {row["type"].value for row in kinds} >= {str(CKG.Event), str(CKG.Statement), str(CKG.Allegiance)}
    incomplete = ask(store, """SELECT ?e WHERE { ?e a ckg:Event .
        FILTER NOT EXISTS { ?e rdfs:label ?l ; ckg:eventType ?t ; ckg:location ?p ; ckg:date ?d } }""")
    assert incomplete == []


def test_dates_have_mixed_precision_within_2011_to_2025(store):
    rows = ask(store, "SELECT ?d WHERE { ?e a ckg:Event ; ckg:date ?d }")
    datatypes = Counter(row["d"].datatype.value for row in rows)
    assert set(datatypes) == {str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)}
    assert all(2011 <= int(row["d"].value[:4]) <= 2025 for row in rows)


def test_places_form_containment_chains_with_geometry(store):
    chains = ask(store, f"""SELECT ?f WHERE {{ ?f a ckg:Facility ; ckg:locatedIn ?c . ?c ckg:locatedIn ?r .
        ?r a ckg:Region ; ckg:locatedIn ?k . ?k a ckg:Country }}""")
    assert chains
    no_geometry = ask(store, """SELECT ?p WHERE { ?p a ?kind . ?kind rdfs:subClassOf* ckg:Location .
        FILTER NOT EXISTS { ?p <http://www.opengis.net/ont/geosparql#hasGeometry>/<http://www.opengis.net/ont/geosparql#asWKT> ?w ;
                             <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat } }""")
    assert no_geometry == []


def test_statements_dispute_statements_of_their_own_article(store):
    # Each article graph is validated on its own: a disputed statement in another graph fails sh:class.
    rows = ask(store, "SELECT ?a ?b WHERE { ?a ckg:disputes ?b . ?b a ckg:Statement }")
    assert rows
    elsewhere = ask(store, """SELECT ?a ?b WHERE { GRAPH ?g { ?a ckg:disputes ?b }
        FILTER NOT EXISTS { GRAPH ?g { ?b a ckg:Statement } } }""")
    assert elsewhere == []


def test_civilian_fatalities_never_exceed_the_total(store):
    rows = ask(store, "SELECT ?civilians ?total WHERE { ?e ckg:civilianFatalities ?civilians ; ckg:fatalities ?total }")
    assert rows
    assert all(int(row["civilians"].value) <= int(row["total"].value) for row in rows)


@pytest.mark.parametrize("n", [100, 50_000])
def test_every_actor_name_is_unique_ignoring_case(n):
    pool = corpus.build_pool(n, 0)
    names = Counter(name.lower() for actor in pool.actors for name in (actor.label, *actor.alt))
    assert [name for name, count in names.items() if count > 1] == []
    assert sum(len(actor.alt) for actor in pool.actors) > len(pool.actors) // 5, "acronyms and aliases remain"


def test_symmetric_allegiances_are_recorded_once_per_article(store):
    rows = ask(store, """SELECT ?x ?y WHERE { GRAPH ?g {
        ?x ckg:allegianceType ?t ; ckg:allegianceOf ?a ; ckg:allegianceTo ?b .
        ?y ckg:allegianceType ?t ; ckg:allegianceOf ?c ; ckg:allegianceTo ?d .
        FILTER(STR(?x) < STR(?y))
        FILTER((?a = ?c && ?b = ?d) || (?t IN (ckg:AlliedWith, ckg:Opposes) && ?a = ?d && ?b = ?c)) } }""")
    assert rows == []


def test_a_generated_corpus_passes_conflictkg_validate(tmp_path):
    import validate_scale  # bench/: splits the corpus into a data repository (graphs, texts, reference)
    from conflictkg.validate import validate

    nquads = tmp_path / "corpus.nq"
    write_corpus(30, 5, nquads, ontology=False)
    assert validate_scale.split_corpus(nquads, tmp_path / "repo") == 30
    report = validate(tmp_path / "repo", use_cache=False, engine="sparql", jobs=1)
    assert report.errors == []
    assert report.graphs == 31
    assert [r for r in report.results if r.severity == "Violation"] == []
    # 30 articles cannot use every record of the pool; from about 1,000 articles on there are no warnings.
    assert {r.shape for r in report.results} <= {"qc:unused-reference-record"}


def test_actor_pool_grows_with_n():
    small, large = corpus.build_pool(100, 0), corpus.build_pool(20_000, 0)
    assert len(large.actors) > 5 * len(small.actors)
    assert len(large.places) > 5 * len(small.places)


def test_parameters_exist_in_the_corpus(store):
    params = corpus.parameters(60, seed=3)
    for key in ("actor", "region", "article", "event"):
        assert ask(store, f"SELECT ?p WHERE {{ <{params[key]}> ?p ?o }} LIMIT 1"), key


def test_article_graphs_conform_to_the_shapes(store):
    shapes_files = resources.shapes_files()
    if not shapes_files:
        pytest.skip("no SHACL shapes in shapes/ yet")
    from pyshacl import validate
    from rdflib import Dataset, Graph

    shapes = Graph()
    for path in shapes_files:
        shapes.parse(path)
    data = Graph()
    for graph in (REFERENCE_GRAPH, ONTOLOGY_GRAPH, f"{ARTICLE_GRAPH}{_first_slug(store)}"):
        nquads = ox.serialize(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), format=ox.RdfFormat.N_QUADS)
        ds = Dataset()
        ds.parse(data=nquads, format="nquads")
        for s, p, o, _g in ds.quads():
            data.add((s, p, o))
    conforms, _graph, text = validate(data, shacl_graph=shapes, advanced=True)
    assert conforms, text


def _first_slug(store: ox.Store) -> str:
    prefix = str(ARTICLE_GRAPH)
    return min(g.value[len(prefix):] for g in store.named_graphs() if g.value.startswith(prefix))


def test_rdf_type_counts_are_plausible(store):
    counts = Counter(q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None))
    assert counts[str(CKG.Article)] == 60
    assert counts[str(CKG.Event)] >= 60 * 2


def test_benchmark_binds_required_parameters_with_values_and_leaves_optional_ones_unbound():
    import workload

    text = ("SELECT ?s ?_actor_iri WHERE {\n  ?s <urn:p> ?_actor_iri .\n"
            "  FILTER(!BOUND(?__from_date) || ?s != ?_actor_iri) }\nGROUP BY ?s ?_actor_iri")
    bound = workload.bind(text, {"actor": "https://w3id.org/conflictkg/id/actor/x"})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("https://w3id.org/conflictkg/id/actor/x")))
    store.add(ox.Quad(ox.NamedNode("urn:t"), ox.NamedNode("urn:p"), ox.NamedNode("urn:other")))
    rows = list(store.query(bound))
    assert [(row["s"].value, row["_actor_iri"].value) for row in rows] == [("urn:s", "https://w3id.org/conflictkg/id/actor/x")]
    with pytest.raises(KeyError, match="_mystery"):
        workload.bind("SELECT * WHERE { ?s ?p ?_mystery }", {})


def test_benchmark_writes_parameters_only_used_in_the_pattern_as_constants():
    import workload

    bound = workload.bind("SELECT ?s WHERE { ?s <urn:p> ?_actor_iri }", {"actor": "urn:x"})
    assert bound == "SELECT ?s WHERE { ?s <urn:p> <urn:x> }"
