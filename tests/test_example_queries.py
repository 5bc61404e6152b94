"""Every example query in queries/*.rq runs on the repository's own data and answers what its
summary promises. Expected results are derived from the curated facts of the seed article
(data/graphs/, data/reference/), checked as properties of the answer rather than row dumps."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.dataset import repository
from conflictkg.namespaces import ACTOR, ARTICLE, CKG, EVENT, PLACE, STATEMENT
from conflictkg.queries import named_queries
from conflictkg.store.embedded import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERIES = named_queries(REPO_ROOT / "queries")
SEED = "2024-11-30-syrian-troops-withdraw-from-aleppo"
ALEPPO = {"lat": "36.20124", "long": "37.16117"}


def event(n: int) -> str:
    return f"{EVENT}{SEED}-e{n}"


def statement(n: int) -> str:
    return f"{STATEMENT}{SEED}-s{n}"


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> ox.Store:
    path = tmp_path_factory.mktemp("example-queries") / "store"
    build_store(repository(REPO_ROOT), path)
    return ox.Store.read_only(str(path))


def run(store: ox.Store, query_name: str, /, **params: str) -> list[dict[str, str]]:
    """A named query's rows as dicts of plain values (IRIs and literals as strings)."""
    query = QUERIES[query_name]
    results = store.query(query.text, use_default_graph_as_union=True,
                          substitutions=query.substitutions(params) or None)
    if not isinstance(results, ox.QuerySolutions):
        raise TypeError(f"{query_name} is not a SELECT query")
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def column(rows: list[dict[str, str]], name: str) -> set[str]:
    return {row[name] for row in rows if name in row}


# ------------------------------------------------------------------------------ every file

# Parameter values for each query with required parameters; every query must be listed here
# or take no required parameter, so that a new query cannot go untested.
EXAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "actor-profile": {"actor": str(ACTOR["syrian-arab-army"])},
    "article-graph": {"article": str(ARTICLE[SEED])},
    "events-in-place": {"place": str(PLACE["aleppo"])},
    "events-near-point": {**ALEPPO, "km": "60"},
    "evidence-for-fact": {"fact": event(15)},
    "find-by-name": {"name": "SOHR"},
    "statements-by-speaker": {"speaker": str(ACTOR["syrian-observatory-for-human-rights"])},
}


