"""The data behind the visual views, as plain JSON-able structures built from SPARQL results.

Pure functions: each takes the rows of one of the queries in ``sparql/`` (a list of
``{variable: value}`` dicts, see ``rows_of``) and the base IRI, and returns what a page's script
draws. Nothing here runs a query or knows about HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .links import kind_of, local_name, local_path

Row = dict[str, str]


def rows_of(sparql_json: bytes) -> list[Row]:
    """The bindings of a SPARQL JSON results document as ``{variable: lexical value}`` rows."""
    document = json.loads(sparql_json)
    return [{name: term["value"] for name, term in binding.items()}
            for binding in document["results"]["bindings"]]


def _ref(iri: str | None, label: str | None, base: str) -> dict | None:
    if not iri:
        return None
    return {"id": iri, "href": local_path(iri, base), "label": label or local_name(iri)}


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def events(rows: Iterable[Row], base: str) -> list[dict]:
    """One record per event (rows of ``events.rq`` come one per event × actor), sorted by date
    (undated last), then by IRI, so that the same data gives the same output."""
    by_iri: dict[str, dict] = {}
    for row in rows:
        iri = row["event"]
        event = by_iri.get(iri)
        if event is None:
            place = _ref(row.get("place"), row.get("placeLabel"), base)
            if place is not None:
                place["lat"], place["long"] = _number(row.get("lat")), _number(row.get("long"))
            event = by_iri[iri] = {
                "id": iri,
                "href": local_path(iri, base),
                "label": row.get("label") or local_name(iri),
                "type": local_name(row["type"]) if row.get("type") else "Other",
                "typeLabel": row.get("typeLabel") or (local_name(row["type"]) if row.get("type") else "other"),
                "date": row.get("date"),
                "planned": row.get("planned") in ("true", "1"),
                "place": place,
                "article": _ref(row.get("article"), None, base),
                "agents": [],
                "targets": [],
            }
        actor = _ref(row.get("actor"), row.get("actorLabel"), base)
        if actor is not None:
            bucket = event["agents"] if row.get("role") == "agent" else event["targets"]
            if all(a["id"] != actor["id"] for a in bucket):
                bucket.append(actor)
    result = sorted(by_iri.values(), key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))
    for event in result:
        event["agents"].sort(key=lambda a: a["label"])
        event["targets"].sort(key=lambda a: a["label"])
    return result


def event_types(items: list[dict]) -> list[dict]:
    """The event types present, for legends and filters."""
    seen = {e["type"]: e["typeLabel"] for e in items}
    return [{"type": t, "label": seen[t]} for t in sorted(seen)]


def geojson(items: list[dict]) -> dict:
    """The events that have a place with coordinates, as a GeoJSON FeatureCollection (RFC 7946:
    positions are [longitude, latitude])."""
    features = []
    for event in items:
        place = event["place"]
        if not place or place["lat"] is None or place["long"] is None:
            continue
        features.append({
            "type": "Feature",
            "id": event["id"],
            "geometry": {"type": "Point", "coordinates": [place["long"], place["lat"]]},
            "properties": event,
        })
    return {"type": "FeatureCollection", "features": features, "eventTypes": event_types(items)}


def timeline(items: list[dict]) -> dict:
    """Dated events in date order (the date keeps its precision: ``2011``, ``2024-11`` or
    ``2024-11-27``), and the undated ones apart."""
    dated = [e for e in items if e["date"]]
    return {
        "events": dated,
        "undated": [e for e in items if not e["date"]],
        "eventTypes": event_types(items),
    }


def network(actor_rows: Iterable[Row], allegiance_rows: Iterable[Row], article_rows: Iterable[Row],
            base: str) -> dict:
    """Actors as nodes (with activity counts and the articles they appear in) and allegiances as
    directed edges (from ``allegianceOf`` to ``allegianceTo``)."""
    nodes: dict[str, dict] = {}
    for row in actor_rows:
        node = nodes.get(row["actor"])
        if node is None:
            events_count, statements_count = int(row.get("events", 0)), int(row.get("statements", 0))
            node = nodes[row["actor"]] = {
                "id": row["actor"],
                "href": local_path(row["actor"], base),
                "label": row.get("label") or local_name(row["actor"]),
                "type": local_name(row["type"]) if row.get("type") else "Actor",
                "events": events_count,
                "statements": statements_count,
                "allegiances": 0,
                "articles": [],
            }
        if row.get("article") and row["article"] not in node["articles"]:
            node["articles"].append(row["article"])
    edges = []
    seen_edges = set()
    for row in allegiance_rows:
        if row["allegiance"] in seen_edges:
            continue
        seen_edges.add(row["allegiance"])
        for end in (row["from"], row["to"]):
            if end not in nodes:  # an actor without a curated type: still drawn
                nodes[end] = {"id": end, "href": local_path(end, base), "label": local_name(end),
                              "type": "Actor", "events": 0, "statements": 0, "allegiances": 0, "articles": []}
            nodes[end]["allegiances"] += 1
            if row.get("article") and row["article"] not in nodes[end]["articles"]:
                nodes[end]["articles"].append(row["article"])
        edges.append({
            "id": row["allegiance"],
            "href": local_path(row["allegiance"], base),
            "label": row.get("label") or local_name(row["allegiance"]),
            "source": row["from"],
            "target": row["to"],
            "type": local_name(row["type"]) if row.get("type") else "AffiliatedWith",
            "typeLabel": row.get("typeLabel") or "",
            "article": row.get("article"),
        })
    for node in nodes.values():
        node["activity"] = node["events"] + node["statements"] + node["allegiances"]
        node["articles"].sort()
    articles = [{"id": r["article"], "href": local_path(r["article"], base),
                 "title": r.get("title") or r.get("label") or local_name(r["article"]), "date": r.get("date")}
                for r in article_rows]
    return {
        "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
        "edges": sorted(edges, key=lambda e: e["id"]),
        "articles": articles,
    }


_VIA_RANK = {"label": 0, "altLabel": 1, "hiddenLabel": 2}


def search_results(rows: Iterable[Row], query: str, base: str, limit: int = 50) -> list[dict]:
    """One hit per resource, best first: a name equal to the query, then one starting with it,
    then one containing it; a label before another name before an article's description."""
    needle = query.casefold()
    best: dict[str, tuple[tuple, dict]] = {}
    for row in rows:
        name = row["name"]
        folded = name.casefold()
        closeness = 0 if folded == needle else 1 if folded.startswith(needle) else 2
        rank = (closeness, _VIA_RANK.get(row["via"], 3), len(name), name)
        kind = kind_of(row["resource"], base)
        if kind not in ("actor", "place", "event"):
            continue
        hit = {
            "id": row["resource"],
            "href": local_path(row["resource"], base),
            "label": row.get("label") or local_name(row["resource"]),
            "kind": kind,
            "matched": name,
            "via": row["via"],
        }
        if row["resource"] not in best or rank < best[row["resource"]][0]:
            best[row["resource"]] = (rank, hit)
    ordered = sorted(best.values(), key=lambda pair: (pair[0], pair[1]["id"]))
    return [hit for _, hit in ordered[:limit]]
