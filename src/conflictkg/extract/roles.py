"""People named with a title or a role ("President X", "Iran's foreign minister, X", "a spokesman
for the junta, X", "police spokesman X said"), and which relation a role gives a person to what
it belongs to: LedBy for a role that heads its owner, AffiliatedWith for any other."""

from __future__ import annotations

import re

from .lexicon import ROLES, TITLES

_TITLED = re.compile(rf"\b{TITLES}\s+((?:[A-Z][\w'’-]+)(?:\s+(?:al|el|bin|ibn|de|van|von)?-?\s*[A-Z][\w'’-]+){{0,3}})")
_ROLE_APPOSITION = re.compile(rf"\b((?:[A-Z][\w'’-]+\s+)?(?:[A-Z][a-z]+|the\s+\w+)(?:'s|’s)?\s+{ROLES}),\s+"
                              rf"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){{1,3}}),")
_ROLE_FOR = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+((?:spokes(?:man|woman|person)|commander|leader|official|envoy|"
                       r"representative|adviser)\s+(?:for|of)\s+)([^,]{2,60}?),\s+"
                       r"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){1,3}),")
# "police spokesman Abdifatah Aden Hassan", "regional governor Oleh Syniehubov", "Army chief Abdel Fattah al-Burhan"
_ROLE_BEFORE_NAME = re.compile(r"(?<![\w'’])((?:[A-Z]?[a-z-]+\s+)?(?:spokes(?:man|woman|person)|governor|mayor|chief|commander|"
                               r"minister|leader|envoy|official|president|general|head))\s+"
                               r"((?:[A-Z][\w'’-]+)(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w'’-]+){1,3})"
                               r"(?=\s*(?:,|said|says|told|stated|denied|added|warned|vowed|announced|claimed|urged|\.))")
# roles that lead what they belong to (CODEBOOK: government LedBy leader); other roles are affiliations
_LEADER_ROLE = re.compile(r"(?<!-)\b(?:leader|head|chief|president|prime minister|secretary-general|founder|emir|chairman)$", re.I)


def _role_type(role: str) -> str:
    """LedBy for a role that heads its owner ("Armenia's prime minister", "the RSF leader"), else AffiliatedWith."""
    return "LedBy" if _LEADER_ROLE.search(role.strip()) else "AffiliatedWith"
