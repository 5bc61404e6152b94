"""Actor and place mentions in a sentence: reference names, well-known actors, names typed by
their head word, acronyms defined in parentheses, people with titles and roles, forces and
governments named by a demonym, unnamed collectives, states versus countries, gazetteer places,
and facilities and areas described in relation to a place. Every mention is resolved to an
entity of the article (``resolution.Entities``)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import gazetteer, lexicon
from .lexicon import FORCE_NOUNS, GOVERNMENT_NOUNS, HEADS, ROLES, TITLES
from .resolution import Entities, is_description, strip_article
from .sentences import Sentence

_CAP = r"(?:(?:al|el|ash|ad|as|an)-)?[A-Z][\w'’.-]*"
_CONNECT = r"(?:of|for|the|and|al|el|de|du|des|la|le|in|ash|as|ad|an|bin|ibn|[-–])"
_NAME = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+)*{_CAP})*"
_ACRONYM_DEF = re.compile(rf"\b({_NAME})\s+\(([A-Z][A-Za-z0-9-]{{1,9}})\)")
_TITLED = re.compile(rf"\b{TITLES}\s+((?:[A-Z][\w'’-]+)(?:\s+(?:al|el|bin|ibn|de|van|von)?-?\s*[A-Z][\w'’-]+){{0,3}})")
_ROLE_APPOSITION = re.compile(rf"\b((?:[A-Z][\w'’-]+\s+)?(?:[A-Z][a-z]+|the\s+\w+)(?:'s|’s)?\s+{ROLES}),\s+"
                              rf"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){{1,3}}),")
_LOCATIVE = re.compile(r"(?:\b(?:in|into|across|throughout|within|inside|near|to|towards?|of|around|outside|"
                       r"from|at|entered|over)\s+(?:the\s+)?(?:\w+\s+)?$)", re.I)
_FACILITY = re.compile(r"\b(?:the\s+)?(airport|air\s?base|military base|base|fortress|citadel|castle|prison|hospital|"
                       r"camp|refugee camp|bridge|dam|port|refinery|palace|barracks|border crossing|power plant|"
                       r"market|university)\s+(?:in|of|near|outside|at)\s+(?:the\s+(?:city|town)\s+of\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
_AREA = re.compile(r"\b(?:the\s+)?((?:surrounding|nearby)\s+(?:area|areas|villages|countryside|region)|"
                   r"(?:rural\s+areas|countryside|outskirts|suburbs|villages|areas|environs)\s+"
                   r"(?:close to|near|around|of|outside|surrounding)\s+([A-Z][\w'’-]+))")
_ROLE_FOR = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+((?:spokes(?:man|woman|person)|commander|leader|official|envoy|"
                       r"representative|adviser)\s+(?:for|of)\s+)([^,]{2,60}?),\s+"
                       r"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){1,3}),")
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
# "police spokesman Abdifatah Aden Hassan", "regional governor Oleh Syniehubov", "Army chief Abdel Fattah al-Burhan"
_ROLE_BEFORE_NAME = re.compile(r"(?<![\w'’])((?:[A-Z]?[a-z-]+\s+)?(?:spokes(?:man|woman|person)|governor|mayor|chief|commander|"
                               r"minister|leader|envoy|official|president|general|head))\s+"
                               r"((?:[A-Z][\w'’-]+)(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w'’-]+){1,3})"
                               r"(?=\s*(?:,|said|says|told|stated|denied|added|warned|vowed|announced|claimed|urged|\.))")
# roles that lead what they belong to (CODEBOOK: government LedBy leader); other roles are affiliations
_LEADER_ROLE = re.compile(r"(?<!-)\b(?:leader|head|chief|president|prime minister|secretary-general|founder|emir|chairman)$", re.I)
_DEFINITE = re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(alliance|coalition|movement|front|militia|group|rebels|militants|"
                       r"insurgents|paramilitaries|guerrillas|jihadists|dissidents)\b(?!\s+[A-Z])(?!\s+of\b)")
# "Somalia's federal government", "Sudan's army", "Lebanon's health ministry": a country's own institutions
_POSSESSIVE_STATE = re.compile(r"(?<![\w-])([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:'s|’s)\s+(?:(?:federal|central|national|"
                               r"interim|transitional|military|elected|regional)\s+)?((?:health|defen[cs]e|foreign|interior)\s+ministry|"
                               r"government|army|military|armed forces|forces|troops|police|navy|air force|authorities|"
                               r"junta|regime)\b")
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


@dataclass(frozen=True)
class Mention:
    sentence: int
    start: int
    end: int
    category: str  # actor or place
    key: str
    surface: str


class MentionFinder:
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
            add(m.start(1), m.end(1), "actor", self._collective(m.group(1)), m.group(1))
        for m in lexicon.CIVILIANS.finditer(text):
            if re.match(r"\s+(?:areas|homes|buildings|targets)", text[m.end():]):
                continue
            add(m.start(1), m.end(1), "actor", self._civilians(m.group(1)), m.group(1))
        self._places(sentence, text, add)
        found.sort(key=lambda x: x.start)
        self.used.update(m.key for m in found if m.category == "actor")
        for m in found:  # "the surrounding area" in a later sentence is around the last place named
            if m.category == "place" and E.place(m.key).kind not in ("Area", "Facility", "Country"):
                self.last_place = m.key
            if m.category == "actor" and E.actor(m.key).kind == "ArmedGroup":
                self.last_group = m.key
        return found

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

    def _new_group(self, name: str, kind: str) -> str | None:
        """A group first named in this article, unless the name is a place, a demonym or a common word."""
        E = self.entities
        first = name.split()[0]
        if (name in lexicon.demonyms() or first in lexicon.demonyms() and len(name.split()) == 1
                or gazetteer.lookup(name, E.focus) is not None or name in lexicon.ambiguous_place_words()
                or re.fullmatch(r"(?:The|A|An|Some|Other|Many|Several|Dozens|Hundreds|Thousands|Two|Three|Government|"
                                r"Security|Army|Police|Rebel|Opposition|Local|Armed|Islamist)", first)):
            return None
        return E.actor_named(name, kind, name)

    def _antecedent(self, noun: str) -> str | None:
        """The named group a definite description refers back to: the latest named armed group
        whose names contain the noun ("the alliance" → Three Brotherhood Alliance); "the group"
        and "the rebels" take the latest named armed group when the article has exactly one."""
        E = self.entities
        named = [a for a in E.actors if a.kind == "ArmedGroup" and not re.search(
            r"\b(?:rebels|insurgents|militants|jihadists|groups|fighters)$", a.label)]
        stem = noun.rstrip("s")
        for actor in reversed(named):
            names = " ".join([actor.label, *actor.alt_labels, *actor.hidden_labels]).lower()
            if re.search(rf"\b{stem}", names) and noun not in ("group", "rebels"):
                return actor.key
        generic = ("group", "movement", "militia", "militants", "insurgents", "paramilitaries", "guerrillas",
                   "jihadists", "dissidents")
        if noun in generic + ("rebels",) and len(named) == 1:
            if noun != "rebels" or "rebel" in " ".join(named[0].hidden_labels + named[0].alt_labels).lower():
                return named[0].key
        # several named groups: "the group" is the one named last (the subject of the story so far)
        if noun in generic and self.last_group is not None and any(a.key == self.last_group for a in named):
            return self.last_group
        return None

    last_group: str | None = None

    def _learned_names(self) -> re.Pattern | None:
        names = tuple(sorted({v for a in self.entities.actors if a.iri is None for n in [a.label, *a.alt_labels]
                              for v in (n, re.sub(r"^(Al|El|An|As|Ad|Ash)-", lambda m: m.group(1).lower() + "-", n))}))
        if names != getattr(self, "_learned_key", ()):
            self._learned_key = names
            self._learned = _alternation(dict.fromkeys(names)) if names else None
        return getattr(self, "_learned", None)

    # ------------------------------------------------------------------------------------
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

    # ------------------------------------------------------------------------------------
    def _named_actor(self, name: str) -> str | None:
        E = self.entities
        key = E.known("actor", name)
        if key:
            return key
        hit = self._actor_names.get(name) or self._actor_names.get(strip_article(name))
        if hit is None:
            record = E.reference.find(name, "actor")
            return E.actor_from_record(record, name) if record else None
        if hit[0] == "reference":
            return E.actor_from_record(hit[1], name)
        if hit[0] == "stateforce":
            demonym = next((d for d, c in lexicon.demonyms().items() if c == hit[1]), hit[1])
            return self._national_force(hit[1], demonym, name, description=False)
        return self._known_actor(hit[1], name, guarded=hit[2])

    def _known_actor(self, entry: lexicon.KnownActor, surface: str, guarded: bool = False) -> str:
        """A lexicon actor: the reference record bearing any of its names (the curated record wins),
        else the article's node of that actor, else a new one typed by the lexicon and carrying all
        its names, so that "Houthis", "Ansar Allah" and "Houthi rebels" are one node. An ambiguous
        alias ("the AP") is kept as a description, never as a name."""
        E = self.entities
        surface = surface.strip("()")
        for name in entry.names:
            record = E.reference.find(name, "actor")
            if record is not None:
                return E.actor_from_record(record, surface)
        key = next((k for k in (E.known("actor", n) for n in entry.names) if k is not None), None)
        if key is None:
            key = E.actor_named(entry.label, entry.kind)
            for name in entry.names[1:]:
                E.note_surface("actor", key, name, False)
        E.note_surface("actor", key, surface, True if guarded else None)
        return key

    def _demonym_actor(self, demonym: str, noun: str, surface: str) -> str | None:
        E = self.entities
        code = lexicon.demonyms()[demonym]
        noun = noun.lower()
        record = E.reference.find(f"{demonym} {noun}", "actor")
        if record:
            return E.actor_from_record(record, surface)
        country = E.country_name(code) or demonym
        if "media" in noun or "television" in noun or "news" in noun:
            return E.actor_named(f"{demonym} state media", "MediaOutlet", surface, True)
        if re.fullmatch(GOVERNMENT_NOUNS, noun):
            return self._find_kind("Government", code, demonym) or E.actor_named(f"{demonym} government", "Government", surface, True)
        if noun == "police":  # the police act apart from the army (CODEBOOK: keep apart what acts differently)
            return E.actor_named(f"{demonym} police", "StateForce", surface, True)
        return self._national_force(code, demonym, surface, "air" in noun)

    def _national_force(self, code: str, demonym: str, surface: str | None, air: bool = False,
                        description: bool = True) -> str:
        """A state's regular forces (or air force): its reference record, else the name the
        state-force lexicon gives (its acronyms and other names kept as names, so that "IDF",
        "Israeli troops" and "the Israel Defense Forces" are one node), else "<demonym> armed forces"."""
        E = self.entities
        key = self._find_kind("StateForce", code, demonym, air)
        if key:
            E.note_surface("actor", key, surface, description)
            return key
        known = None if air else lexicon.state_forces().get(code)
        if known is None:
            return E.actor_named(f"{demonym} {'air force' if air else 'armed forces'}", "StateForce", surface, description)
        label, names = known
        fresh = E.known("actor", label) is None
        key = E.actor_named(label, "StateForce", surface, description)
        for name in names if fresh else ():
            E.note_surface("actor", key, name, False)
        return key

    def _find_kind(self, kind: str, code: str, demonym: str, air: bool = False) -> str | None:
        """The reference record of a state's government or forces, by its names."""
        E = self.entities
        country = (E.country_name(code) or "").lower()
        best = None
        for record in E.reference.records.values():
            if record.kind != kind:
                continue
            names = " ".join(record.names).lower()
            if demonym.lower() in names or (country and country in names):
                is_air = "air" in names or "aerospace" in names
                if is_air == air:
                    best = best or record
        return E.actor_from_record(best) if best else None

    def _focus_actor(self, noun: str, surface: str) -> str | None:
        E = self.entities
        if not E.focus:
            return None
        code = E.focus[0]
        demonym = next((d for d, c in lexicon.demonyms().items() if c == code), None)
        if demonym is None:
            return None
        if noun in ("government", "regime", "junta", "authorities"):
            key = self._find_kind("Government", code, demonym)
            return key or E.actor_named(f"{demonym} government", "Government", surface, True)
        return self._national_force(code, demonym, surface)

    def _collective(self, surface: str) -> str:
        E = self.entities
        demonym = _focus_demonym(E)
        label = f"{demonym} rebels" if demonym else "rebels"
        return E.actor_named(label, "ArmedGroup", surface, True)

    def _civilians(self, surface: str) -> str:
        E = self.entities
        demonym = _focus_demonym(E)
        s = surface.lower()
        if "demonstrat" in s or "protest" in s:
            if demonym:
                for cand in (f"{demonym} {s}", f"{demonym} pro-democracy demonstrators", f"{demonym} protesters"):
                    record = E.reference.find(cand, "actor")
                    if record:
                        return E.actor_from_record(record, surface)
            return E.actor_named(f"{demonym} protesters" if demonym else "protesters", "CivilianGroup", surface, True)
        return E.actor_named(f"{demonym} civilians" if demonym else "civilians", "CivilianGroup", surface, True)


