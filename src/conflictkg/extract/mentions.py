"""Actor and place mentions in a sentence: reference names, well-known actors, names typed by
their head word, acronyms defined in parentheses, people with titles and roles, forces and
governments named by a demonym, unnamed collectives, states versus countries, gazetteer places,
and facilities and areas described in relation to a place. Every mention is resolved to an
entity of the article (``resolution.Entities``).

This module holds the rules that scan a sentence (``MentionFinder.find``); the rest lives by
concept: ``actor_mentions`` (from a name to an actor), ``place_mentions`` (places, and countries
and capitals that act), ``names`` (what a name looks like), ``roles`` (titles and roles),
``known_names`` (the names known before reading) and ``focus`` (the countries an article is about)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer, lexicon
from .actor_mentions import ActorMentions
from .focus import _focus_demonym, detect_focus
from .known_names import _actor_patterns, _demonym_patterns
from .lexicon import GOVERNMENT_NOUNS
from .names import _FIGHTERS_AFTER, _NAME, _PLACE_NAME, _alternation, _head_kind, _name_parts
from .place_mentions import PlaceMentions
from .resolution import Entities, is_description, strip_article
from .roles import _ROLE_APPOSITION, _ROLE_BEFORE_NAME, _ROLE_FOR, _TITLED, _role_type
from .sentences import Sentence

__all__ = ["Mention", "MentionFinder", "detect_focus"]

_ACRONYM_DEF = re.compile(rf"\b({_NAME})\s+\(([A-Z][A-Za-z0-9-]{{1,9}})\)")
_CODED_GROUP = re.compile(r"\b([A-Z][A-Za-z]*\d+[A-Za-z0-9]*|[A-Z]{2,6})\s+(?:rebel\s+(?:movement|group|alliance)|"
                          r"rebels|militia|militias|movement|militants|insurgents|fighters)\b")
# "Fano fighters", "al-Shabaab militants", "Houthi rebels": a name followed by a noun for fighters
_NAMED_FIGHTERS = re.compile(rf"(?<![\w-])({_NAME})\s+(?:rebels|militants|fighters|militiamen|militia|insurgents|gunmen|"
                             r"jihadists|guerrillas|paramilitaries)\b")
# "Viv Ansanm, a coalition of gangs", "Hezbollah, the Iran-backed militant group": the apposition types the name
_TYPING_APPOSITION = re.compile(rf"(?<![\w-])({_NAME}),\s+(?:the|an?)\s+(?:[\w'’-]+\s+){{0,4}}?"
                                r"(group|militia|movement|coalition|alliance|faction|network|organi[sz]ation|party|"
                                r"federation|gang|insurgency|rebels|guerrillas)\b")
# "the militant group Hezbollah", "armed group X", "the rebel coalition X"
_TYPED_BEFORE = re.compile(rf"\b(?:militant|armed|rebel|jihadist|insurgent|paramilitary|separatist|guerrilla|islamist)\s+"
                           rf"(?:group|movement|coalition|alliance|organi[sz]ation|militia)\s+({_NAME})")
_CIVIL_GROUP = re.compile(r"\b(?:medical|rights|human rights|aid|humanitarian|monitoring|advocacy|civil society|"
                          r"research|doctors'?|media|political)\s+(?:group|organi[sz]ation|network)|\bparty\b", re.I)
_DEFINITE = re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(alliance|coalition|movement|front|militia|group|rebels|militants|"
                       r"insurgents|paramilitaries|guerrillas|jihadists|dissidents)\b(?!\s+[A-Z])(?!\s+of\b)")
# "Somalia's federal government", "Sudan's army", "Lebanon's health ministry": a country's own institutions
_POSSESSIVE_STATE = re.compile(r"(?<![\w-])([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:'s|’s)\s+(?:(?:federal|central|national|"
                               r"interim|transitional|military|elected|regional)\s+)?((?:health|defen[cs]e|foreign|interior)\s+ministry|"
                               r"government|army|military|armed forces|forces|troops|police|navy|air force|authorities|"
                               r"junta|regime)\b")

# "Security forces killed", "military jets bombed": a state's forces with no named owner (the focus country's)
_UNNAMED_FORCE = re.compile(r"\b(?:(?:the|its|their)\s+)?(security forces|government forces|government troops|"
                            r"government soldiers|army troops|troops|soldiers|police(?:men)?|"
                            r"military\s+(?:jets|warplanes|aircraft|helicopters|drones))\b", re.I)
# "peacekeeping troops", "UN troops", "Wagner soldiers", "Hamas's fighters": someone else's, or not unnamed
_OWNED_BEFORE = re.compile(r"(?:(?<![\w-])(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Then|Later|"
                           r"Meanwhile|But|And|When|As|After|Earlier|Overnight)\b)[A-Z][\w.-]*|[\w-]+(?:'s|’s)|peacekeeping|foreign|rebel|opposition|allied|enemy|"
                           r"militia|own|international|coalition|mercenary|private|[Ww]estern|NATO|UN|AU|of\s+the)\s+$")

# "The US military's Central Command", "Russia's defence ministry's Main Intelligence Directorate":
# a named body of a state's forces or government is affiliated with them
_STATE_BODY = re.compile(rf"(?<![\w-])(?!The\b)([A-Z][\w.-]*(?:\s+[A-Z][\w-]+)?)(?:'s|’s)?\s+(military|army|armed forces|navy|"
                         rf"air force|forces|government|(?:defen[cs]e|interior) ministry)(?:'s|’s)\s+({_NAME})")


@dataclass(frozen=True)
class Mention:
    sentence: int
    start: int
    end: int
    category: str  # actor or place
    key: str
    surface: str


class MentionFinder(ActorMentions, PlaceMentions):
    """Finds the mentions of one article, sentence by sentence, into one ``Entities`` registry."""

    def __init__(self, entities: Entities, foreknown: dict[str, str] | None = None):
        self.entities = entities
        # names (→ kind) a first pass over the article found: met before the sentence that types them
        self._foreknown = foreknown or {}
        self._foreknown_re = _alternation(self._foreknown) if self._foreknown else None
        self.used: set[str] = set()  # keys of the actors mentioned so far
        compiled = getattr(entities.reference, "_compiled_names", None)
        if compiled is None:  # built once per reference index: compiling is most of an article's cost
            compiled = _actor_patterns(entities.reference)
            entities.reference._compiled_names = compiled
        self._actor_names, self._actor_re = compiled
        self._force_re, self._attack_re, self._bare_re = _demonym_patterns()
        self._place_name_re = _PLACE_NAME
        self.affiliations: list[tuple[int, str, str, str]] = []  # (sentence, person, owner, type): "Iran's foreign minister, X"

    # ------------------------------------------------------------------------------------
    def find(self, sentence: Sentence) -> list[Mention]:
        text = sentence.text
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, category: str, key: str | None, surface: str) -> None:
            if key is None or any(s < end and start < e for s, e in taken):
                return
            taken.append((start, end))
            found.append(Mention(sentence.index, start, end, category, key, surface))

        E = self.entities
        for m in _ACRONYM_DEF.finditer(text):
            name, acronym = strip_article(m.group(1)), m.group(2)
            key = self._named_actor(name)
            if key is None and _head_kind(name):
                key = E.actor_named(name, _head_kind(name), name)
            if key is not None:
                E.note_surface("actor", key, acronym, False)
                add(m.start(1), m.end(2) + 1, "actor", key, m.group(0))
        for m in self._force_re.finditer(text):
            key = self._demonym_actor(m.group(1), m.group(2), m.group(0))
            add(m.start(), m.end(), "actor", key, m.group(0))
        for m in self._attack_re.finditer(text):
            code = lexicon.demonyms()[m.group(1)]
            air = bool(re.match(r"air|warplanes|jets|aircraft|bomb", m.group(2)))
            key = (self._find_kind("StateForce", code, m.group(1), air) or self._find_kind("StateForce", code, m.group(1), not air)
                   or self._national_force(code, m.group(1), None, air))
            add(m.start(1), m.end(1), "actor", key, m.group(1))
        for m in self._actor_re.finditer(text):
            hit = self._actor_names.get(m.group(0))
            if hit and hit[0] == "lexicon" and hit[2] and re.match(r"\s+[A-Z]", text[m.end():]):
                continue  # "the AP Government": an ambiguous acronym inside another name
            key = self._named_actor(m.group(0))
            fighters = _FIGHTERS_AFTER.match(text, m.end())  # "Houthi rebels" is the Houthis, not a collective
            if fighters and key is not None:
                E.note_surface("actor", key, text[m.start():fighters.end()], True)
            add(m.start(), fighters.end() if fighters else m.end(), "actor", key, text[m.start():fighters.end() if fighters else m.end()])
        if self._foreknown_re is not None:
            for m in self._foreknown_re.finditer(text):
                name = m.group(0)
                fighters = _FIGHTERS_AFTER.match(text, m.end())  # "X militants" is X (not a collective)
                end = fighters.end() if fighters else m.end()
                if any(s < end and m.start() < e for s, e in taken):
                    continue
                key = self._named_actor(name) or E.actor_named(name, self._foreknown[name], name)
                E.note_surface("actor", key, text[m.start():end], True if fighters else None)
                add(m.start(), end, "actor", key, text[m.start():end])
        learned = self._learned_names()
        if learned is not None:  # names and acronyms of new actors met earlier in this article
            for m in learned.finditer(text):
                add(m.start(), m.end(), "actor", E.known("actor", m.group(0)), m.group(0))
        for m in _ROLE_APPOSITION.finditer(text):
            role, person = m.group(1), m.group(2)
            key = E.actor_named(person, "Person", person)
            owner = re.match(r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:'s|’s)\s", role)
            entry = gazetteer.lookup(owner.group(1), E.focus) if owner else None
            if entry is not None and entry.kind == "Country":
                state = E.state_actor(entry.country, owner.group(1))
                self.affiliations.append((sentence.index, key, state, _role_type(role)))
            elif owner:
                other = self._named_actor(owner.group(1))
                if other:
                    self.affiliations.append((sentence.index, key, other, _role_type(role)))
            E.note_surface("actor", key, role, True)
            add(m.start(2), m.end(2), "actor", key, person)
            add(m.start(1), m.end(1), "actor", key, role)
        for m in _TITLED.finditer(text):
            person = re.sub(r"(?:'s|’s)$", "", m.group(1))
            record = E.reference.find(person, "actor") or E.reference.find(m.group(0), "actor")
            key = E.actor_from_record(record, m.group(0)) if record else E.actor_named(person, "Person", m.group(0))
            add(m.start(), m.end(), "actor", key, m.group(0))
        for m in re.finditer(rf"\b([A-Z][\w'’-]+)\s+({GOVERNMENT_NOUNS})\b", text):
            record = E.reference.find(m.group(0), "actor")
            if record is not None:
                add(m.start(), m.end(), "actor", E.actor_from_record(record, m.group(0)), m.group(0))
        for m in re.finditer(r"\b(forces|troops|soldiers|units)\s+(?:still\s+)?loyal\s+to\s+(?:the\s+)?", text, re.I):
            owner = [f for f in found if f.start >= m.end() and f.start - m.end() < 3]
            label = E.actor(owner[0].key).label if owner else (m.group(0) + text[m.end():m.end() + 30])
            demonym = next((d for d in sorted(lexicon.demonyms(), key=len, reverse=True)
                            if re.search(rf"\b{re.escape(d)}\b", label)), None)
            if owner and E.actor(owner[0].key).kind == "Person" and E.focus:
                demonym = _focus_demonym(E)
            if demonym:
                code = lexicon.demonyms()[demonym]
                key = self._national_force(code, demonym, None)
                if owner:
                    E.note_surface("actor", key, text[m.start():owner[0].end], True)
                add(m.start(), m.start() + len(m.group(1)), "actor", key, m.group(1))
        for m in self._bare_re.finditer(text):
            key = self._focus_actor(m.group(1).lower(), m.group(0))
            add(m.start(1), m.end(), "actor", key, m.group(0))
        for m in re.finditer(rf"\b({_NAME})\b", text):
            for start, end in _name_parts(text, m.start(1), m.end(1)):
                name = strip_article(text[start:end])
                kind = _head_kind(name)
                if kind and len(name.split()) > 1 and not re.match(r"^(?:The|A|An)$", name):
                    add(start, end, "actor", self._named_actor(name) or E.actor_named(name, kind, name), name)
        for m in _ROLE_FOR.finditer(text):  # "A spokesman for the junta, Zaw Min Tun, said": speaks for the junta
            person = E.actor_named(m.group(3), "Person", m.group(3))
            E.note_surface("actor", person, m.group(1), True)
            add(m.start(3), m.end(3), "actor", person, m.group(3))
            owner = [f for f in found if f.category == "actor" and m.start(2) <= f.start < m.end(2)]
            if owner and owner[-1].key != person:
                E.speaks_for[person] = owner[-1].key
                self.affiliations.append((sentence.index, person, owner[-1].key, "AffiliatedWith"))
        for m in _CODED_GROUP.finditer(text):  # "the M23 rebel movement", "the ADF militia"
            name = m.group(1)
            if name in lexicon.demonyms() or gazetteer.lookup(name) is not None:
                continue
            key = self._named_actor(name) or E.actor_named(name, "ArmedGroup", name)
            E.note_surface("actor", key, strip_article(m.group(0)), True)
            add(m.start(1), m.end(), "actor", key, m.group(0))
        for m in _POSSESSIVE_STATE.finditer(text):  # "Somalia's federal government", "Sudan's army"
            entry = gazetteer.lookup(m.group(1), E.focus)
            if entry is None or entry.kind != "Country" or m.group(1) in lexicon.ambiguous_place_words():
                continue
            demonym = next((d for d, c in lexicon.demonyms().items() if c == entry.country), None)
            noun = m.group(2).lower()
            if demonym is None:
                continue
            if "ministry" in noun:
                key = E.actor_named(f"{demonym} {noun}", "Government", m.group(0), True)
            else:
                key = self._demonym_actor(demonym, "government" if noun in ("junta", "regime") else noun, m.group(0))
            add(m.start(), m.end(), "actor", key, m.group(0))
        for m in _TYPED_BEFORE.finditer(text):  # "the militant group Hezbollah"
            name = strip_article(m.group(1))
            key = self._named_actor(name) or self._new_group(name, "ArmedGroup")
            add(m.start(1), m.end(1), "actor", key, name)
        for m in _TYPING_APPOSITION.finditer(text):  # "Viv Ansanm, a coalition of once-rival gangs,"
            name = strip_article(m.group(1))
            if len(name) < 2:
                continue
            civil = _CIVIL_GROUP.search(text[m.end(1):m.end()])
            key = self._named_actor(name) or self._new_group(name, "Organization" if civil else "ArmedGroup")
            if key is not None:
                E.note_surface("actor", key, text[m.end(1) + 2:m.end()].strip(), True)
                add(m.start(1), m.end(1), "actor", key, name)
        for m in _NAMED_FIGHTERS.finditer(text):  # "Fano fighters", "al-Shabaab militants"
            for start, end in _name_parts(text, m.start(1), m.end(1)):
                name = strip_article(text[start:end])
                key = self._named_actor(name) or self._new_group(name, "ArmedGroup")
                if key is not None:
                    E.note_surface("actor", key, m.group(0), True)
                    add(start, m.end(), "actor", key, m.group(0))
        for m in _ROLE_BEFORE_NAME.finditer(text):  # "police spokesman X said": X speaks for the police
            person = m.group(2)
            if self._named_actor(person) or gazetteer.lookup(person, E.focus) is not None:
                continue
            key = E.actor_named(person, "Person", person)
            E.note_surface("actor", key, m.group(0), True)
            add(m.start(2), m.end(2), "actor", key, person)
            owner = [f for f in found if f.category == "actor" and f.end <= m.start(2) and m.start() - f.end < 3 and f.key != key]
            if owner:
                role = m.group(1).split()[-1].lower()
                if role.startswith("spokes"):
                    E.speaks_for[key] = owner[-1].key
                self.affiliations.append((sentence.index, key, owner[-1].key, _role_type(role)))
        for m in _DEFINITE.finditer(text):  # "the alliance", "the group", "the rebels": a group named before
            key = self._antecedent(m.group(1).lower())
            if key is not None:
                E.note_surface("actor", key, m.group(0), True)
                add(m.start(), m.end(), "actor", key, m.group(0))
        for m in lexicon.COLLECTIVE.finditer(text):
            if re.search(r"[A-Z][\w-]*(?:'s|’s)\s+$", text[:m.start(1)]):
                continue  # "the X Front's militants" are X's, not an unnamed collective
            if m.group(1).lower() == "fighters":  # bare "fighters": a named side's, when there is one
                if re.search(r"(?:[A-Z][\w-]*|government|pro-\w+|foreign|\d+)\s+$", text[:m.start(1)]):
                    continue
                key = self._antecedent("militants") or self._collective(m.group(1))
            else:
                key = self._collective(m.group(1))
            add(m.start(1), m.end(1), "actor", key, m.group(1))
        for m in lexicon.CIVILIANS.finditer(text):
            if re.match(r"\s+(?:areas|homes|buildings|targets)", text[m.end():]):
                continue
            add(m.start(1), m.end(1), "actor", self._civilians(m.group(1)), m.group(1))
        for m in _UNNAMED_FORCE.finditer(text):
            if _OWNED_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or re.match(
                    r"\s+(?:spokes\w+|chief|commanders?|officials?|officers?|sources?|stations?|headquarters)\b", text[m.end():]):
                continue  # someone else's forces, or "police spokesman X": the speaker is X, described
            
            add(m.start(1), m.end(1), "actor", self._unnamed_force(m.group(1), m.group(0)), m.group(1))
        for m in _STATE_BODY.finditer(text):
            self._state_body(sentence, m, found, add)
        self._places(sentence, text, add)
        found.sort(key=lambda x: x.start)
        self.used.update(m.key for m in found if m.category == "actor")
        for m in found:  # "the surrounding area" in a later sentence is around the last place named
            if m.category == "place" and E.place(m.key).kind not in ("Area", "Facility", "Country"):
                self.last_place = m.key
            if m.category == "actor" and E.actor(m.key).kind == "ArmedGroup":
                self.last_group = m.key
        return found

    def _state_body(self, sentence: Sentence, m: re.Match, found: list[Mention], add) -> None:
        """"The US military's Central Command": the named body (typed by its head word) is
        AffiliatedWith the state's forces or government the possessive names."""
        E = self.entities
        code = lexicon.demonyms().get(m.group(1))
        if code is None:
            entry = gazetteer.lookup(m.group(1), E.focus)
            code = entry.country if entry is not None and entry.kind == "Country" else None
        name = strip_article(m.group(3))
        kind = _head_kind(name)
        if code is None or kind is None or kind == "MediaOutlet":
            return
        owner = next((f.key for f in found if f.category == "actor" and f.start < m.end(2) and m.start() < f.end), None)
        if owner is None:
            demonym = m.group(1) if m.group(1) in lexicon.demonyms() else \
                next((d for d, c in lexicon.demonyms().items() if c == code), None)
            noun = m.group(2).lower()
            if demonym is None:
                return
            owner = (E.actor_named(f"{demonym} {noun}", "Government", m.group(0)[:m.end(2) - m.start()], True)
                     if "ministry" in noun else self._demonym_actor(demonym, noun, m.group(0)[:m.end(2) - m.start()]))
            add(m.start(), m.end(2), "actor", owner, m.group(0)[:m.end(2) - m.start()])
        body = next((f.key for f in found if f.category == "actor" and f.start <= m.start(3) < f.end), None)
        if body is None:
            body = self._named_actor(name) or E.actor_named(name, kind, name)
            add(m.start(3), m.end(3), "actor", body, name)
        if owner and body and owner != body:
            self.affiliations.append((sentence.index, body, owner, "AffiliatedWith"))

    def new_names(self) -> dict[str, str]:
        """The proper names of the new named groups and organisations found so far (name → kind):
        what a second pass may recognise before the sentence that typed them."""
        kinds = ("ArmedGroup", "Organization", "MediaOutlet", "InternationalOrganization")
        out: dict[str, str] = {}
        for a in self.entities.actors:
            if a.key in self.used and a.iri is None and a.kind in kinds and not is_description(a.label) and a.label[:1].isupper():
                for name in (a.label, *a.alt_labels):
                    if len(name) > 2 and not is_description(name):
                        out.setdefault(name, a.kind)
        return out
