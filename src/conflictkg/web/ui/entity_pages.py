"""What an entity page (the HTML form of ``/id/{kind}/{slug}``) shows beyond the resource's own
triples: an actor's names, allegiances both ways, events and statements; a place's map, what it
contains and the events there; an event's or statement's facts with its evidence highlighted in
its article; an article's text with every fact's evidence highlighted and linked.

``entity_view`` runs the SPARQL files of ``sparql/`` for the kind through the query service;
the ``*_view`` functions that shape the rows are pure.
"""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
from fastapi import Request

from .assets import assets
from .graph_views import Row
from .highlight import highlight
from .links import local_name, local_path
from .routes import run

QUERIES = {
    "actor": ("entity-names", "actor-allegiances", "actor-events", "statements"),
    "place": ("entity-names", "place", "place-events"),
    "event": ("fact", "statements", "article-text", "article-facts"),
    "statement": ("fact", "statements", "article-text", "article-facts"),
    "allegiance": ("fact", "article-text", "article-facts"),
    "article": ("article-text", "article-facts", "article-actors"),
}
FACT_KINDS = {"Event": "event", "Statement": "statement", "Allegiance": "allegiance"}


async def entity_view(request: Request, kind: str, iri: str) -> dict | None:
    """The data of the kind's page section, or None for a kind without one."""
    names = QUERIES.get(kind)
    if names is None:
        return None
    this = {ox.Variable("this"): ox.NamedNode(iri)}
    results = await asyncio.gather(*(run(request, name, this) for name in names))
    rows = dict(zip(names, results))
    settings = request.app.state.settings
    base = settings.base_iri
    template = f"ui/entity_{kind}.html" if kind in ("actor", "place", "article") else "ui/entity_fact.html"
    view = {"kind": kind, "iri": iri, "assets": assets(), "template": template}
    if kind == "actor":
        view |= actor_view(rows, base)
    elif kind == "place":
        view |= place_view(rows, base)
    else:
        view |= fact_view(rows, iri, base, settings.serve_article_bodies, kind == "article")
    return view


def ref(iri: str | None, label: str | None, base: str) -> dict | None:
    if not iri:
        return None
    return {"id": iri, "href": local_path(iri, base) or iri, "label": label or local_name(iri)}


def names_view(rows: list[Row], base: str) -> dict:
    names = {"label": [], "altLabel": [], "hiddenLabel": []}
    for row in rows:
        entry = {"name": row["name"], "source": ref(row.get("graph"), None, base)}
        if all(e["name"] != entry["name"] for e in names[row["via"]]):
            names[row["via"]].append(entry)
    return names


def actor_view(rows: dict[str, list[Row]], base: str) -> dict:
    allegiances = {"of": [], "to": []}
    for row in rows["actor-allegiances"]:
        allegiances[row["direction"]].append({
            **ref(row["allegiance"], row.get("label"), base),
            "type": local_name(row["type"]) if row.get("type") else "",
            "typeLabel": row.get("typeLabel", ""),
            "other": ref(row["other"], row.get("otherLabel"), base),
            "article": ref(row.get("article"), row.get("articleTitle"), base),
        })
    events = {"agent": [], "target": []}
    for row in rows["actor-events"]:
        events[row["role"]].append(event_row(row, base))
    return {
        "names": names_view(rows["entity-names"], base),
        "allegiances": allegiances,
        "events": events,
        "statements": statements_view(rows["statements"], base),
    }


def event_row(row: Row, base: str) -> dict:
    return {
        **ref(row["event"], row.get("label"), base),
        "typeLabel": row.get("typeLabel", ""),
        "type": local_name(row["type"]) if row.get("type") else "",
        "date": row.get("date"),
        "planned": row.get("planned") in ("true", "1"),
        "place": ref(row.get("place"), row.get("placeLabel"), base),
    }


def statements_view(rows: list[Row], base: str) -> dict:
    groups: dict[str, list[dict]] = {"speaker": [], "about": [], "disputes": [], "disputedBy": []}
    for row in rows:
        item = {
            **ref(row["statement"], row.get("label"), base),
            "text": row.get("text"),
            "typeLabel": row.get("typeLabel", ""),
            "date": row.get("date"),
            "speaker": ref(row.get("speaker"), row.get("speakerLabel"), base),
        }
        if all(s["id"] != item["id"] for s in groups[row["relation"]]):
            groups[row["relation"]].append(item)
    return groups


def place_view(rows: dict[str, list[Row]], base: str) -> dict:
    lat = long = None
    related: dict[str, list[dict]] = {"in": [], "contains": []}
    for row in rows["place"]:
        if row.get("lat") and row.get("long"):
            lat, long = float(row["lat"]), float(row["long"])
        if row.get("relation"):
            other = ref(row["other"], row.get("otherLabel"), base)
            other["lat"] = float(row["otherLat"]) if row.get("otherLat") else None
            other["long"] = float(row["otherLong"]) if row.get("otherLong") else None
            if all(o["id"] != other["id"] for o in related[row["relation"]]):
                related[row["relation"]].append(other)
    events = []
    for row in rows["place-events"]:
        if all(e["id"] != row["event"] for e in events):
            events.append(event_row(row, base))
    related["contains"].sort(key=lambda o: o["label"])
    return {"names": names_view(rows["entity-names"], base), "lat": lat, "long": long,
            "related": related, "events": events}


def fact_view(rows: dict[str, list[Row]], iri: str, base: str, show_text: bool, is_article: bool) -> dict:
    fields: dict[str, list] = {}
    for row in rows.get("fact", []):
        value = row["value"]
        if row["field"] in ("date", "planned", "text", "fatalities", "civilianFatalities"):
            item = value
        else:
            item = ref(value, row.get("valueLabel"), base)
        fields.setdefault(row["field"], [])
        if item not in fields[row["field"]]:
            fields[row["field"]].append(item)
    article_rows = rows["article-text"]
    article = None
    if article_rows:
        first = article_rows[0]
        article = {**ref(first["article"], first.get("title"), base), "date": first.get("date"),
                   "body": first.get("body") or ""}
    evidence: dict[str, list[dict]] = {}
    facts: dict[str, dict] = {}
    for row in rows["article-facts"]:
        kind = FACT_KINDS.get(local_name(row["class"]), "fact")
        fact = facts.setdefault(row["fact"], {**ref(row["fact"], row.get("label"), base), "kind": kind})
        bucket = evidence.setdefault(row["evidence"], [])
        if fact not in bucket:
            bucket.append(fact)
    if not is_article:  # a fact's page highlights its own evidence only
        evidence = {s: fs for s, fs in evidence.items() if any(f["id"] == iri for f in fs)}
    text = article["body"] if article and show_text else ""
    marked = highlight(text, evidence, {iri})
    by_kind: dict[str, list[dict]] = {"event": [], "statement": [], "allegiance": []}
    for fact in sorted(facts.values(), key=lambda f: (len(f["id"]), f["id"])):
        by_kind.setdefault(fact["kind"], []).append(fact)
    actors = []
    for row in rows.get("article-actors", []):
        if all(a["id"] != row["actor"] for a in actors):
            actors.append(ref(row["actor"], row.get("label"), base))
    return {
        "actors": actors,
        "fields": fields,
        "statements": statements_view(rows.get("statements", []), base),
        "article": article,
        "text": marked,
        "show_text": show_text,
        "facts": by_kind,
    }
