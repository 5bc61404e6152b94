"""The scorer of docs/CODEBOOK.md "How extraction is scored", on tiny hand-made graphs."""

from __future__ import annotations

from rdflib import Graph, Literal

from conflictkg.namespaces import ACTOR, ALLEGIANCE, CKG, EVENT, PLACE, RDF, RDFS, SKOS, STATEMENT
from conflictkg.scoring import normalize_name, score


def names(*records):
    g = Graph()
    for iri, label, *alts in records:
        g.add((iri, RDFS.label, Literal(label)))
        for alt in alts:
            g.add((iri, SKOS.altLabel, Literal(alt)))
    return g


def event(g, iri, kind, sentence, agent=None, place=None, date=None):
    g.add((iri, RDF.type, CKG.Event))
    g.add((iri, CKG.eventType, CKG[kind]))
    g.add((iri, CKG.evidence, Literal(sentence)))
    if agent:
        g.add((iri, CKG.agent, agent))
    if place:
        g.add((iri, CKG.location, place))
    if date:
        g.add((iri, CKG.date, Literal(date)))


def test_normalised_names():
    assert normalize_name("The Syrian Army") == normalize_name("syrian army") == "syrian army"
    assert normalize_name("Assimi Goïta") == normalize_name("assimi goita")
    assert normalize_name("Ta'ang  National-Liberation Army") == "taang national liberation army"


def test_entities_match_by_name_and_duplicates_are_false_positives():
    gold, ext = Graph(), Graph()
    event(gold, EVENT.g1, "Clash", "S1.", agent=ACTOR["gold-army"], place=PLACE.aleppo)
    event(gold, EVENT.g2, "Clash", "S2.", agent=ACTOR["gold-rebels"])
    event(ext, EVENT.x1, "Clash", "S1.", agent=ACTOR["army-a"], place=PLACE["aleppo-city"])
    event(ext, EVENT.x2, "Clash", "S2.", agent=ACTOR["army-b"])
    gold_names = names((ACTOR["gold-army"], "Syrian Arab Army", "Syrian army"), (ACTOR["gold-rebels"], "Syrian rebels"),
                       (PLACE.aleppo, "Aleppo"))
    ext_names = names((ACTOR["army-a"], "The Syrian Army"), (ACTOR["army-b"], "syrian army"), (PLACE["aleppo-city"], "Aleppo"))
    result = score(ext, gold, ext_names, gold_names)
    actors = result.counts["actors"]
    assert (actors.tp, actors.fp, actors.fn) == (1, 1, 1)  # army-b is an unmerged duplicate
    assert (result.counts["places"].tp, result.counts["places"].fp) == (1, 0)
    assert result.counts["events"].tp == 2
    # the agent of the second event is the duplicate, so it is wrong as an attribute
    assert result.attributes["event agent"] == [1, 2]
    assert result.attributes["event location"] == [1, 1]


def test_events_need_evidence_and_type():
    gold, ext = Graph(), Graph()
    event(gold, EVENT.g1, "Airstrike", "Jets bombed the city.", date="2024-11-30")
    event(ext, EVENT.x1, "Shelling", "Jets bombed the city.")
    event(ext, EVENT.x2, "Airstrike", "Another sentence.")
    result = score(ext, gold)
    assert (result.counts["events"].tp, result.counts["events"].fp, result.counts["events"].fn) == (0, 2, 1)
    assert result.counts["events"].f1 == 0.0


def test_allegiances_symmetric_types_match_in_either_order():
    gold, ext = Graph(), Graph()
    for g, s, a, b, kind in ((gold, ALLEGIANCE.g1, ACTOR.x, ACTOR.y, "AlliedWith"),
                             (gold, ALLEGIANCE.g2, ACTOR.x, ACTOR.y, "SupportedBy"),
                             (ext, ALLEGIANCE.e1, ACTOR.y, ACTOR.x, "AlliedWith"),
                             (ext, ALLEGIANCE.e2, ACTOR.y, ACTOR.x, "SupportedBy")):
        g.add((s, RDF.type, CKG.Allegiance))
        g.add((s, CKG.allegianceOf, a))
        g.add((s, CKG.allegianceTo, b))
        g.add((s, CKG.allegianceType, CKG[kind]))
    result = score(ext, gold, names((ACTOR.x, "X"), (ACTOR.y, "Y")), names((ACTOR.x, "X"), (ACTOR.y, "Y")))
    al = result.counts["allegiances"]
    assert (al.tp, al.fp, al.fn) == (1, 1, 1)  # the directed one is reversed
    assert round(al.f1, 2) == 0.5


def test_statements_match_on_evidence_and_speaker_type_is_an_attribute():
    gold, ext = Graph(), Graph()
    for g, s, speaker, kind in ((gold, STATEMENT.g1, ACTOR.army, "Denial"), (ext, STATEMENT.e1, ACTOR.army, "Claim"),
                                (ext, STATEMENT.e2, ACTOR.rebels, "Claim")):
        g.add((s, RDF.type, CKG.Statement))
        g.add((s, CKG.speaker, speaker))
        g.add((s, CKG.statementType, CKG[kind]))
        g.add((s, CKG.evidence, Literal("The army denied it.")))
    n = names((ACTOR.army, "Army"), (ACTOR.rebels, "Rebels"))
    result = score(ext, gold, n, n)
    st = result.counts["statements"]
    assert (st.tp, st.fp, st.fn) == (1, 1, 0)
    assert result.attributes["statement type"] == [0, 1]
    assert 0 < result.mean_f1 < 1