_FIGHTERS_AFTER = re.compile(r"\s+(?:rebels|militants|fighters|militiamen|militia|insurgents|gunmen|jihadists|"
                             r"guerrillas|paramilitaries)\b")
_PLACE_NAME = re.compile(rf"(?<![\w-])({_NAME})")


def _actor_patterns(reference) -> tuple[dict, re.Pattern]:
    names: dict[str, tuple] = {}
    lookup_only: dict[str, tuple] = {}  # ambiguous aliases: resolved when another rule finds them, never scanned
    for entry in lexicon.known_actors():
        for n in entry.names:
            for spelling in lexicon.spellings(n):
                names.setdefault(spelling, ("lexicon", entry, False))
        for alias in entry.guarded:  # "the AP", "(AP)": the news agency; "AP" alone may be anything
            for context in (f"the {alias}", f"The {alias}", f"({alias})"):
                names.setdefault(context, ("lexicon", entry, True))
            lookup_only.setdefault(alias, ("lexicon", entry, True))
    for code, (label, others) in lexicon.state_forces().items():
        for n in [label, *others]:
            names.setdefault(n, ("stateforce", code))
    for n, r in reference.names("actor"):
        if r.kind != "State":
            names[n] = ("reference", r)
            lookup_only.pop(n, None)
    return {**lookup_only, **names}, _alternation(names)


