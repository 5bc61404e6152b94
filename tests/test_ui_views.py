"""The pure parts of the visual interface: shaping SPARQL rows for the views, highlighting
evidence in an article, and the base map's TopoJSON conversion in scripts/refresh-vendor."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

from conflictkg.web.ui import graph_views
from conflictkg.web.ui.highlight import highlight
from conflictkg.web.ui.links import kind_of, local_path

BASE = "https://w3id.org/conflictkg/"
E1, E2 = BASE + "id/event/a-e1", BASE + "id/event/a-e2"
A1, A2 = BASE + "id/actor/one", BASE + "id/actor/two"


def test_links_map_our_iris_onto_routes_and_leave_others_alone():
    assert local_path(A1, BASE) == "/id/actor/one"
    assert local_path("http://www.wikidata.org/entity/Q1", BASE) is None
    assert kind_of(A1, BASE) == "actor" and kind_of(BASE + "ontology#Event", BASE) is None


def test_events_merge_rows_per_actor_and_sort_by_date():
    rows = [
        {"event": E2, "label": "later", "date": "2024-11", "role": "agent", "actor": A1, "actorLabel": "One"},
        {"event": E1, "label": "earlier", "date": "2011", "type": BASE + "ontology#Clash", "typeLabel": "clash",
         "place": BASE + "id/place/p", "lat": "35", "long": "38", "role": "agent", "actor": A2, "actorLabel": "Two"},
        {"event": E1, "label": "earlier", "date": "2011", "type": BASE + "ontology#Clash", "typeLabel": "clash",
         "place": BASE + "id/place/p", "lat": "35", "long": "38", "role": "target", "actor": A1, "actorLabel": "One"},
        {"event": E1, "label": "earlier", "date": "2011", "role": "agent", "actor": A2, "actorLabel": "Two"},
    ]
    events = graph_views.events(rows, BASE)
    assert [e["id"] for e in events] == [E1, E2]
    first = events[0]
    assert [a["label"] for a in first["agents"]] == ["Two"] and [a["label"] for a in first["targets"]] == ["One"]
    assert first["type"] == "Clash" and first["place"]["lat"] == 35.0
    assert events[1]["type"] == "Other" and events[1]["place"] is None
    collection = graph_views.geojson(events)
    assert [f["id"] for f in collection["features"]] == [E1]  # E2 has no place
    assert collection["features"][0]["geometry"]["coordinates"] == [38.0, 35.0]


def test_search_keeps_the_best_match_per_resource():
    rows = [
        {"resource": A1, "label": "Hayat Tahrir al-Sham", "name": "the Islamist group", "via": "hiddenLabel"},
        {"resource": A1, "label": "Hayat Tahrir al-Sham", "name": "HTS", "via": "altLabel"},
        {"resource": A2, "label": "HTS-affiliated groups", "name": "HTS-affiliated groups", "via": "label"},
        {"resource": BASE + "id/statement/x-s1", "label": "s", "name": "HTS says", "via": "label"},
    ]
    hits = graph_views.search_results(rows, "hts", BASE)
    assert [(h["id"], h["matched"]) for h in hits] == [(A1, "HTS"), (A2, "HTS-affiliated groups")]


def test_network_adds_untyped_actors_met_in_allegiances():
    actors = [{"actor": A1, "label": "One", "type": BASE + "ontology#Person", "events": "2", "statements": "1"}]
    allegiances = [{"allegiance": BASE + "id/allegiance/a-a1", "from": A1, "to": A2,
                    "type": BASE + "ontology#Opposes", "typeLabel": "opposes", "article": BASE + "id/article/a"}]
    data = graph_views.network(actors, allegiances, [], BASE)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[A1]["activity"] == 4 and nodes[A2]["type"] == "Actor" and nodes[A2]["activity"] == 1
    assert data["edges"][0]["type"] == "Opposes"


def test_highlight_marks_each_evidence_sentence_where_it_occurs():
    text = "Headline\nFirst sentence here. Second <b>one</b>.\n\nThird."
    fact = {"id": "f1"}
    other = {"id": "f2"}
    marked = highlight(text, {"Second <b>one</b>.": [fact], "Third.": [other], "Missing.": [other]}, {"f1"})
    assert [[s.text for s in p] for p in marked.paragraphs] == [
        ["Headline"], ["First sentence here. ", "Second <b>one</b>."], ["Third."]]
    second = marked.paragraphs[1][1]
    assert second.facts == [fact] and second.current and second.anchor
    assert not marked.paragraphs[2][0].current
    assert marked.unplaced == [("Missing.", [other])]


def test_highlight_skips_overlapping_matches():
    marked = highlight("A long sentence with a short part.", {"A long sentence with a short part.": [{"id": "x"}],
                                                              "short part.": [{"id": "y"}]})
    assert [s.text for s in marked.paragraphs[0]] == ["A long sentence with a short part."]
    assert marked.unplaced == [("short part.", [{"id": "y"}])]


def load_refresh_script():
    path = Path(__file__).resolve().parent.parent / "scripts" / "refresh-vendor"
    loader = importlib.machinery.SourceFileLoader("refresh_vendor", str(path))
    spec = importlib.util.spec_from_loader("refresh_vendor", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_topojson_conversion_undoes_quantization_deltas_and_reversed_arcs():
    script = load_refresh_script()
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        # arc 0: (0,0) -> (2,0) -> (2,4); arc 1: (2,4) -> (0,0)  (delta-encoded)
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square-ish"}},
            {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "properties": {"name": "Reversed"}},
        ]}},
    }
    geo = script.topology_to_geojson(topology, "countries")
    polygon = geo["features"][0]["geometry"]
    assert polygon == {"type": "Polygon", "coordinates": [[[10.0, 20.0], [11.0, 20.0], [11.0, 21.0], [10.0, 20.0]]]}
    reversed_ring = geo["features"][1]["geometry"]["coordinates"][0][0]
    assert reversed_ring == [[10.0, 20.0], [11.0, 21.0], [11.0, 20.0], [10.0, 20.0]]
    assert geo["features"][1]["properties"]["name"] == "Reversed"