def test_there_are_enough_documented_queries():
    assert len(QUERIES) >= 14, sorted(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_is_documented_and_parses(name):
    query = QUERIES[name]
    assert "summary" in query.meta and len(query.meta["summary"]) > 20, f"{name}: add a '#+ summary:' line"
    assert query.description, f"{name}: add a '#+ description:' line"
    for param in query.parameters:
        assert param.description, f"{name}: document the parameter with '#+ param.{param.name}: ...'"
    ox.Store().query(query.text)  # raises SyntaxError when the query does not parse
    assert "PREFIX" in query.text or query.kind == "CONSTRUCT", f"{name}: declare the prefixes it uses"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_answers_on_the_seed_data(store, name):
    query = QUERIES[name]
    required = {p.name for p in query.parameters if p.required}
    params = EXAMPLE_PARAMS.get(name, {})
    assert required <= set(params), f"add example values for {sorted(required - set(params))} to EXAMPLE_PARAMS"
    results = store.query(query.text, use_default_graph_as_union=True,
                          substitutions=query.substitutions(params) or None)
    assert len(list(results)) > 0, f"{name} returned nothing on the seed data"


# ------------------------------------------------------------------------------ what they answer

def test_allegiances_include_the_coded_relations(store):
    rows = run(store, "allegiances")
    triples = {(r["of"], r["type"], r["to"]) for r in rows}
    assert (str(ACTOR["syrian-arab-army"]), str(CKG.LoyalTo), str(ACTOR["syrian-government"])) in triples
    assert (str(ACTOR["hts-affiliated-groups"]), str(CKG.SupportedBy), str(ACTOR.turkey)) in triples
    assert (str(ACTOR["syrian-rebels"]), str(CKG.LedBy), str(ACTOR["hayat-tahrir-al-sham"])) in triples
    assert len(rows) == len({r["allegiance"] for r in rows}), "one row per allegiance (no bag duplicates)"


def test_allegiances_of_one_actor_take_either_side(store):
    hts = str(ACTOR["hayat-tahrir-al-sham"])
    rows = run(store, "allegiances", actor=hts)
    assert rows and all(hts in (r["of"], r["to"]) for r in rows)
    assert {r["of"] for r in rows} - {hts}, "HTS is also the allegianceTo side (rebels LedBy HTS)"
    assert len(rows) < len(run(store, "allegiances"))


def test_events_in_aleppo_include_the_places_inside_it(store):
    rows = run(store, "events-in-place", place=str(PLACE.aleppo))
    events = column(rows, "event")
    assert {event(15), event(16), event(17), event(21), event(1)} <= events  # airport, towns, curfew, air strikes, citadel
    assert event(22) not in events and event(9) not in events  # Idlib air strikes, Damascus visit
    assert str(PLACE["aleppo-international-airport"]) in column(rows, "site")
    dated = [r["date"] for r in rows if "date" in r]
    assert dated == sorted(dated), "events come in date order"


def test_events_in_the_country_include_every_city(store):
    events = column(run(store, "events-in-place", place=str(PLACE.syria)), "event")
    assert {event(15), event(22), event(9), event(10)} <= events


def test_disputed_claims_name_both_sides(store):
    rows = run(store, "disputed-claims")
    row = next(r for r in rows if r["statement"] == statement(9))
    assert row["disputed"] == statement(8)
    assert row["speakerName"] == "Syrian Arab Army"
    assert row["disputedSpeakerName"] == "Syrian Observatory for Human Rights"
    assert row["citedInName"] == "Syrian state media"


def test_casualty_figures_carry_qualifiers_and_sources(store):
    rows = run(store, "casualty-figures")
    toll = next(r for r in rows if r["event"] == event(8))
    assert (toll["fatalities"], toll["fatalitiesQualifier"]) == ("300", "Over")
    assert (toll["civilianFatalities"], toll["civilianFatalitiesQualifier"]) == ("20", "AtLeast")
    assert toll["sourceName"] == "Syrian Observatory for Human Rights"
    war = next(r for r in rows if r["event"] == event(11))
    assert (war["fatalities"], war["fatalitiesQualifier"], war["date"]) == ("500000", "About", "2011")
    assert "fatalities" not in next(r for r in rows if r["event"] == event(20)), "'many troops' has no figure"


def test_events_in_date_order_mix_precisions(store):
    rows = run(store, "events-in-date-order")
    dates = [r["date"] for r in rows if "date" in r]
    assert dates == sorted(dates)
    assert dates[0] == "2011" and "2024-12-01" in dates
    assert "date" not in rows[-1], "undated events come last"
    assert {r["precision"] for r in rows} >= {"year", "day"}


def test_events_in_a_date_range_keep_years_that_overlap(store):
    rows = run(store, "events-in-date-order", **{"from": "2016-01-01", "to": "2024-11-29"})
    events = column(rows, "event")
    assert event(13) in events  # the 2016 recapture, a bare year
    assert event(3) in events  # the offensive, 2024-11-27
    assert event(15) not in events and event(10) not in events  # 2024-11-30 and 2011


def test_events_by_year_use_the_lexical_year(store):
    rows = run(store, "events-by-year")
    counts = {(r["year"], r["typeName"]): int(r["events"]) for r in rows}
    assert counts[("2011", "Crackdown")] == 1
    assert counts[("2016", "TerritorialCapture")] == 1
    assert counts[("2024", "TerritorialCapture")] == 4


def test_foreign_support_goes_through_forces_too(store):
    rows = run(store, "foreign-support")
    pairs = {(r["stateName"], r["supportedName"]) for r in rows}
    assert {("Turkey", "HTS-affiliated groups"), ("Iran", "Syrian government"),
            ("Russia", "Syrian government"), ("Russia", "Bashar al-Assad")} <= pairs
    via = next(r for r in rows if r["supportedName"] == "Bashar al-Assad")
    assert via["viaName"] == "Russian Aerospace Forces"


def test_everything_sohr_reported(store):
    rows = run(store, "statements-by-speaker", speaker=str(ACTOR["syrian-observatory-for-human-rights"]))
    assert len(rows) >= 4
    assert {statement(3), statement(6), statement(8), statement(13)} <= column(rows, "statement")
    assert column(rows, "typeName") == {"Report"}


def test_evidence_for_a_fact_is_the_sentence_and_its_article(store):
    rows = run(store, "evidence-for-fact", fact=event(15))
    assert len(rows) == 1
    assert rows[0]["evidence"].startswith("The Syrian Observatory for Human Rights (SOHR) reports that")
    assert rows[0]["article"] == str(ARTICLE[SEED])
    assert rows[0]["reviewStatus"] == "Reviewed"
    assert len(run(store, "evidence-for-fact", fact=event(21))) == 3  # three sentences on the air strikes


def test_events_within_60_km_of_aleppo_include_idlib_not_damascus(store):
    rows = run(store, "events-near-point", **ALEPPO, km="60")
    events = column(rows, "event")
    assert event(22) in events  # air strikes in Idlib, about 56 km away
    assert event(15) in events
    assert event(9) not in events  # Damascus, about 310 km
    idlib = next(r for r in rows if r["event"] == event(22))
    assert 54 < float(idlib["km"]) < 58
    near = column(run(store, "events-near-point", **ALEPPO, km="10"), "event")
    assert event(15) in near and event(22) not in near


def test_article_graph_is_the_whole_named_graph(store):
    query = QUERIES["article-graph"]
    triples = list(store.query(query.text, use_default_graph_as_union=True,
                               substitutions=query.substitutions({"article": str(ARTICLE[SEED])})))
    graph = ox.NamedNode(f"https://w3id.org/conflictkg/graph/article/{SEED}")
    assert len(triples) == len(list(store.quads_for_pattern(None, None, None, graph)))
    subjects = {t.subject.value for t in triples}
    assert event(1) in subjects and str(ACTOR["syrian-arab-army"]) in subjects  # its hiddenLabels
    nobody = "https://w3id.org/conflictkg/id/article/no-such-article"
    assert list(store.query(query.text, substitutions=query.substitutions({"article": nobody}),
                            use_default_graph_as_union=True)) == []


def test_actors_by_type_list_every_name(store):
    rows = run(store, "actors-by-type")
    sohr = next(r for r in rows if r["actor"] == str(ACTOR["syrian-observatory-for-human-rights"]))
    assert "SOHR" in sohr["altLabels"].split(" | ")
    assert "a UK-based organization" in sohr["descriptions"].split(" | ")
    assert len(rows) == len(column(rows, "actor")), "one row per actor"
    armed = run(store, "actors-by-type", type=str(CKG.ArmedGroup))
    assert column(armed, "actor") == {str(ACTOR[s]) for s in ("syrian-rebels", "hayat-tahrir-al-sham",
                                                                 "hts-affiliated-groups")}


def test_statements_by_type(store):
    rows = run(store, "statements-by-type")
    assert {"Admission", "Pledge", "Report", "Denial", "Claim", "Announcement"} <= column(rows, "typeName")
    denials = run(store, "statements-by-type", type=str(CKG.Denial))
    assert column(denials, "statement") == {statement(9)}


def test_planned_events(store):
    rows = run(store, "planned-events")
    assert column(rows, "event") == {event(5), event(9)}
    visit = next(r for r in rows if r["event"] == event(9))
    assert (visit["date"], visit["siteName"], visit["agents"]) == ("2024-12-01", "Damascus", "Abbas Araghchi")


def test_actor_profile_covers_every_role(store):
    rows = run(store, "actor-profile", actor=str(ACTOR["syrian-arab-army"]))
    assert column(rows, "role") == {"agent", "target", "speaker", "allegiance of"}
    assert statement(9) in column(rows, "fact")
    loyal = next(r for r in rows if r["kindName"] == "LoyalTo")
    assert loyal["otherName"] == "Syrian government"
    assert "allegiance to" in column(run(store, "actor-profile", actor=str(ACTOR.russia)), "role")


def test_find_by_name_searches_descriptions_too(store):
    found = run(store, "find-by-name", name="sohr")
    assert column(found, "resource") == {str(ACTOR["syrian-observatory-for-human-rights"])}
    fortress = run(store, "find-by-name", name="fortress")
    assert column(fortress, "resource") == {str(PLACE["citadel-of-aleppo"])}
    assert column(fortress, "nameKind") == {"description"}


ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def test_acled_export_has_acled_columns_and_one_row_per_past_event(store):
    results = store.query(QUERIES["acled-events"].text, use_default_graph_as_union=True)
    assert [v.value for v in results.variables] == ACLED_COLUMNS
    rows = run(store, "acled-events")
    ids = [row["event_id_cnty"] for row in rows]
    events = {r["e"].value.rsplit("/", 1)[1] for r in store.query(
        "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT ?e WHERE { ?e a ckg:Event "
        "FILTER NOT EXISTS { ?e ckg:planned true } }", use_default_graph_as_union=True)}
    assert len(ids) == len(set(ids)) and set(ids) == events
    by_notes = {row["notes"]: row for row in rows}
    strike = next(row for notes, row in by_notes.items() if "Russian air strikes in Aleppo" in notes)
    assert (strike["event_type"], strike["sub_event_type"], strike["disorder_type"]) == (
        "Explosions/Remote violence", "Air/drone strike", "Political violence")
    assert strike["event_date"] == "2024-11-30" and strike["time_precision"] == "1"
    assert strike["country"] == "Syria" and strike["location"] == "Aleppo" and strike["inter1"] == "1"
    airport = next(row for notes, row in by_notes.items() if "Airport" in notes)
    assert airport["actor1"] == "Syrian rebels" and airport["interaction"] == "20"
    assert airport["sub_event_type"] == "Non-state actor overtakes territory" and airport["inter1"] == "2"
    recapture = next(row for notes, row in by_notes.items() if "recaptures Aleppo" in notes)
    assert recapture["sub_event_type"] == "Government regains territory"
    assert (recapture["event_date"], recapture["time_precision"]) == ("2016-01-01", "3")
    toll = next(row for row in rows if row["fatalities"] == "300")
    assert toll["location"] == "Aleppo" and toll["event_date"] == "2024-11-27"
