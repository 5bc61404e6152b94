"""The facts of one article as plain dataclasses: what the extractor produces and the mapping
turns into RDF. Nothing here knows about IRIs or triples.

Actors and places are referred to by ``key`` (a string unique within one ``ArticleFacts``);
events, statements and allegiances refer to them by key, and statements refer to the events
and statements they concern by their position in the lists (``Ref``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ACTOR_KINDS = ("Actor", "Person", "ArmedGroup", "StateForce", "Government", "State", "Organization",
               "MediaOutlet", "InternationalOrganization", "CivilianGroup")
PLACE_KINDS = ("Location", "Country", "Region", "City", "Town", "Facility", "Area")
EVENT_TYPES = ("Offensive", "Withdrawal", "TerritorialCapture", "Airstrike", "Shelling", "Clash",
               "Curfew", "DiplomaticVisit", "Ceasefire", "Crackdown", "Casualties", "Displacement", "Other")
STATEMENT_TYPES = ("Claim", "Report", "Denial", "Pledge", "Admission", "Accusation", "Announcement", "Call")
ALLEGIANCE_TYPES = ("LoyalTo", "SupportedBy", "AffiliatedWith", "AlliedWith", "Opposes", "LedBy")
SYMMETRIC_ALLEGIANCES = ("AlliedWith", "Opposes")
QUALIFIERS = ("Exact", "AtLeast", "Over", "About")


@dataclass(frozen=True)
class When:
    """A date at its precision: ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    value: str

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]

    @classmethod
    def day(cls, date: dt.date) -> "When":
        return cls(date.isoformat())


@dataclass
class Actor:
    key: str
    label: str
    kind: str = "Actor"
    alt_labels: list[str] = field(default_factory=list)  # proper names (go to a new reference record)
    hidden_labels: list[str] = field(default_factory=list)  # the article's descriptions
    iri: str | None = None  # the reference IRI when the actor is already known
    slug: str | None = None  # a slug chosen by a person for a new record (else minted from the label)
    territory: str | None = None  # a State's country: a place key


@dataclass
class Place:
    key: str
    label: str
    kind: str = "Location"
    alt_labels: list[str] = field(default_factory=list)
    hidden_labels: list[str] = field(default_factory=list)
    iri: str | None = None
    slug: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    located_in: str | None = None  # a place key


@dataclass
class Event:
    type: str
    evidence: list[str]
    label: str = ""
    agents: list[str] = field(default_factory=list)  # actor keys
    targets: list[str] = field(default_factory=list)
    location: str | None = None  # a place key
    date: When | None = None
    planned: bool = False
    fatalities: int | None = None
    fatalities_qualifier: str | None = None
    civilian_fatalities: int | None = None
    civilian_fatalities_qualifier: str | None = None


@dataclass(frozen=True)
class Ref:
    """A reference to another fact of the same article: ``kind`` is actor, place, event or statement."""

    kind: str
    key: str  # the actor / place key, or the index of the event / statement as a string


@dataclass
class Statement:
    speaker: str  # actor key
    type: str
    text: str
    evidence: list[str]
    label: str = ""
    about: list[Ref] = field(default_factory=list)
    date: When | None = None
    cited_in: str | None = None  # actor key of a media outlet
    disputes: list[int] = field(default_factory=list)  # indexes into ArticleFacts.statements


@dataclass
class Allegiance:
    of: str  # actor keys
    type: str
    to: str
    evidence: list[str]
    label: str = ""


@dataclass
class ArticleFacts:
    slug: str
    title: str
    text: str
    published: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    rights: str | None = None
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    allegiances: list[Allegiance] = field(default_factory=list)
    extractor_version: str | None = None  # None: curated by people (ckg:Maintainers)
    reviewed: bool = False

    def actor(self, key: str) -> Actor:
        return next(a for a in self.actors if a.key == key)

    def place(self, key: str) -> Place:
        return next(p for p in self.places if p.key == key)
