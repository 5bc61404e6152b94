"""What a proper name looks like in a sentence: the regular-expression parts of a capitalised
name, one alternation over a set of names, the head word that types a name ("... Forces",
"... Army", "... Movement"), and how a capitalised run splits into the names it joins or the
place names it may hold. Shared by the actor and place mention rules (``mentions``)."""

from __future__ import annotations

import re

from . import gazetteer, lexicon
from .lexicon import HEADS

_CAP = r"(?:(?:al|el|ash|ad|as|an)-)?[A-Z][\w'’.-]*"
_CONNECT = r"(?:of|for|the|and|al|el|de|du|des|la|le|in|ash|as|ad|an|bin|ibn|[-–])"
_NAME = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+)*{_CAP})*"

_FIGHTERS_AFTER = re.compile(r"\s+(?:rebels|militants|fighters|militiamen|militia|insurgents|gunmen|jihadists|"
                             r"guerrillas|paramilitaries)\b")
_WHEN = (r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
         r"September|October|November|December")
_PLACE_NAME = re.compile(rf"(?<![\w-])({_NAME})")


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
    when = re.match(rf"(?:On|Early|Late|Last|By|Since)\s+(?:{_WHEN})\s+(?:the\s+)?(?=[A-Z])", text[start:end])
    if when and end - start > when.end():
        start += when.end()  # "On Tuesday the X Front attacked": a sentence-initial time is not part of the name
    members = re.match(r"(?:Fighters|Members|Troops|Soldiers|Units|Militants|Supporters|Commanders?|Leaders?|Elements|"
                       r"Positions|Bases|Convoys?|Strongholds?)\s+of\s+"
                       r"(?:the\s+)?(?=\S)", text[start:end])  # "Fighters of the X Forces" are X's, not a name
    if members and end - start > members.end():
        start += members.end()
    if re.search(r"(?:'s|’s)$", text[start:end]):
        end -= 2  # "the X Front's fighters": the possessive is not part of the name
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

