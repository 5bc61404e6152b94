"""A deterministic synthetic corpus shaped like real conflictkg data, for benchmarks.

N articles, each in its own named graph exactly as docs/MODELLING.md lays out an article graph
(article record, graph provenance, events, statements, allegiances, hiddenLabel descriptions),
plus one reference graph of actors and places (a pool that grows with N; places carry coordinates,
WKT geometry and ``ckg:locatedIn`` chains country → region → city/town → facility) and the
ontology graph. Shared descriptions live once, in the reference graph: the union default graph
is a bag (DESIGN.md, performance facts).

Output is N-Quads lines built as plain strings (fast: ~1M quads in seconds); the same
(N, seed) gives the same bytes. Popularity is skewed (a few actors and places appear in many
articles) so that joins and aggregates behave like on real news data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from conflictkg import resources
from conflictkg.namespaces import (
    ALLEGIANCE, ARTICLE, ARTICLE_GRAPH, CKG, DCTERMS, EVENT, GEO, GEONAMES, ONTOLOGY_GRAPH, PLACE,
    PROV, RDF, RDFS, REFERENCE_GRAPH, SCHEMA, SKOS, STATEMENT, WGS84, WIKIDATA, XSD, ACTOR,
)

EXTRACTOR_VERSION = "0.1.0"
# Bumped whenever the same (N, seed) gives other bytes, so that cached corpora of an older
# generator (bench/run.py keeps them in bench/out/) are not mixed with parameters of this one.
# 2: the corpus conforms to the shapes and quality checks (unique actor names, disputes within
# the article, civilian fatalities within the total, symmetric allegiances once).
GENERATOR_VERSION = 2
FIRST_DAY = dt.date(2011, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


def _iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _plain(text: str) -> str:
    return f'"{_escape(text)}"'


def _en(text: str) -> str:
    return f'"{_escape(text)}"@en'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{datatype}>'


# Predicates and classes as N-Quads terms, computed once.
A = _iri(str(RDF.type))
LABEL = _iri(str(RDFS.label))
ALT = _iri(str(SKOS.altLabel))
HIDDEN = _iri(str(SKOS.hiddenLabel))
EXACT = _iri(str(SKOS.exactMatch))
C = {name: _iri(str(CKG[name])) for name in (
    "Article", "Event", "Statement", "Allegiance", "agent", "target", "location", "date", "eventType",
    "fatalities", "fatalitiesQualifier", "civilianFatalities", "civilianFatalitiesQualifier", "planned",
    "evidence", "speaker", "statementType", "text", "about", "citedIn", "disputes", "allegianceOf",
    "allegianceTo", "allegianceType", "locatedIn", "territory", "reviewStatus", "extractorVersion",
    "Reviewed", "Unreviewed", "Maintainers", "Extractor")}
DERIVED = _iri(str(PROV.wasDerivedFrom))
ATTRIBUTED = _iri(str(PROV.wasAttributedTo))
PROV_ENTITY = _iri(str(PROV.Entity))
TITLE, DATE, PUBLISHER, RIGHTS = (_iri(str(DCTERMS[x])) for x in ("title", "date", "publisher", "rights"))
PUBLISHED, URL, BODY = (_iri(str(SCHEMA[x])) for x in ("datePublished", "url", "articleBody"))
LAT, LONG = _iri(str(WGS84.lat)), _iri(str(WGS84.long))
HAS_GEOMETRY, AS_WKT, GEOMETRY = _iri(str(GEO.hasGeometry)), _iri(str(GEO.asWKT)), _iri(str(GEO.Geometry))
WKT = str(GEO.wktLiteral)
XSD_DATE, XSD_YM, XSD_Y = str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)
XSD_INT, XSD_DEC, XSD_BOOL = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
REF_G = _iri(REFERENCE_GRAPH)

# Event types with how often news reports them, and whether they carry death tolls.
EVENT_TYPES = [("Offensive", 12), ("Withdrawal", 6), ("TerritorialCapture", 9), ("Airstrike", 14),
               ("Shelling", 12), ("Clash", 16), ("Curfew", 2), ("DiplomaticVisit", 5), ("Ceasefire", 3),
               ("Crackdown", 5), ("Casualties", 10), ("Displacement", 4), ("Other", 2)]
EVENT_LABELS = {name: re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower() for name, _ in EVENT_TYPES}
DEADLY = {"Airstrike", "Shelling", "Clash", "Casualties", "Crackdown", "Offensive"}
STATEMENT_TYPES = ["Claim", "Report", "Denial", "Pledge", "Admission", "Accusation", "Announcement", "Call"]
ALLEGIANCE_TYPES = ["LoyalTo", "SupportedBy", "AffiliatedWith", "AlliedWith", "Opposes", "LedBy"]
SYMMETRIC_ALLEGIANCES = {"AlliedWith", "Opposes"}
QUALIFIERS = ["Exact", "AtLeast", "Over", "About"]

SYLLABLES = ["al", "ba", "dar", "el", "fa", "ha", "ib", "ja", "ka", "lu", "ma", "na", "om", "qa", "ra",
             "sa", "ta", "um", "wa", "za", "dor", "kin", "bar", "mir", "zan", "tol", "ven", "gor"]
ADJECTIVES = ["Free", "Northern", "Southern", "Eastern", "Western", "National", "Popular", "Revolutionary",
              "United", "Democratic", "Islamic", "Red", "Green", "Black", "Golden", "Patriotic"]
NOUNS = ["Dawn", "Lions", "Falcons", "Sword", "Shield", "Storm", "Victory", "Mountain", "River", "Desert",
         "Crescent", "Liberation", "Unity", "Resistance", "Eagles", "Thunder"]
GROUPS = ["Brigade", "Front", "Movement", "Army", "Battalion", "Forces", "Corps", "Legion", "Council"]
FIRST_NAMES = ["Ahmad", "Omar", "Layla", "Yusuf", "Amina", "Karim", "Samir", "Nadia", "Ivan", "Olena",
               "Joseph", "Grace", "Abdi", "Fatuma", "Hassan", "Mariam", "Pierre", "Aisha", "Tariq", "Lina"]
LAST_NAMES = ["Haddad", "Mansour", "Kovalenko", "Okello", "Nasser", "Darwish", "Mutua", "Petrenko",
              "Rahimi", "Suleiman", "Barzani", "Kabila", "Ndayishimiye", "Aziz", "Hamdan", "Farouk"]
DESCRIPTIONS = ["the militants", "the insurgents", "the military", "the government", "the rebels",
                "the monitor", "the ministry", "the coalition", "the fighters", "the authorities"]
MONITORS = ["Observatory", "Monitor", "Centre", "Network", "Committee"]
CAUSES = ["Human Rights", "Peace", "Civilians", "Justice", "Refugees", "Victims"]
FACILITIES = ["airport", "fortress", "power station", "border crossing", "military base", "hospital",
              "dam", "refinery", "old city", "industrial zone"]
VERBS = {"Offensive": "launched an offensive towards", "Withdrawal": "withdrew from",
         "TerritorialCapture": "seized control of", "Airstrike": "carried out air strikes on",
         "Shelling": "shelled", "Clash": "clashed with opposing fighters in", "Curfew": "imposed a curfew in",
         "DiplomaticVisit": "travelled to", "Ceasefire": "agreed a ceasefire in",
         "Crackdown": "fired on demonstrators in", "Casualties": "counted the dead in",
         "Displacement": "forced families to flee", "Other": "was reported active in"}

ACTOR_KINDS = [("ArmedGroup", 40), ("Person", 22), ("Organization", 12), ("MediaOutlet", 8),
               ("InternationalOrganization", 4), ("CivilianGroup", 6), ("StateForce", 8)]


@dataclass
class Actor:
    iri: str
    kind: str
    label: str
    alt: list[str] = field(default_factory=list)


@dataclass
class Place:
    iri: str
    kind: str
    label: str
    lat: float
    lon: float
    parent: "Place | None"


@dataclass
class Pool:
    """The reference data: actors by role and places by country, with skewed popularity."""
    actors: list[Actor]
    places: list[Place]
    countries: list[Place]
    states: dict[str, Actor]                 # country IRI -> its ckg:State
    places_in: dict[str, list[Place]]        # country IRI -> places where events happen
    by_kind: dict[str, list[Actor]]


class Skewed:
    """Draws from a list with Zipf-like weights: the first items are the popular ones."""

    def __init__(self, items: list, exponent: float = 0.9):
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(items))))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _slugify(label: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in label.lower()).split())


class _Minter:
    """Slugs from labels with a numeric suffix only on a real clash (DESIGN.md, minting)."""

    def __init__(self):
        self.seen: set[str] = set()

    def __call__(self, namespace, label: str) -> str:
        base = _slugify(label)
        slug, n = base, 1
        while slug in self.seen:
            n += 1
            slug = f"{base}-{n}"
        self.seen.add(slug)
        return str(namespace[slug])


def _place_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def pool_sizes(n_articles: int) -> tuple[int, int, int]:
    """(countries, cities and towns, other actors): the pool grows with N."""
    return 4 + n_articles // 2000, 20 + n_articles // 20, 40 + n_articles // 10


class _Names:
    """The actor names given so far (labels and altLabels, ignoring case). Real reference data
    never gives two actors one name (queries/qc/duplicate-actor-names.rq), so neither may the pool."""

    def __init__(self):
        self.taken: set[str] = set()

    def free(self, *names: str) -> bool:
        return all(name.lower() not in self.taken for name in names)

    def take(self, label: str, alt: list[str]) -> list[str]:
        """Record ``label`` (which must be free) and return the altLabels that are still free: an
        acronym another actor already uses is left out, as a curator would."""
        if not self.free(label):
            raise ValueError(f"actor name {label!r} is already taken")
        self.taken.add(label.lower())
        kept = []
        for name in alt:
            if self.free(name):
                self.taken.add(name.lower())
                kept.append(name)
        return kept

    def fresh(self, rng: random.Random, draw) -> str:
        """A free label from ``draw(rng)``; after many clashes (a name space nearly used up at
        huge N) the last draw with a number, so the loop always ends."""
        for _ in range(50):
            label = draw(rng)
            if self.free(label):
                return label
        n = 2
        while not self.free(f"{label} {n}"):
            n += 1
        return f"{label} {n}"


def _acronym(label: str) -> str:
    return "".join(word[0] for word in label.split() if word[0].isupper())


def _draw_label(kind: str, rng: random.Random, countries: list[Place]) -> str:
    """A label for a pool actor of ``kind``; the name spaces are wide enough for N = 50,000."""
    if kind == "Person":
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return f"{first} {last}" if rng.random() < 0.5 else f"{first} {rng.choice(FIRST_NAMES)} {last}"
    if kind in ("ArmedGroup", "StateForce"):
        if rng.random() < 0.6:
            return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(GROUPS)}"
        return f"{_place_name(rng)} {rng.choice(NOUNS)} {rng.choice(GROUPS)}"
    if kind == "Organization":
        where = rng.choice(countries).label if rng.random() < 0.3 else _place_name(rng)
        return f"{where} {rng.choice(MONITORS)} for {rng.choice(CAUSES)}"
    if kind == "MediaOutlet":
        return f"{_place_name(rng)} {rng.choice(['Times', 'Herald', 'Television', 'Radio'])}"
    if kind == "InternationalOrganization":
        prefix = rng.choice(["United", "Joint", "African", "Regional"])
        if rng.random() < 0.5:
            return f"{prefix} {rng.choice(NOUNS)} Mission"
        return f"{prefix} Mission in {rng.choice(countries).label if rng.random() < 0.5 else _place_name(rng)}"
    return f"civilians of {_place_name(rng)}"


def build_pool(n_articles: int, seed: int) -> Pool:
    rng = random.Random(f"pool-{seed}")
    n_countries, n_cities, n_actors = pool_sizes(n_articles)
    mint_place, mint_actor = _Minter(), _Minter()
    names = _Names()
    places: list[Place] = []
    countries, places_in, states = [], {}, {}
    by_kind: dict[str, list[Actor]] = {}
    actors: list[Actor] = []

    def add_actor(kind: str, label: str, alt: list[str]) -> Actor:
        actor = Actor(mint_actor(ACTOR, label), kind, label, names.take(label, alt))
        actors.append(actor)
        by_kind.setdefault(kind, []).append(actor)
        return actor

    def state_names(name: str) -> list[str]:
        adjective = name + "n"
        return [name, f"Government of {name}", f"{adjective} government", f"{adjective} Armed Forces",
                f"{adjective} army", f"{adjective} State News Agency"]

    regions: list[Place] = []
    for _ in range(n_countries):
        name = _place_name(rng) + rng.choice(["ia", "stan", "land", "an"])
        while not names.free(*state_names(name)):  # each country's state, government … named once
            name = _place_name(rng) + rng.choice(["ia", "stan", "land", "an"])
        country = Place(mint_place(PLACE, name), "Country", name, round(rng.uniform(5, 45), 4),
                        round(rng.uniform(15, 70), 4), None)
        countries.append(country)
        places.append(country)
        places_in[country.iri] = []
        state, government, government_alt, army, army_alt, agency = state_names(name)
        states[country.iri] = add_actor("State", state, [])
        add_actor("Government", government, [government_alt])
        add_actor("StateForce", army, [army_alt])
        add_actor("MediaOutlet", agency, [])
        for _ in range(5):
            label = f"{rng.choice(['Northern', 'Southern', 'Eastern', 'Western', 'Central'])} {_place_name(rng)}"
            region = Place(mint_place(PLACE, label), "Region", label, round(country.lat + rng.uniform(-2, 2), 4),
                           round(country.lon + rng.uniform(-2, 2), 4), country)
            regions.append(region)
            places.append(region)
    region_pick = Skewed(regions, 0.5)
    for i in range(n_cities):
        region = regions[i] if i < len(regions) else region_pick.pick(rng)
        label = _place_name(rng)
        city = Place(mint_place(PLACE, label), "City" if i % 3 else "Town", label,
                     round(region.lat + rng.uniform(-0.5, 0.5), 4), round(region.lon + rng.uniform(-0.5, 0.5), 4), region)
        places.append(city)
        places_in[region.parent.iri].append(city)
        if rng.random() < 0.5:
            flabel = f"{city.label} {rng.choice(FACILITIES)}"
            facility = Place(mint_place(PLACE, flabel), "Facility", flabel,
                             round(city.lat + rng.uniform(-0.02, 0.02), 4), round(city.lon + rng.uniform(-0.02, 0.02), 4), city)
            places.append(facility)
            places_in[region.parent.iri].append(facility)
    kinds, weights = zip(*ACTOR_KINDS)
    for _ in range(n_actors):
        kind = rng.choices(kinds, weights)[0]
        label = names.fresh(rng, lambda r: _draw_label(kind, r, countries))
        alt = [_acronym(label)] if kind in ("ArmedGroup", "StateForce", "Organization") else []
        add_actor(kind, label, alt)
    return Pool(actors, places, countries, states, places_in, by_kind)


def reference_quads(pool: Pool) -> Iterator[str]:
    """The reference graph: one record per actor and place, shared by every article."""
    for actor in pool.actors:
        s = _iri(actor.iri)
        yield f"{s} {A} {_iri(str(CKG[actor.kind]))} {REF_G} .\n"
        yield f"{s} {LABEL} {_en(actor.label)} {REF_G} .\n"
        for alt in actor.alt:
            yield f"{s} {ALT} {_en(alt)} {REF_G} .\n"
        yield f"{s} {EXACT} <{WIKIDATA}Q{abs(hash_label(actor.label)) % 10_000_000}> {REF_G} .\n"
    for country_iri, state in pool.states.items():
        yield f"{_iri(state.iri)} {C['territory']} {_iri(country_iri)} {REF_G} .\n"
    for place in pool.places:
        s = _iri(place.iri)
        geometry = _iri(place.iri + "/geometry")
        yield f"{s} {A} {_iri(str(CKG[place.kind]))} {REF_G} .\n"
        yield f"{s} {LABEL} {_en(place.label)} {REF_G} .\n"
        if place.parent is not None:
            yield f"{s} {C['locatedIn']} {_iri(place.parent.iri)} {REF_G} .\n"
        yield f"{s} {LAT} {_typed(f'{place.lat:.4f}', XSD_DEC)} {REF_G} .\n"
        yield f"{s} {LONG} {_typed(f'{place.lon:.4f}', XSD_DEC)} {REF_G} .\n"
        yield f"{s} {HAS_GEOMETRY} {geometry} {REF_G} .\n"
        yield f"{geometry} {A} {GEOMETRY} {REF_G} .\n"
        yield f"{geometry} {AS_WKT} {_typed(f'POINT({place.lon:.4f} {place.lat:.4f})', WKT)} {REF_G} .\n"
        yield f"{s} {EXACT} <{GEONAMES}{abs(hash_label(place.label)) % 10_000_000}/> {REF_G} .\n"


def hash_label(label: str) -> int:
    """A stable hash (Python's ``hash`` of str is salted per process)."""
    h = 0
    for ch in label:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def ontology_quads() -> Iterator[str]:
    """The ontology files, in the ontology graph, as the server would load them."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    for path in resources.ontology_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield f"{quad.subject} {quad.predicate} {quad.object} {graph} .\n"


@dataclass
class ArticleFacts:
    """What one article's graph says, for benchmarks that need to bind parameters."""
    slug: str
    lines: list[str]
    statements: list[str]


def _event_date(rng: random.Random, published: dt.date) -> str:
    roll = rng.random()
    day = max(FIRST_DAY, published - dt.timedelta(days=rng.randint(0, 4)))
    if roll < 0.65:
        return _typed(day.isoformat(), XSD_DATE)
    if roll < 0.85:
        return _typed(day.isoformat()[:7], XSD_YM)
    return _typed(str(rng.randint(2011, day.year)), XSD_Y)


def _article(index: int, rng: random.Random, pool: Pool, picks: dict[str, Skewed]) -> ArticleFacts:
    published = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    slug = f"{published.isoformat()}-report-{index:06d}"
    g = _iri(str(ARTICLE_GRAPH[slug]))
    art = _iri(str(ARTICLE[slug]))
    country = picks["country"].pick(rng)
    local_places = pool.places_in[country.iri] or [country]
    place_pick = picks.setdefault(country.iri, Skewed(local_places, 0.8))
    out: list[str] = []
    sentences: list[str] = []
    mentioned: list[Actor] = []

    def say(text: str) -> str:
        sentences.append(text)
        return f"{_plain(text)}"

    def q(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .\n")

    events: list[str] = []
    for n in range(1, rng.choices([2, 3, 4, 5, 6, 7, 8], [10, 15, 20, 20, 15, 12, 8])[0] + 1):
        e = _iri(str(EVENT[f"{slug}-e{n}"]))
        events.append(e)
        etype = picks["event_type"].pick(rng)
        place = place_pick.pick(rng) if rng.random() < 0.9 else rng.choice(pool.places)
        agents = list({a.iri: a for a in (picks["agent"].pick(rng)
                                          for _ in range(rng.choices([0, 1, 2], [8, 80, 12])[0]))}.values())
        target = picks["target"].pick(rng) if rng.random() < 0.6 else None
        if target in agents:
            target = None
        mentioned.extend(agents + ([target] if target else []))
        who = " and ".join(a.label for a in agents) or "Unidentified forces"
        q(e, A, C["Event"])
        q(e, LABEL, _en(f"{EVENT_LABELS[etype]} in {place.label}"))
        q(e, C["eventType"], _iri(str(CKG[etype])))
        for agent in agents:
            q(e, C["agent"], _iri(agent.iri))
        if target:
            q(e, C["target"], _iri(target.iri))
        q(e, C["location"], _iri(place.iri))
        q(e, C["date"], _event_date(rng, published))
        if rng.random() < 0.03:
            q(e, C["planned"], _typed("true", XSD_BOOL))
        if etype in DEADLY and rng.random() < 0.55:
            total = rng.randint(1, 400)
            q(e, C["fatalities"], _typed(str(total), XSD_INT))
            q(e, C["fatalitiesQualifier"], _iri(str(CKG[rng.choice(QUALIFIERS)])))
            if rng.random() < 0.4:  # civilians are counted within the total (shapes/event.ttl)
                q(e, C["civilianFatalities"], _typed(str(rng.randint(0, min(80, total))), XSD_INT))
                q(e, C["civilianFatalitiesQualifier"], _iri(str(CKG[rng.choice(QUALIFIERS)])))
        q(e, C["evidence"], say(f"{who} {VERBS[etype]} {place.label} ({slug}, event {n})."))
        if rng.random() < 0.25:
            q(e, C["evidence"], say(f"Witnesses in {place.label} confirmed the reports ({slug}, event {n})."))
        q(e, DERIVED, art)

    statements: list[str] = []
    for n in range(1, rng.choices([0, 1, 2, 3, 4, 5], [10, 15, 25, 25, 15, 10])[0] + 1):
        s = _iri(str(STATEMENT[f"{slug}-s{n}"]))
        speaker = picks["speaker"].pick(rng)
        mentioned.append(speaker)
        stype = rng.choice(STATEMENT_TYPES)
        quote = f"{rng.choice(NOUNS)} will prevail in {country.label}, statement {n} of {slug}"
        q(s, A, C["Statement"])
        q(s, LABEL, _en(f"{stype.lower()} by {speaker.label}"))
        q(s, C["speaker"], _iri(speaker.iri))
        q(s, C["statementType"], _iri(str(CKG[stype])))
        q(s, C["text"], _plain(quote))
        q(s, C["about"], rng.choice(events) if rng.random() < 0.7 else _iri(picks["agent"].pick(rng).iri))
        q(s, C["date"], _typed(published.isoformat(), XSD_DATE))
        if rng.random() < 0.4:
            q(s, C["citedIn"], _iri(picks["media"].pick(rng).iri))
        # Only a statement of the same article: each article graph is validated on its own, and
        # real graphs never point at another article's statements.
        if statements and rng.random() < 0.35:
            q(s, C["disputes"], rng.choice(statements))
        q(s, C["evidence"], say(f'{speaker.label} said: "{quote}."'))
        q(s, DERIVED, art)
        statements.append(s)

    recorded: set[tuple] = set()
    for n in range(1, rng.choices([0, 1, 2, 3], [30, 45, 20, 5])[0] + 1):
        al = _iri(str(ALLEGIANCE[f"{slug}-a{n}"]))
        of, to, atype = _allegiance(rng, picks)
        # One record per relation and article; the symmetric types once, in either direction
        # (shapes/allegiance.ttl, SymmetricAllegianceOnce).
        while _relation(of, atype, to) in recorded:
            of, to, atype = _allegiance(rng, picks)
        recorded.add(_relation(of, atype, to))
        q(al, A, C["Allegiance"])
        q(al, LABEL, _en(f"{of.label} {atype} {to.label}"))
        q(al, C["allegianceOf"], _iri(of.iri))
        q(al, C["allegianceType"], _iri(str(CKG[atype])))
        q(al, C["allegianceTo"], _iri(to.iri))
        q(al, C["evidence"], say(f"{of.label} is backed by {to.label} ({slug}, allegiance {n})."))
        q(al, DERIVED, art)

    for actor in dict.fromkeys(a.iri for a in mentioned[:2]):
        q(_iri(actor), HIDDEN, _en(rng.choice(DESCRIPTIONS)))

    headline = f"Fighting reported in {country.label} ({index})"
    q(art, A, C["Article"])
    q(art, LABEL, _en(headline))
    q(art, TITLE, _plain(headline))
    q(art, DATE, _typed(published.isoformat(), XSD_DATE))
    q(art, PUBLISHED, _typed(published.isoformat(), XSD_DATE))
    q(art, URL, _iri(f"https://news.example.org/{slug}"))
    q(art, PUBLISHER, _plain(picks["media"].pick(rng).label))
    q(art, RIGHTS, _plain("Synthetic benchmark text; no rights reserved."))
    q(art, BODY, _plain("\n".join([headline] + sentences)))
    q(g, A, PROV_ENTITY)
    q(g, DERIVED, art)
    if rng.random() < 0.3:
        q(g, C["reviewStatus"], C["Reviewed"])
        q(g, ATTRIBUTED, C["Maintainers"])
    else:
        q(g, C["reviewStatus"], C["Unreviewed"])
        q(g, ATTRIBUTED, C["Extractor"])
        q(g, C["extractorVersion"], _plain(EXTRACTOR_VERSION))
    return ArticleFacts(slug, out, statements)


def _allegiance(rng: random.Random, picks: dict[str, Skewed]) -> tuple[Actor, Actor, str]:
    of, to = picks["agent"].pick(rng), picks["ally"].pick(rng)
    while to is of:
        to = picks["ally"].pick(rng)
    return of, to, rng.choice(ALLEGIANCE_TYPES)


def _relation(of: Actor, atype: str, to: Actor) -> tuple:
    if atype in SYMMETRIC_ALLEGIANCES:
        return atype, frozenset((of.iri, to.iri))
    return atype, of.iri, to.iri


def _picks(pool: Pool) -> dict[str, Skewed]:
    k = pool.by_kind
    fighters = k.get("ArmedGroup", []) + k.get("StateForce", []) + k.get("State", [])
    return {
        "country": Skewed(pool.countries, 0.7),
        "event_type": Skewed([t for t, w in sorted(EVENT_TYPES, key=lambda tw: -tw[1])], 0.6),
        "agent": Skewed(fighters),
        "target": Skewed(fighters + k.get("CivilianGroup", [])),
        "ally": Skewed(k.get("State", []) + k.get("ArmedGroup", []) + k.get("Government", []) + k.get("Person", [])),
        "speaker": Skewed(k.get("Person", []) + k.get("Government", []) + k.get("Organization", [])
                          + k.get("ArmedGroup", []) + k.get("InternationalOrganization", [])),
        "media": Skewed(k.get("MediaOutlet", [])),
    }


def corpus_lines(n_articles: int, seed: int = 0, *, ontology: bool = True) -> Iterator[str]:
    """Every N-Quads line of the corpus: ontology graph, reference graph, then article graphs."""
    pool = build_pool(n_articles, seed)
    if ontology:
        yield from ontology_quads()
    yield from reference_quads(pool)
    rng = random.Random(f"articles-{seed}")
    picks = _picks(pool)
    for index in range(1, n_articles + 1):
        yield from _article(index, rng, pool, picks).lines


def parameters(n_articles: int, seed: int = 0) -> dict[str, str]:
    """Values that exist in the corpus, to bind benchmark and named-query parameters: the most
    popular armed actor, the busiest country and one of its regions, the first article."""
    pool = build_pool(n_articles, seed)
    picks = _picks(pool)
    country = pool.countries[0]
    region = next(p for p in pool.places if p.kind == "Region" and p.parent is country)
    first = _article(1, random.Random(f"articles-{seed}"), pool, picks)
    actor = picks["agent"].items[0]
    return {
        "actor": actor.iri, "actor_label": actor.label, "label_fragment": actor.label.split()[-1][:5].lower(),
        "country": country.iri, "region": region.iri, "state": pool.states[country.iri].iri,
        "article": str(ARTICLE[first.slug]), "article_graph": str(ARTICLE_GRAPH[first.slug]),
        "event": str(EVENT[f"{first.slug}-e1"]), "date_from": "2019-01-01", "date_to": "2019-12-31",
        "year": "2019", "lat": f"{region.lat:.4f}", "long": f"{region.lon:.4f}", "km": "50",
    }
