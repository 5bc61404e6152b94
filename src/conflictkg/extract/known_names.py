"""The names the extractor knows before it reads an article, compiled once into patterns: the
well-known actors of the lexicon (ambiguous aliases only in a guarding context), the states'
regular forces, the reference records, and demonyms before a noun for forces, attacks or
governments ("Israeli troops", "Russian air strikes", "the government")."""

from __future__ import annotations

import functools
import re

from . import lexicon
from .lexicon import FORCE_NOUNS, GOVERNMENT_NOUNS
from .names import _alternation


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
                        r"warplanes|jets|aircraft|drones?|missiles?|artillery|offensive|assault|raids?|units|positions)\b")
    bare = re.compile(r"\b(?:the|its|their)\s+((?:government|regime|junta|authorities|military|army|armed forces))\b"
                      r"(?!\s+(?:operations?|campaign|source|sources|offensive|base|court|vehicles?|spokes\w+|"
                      r"officials?|officers?|action|intervention|aid|equipment|positions?|build-?up|"
                      r"commanders?|leaders?|chief|council|forces|troops|units?)\b)", re.I)
    return force, attack, bare

