"""The visual interface over HTTP, in process: JSON endpoints (answered by SPARQL through the
query service), pages, entity sections, static files and the Content-Security-Policy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from ui_support import MARKUP_ARTICLE, make_data_root

from conflictkg.namespaces import ACTOR, ARTICLE, EVENT, PLACE

TEST_BRIGADE = str(ACTOR["test-brigade"])
TEST_PATRON = str(ACTOR["test-patron"])
SHELLING = str(EVENT[f"{MARKUP_ARTICLE}-e1"])


@pytest.fixture(scope="module")
def ui(tmp_path_factory) -> Iterator:
    from fastapi.testclient import TestClient

    from conflictkg.executor.embedded import EmbeddedQueryService
    from conflictkg.settings import Settings
    from conflictkg.web import create_app

    root = tmp_path_factory.mktemp("ui")
    store = make_data_root(root)
    settings = Settings(data_root=root, store_path=store, query_timeout=10.0)
    with TestClient(create_app(EmbeddedQueryService(store, settings), settings)) as client:
        yield client


def test_events_geojson_holds_located_events_with_their_actors(ui):
    answer = ui.get("/api/events.geojson")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    data = answer.json()
    by_id = {f["id"]: f for f in data["features"]}
    shelling = by_id[SHELLING]
    assert shelling["geometry"] == {"type": "Point", "coordinates": [36.5, 35.5]}
    props = shelling["properties"]
    assert props["type"] == "Shelling" and props["date"] == "2024-12-02"
    assert [a["id"] for a in props["agents"]] == [TEST_BRIGADE]
    assert [a["id"] for a in props["targets"]] == [TEST_PATRON]
    assert props["href"] == f"/id/event/{MARKUP_ARTICLE}-e1"
    assert {"type": "Shelling", "label": "shelling"} in data["eventTypes"]
    assert all(f["geometry"]["type"] == "Point" for f in data["features"])


def test_events_json_has_every_event_once_in_date_order(ui):
    events = ui.get("/api/events.json").json()["events"]
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) and SHELLING in ids
    dated = [e["date"] for e in events if e["date"]]
    assert dated == sorted(dated)
    assert all(e["date"] for e in events[: len(dated)])  # undated ones come last


def test_timeline_separates_undated_events(ui):
    data = ui.get("/api/timeline.json").json()
    assert all(e["date"] for e in data["events"])
    assert all(not e["date"] for e in data["undated"])
    assert SHELLING in {e["id"] for e in data["events"]}


def test_network_has_actors_as_nodes_and_allegiances_as_edges(ui):
    data = ui.get("/api/network.json").json()
    nodes = {n["id"]: n for n in data["nodes"]}
    brigade = nodes[TEST_BRIGADE]
    assert brigade["type"] == "ArmedGroup"
    assert brigade["events"] == 1 and brigade["statements"] == 1 and brigade["allegiances"] == 1
    assert brigade["activity"] == 3
    assert str(ARTICLE[MARKUP_ARTICLE]) in brigade["articles"]
    edge = next(e for e in data["edges"] if e["source"] == TEST_BRIGADE)
    assert (edge["target"], edge["type"], edge["typeLabel"]) == (TEST_PATRON, "SupportedBy", "supported by")
    assert edge["article"] == str(ARTICLE[MARKUP_ARTICLE])
    assert all(e["source"] in nodes and e["target"] in nodes for e in data["edges"])
    assert str(ARTICLE[MARKUP_ARTICLE]) in {a["id"] for a in data["articles"]}


@pytest.mark.parametrize("q, via", [("zzyzx", "altLabel"), ("fighters of the", "hiddenLabel"), ("testville", "label")])
def test_search_finds_labels_other_names_and_descriptions(ui, q, via):
    results = ui.get("/api/search", params={"q": q}).json()["results"]
    assert results, f"nothing found for {q!r}"
    assert results[0]["via"] == via
    assert q in results[0]["matched"].lower()


def test_search_ranks_an_exact_name_first_and_ignores_short_queries(ui):
    results = ui.get("/api/search", params={"q": "Test Patron"}).json()["results"]
    assert results[0]["id"] == TEST_PATRON and results[0]["kind"] == "actor"
    assert ui.get("/api/search", params={"q": "t"}).json()["results"] == []


def test_search_term_is_data_not_query_text(ui):
    # A quote and braces would break a query that pasted the term into its text.
    answer = ui.get("/api/search", params={"q": 'x" } } SELECT * WHERE { ?s ?p ?o } #'})
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_search_page_escapes_what_it_shows(ui):
    page = ui.get("/search", params={"q": "brigade"}).text
    assert "Test &lt;img src=x onerror=" in page
    assert "<img src=x" not in page


def test_examples_are_the_named_queries_with_the_prefixes(ui):
    data = ui.get("/api/examples.json").json()
    assert data["prefixes"]["ckg"] == "https://w3id.org/conflictkg/ontology#"
    names = [e["name"] for e in data["examples"]]
    assert names == sorted(names) and len(names) == len(ui.app.state.named_queries)
    for example in data["examples"]:
        assert example["query"].strip() and example["kind"] in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize("path", ["/map", "/network", "/timeline", "/query", "/search"])
def test_pages_load_only_local_scripts_and_no_inline_script(ui, path):
    answer = ui.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-eval" not in policy
    html = answer.text
    for tag in re.findall(r"<script\b[^>]*>", html):
        src = re.search(r'src="([^"]+)"', tag)
        assert src, f"inline script on {path}: {tag}"
        assert src.group(1).startswith("/static/"), src.group(1)
        assert ui.get(src.group(1)).status_code == 200, src.group(1)
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert href.startswith("/static/") and ui.get(href).status_code == 200
    assert not re.search(r"https?://(?!w3id\.org|www\.w3\.org)", "".join(re.findall(r'(?:src|href)="[^"]*"', html)))


def test_tile_url_opens_the_policy_to_that_host_only():
    from conflictkg.web.ui.csp import policy, tile_origin

    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert "img-src 'self' data: https://tiles.example.net" in policy("https://tiles.example.net/{z}/{x}/{y}.png")
    assert "example" not in policy(None)
    with pytest.raises(ValueError, match="http"):
        tile_origin("javascript:alert(1)")


def test_vendored_files_are_served_with_their_licences(ui):
    from conflictkg.web.ui.assets import STATIC_DIR, assets

    manifest = json.loads((STATIC_DIR / "vendor" / "manifest.json").read_text())
    for name, entry in manifest.items():
        folder = STATIC_DIR / entry["dir"]
        assert any(p.name.startswith("LICENSE") for p in folder.iterdir()), f"{name} has no licence file"
        for file in entry["files"]:
            assert ui.get(f"/static/{entry['dir']}/{file}").status_code == 200
    urls = assets()
    for url in (urls.leaflet_js, urls.leaflet_css, urls.yasgui_js, urls.cytoscape_js, urls.basemap):
        assert ui.get(url).status_code == 200, url


def test_base_map_is_small_valid_geojson(ui):
    from conflictkg.web.ui.assets import assets

    answer = ui.get(assets().basemap)
    assert len(answer.content) < 400_000
    data = answer.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) > 150
    syria = next(f for f in data["features"] if f["properties"]["name"] == "Syria")
    ring = syria["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    assert all(35 <= lon <= 43 and 32 <= lat <= 38 for lon, lat in ring)


def test_actor_page_shows_names_allegiances_events_and_statements(ui):
    html = ui.get("/id/actor/test-brigade", headers={"Accept": "text/html"}).text
    section = html.split('id="triples"')[0]
    assert "Zzyzx Brigade" in section and "fighters of the &lt;i&gt;test&lt;/i&gt;" in section
    assert f'href="/id/allegiance/{MARKUP_ARTICLE}-a1"' in section
    assert f'href="/id/event/{MARKUP_ARTICLE}-e1"' in section
    assert f'href="/id/statement/{MARKUP_ARTICLE}-s1"' in section
    assert "/network?focus=" in section and "/map?actor=" in section
    patron = ui.get("/id/actor/test-patron", headers={"Accept": "text/html"}).text.split('id="triples"')[0]
    assert f'href="/id/allegiance/{MARKUP_ARTICLE}-a1"' in patron  # allegiances to it, too
    assert "As target" in patron


def test_place_page_has_a_map_and_its_events(ui):
    html = ui.get("/id/place/testville", headers={"Accept": "text/html"}).text
    assert 'id="place-map"' in html and 'data-lat="35.5"' in html
    assert f'href="/id/event/{MARKUP_ARTICLE}-e1"' in html


def test_event_page_highlights_its_evidence_in_the_article(ui):
    html = ui.get(f"/id/event/{MARKUP_ARTICLE}-e1", headers={"Accept": "text/html"}).text
    marks = re.findall(r'<mark class="evidence current"[^>]*>(.*?)</mark>', html)
    assert marks == ["Fighters of the Test &lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;&#34;&gt; "
                     "Brigade shelled Testville on Monday."]
    assert "Shelling" in html or "shelling" in html


def test_statement_page_shows_speaker_quote_and_type(ui):
    html = ui.get(f"/id/statement/{MARKUP_ARTICLE}-s1", headers={"Accept": "text/html"}).text
    section = html.split('id="triples"')[0]
    assert "&lt;script&gt;window.__pwned=&#39;script&#39;&lt;/script&gt;" in section
    assert 'href="/id/actor/test-brigade"' in section and "claim" in section


def test_article_page_links_every_fact_from_its_evidence(ui):
    html = ui.get(f"/id/article/{MARKUP_ARTICLE}", headers={"Accept": "text/html"}).text
    marks = re.findall(r'<mark class="evidence[^"]*" id="[^"]+">(.*?)</mark>', html, re.S)
    assert len(marks) == 3
    linked = " ".join(marks)
    for fact in ("event", "statement", "allegiance"):
        assert f'href="/id/{fact}/{MARKUP_ARTICLE}-' in linked
    assert "<script>window" not in html and "<img src=x" not in html


def test_no_page_lets_article_markup_through(ui):
    for path in ("/map", "/network", "/timeline", "/query", f"/id/article/{MARKUP_ARTICLE}",
                 f"/id/event/{MARKUP_ARTICLE}-e1", "/id/actor/test-brigade", "/id/place/testville",
                 f"/id/statement/{MARKUP_ARTICLE}-s1", f"/id/allegiance/{MARKUP_ARTICLE}-a1", "/"):
        html = ui.get(path, headers={"Accept": "text/html"}).text
        assert "<script>window" not in html and "<img src=x" not in html and "<b>test" not in html, path


def test_entity_pages_fold_every_triple_into_one_section_without_repeating_evidence(ui):
    sentence = ("Fighters of the Test &lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;&#34;&gt; "
                "Brigade shelled Testville on Monday.")
    event = ui.get(f"/id/event/{MARKUP_ARTICLE}-e1", headers={"Accept": "text/html"}).text
    assert event.count(sentence) == 1  # highlighted in the article, not listed again
    view, triples = event.split('<details class="all-triples" id="triples"', 1)
    assert sentence in view and 'href="#article-text-heading"' in triples
    assert triples.count("</details>") == 1 and "<h2>Evidence</h2>" not in event
    assert 'href="/id/actor/test-brigade"' in triples  # the data is still there for Linked Data users
    actor = ui.get("/id/actor/test-brigade", headers={"Accept": "text/html"}).text
    view, triples = actor.split('<details class="all-triples" id="triples"', 1)
    assert "Pointing at it" in triples and f'href="/id/event/{MARKUP_ARTICLE}-e1"' in triples
    assert triples.count(sentence) == 1 and sentence not in view  # beside the event it is evidence of
    assert "open" not in triples.split(">", 1)[0]  # folded: the sections above say it better


def test_every_example_tab_runs_as_it_opens_and_gives_rows(ui):
    """The editor's examples have their required parameters set to the example values of their
    headers, so each runs as it is; the named query API keeps the parameters."""
    examples = ui.get("/api/examples.json").json()["examples"]
    assert len(examples) >= 10
    for example in examples:
        assert not re.search(r"[?$]_[A-Za-z]", re.sub(r"(?m)#.*$|\(\S+ AS [?$]_\w+\)", "", example["query"])), \
            f"{example['name']}: a required parameter is left unset"
        graph = example["kind"] in ("CONSTRUCT", "DESCRIBE")
        answer = ui.post("/sparql", data={"query": example["query"]},
                         headers={"Accept": "application/n-triples" if graph else "application/sparql-results+json"})
        assert answer.status_code == 200, (example["name"], answer.text[:300])
        found = len(answer.text.splitlines()) if graph else len(answer.json()["results"]["bindings"])
        assert found > 0, f"{example['name']} gives no rows as the editor opens it"
    profile = next(e for e in examples if e["name"] == "actor-profile")["query"]
    assert "<https://w3id.org/conflictkg/id/actor/syrian-arab-army>" in profile
    assert ui.get("/queries/actor-profile", headers={"Accept": "application/json"}).status_code == 400  # still a parameter


def test_editor_text_binds_like_the_api():
    from conflictkg.queries import parse_named_query
    from conflictkg.web.ui.examples import bind_in_text, editor_text

    text = ("SELECT ?a (COUNT(?x) AS ?n) ?_who_iri WHERE {  # ?_who_iri in a comment stays\n"
            "  ?x <http://e.org/p#?_who_iri> ?_who_iri . FILTER(?_who_iri != \"?_who_iri\")\n"
            "} GROUP BY ?a ?_who_iri ORDER BY ?a")
    bound = bind_in_text(text, "_who_iri", "<http://e.org/w>")
    assert bound.startswith("SELECT ?a (COUNT(?x) AS ?n) (<http://e.org/w> AS ?_who_iri) WHERE {  # ?_who_iri in a comment")
    assert "?x <http://e.org/p#?_who_iri> <http://e.org/w> . FILTER(<http://e.org/w> != \"?_who_iri\")" in bound
    assert bound.endswith("} GROUP BY ?a ORDER BY ?a")
    from conflictkg import resources

    near = editor_text(parse_named_query(resources.queries_dir() / "events-near-point.rq"))
    assert "(36.20124 AS ?_lat_decimal)" in near and "(60.0 AS ?_km_decimal)" in near
    assert "# Example value: ?_km_decimal = 60" in near
