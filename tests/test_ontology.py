"""The ontology files: readable by both RDF stacks, every term documented, the contract of
DESIGN.md and docs/MODELLING.md in place, honest mappings, and no ckg: term used elsewhere in the
repository that the ontology does not define."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from conflictkg.namespaces import (
    ACLED, CAMEO, CITO, CKG, DCTERMS, GEO, LODE, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SCHEMA, SEM,
    SKOS, XSD,
)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
FILES = ("conflictkg.ttl", "event-types.ttl", "alignments.ttl")
ALIGNMENT_TARGETS = (SEM, PROV, SCHEMA, GEO, LODE, CITO, DCTERMS)
# Vocabularies any OWL file is written in; not alignment targets.
BUILDING_BLOCKS = (RDF, RDFS, OWL, SKOS, XSD, DCTERMS)
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
ALIGNMENT_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, *MAPPINGS,
}

# DESIGN.md "Ontology core" and docs/MODELLING.md: the terms other parts rely on, by kind.
CLASSES = (
    "Article", "Actor", "Person", "ArmedGroup", "StateForce", "Government", "State",
    "Organization", "MediaOutlet", "InternationalOrganization", "CivilianGroup", "Location",
    "Country", "Region", "City", "Town", "Facility", "Area", "Event", "Statement", "Allegiance",
    "EventType", "StatementType", "AllegianceType", "FigureQualifier", "ReviewStatus",
)
OBJECT_PROPERTIES = (
    "eventType", "agent", "target", "location", "fatalitiesQualifier",
    "civilianFatalitiesQualifier", "speaker", "statementType", "about", "disputes", "citedIn",
    "allegianceOf", "allegianceTo", "allegianceType", "locatedIn", "territory", "reviewStatus",
)
DATATYPE_PROPERTIES = (
    "date", "planned", "fatalities", "civilianFatalities", "evidence", "text", "extractorVersion",
)
SUBCLASSES = {
    "Actor": ("Person", "ArmedGroup", "StateForce", "Government", "State", "Organization",
              "MediaOutlet", "InternationalOrganization", "CivilianGroup"),
    "Location": ("Country", "Region", "City", "Town", "Facility", "Area"),
}
CORE_CLASSES = ("Actor", "Location", "Event", "Statement", "Allegiance")

# The ACLED sub-event types (codebook 2019 onwards), by event type.
ACLED_SUB_EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}


@cache
def _graph(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / name, format="turtle")


@cache
def _ontology() -> Graph:
    union = Graph()
    for name in FILES:
        union += _graph(name)
    return union


def _in(namespace, node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(namespace))


def _local(node) -> str:
    return str(node)[len(str(CKG)):]


def _ckg_terms() -> list[str]:
    """Every ckg: IRI the ontology files mention, in any position."""
    return sorted({_local(node) for triple in _ontology() for node in triple if _in(CKG, node)})


def _defined_terms() -> set[str]:
    return {_local(s) for s in _ontology().subjects(RDF.type) if _in(CKG, s)}


# --- both RDF stacks read the files, and read the same triples -------------------------------

@pytest.mark.parametrize("name", FILES)
def test_file_reads_identically_with_rdflib_and_pyoxigraph(name):
    by_oxigraph = {
        str(quad.triple)
        for quad in pyoxigraph.parse(path=ONTOLOGY / name, format=pyoxigraph.RdfFormat.TURTLE)
    }
    by_rdflib_text = _graph(name).serialize(format="nt")
    by_rdflib = {
        str(quad.triple)
        for quad in pyoxigraph.parse(by_rdflib_text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    }
    assert by_oxigraph, f"{name} holds no triples"
    assert by_oxigraph == by_rdflib, f"rdflib and pyoxigraph disagree on {name}"


@pytest.mark.parametrize("name", FILES)
def test_file_has_no_blank_nodes(name):
    # The ontology graph is loaded into the store; blank nodes would make its bytes unstable.
    blank = [t for t in _graph(name) if any(not isinstance(n, (URIRef, Literal)) for n in t)]
    assert not blank, f"{name} has blank nodes: {blank[:3]}"


def test_ontology_metadata():
    g = _graph("conflictkg.ttl")
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionIRI,
                 OWL.versionInfo):
        assert g.value(onto, prop) is not None, f"the ontology lacks {prop}"
    assert str(g.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "ckg"
    assert str(g.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))) == str(CKG)


# --- every term documented -------------------------------------------------------------------

def _one_english(values: list) -> bool:
    return len(values) == 1 and isinstance(values[0], Literal) and values[0].language == "en"


@pytest.mark.parametrize("term", _ckg_terms())
def test_term_has_one_english_label_and_comment(term):
    g = _ontology()
    iri = CKG[term]
    labels = list(g.objects(iri, RDFS.label))
    comments = list(g.objects(iri, RDFS.comment))
    assert _one_english(labels), f"ckg:{term} needs exactly one rdfs:label@en, has {labels}"
    assert _one_english(comments), f"ckg:{term} needs exactly one rdfs:comment@en, has {comments}"
    assert (iri, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in g, f"ckg:{term} lacks rdfs:isDefinedBy"


# --- the contract of DESIGN.md and MODELLING.md ----------------------------------------------

@pytest.mark.parametrize(
    ("term", "kind"),
    [(t, OWL.Class) for t in CLASSES]
    + [(t, OWL.ObjectProperty) for t in OBJECT_PROPERTIES]
    + [(t, OWL.DatatypeProperty) for t in DATATYPE_PROPERTIES],
)
def test_core_term_has_its_type(term, kind):
    assert (CKG[term], RDF.type, kind) in _graph("conflictkg.ttl"), f"ckg:{term} is not a {kind}"


@pytest.mark.parametrize(("parent", "child"), [(p, c) for p, cs in SUBCLASSES.items() for c in cs])
def test_subclass(parent, child):
    assert (CKG[child], RDFS.subClassOf, CKG[parent]) in _graph("conflictkg.ttl")


@pytest.mark.parametrize("concept_class", ("EventType", "StatementType", "AllegianceType",
                                           "FigureQualifier", "ReviewStatus"))
def test_concept_classes_are_skos_concepts(concept_class):
    assert (CKG[concept_class], RDFS.subClassOf, SKOS.Concept) in _graph("conflictkg.ttl")


def test_core_classes_are_pairwise_disjoint():
    g = _graph("conflictkg.ttl")
    missing = [
        (a, b) for i, a in enumerate(CORE_CLASSES) for b in CORE_CLASSES[i + 1:]
        if (CKG[a], OWL.disjointWith, CKG[b]) not in g and (CKG[b], OWL.disjointWith, CKG[a]) not in g
    ]
    assert not missing, f"not declared disjoint: {missing}"


def test_located_in_is_not_transitive():
    # Queries walk ckg:locatedIn+; a transitive declaration would make reasoners duplicate the chain.
    assert (CKG.locatedIn, RDF.type, OWL.TransitiveProperty) not in _ontology()


def test_provenance_agents():
    g = _graph("conflictkg.ttl")
    assert (CKG.Maintainers, RDF.type, PROV.Agent) in g
    assert (CKG.Extractor, RDF.type, PROV.SoftwareAgent) in g


def _modelling_schemes() -> dict[str, tuple[set[str], str]]:
    """The scheme table of docs/MODELLING.md: scheme → (concepts, the property that uses them)."""
    text = (ROOT / "docs" / "MODELLING.md").read_text(encoding="utf-8")
    schemes = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`ckg:\w+`", cells[0]):
            names = set(re.findall(r"ckg:(\w+)", cells[1]))
            used_by = re.findall(r"ckg:(\w+)", cells[2])[0]
            schemes[cells[0][5:-1]] = (names, used_by)
    return schemes


def test_modelling_table_is_read():
    schemes = _modelling_schemes()
    assert set(schemes) == {"EventTypes", "StatementTypes", "AllegianceTypes", "FigureQualifiers",
                            "ReviewStatuses"}


@pytest.mark.parametrize("scheme", sorted(_modelling_schemes()))
def test_scheme_holds_exactly_the_documented_concepts(scheme):
    g = _graph("event-types.ttl")
    documented, used_by = _modelling_schemes()[scheme]
    assert (CKG[scheme], RDF.type, SKOS.ConceptScheme) in g
    in_scheme = {_local(c) for c in g.subjects(SKOS.inScheme, CKG[scheme])}
    assert in_scheme == documented, (
        f"ckg:{scheme}: missing {sorted(documented - in_scheme)}, "
        f"not in MODELLING.md {sorted(in_scheme - documented)}"
    )
    # The concepts are typed with the class that the using property ranges over.
    concept_class = _graph("conflictkg.ttl").value(CKG[used_by], RDFS.range)
    assert concept_class is not None, f"ckg:{used_by} has no rdfs:range"
    for name in documented:
        assert (CKG[name], RDF.type, concept_class) in g, f"ckg:{name} is not a {concept_class}"
        assert (CKG[name], RDF.type, SKOS.Concept) in g, f"ckg:{name} is not a skos:Concept"
        assert g.value(CKG[name], SKOS.prefLabel) is not None, f"ckg:{name} lacks skos:prefLabel"
        assert g.value(CKG[name], SKOS.definition) is not None, f"ckg:{name} lacks skos:definition"


# --- mappings to ACLED and CAMEO -------------------------------------------------------------

def _event_types() -> list[str]:
    return sorted(_modelling_schemes()["EventTypes"][0])


def _notes(g: Graph, iri) -> str:
    return " ".join(str(n) for p in (SKOS.editorialNote, RDFS.comment) for n in g.objects(iri, p))


@pytest.mark.parametrize("event_type", _event_types())
@pytest.mark.parametrize("target", ("ACLED", "CAMEO"))
def test_event_type_is_mapped_or_says_why_not(event_type, target):
    g = _graph("event-types.ttl")
    namespace = {"ACLED": ACLED, "CAMEO": CAMEO}[target]
    iri = CKG[event_type]
    mapped = [o for p in MAPPINGS for o in g.objects(iri, p) if _in(namespace, o)]
    if not mapped:
        assert re.search(rf"\bNo {target}\b|\bNo \w+ or {target}\b", _notes(g, iri)), (
            f"ckg:{event_type} has no {target} mapping and no note saying why not "
            f"(add a skos:editorialNote starting 'No {target} mapping: …')"
        )


def test_every_mapping_target_is_described():
    g = _graph("event-types.ttl")
    for concept, _, target in ((s, p, o) for p in MAPPINGS for s, o in g.subject_objects(p)):
        if _in(ACLED, target) or _in(CAMEO, target):
            assert (target, RDF.type, SKOS.Concept) in g, f"{target} (from {concept}) is undefined"
            assert g.value(target, SKOS.prefLabel) is not None, f"{target} lacks skos:prefLabel"
            assert g.value(target, SKOS.inScheme) is not None, f"{target} lacks skos:inScheme"


def test_acled_sub_event_types_sit_under_their_event_type():
    g = _graph("event-types.ttl")
    found = {}
    for sub in g.subjects(SKOS.inScheme, ACLED.SubEventTypes):
        parent = g.value(sub, SKOS.broader)
        assert parent is not None, f"{sub} has no skos:broader ACLED event type"
        assert (parent, SKOS.inScheme, ACLED.EventTypes) in g, f"{parent} is not an event type"
        found.setdefault(str(g.value(parent, SKOS.prefLabel)), set()).add(
            str(g.value(sub, SKOS.prefLabel)))
    assert found == {k: set(v) for k, v in ACLED_SUB_EVENT_TYPES.items()}


def test_cameo_codes_match_their_notation():
    g = _graph("event-types.ttl")
    codes = set(g.subjects(SKOS.inScheme, CAMEO.Codes))
    assert codes
    for code in codes:
        notation = str(g.value(code, SKOS.notation))
        assert str(code) == str(CAMEO) + notation, f"{code} has notation {notation!r}"
        parent = g.value(code, SKOS.broader)
        if parent is not None:  # a CAMEO code starts with the code of its parent
            assert notation.startswith(str(g.value(parent, SKOS.notation))), code


# --- alignments ------------------------------------------------------------------------------

def test_alignments_import_nothing():
    assert not list(_graph("alignments.ttl").objects(None, OWL.imports))


def _alignment_axioms():
    g = _graph("alignments.ttl")
    return [(s, p, o) for s, p, o in g if p in ALIGNMENT_PREDICATES]


def test_alignments_exist_for_each_target_vocabulary():
    objects = {o for _, _, o in _alignment_axioms()}
    for namespace in (SEM, PROV, SCHEMA, GEO, LODE, CITO):
        assert any(_in(namespace, o) for o in objects), f"nothing is aligned to {namespace}"


def test_alignments_use_only_pinned_namespaces():
    g = _graph("alignments.ttl")
    header = URIRef(ONTOLOGY_IRI + "/alignments")
    stray = set()
    for s, p, o in g:
        if s == header:
            continue
        for node in (p, o):
            if isinstance(node, URIRef) and not _in(CKG, node) and not any(
                _in(ns, node) for ns in ALIGNMENT_TARGETS + BUILDING_BLOCKS
            ):
                stray.add(str(node))
    assert not stray, f"alignments use namespaces not pinned in conflictkg.namespaces: {stray}"


def test_alignment_subjects_are_documented_ckg_terms_of_the_right_kind():
    core = _graph("conflictkg.ttl")
    for s, p, o in _alignment_axioms():
        assert _in(CKG, s), f"alignment subject {s} is not a ckg: term"
        assert core.value(s, RDFS.label) is not None, f"ckg:{_local(s)} is not in conflictkg.ttl"
        assert _in(CKG, o) is False, f"{s} {p} {o}: alignments relate ckg: terms to others"
        if p in (RDFS.subClassOf, OWL.equivalentClass):
            assert (s, RDF.type, OWL.Class) in core, f"ckg:{_local(s)} is not a class"
        if p in (RDFS.subPropertyOf, OWL.equivalentProperty):
            assert (s, RDF.type, OWL.ObjectProperty) in core or (
                s, RDF.type, OWL.DatatypeProperty) in core, f"ckg:{_local(s)} is not a property"


# --- no undefined ckg: term anywhere else ----------------------------------------------------

_PREFIXED = re.compile(r"(?<![\w:/#-])ckg:([A-Za-z_]\w*)")
_FULL = re.compile(re.escape(str(CKG)) + r"([A-Za-z_]\w*)")
_PYTHON = re.compile(r"\bCKG(?:\.([A-Za-z_]\w*)|\[\s*[\"']([A-Za-z_]\w*)[\"']\s*\])")


def ckg_terms_used(path: Path) -> list[tuple[int, str]]:
    """(line, local name) of every ckg: term a Turtle, SPARQL or Python file mentions."""
    found = []
    patterns = (_PYTHON,) if path.suffix == ".py" else (_PREFIXED, _FULL)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for pattern in patterns:
            for match in pattern.finditer(line):
                found.append((number, next(g for g in match.groups() if g)))
    return found


def _repository_files() -> list[Path]:
    files = []
    for folder, patterns in (("data", ("*.ttl",)), ("queries", ("*.rq", "*.ttl")),
                             ("shapes", ("*.ttl",)), ("src", ("*.py",))):
        for pattern in patterns:
            files += (ROOT / folder).rglob(pattern)
    return sorted(files)


def test_scanner_finds_undefined_terms(tmp_path):
    sample = tmp_path / "sample.rq"
    sample.write_text(
        f"PREFIX ckg: <{CKG}>\nSELECT * {{ ?e ckg:eventType ckg:Bombing ; <{CKG}casualtyCount> ?n }}\n"
    )
    used = ckg_terms_used(sample)
    assert used == [(2, "eventType"), (2, "Bombing"), (2, "casualtyCount")]
    assert {name for _, name in used} - _defined_terms() == {"Bombing", "casualtyCount"}
    code = tmp_path / "sample.py"
    code.write_text('graph.add((e, CKG.eventType, CKG["Bombing"]))\n')
    assert ckg_terms_used(code) == [(1, "eventType"), (1, "Bombing")]


def test_repository_uses_only_defined_ckg_terms():
    defined = _defined_terms()
    undefined = [
        f"{path.relative_to(ROOT)}:{line}: ckg:{name}"
        for path in _repository_files()
        for line, name in ckg_terms_used(path)
        if name not in defined
    ]
    assert not undefined, (
        "terms not defined in ontology/ (define them there or fix the spelling):\n"
        + "\n".join(undefined)
    )