@functools.cache
def _demonym_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    demonym = "(?:" + "|".join(re.escape(d) for d in sorted(lexicon.demonyms(), key=len, reverse=True)) + ")"
    force = re.compile(rf"\b({demonym})(?:\s+government)?\s+({FORCE_NOUNS}|state media|state television|"
                       rf"state news agency|{GOVERNMENT_NOUNS})\b")
    attack = re.compile(rf"\b({demonym})\s+(air\s?strikes?|strikes|attacks|shelling|bombing|bombardment|"
                        r"warplanes|jets|aircraft|drones?|missiles?|artillery|offensive|assault|raids?)\b")
    bare = re.compile(r"\b(?:the|its|their)\s+((?:government|regime|junta|authorities|military|army|armed forces))\b"
                      r"(?!\s+(?:operations?|campaign|source|sources|offensive|base|court|vehicles?|spokes\w+|"
                      r"officials?|officers?|action|intervention|aid|equipment|positions?|build-?up|"
                      r"commanders?|leaders?|chief|council|forces|troops|units?)\b)", re.I)
    return force, attack, bare


@functools.cache
def _focus_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every country name and demonym, and what country each names."""
    code_of: dict[str, str] = {}
    for adj, code in lexicon.demonyms().items():
        if len(adj) > 3:
            code_of.setdefault(adj, code)
    for code, entry in gazetteer.countries().items():
        for name in (entry.name, *entry.alternates):
            if len(name) > 3:
                code_of.setdefault(name, code)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(code_of, key=len, reverse=True)) + r")(?![\w-])")
    return pattern, code_of


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


def _role_type(role: str) -> str:
    """LedBy for a role that heads its owner ("Armenia's prime minister", "the RSF leader"), else AffiliatedWith."""
    return "LedBy" if _LEADER_ROLE.search(role.strip()) else "AffiliatedWith"


def _focus_demonym(E: Entities) -> str | None:
    if not E.focus:
        return None
    return next((d for d, c in lexicon.demonyms().items() if c == E.focus[0]), None)


# "Sudanese Army", "Somali National Army", "Rwanda Defence Force": a state's forces; any other
# "X Army" ("Arakan Army", "Kachin Independence Army", "Free Syrian Army") is an armed group.
_STATE_FORCE_NAME = re.compile(r"^(?:(?:National|Royal|Arab|Armed|Federal|Republican|People'?s|Peoples|Popular|Defen[cs]e)\s+)*"
                               r"(?:Army|Armed\s+Forces|Defen[cs]e\s+Forces?|National\s+Army|Security\s+Forces|Air\s+Force|Navy)$")


def _head_kind(name: str) -> str | None:
    words = name.split()
    if words and words[-1] in ("Army", "Forces", "Force", "Navy") and len(words) >= 2:
        rest = " ".join(words[1:])
        first = words[0]
        national = first in lexicon.demonyms() or (gazetteer.lookup(first) or _NO_ENTRY).kind == "Country"
        if national and _STATE_FORCE_NAME.match(rest):
            return "StateForce"
        if words[-1] == "Army":
            return "ArmedGroup"
    if len(words) >= 2 and " ".join(words[-2:]) in HEADS:
        return HEADS[" ".join(words[-2:])]
    return HEADS.get(words[-1]) if words else None


class _NoEntry:
    kind = None


_NO_ENTRY = _NoEntry()


def _name_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run split into the names it joins: "the Sudanese Armed Forces and the Rapid
    Support Forces" is two names when both halves end in a head word; a leading adjective such as
    "Iran-backed" or "al-Qaeda-linked" is not part of the name."""
    lead = re.match(r"(?:[Tt]he\s+)?(?:[\w'’-]+-(?:backed|supported|linked|affiliated|allied|aligned|led)\s+)+", text[start:end])
    if lead:
        start += lead.end()
    members = re.match(r"(?:Fighters|Members|Troops|Soldiers|Units|Militants|Supporters|Commanders?|Leaders?|Elements)\s+of\s+"
                       r"(?:the\s+)?(?=\S)", text[start:end])  # "Fighters of the X Forces" are X's, not a name
    if members and end - start > members.end():
        start += members.end()
    place_or_time = re.search(r"\s+(?:in|on|at|near)\s+\S.*$", text[start:end])
    if place_or_time and not _head_kind(text[start:end]) and _head_kind(text[start:start + place_or_time.start()]):
        end = start + place_or_time.start()  # "the X Movement in March", "the X Front in Kasese": the name ends before
    joint = re.search(r"\s+and\s+(?:the\s+)?", text[start:end])
    if joint:
        left, right = (start, start + joint.start()), (start + joint.end(), end)
        if all(_head_kind(text[s:e].split()[-1] if text[s:e].split() else "") or _head_kind(text[s:e]) for s, e in (left, right)):
            return [left, right]
        if _head_kind(text[left[0]:left[1]]) and text[right[0]:right[1]] in lexicon.demonyms():
            return [left]  # "between the X Front and the Ugandan army": the demonym starts another actor
    return [(start, end)]


