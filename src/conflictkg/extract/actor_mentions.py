"""How an actor named in a sentence becomes one of the article's entities: by a name already
met, a reference record, a well-known actor of the lexicon or a state's forces; by a demonym
("Israeli troops"); by the article's focus ("the government", "the rebels", "civilians"); a
new named group unless the name is a place or a common word; and a definite description ("the
alliance") referring back to a named group. A mixin of ``mentions.MentionFinder``."""

from __future__ import annotations

import re

from . import gazetteer, lexicon
from .focus import _focus_demonym
from .lexicon import GOVERNMENT_NOUNS
from .names import _alternation
from .resolution import strip_article


class ActorMentions:
    """The actor rules of ``MentionFinder``: from a name or a noun phrase to an entity key."""

    def _new_group(self, name: str, kind: str) -> str | None:
        """A group first named in this article, unless the name is a place, a demonym or a common word."""
        E = self.entities
        first = name.split()[0]
        if (name in lexicon.demonyms() or first in lexicon.demonyms() and len(name.split()) == 1
                or gazetteer.lookup(name, E.focus) is not None or name in lexicon.ambiguous_place_words()
                or re.fullmatch(r"(?:The|A|An|Some|Other|Many|Several|Dozens|Hundreds|Thousands|Two|Three|Government|"
                                r"Security|Army|Police|Rebel|Opposition|Local|Armed|Islamist|Unidentified|Unknown|Suspected|Masked)", first)):
            return None
        return E.actor_named(name, kind, name)

    def _antecedent(self, noun: str) -> str | None:
        """The named group a definite description refers back to: the latest named armed group
        whose names contain the noun ("the alliance" → Three Brotherhood Alliance); "the group"
        and "the rebels" take the latest named armed group when the article has exactly one."""
        E = self.entities
        named = [a for a in E.actors if a.kind == "ArmedGroup" and a.key != self._unnamed_group and not re.search(
            r"\b(?:rebels|insurgents|militants|jihadists|groups|fighters|gunmen)$", a.label)]
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
        """The article's one unnamed armed group (CODEBOOK: an unnamed collective is one
        ArmedGroup): "gunmen", "militants" and "the rebels" of one article are the same node,
        labelled by the word first used for it."""
        E = self.entities
        if self._unnamed_group is not None:
            E.note_surface("actor", self._unnamed_group, surface, True)
            return self._unnamed_group
        demonym = _focus_demonym(E)
        if re.search(r"gunmen|armed men|assailants", surface, re.I):
            label = "unidentified gunmen"
        else:
            label = f"{demonym} rebels" if demonym else "rebels"
        self._unnamed_group = E.actor_named(label, "ArmedGroup", surface, True)
        return self._unnamed_group

    _unnamed_group: str | None = None

    def _unnamed_force(self, noun: str, surface: str) -> str | None:
        """"Security forces", "troops", "military jets" with no named owner: the focus country's
        forces (one node per country, the one the state-force lexicon builds); "police": its police."""
        E = self.entities
        demonym = _focus_demonym(E)
        if demonym is None:
            return None
        if re.match(r"police", noun, re.I):
            return self._demonym_actor(demonym, "police", surface)
        return self._national_force(E.focus[0], demonym, surface)

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

