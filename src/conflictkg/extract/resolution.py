"""One node per real entity: the article's registry of actors and places. Every name found in
the text is resolved here — to a reference record when one bears the name, to an actor or place
already seen in the article, or to a new one — and every surface form is kept (names as
altLabels of new records, descriptions as the article's hiddenLabels)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Actor, Place
from ..namespaces import PLACE
from . import gazetteer, lexicon
from .gazetteer import GazetteerEntry, fold
from .reference import Record, ReferenceIndex


def is_description(surface: str) -> bool:
    """A description ("the military", "rebel forces") rather than a name ("Syrian Arab Army")."""
    words = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", surface, flags=re.I).split()
    return not words or not words[0][:1].isupper() or all(w[:1].islower() for w in words[1:]) and \
        words[0] not in lexicon.demonyms() and len(words) > 1 and words[-1].islower()


@dataclass
class Entities:
    reference: ReferenceIndex
    focus: tuple[str, ...] = ()  # ISO codes of the countries the article is about, most mentioned first
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    _by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (category, folded name) → key
    speaks_for: dict[str, str] = field(default_factory=dict)  # a spokesperson's key → whom they speak for

    # -- lookup ----------------------------------------------------------------------------
    def known(self, category: str, name: str) -> str | None:
        return self._by_name.get((category, fold(strip_article(name))))

    def actor(self, key: str) -> Actor:
        return next(a for a in self.actors if a.key == key)

    def place(self, key: str) -> Place:
        return next(p for p in self.places if p.key == key)

    # -- actors ----------------------------------------------------------------------------
    def actor_from_record(self, record: Record, surface: str | None = None) -> str:
        key = self.known("actor", record.label) or self._remember_actor(
            Actor(key=record.iri.rsplit("/", 1)[1], label=record.label, kind=record.kind, iri=record.iri),
            record.names)
        self.note_surface("actor", key, surface)
        return key

    def actor_named(self, name: str, kind: str, surface: str | None = None, description: bool = False) -> str:
        """The actor bearing ``name``: known in the article, in the reference, or new."""
        key = self.known("actor", name)
        if key is None:
            record = self.reference.find(strip_article(name), "actor")
            if record is not None:
                return self.actor_from_record(record, surface)
            label = strip_article(name)
            label = label[0].upper() + label[1:]
            key = self._remember_actor(Actor(key=_key(label, self.actors), label=label, kind=kind), [label])
        self.note_surface("actor", key, surface, description)
        return key

    def _remember_actor(self, actor: Actor, names: list[str]) -> str:
        self.actors.append(actor)
        for name in names:
            self._by_name.setdefault(("actor", fold(strip_article(name))), actor.key)
        return actor.key

    def note_surface(self, category: str, key: str, surface: str | None, description: bool | None = None) -> None:
        """Keep a surface form: a new record's altLabel, or the article's hiddenLabel (descriptions)."""
        if not surface:
            return
        surface = re.sub(r"(?:'s|’s)$", "", strip_article(surface.strip()))
        entity = self.actor(key) if category == "actor" else self.place(key)
        folded = fold(surface)
        self._by_name.setdefault((category, folded), key)
        known = {fold(entity.label)} | {fold(n) for n in entity.alt_labels + entity.hidden_labels}
        if entity.iri is not None:
            record = self.reference.records.get(entity.iri)
            known |= {fold(n) for n in (record.names if record else [])}
        if folded in known or not surface:
            return
        if description is None:
            description = is_description(surface)
        if description or entity.iri is not None:
            entity.hidden_labels.append(surface)
        else:
            entity.alt_labels.append(surface)

    # -- places ----------------------------------------------------------------------------
    def place_from_record(self, record: Record, surface: str | None = None) -> str:
        key = self.known("place", record.label)
        if key is None:
            key = record.iri.rsplit("/", 1)[1]
            self._remember_place(Place(key=key, label=record.label, kind=record.kind, iri=record.iri,
                                       lat=record.lat, lon=record.lon), record.names)
        self.note_surface("place", key, surface, False)
        return key

    def place_from_gazetteer(self, entry: GazetteerEntry, surface: str | None = None) -> str:
        for name in (entry.name, *entry.alternates, surface or ""):
            if not name:
                continue
            record = self.reference.find(name, "place")
            if record is not None and record.kind in ("Country", "Region", "City", "Town") and \
                    _same_kind(record.kind, entry.kind):
                return self.place_from_record(record, surface)
            key = self.known("place", name)
            if key is not None:
                return key
        label = entry.label or entry.name  # the supplement's English label wins over the rules below
        if entry.label is None and entry.kind == "Region" and entry.alternates:  # "North Kivu" over "Nord-Kivu"
            label = next((a for a in entry.alternates if a.isascii()), entry.name)
        elif entry.label is None and not label.isascii() and surface:
            label = strip_article(surface)
        country = None
        if entry.kind != "Country":
            country_entry = gazetteer.countries().get(entry.country)
            if country_entry is not None:
                country = self.place_from_gazetteer(country_entry)
        place = Place(key=_key(label, self.places), label=label, kind=entry.kind,
                      alt_labels=[n for n in (entry.name,) if n != label], lat=entry.lat, lon=entry.lon,
                      geonames_id=entry.geonames_id, located_in=country)
        key = self._remember_place(place, [label, entry.name, *entry.alternates])
        self.note_surface("place", key, surface, False)
        return key

    def local_place(self, kind: str, label: str, parent: str, surface: str) -> str:
        """A facility or area described in relation to a place ("the airport in Aleppo"): the
        reference record located in that place with a matching word, or a new place."""
        parent_place = self.place(parent)
        words = _place_words(surface) - _place_words(parent_place.label)
        if parent_place.iri:
            for record in self.reference.records.values():
                if record.located_in == parent_place.iri and record.kind in ("Facility", "Area") and \
                        words & (_place_words(" ".join(record.names)) - _place_words(parent_place.label)):
                    key = self.place_from_record(record)
                    self.note_surface("place", key, surface, True)
                    return key
        key = self.known("place", label)
        if key is None:
            key = self._remember_place(Place(key=_key(label, self.places), label=label, kind=kind,
                                             lat=parent_place.lat, lon=parent_place.lon, located_in=parent), [label])
        self.note_surface("place", key, surface, True)
        return key

    def _remember_place(self, place: Place, names: list[str]) -> str:
        self.places.append(place)
        for name in names:
            self._by_name.setdefault(("place", fold(strip_article(name))), place.key)
        return place.key

    def country_place(self, code: str) -> str | None:
        entry = gazetteer.countries().get(code)
        return self.place_from_gazetteer(entry) if entry else None

    def country_name(self, code: str) -> str | None:
        entry = gazetteer.countries().get(code)
        if entry is None:
            return None
        record = self.reference.find(entry.name, "place")
        return record.label if record else entry.name

    def state_actor(self, code: str, surface: str | None = None) -> str | None:
        """The state as an actor (ckg:State), territory its country (CODEBOOK: two nodes)."""
        name = self.country_name(code)
        if name is None:
            return None
        record = self.reference.find(name, "actor")
        if record is not None:
            return self.actor_from_record(record, surface)
        key = self.actor_named(name, "State", surface)
        actor = self.actor(key)
        if actor.iri is None and actor.territory is None:
            actor.territory = self.country_place(code)
        return key


_AREA_WORDS = {"surrounding": "near", "around": "near", "countryside": "near", "rural": "near",
               "outskirts": "near", "environs": "near", "near": "near", "close": "near", "vicinity": "near",
               "fortress": "citadel", "citadel": "citadel", "castle": "citadel"}


def _place_words(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {_AREA_WORDS.get(w, w) for w in words} - {"the", "in", "of", "a", "to", "areas", "area", "international"}


def _same_kind(a: str, b: str) -> bool:
    settled = {"City": "P", "Town": "P", "Region": "R", "Country": "C"}
    return settled.get(a) == settled.get(b)


def strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def _key(label: str, existing: list) -> str:
    from ..mapping import slugify
    base, n = slugify(label), 2
    keys = {e.key for e in existing}
    key = base
    while key in keys:
        key, n = f"{base}-{n}", n + 1
    return key


def place_iri_prefix() -> str:
    return str(PLACE)