def _subspans(text: str, start: int, end: int):
    """Candidate place names inside a capitalised run, longest first (skipping a leading "The")."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s]+", text[start:end])]
    spans = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            s, e = words[i][0], words[j - 1][1]
            while e > s and text[e - 1] in ".,;:'’)":
                e -= 1
            if text[s:e].startswith("The ") or text[s:e] in ("The",):
                continue
            spans.append((s, e))
    return spans


def _alternation(names: dict) -> re.Pattern:
    def pattern(n: str) -> str:
        escaped = re.escape(n)
        return escaped if (len(n.split()) == 1 and n.isupper()) or not n.isascii() else escaped
    parts = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(pattern(n) for n in parts) + r")(?![\w-])")


def detect_focus(text: str) -> tuple[str, ...]:
    """The countries an article is about: country names and demonyms counted, most frequent first."""
    counts: Counter[str] = Counter()
    pattern, code_of = _focus_pattern()
    for m in pattern.finditer(text):
        counts[code_of[m.group(1)]] += 1
    # places named in the text count for their country
    for m in _PLACE_NAME.finditer(text):
        entry = gazetteer.index().get(gazetteer.fold(m.group(1)))
        if entry and len(m.group(1)) > 3 and m.group(1) not in lexicon.ambiguous_place_words():
            big = max(entry, key=lambda e: e.population)
            if big.population > 100_000 and big.kind != "Country":
                counts[big.country] += 1
    return tuple(code for code, n in counts.most_common(3) if n >= 1)
