"""Place mentions in a sentence: facilities and areas described in relation to a place ("the
airport in Goma", "the surrounding villages"), regions, gazetteer and reference places, and
countries or capitals that act ("Rwanda denied", "blamed Kinshasa"), which are actors, not places.
A mixin of ``mentions.MentionFinder``."""

from __future__ import annotations

import re

from . import gazetteer, lexicon
from .names import _subspans
from .sentences import Sentence

_LOCATIVE = re.compile(r"(?:\b(?:in|into|across|throughout|within|inside|near|to|towards?|of|around|outside|"
                       r"from|at|entered|over)\s+(?:the\s+)?(?:\w+\s+)?$)", re.I)
_FACILITY = re.compile(r"\b(?:the\s+)?(airport|air\s?base|military base|base|fortress|citadel|castle|prison|hospital|"
                       r"camp|refugee camp|bridge|dam|port|refinery|palace|barracks|border crossing|power plant|"
                       r"market|university)\s+(?:in|of|near|outside|at)\s+(?:the\s+(?:city|town)\s+of\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
_AREA = re.compile(r"\b(?:the\s+)?((?:surrounding|nearby)\s+(?:area|areas|villages|countryside|region)|"
                   r"(?:rural\s+areas|countryside|outskirts|suburbs|villages|areas|environs)\s+"
                   r"(?:close to|near|around|of|outside|surrounding)\s+([A-Z][\w'’-]+))")
_REGION = re.compile(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(province|governorate|region|state|oblast|district|prefecture)\b")
_COUNTRY_AS_ACTOR = re.compile(r"^(?:,\s+which\s+(?:is|was|has\s+been)\s+(?:backed|supported|armed|funded)\b|"
                               r",\s+which\s+(?:also\s+|has\s+|had\s+)?(?:carries|carried|launched|launches|sent|sends|deployed|"
                               r"deploys|supports|supported|backs|backed|conducts|conducted|armed|arms|funds|funded|trains|trained|"
                               r"accused|accuses|denied|denies|says|said|struck|strikes|bombed)\b|"
                               r"(?:'s|’s)?\s*(?:has|have|had|is|was|will|would|said|says|stated|announced|"
                               r"launched|carried|conducted|accused|denied|warned|supports|supported|backs|backed|"
                               r"sent|deployed|claimed|called|urged|condemned|\w+ed\b))", re.I)
_ACTOR_CONTEXT_BEFORE = re.compile(r"\b(?:blamed|accused|urged|condemned|by|proxy of|proxy for|proxies of|client of|representative from|official from|envoy from|delegation from|from|on|with|between|against|and|support of|backed by|dependence on|"
                                   r"allies|ally|relations with)\s+$", re.I)


def _capital_acts(text: str, start: int, end: int) -> bool:
    """A capital named as an actor: "Kinshasa denied", "Kyiv, which is backed by", "blamed Kinshasa";
    never after a preposition ("a strike on Kyiv", "protesters in Kinshasa")."""
    before, after = text[:start], text[end:]
    if re.search(r"\b(?:on|in|at|to|from|into|near|over|across|of|outside|around|toward|towards)\s+(?:the\s+)?$", before, re.I):
        return False
    return bool(re.match(r"(?:,\s+which\s+(?:is|was|has\s+been)\s+(?:backed|supported|armed|funded)\b|"
                         r"\s+(?:has|have|had)?\s*(?:said|says|denied|accused|blamed|announced|claimed|warned|rejected|"
                         r"insisted|urged|condemned|responded|confirmed|called)\b)", after)) or \
        bool(re.search(r"\b(?:blamed|accused|urged|condemned|criticised|criticized)\s+$", before))


def _is_capital(entry) -> bool:
    """A country's capital: the gazetteer gives a country its capital's coordinates."""
    country = gazetteer.countries().get(entry.country)
    return (entry.kind in ("City", "Town") and country is not None and entry.lat is not None and country.lat is not None
            and abs(entry.lat - country.lat) < 0.05 and abs(entry.lon - country.lon) < 0.05)



class PlaceMentions:
    """The place rules of ``MentionFinder``: places, and countries and capitals as actors."""

    def _places(self, sentence: Sentence, text: str, add) -> None:
        E = self.entities
        for m in _FACILITY.finditer(text):
            parent = self._gazetteer_place(m.group(2))
            if parent:
                self.last_place = parent
                label = f"{m.group(1).capitalize()} in {E.place(parent).label}"
                add(m.start(), m.end(), "place", E.local_place("Facility", label, parent, m.group(0)), m.group(0))
        for m in _AREA.finditer(text):
            parent = self._gazetteer_place(m.group(2)) if m.group(2) else self.last_place
            if parent:
                phrase = m.group(1) if not m.group(2) else m.group(1)[: m.start(2) - m.start(1)].strip()
                label = (f"Area surrounding {E.place(parent).label}" if not m.group(2)
                         else f"{phrase.split()[0].capitalize()} {' '.join(phrase.split()[1:])} {E.place(parent).label}")
                add(m.start(), m.end(), "place", E.local_place("Area", label, parent, m.group(0)), m.group(0))
        for m in _REGION.finditer(text):
            record = E.reference.find(m.group(0), "place")
            if record:
                add(m.start(), m.end(), "place", E.place_from_record(record, m.group(0)), m.group(0))
                continue
            entry = gazetteer.lookup(m.group(0), E.focus) or gazetteer.lookup(m.group(1), E.focus)
            if entry and entry.kind == "Region":
                add(m.start(), m.end(), "place", E.place_from_gazetteer(entry, m.group(0)), m.group(0))
        for m in self._place_name_re.finditer(text):
            for start, end in _subspans(text, m.start(1), m.end(1)):
                name = text[start:end]
                if name in lexicon.ambiguous_place_words() or name in lexicon.demonyms():
                    continue
                entry = gazetteer.lookup(name, E.focus)
                record = E.reference.find(name, "place")
                if entry is None and record is None:
                    continue
                if (entry and entry.kind == "Country") or (record and record.kind == "Country"):
                    self._country(sentence, text, start, end, name, entry, add)
                    break
                if entry and not record and _is_capital(entry) and _capital_acts(text, start, end):
                    add(start, end, "actor", self._capital_actor(entry.country, name), name)  # "blamed Kinshasa"
                    break
                key = E.place_from_record(record, name) if record else E.place_from_gazetteer(entry, name)
                add(start, end, "place", key, name)
                break


    @staticmethod
    def _agentive(text: str, start: int, end: int) -> bool:
        """Whether a country (or capital) named at text[start:end] acts: "Rwanda denied", "backed by Iran"."""
        before, after = text[:start], text[end:]
        agentive = bool(_COUNTRY_AS_ACTOR.match(after)) and not _LOCATIVE.search(before) or \
            bool(_ACTOR_CONTEXT_BEFORE.search(re.sub(r"\bthe\s+$", "", before))) and not re.match(r"\s*(?:'s|’s)", after)
        if re.match(r"(?:'s|’s)\s+(?:\w+\s+){0,2}(?:civil war|conflict|war|city|cities|province|north|south|east|west|"
                    r"border|territory|stability|territorial|capital|largest|second|third|fourth)", after):
            agentive = False
        return agentive

    def _country(self, sentence, text, start, end, name, entry, add) -> None:
        E = self.entities
        code = entry.country if entry else None
        if code is None:
            return
        if self._agentive(text, start, end):
            add(start, end, "actor", E.state_actor(code, name), name)
        else:
            add(start, end, "place", E.country_place(code), name)

    def _capital_actor(self, code: str, surface: str) -> str | None:
        """A capital that acts stands for the government (CODEBOOK: "Kigali" for the Rwandan government);
        the name is kept as a description so that the city stays a place elsewhere in the article."""
        E = self.entities
        demonym = next((d for d, c in lexicon.demonyms().items() if c == code), None)
        if demonym is None:
            return None
        key = self._find_kind("Government", code, demonym) or E.actor_named(f"{demonym} government", "Government", None)
        E.note_surface("actor", key, surface, True)
        return key

    def _gazetteer_place(self, name: str) -> str | None:
        E = self.entities
        record = E.reference.find(name, "place")
        if record:
            return E.place_from_record(record)
        entry = gazetteer.lookup(name, E.focus)
        return E.place_from_gazetteer(entry) if entry else None

    last_place: str | None = None
