"""Allegiances from the patterns of conflict reporting: "forces loyal to X", "backed by",
"with support from", "affiliated groups", "allied with", "fighting against", "spearheaded by",
"X's foreign minister" (docs/CODEBOOK.md, "Allegiances")."""

from __future__ import annotations

import re

from ..model import SYMMETRIC_ALLEGIANCES, Allegiance
from .mentions import Mention
from .resolution import Entities
from .sentences import Sentence

PATTERNS: list[tuple[str, re.Pattern, str]] = [
    # (type, pattern between the two actors, which side is ckg:allegianceOf: "left" or "right")
    ("LoyalTo", re.compile(r"^\s*(?:\w+\s+){0,1}(?:loyal|allegiance)\s+to\s+(?:the\s+)?$", re.I), "left"),
    ("SupportedBy", re.compile(r"\b(?:backed|supported|armed|funded|financed|assisted|sponsored|trained|equipped|"
                               r"armed\s+and\s+trained|trained\s+and\s+armed|armed\s+and\s+funded)\s+by\s+(?:the\s+)?$|"
                               r"\b(?:a|an|the)\s+(?:[\w-]+\s+)?(?:proxy|proxies|client)\s+(?:of|for)\s+(?:the\s+)?$|"
                               r"\b(?:with|receive|receives|received|receiving|get|gets)\s+(?:\w+\s+){0,2}"
                               r"(?:support|backing|help|assistance|weapons)\s+from\s+(?:the\s+)?$", re.I), "left"),
    ("LedBy", re.compile(r"\b(?:led|spearheaded|headed|commanded)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:called\s+)?$|"
                         r"\bunder\s+the\s+(?:command|leadership|orders)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$", re.I), "left"),
    ("AlliedWith", re.compile(r"\b(?:allied\s+(?:with|to)|alongside|together\s+with|in\s+alliance\s+with|joined\s+forces\s+with|"
                              r"sided\s+with|its\s+allies?\s*,?|(?:switched|changed)\s+sides?\s+(?:to(?:\s+join|\s+back)?|"
                              r"and\s+(?:joined|backed))|defected\s+to|went\s+over\s+to)\s+(?:the\s+)?$", re.I), "left"),
    ("AffiliatedWith", re.compile(r"\b(?:(?:is|are|was|were|became|becomes)\s+)?(?:a\s+|an\s+)?(?:(?:dissident|splinter|breakaway|"
                                  r"armed|military|political|local|regional)\s+)?(?:part|members?|factions?|wings?|"
                                  r"branch|branches|affiliates?|offshoots?|splinter\s+groups?|units?)\s+of\s+(?:the\s+)?$|"
                                  r"\bjoined\s+(?:the\s+)?$|\bloyalists\s+of\s+(?:the\s+)?$", re.I), "left"),
    ("Opposes", re.compile(r"\b(?:fighting|fight|fought|opposing|oppose|opposed|against|battling|at\s+war\s+with)\s+"
                           r"(?:against\s+)?(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.I), "left"),
]
_IN_SUPPORT = re.compile(r"\b(?:in\s+support\s+of|on\s+behalf\s+of|to\s+support|to\s+help|to\s+back|"
                         r"(?:came|come|coming)\s+to\s+the\s+aid\s+of)\s+(?:the\s+)?$", re.I)
_LEFT_SIDE = re.compile(r"\b(?:defected\s+from|broke\s+(?:away\s+)?(?:from|with)|turned\s+(?:its\s+|their\s+)?(?:guns\s+)?against|"
                        r"switched\s+sides?\s+(?:from|against))\s+(?:the\s+)?$", re.I)
_JOINT = re.compile(r"\bjoint\s+(?:forces|operations?|offensives?|patrols?|attacks?|command)\s+(?:of|by|between)\s+", re.I)
_BACKED = re.compile(r"\b((?:al-|el-)?[A-Z][\w-]*?)-(backed|supported|linked|affiliated|allied|aligned)\s+")
_INCLUDES = re.compile(r"\b(?:which\s+)?(?:also\s+)?(?:includes?|including|comprises?|comprising|made\s+up\s+of|"
                       r"brings\s+together|bringing\s+together)\s+", re.I)
_BETWEEN = re.compile(r"\b(?:fighting|clashes|war|battles?|conflict|hostilities|combat)\s+(?:\w+\s+){0,8}?between\s+", re.I)
_CLAUSE_END = re.compile(r"[;.]|,\s+(?:which|who|while|but|and\s+(?:has|have|had|is|are|was|were))\b|\b(?:captured|seized|"
                         r"launched|killed|attacked|took|said|announced)\b")
_SIDING = re.compile(r"\b(?:fight|fights|fought|fighting|battled|battling|sided|operat\w+|deployed|served|joined|"
                     r"stood|stands)\b", re.I)


def sentence_allegiances(sentence: Sentence, mentions: list[Mention], entities: Entities,
                         last_agent: str | None, affiliations: list[tuple[int, str, str, str]]) -> list[Allegiance]:
    text = sentence.text
    actors = [m for m in mentions if m.category == "actor"]
    out: list[Allegiance] = []

    def add(of: str | None, kind: str, to: str | None) -> None:
        if of and to and of != to and not any(a.of == of and a.type == kind and a.to == to for a in out):
            out.append(Allegiance(of=of, type=kind, to=to, evidence=[text]))

    for i, right in enumerate(actors):
        gap_start = actors[i - 1].end if i else 0
        left = actors[i - 1] if i else None
        for kind, pattern, _side in PATTERNS:
            span = text[gap_start:right.start]
            if not pattern.search(span):
                continue
            if kind == "LoyalTo":
                holder = left.key if left and re.match(r"^\s*(?:\w+\s+){0,1}(?:loyal|allegiance)", span) else _forces_before(text, right.start, entities)
                add(holder, kind, right.key)
            elif kind == "LedBy":
                led = left.key if left and not re.search(r"\b(?:campaign|offensive|operation|assault|attack)\b", span) else last_agent
                if led is None and left is None:
                    led = _collective(entities)
                add(led, kind, right.key)
            elif kind == "Opposes":
                if re.search(r"\b(?:by|a|an|the)\s+opposing\s+$", span):
                    continue  # "an attack by opposing groups": an adjective, not a side taken
                subject = left.key if left else last_agent
                add(subject, kind, right.key)
            elif kind == "SupportedBy":
                supported = _supported_side(text, gap_start, right, actors, entities, last_agent) if left is None or \
                    re.search(r"\b(?:its|their)\s+(?:affiliated\s+groups|allies)\b", span) else left.key
                add(supported, kind, right.key)
            elif kind == "AlliedWith":
                add(_clause_subject(text, actors, right, left) or last_agent, kind, right.key)
            else:
                add(left.key if left else last_agent, kind, right.key)
            break
    for i, right in enumerate(actors):  # "X fought in support of Y"; "X defected from Y"
        span = text[actors[i - 1].end if i else 0:right.start]
        # the helper is the one acting, not the object of its action ("strikes against X in support of Y")
        acting = [a for a in actors[:i] if not re.search(r"\b(?:against|on|at|targeting|with|of|to|from)\s+(?:the\s+)?$",
                                                          text[:a.start], re.I)]
        helper = acting[-1].key if acting else last_agent
        if _IN_SUPPORT.search(span):
            add(right.key, "SupportedBy", helper)
        elif _LEFT_SIDE.search(span):
            add(helper, "Opposes", right.key)
    for m in _JOINT.finditer(text):  # "joint forces of X and Y": the two are allies
        sides = [a for a in actors if a.start >= m.end() and not _CLAUSE_END.search(text[m.end():a.start])][:2]
        if len(sides) == 2 and re.search(r"\band\b", text[sides[0].end:sides[1].start]):
            add(sides[0].key, "AlliedWith", sides[1].key)
    # "the alliance, which also includes A and B", "a coalition including A": members affiliated with it
    for m in _INCLUDES.finditer(text):
        owner = [a for a in actors if a.end <= m.start() and m.start() - a.end < 30]
        members = [a for a in actors if a.start >= m.end() and not _CLAUSE_END.search(text[m.end():a.start])]
        for member in members if owner else []:
            add(member.key, "AffiliatedWith", owner[-1].key)
    # "fighting between X and Y": the two sides oppose each other
    for m in _BETWEEN.finditer(text):
        sides = [a for a in actors if a.start >= m.end() and not _CLAUSE_END.search(text[m.end():a.start])][:2]
        if len(sides) == 2 and re.search(r"\band\b", text[sides[0].end:sides[1].start]):
            add(sides[0].key, "Opposes", sides[1].key)
    for m in _BACKED.finditer(text):  # "the Rwanda-backed M23", "the al-Qaeda-linked JNIM"
        after = [a for a in actors if a.start >= m.end() and a.start - m.end() < 25]
        backer = [a.key for a in actors if a.start <= m.start(1) < a.end <= m.end(1)] or [_state_named(m.group(1), entities)]
        kind = {"backed": "SupportedBy", "supported": "SupportedBy", "allied": "AlliedWith"}.get(m.group(2).lower(),
                                                                                               "AffiliatedWith")
        backed = after[0].key if after else _described_group(text, m.end(), actors, entities, last_agent)
        if backed and backer[0]:
            add(backed, kind, backer[0])
    # "HTS, along with its affiliated groups": the affiliated groups are affiliated with HTS
    for m in re.finditer(r"\b(?:its|their)\s+affiliated\s+(?:groups|factions|militias)", text):
        owner = [a for a in actors if a.end <= m.start()]
        group = [a for a in actors if a.start >= m.start() and a.start <= m.end()]
        if owner:
            target = group[0].key if group else affiliated_groups(entities, owner[-1].key, m.group(0))
            add(target, "AffiliatedWith", owner[-1].key)
    for index, person, owner, kind in affiliations:  # "Iran's foreign minister, X"; "the group's leader, Y"
        if index == sentence.index:
            if kind == "LedBy":
                add(owner, "LedBy", person)
            else:
                add(person, kind, owner)
    return out


def _clause_subject(text: str, actors: list[Mention], right: Mention, left: Mention | None) -> str | None:
    """Who is allied in "X has fought jihadists alongside Y": the subject of the verb before
    "alongside", not the object next to it."""
    start = max((m.end() for m in re.finditer(r"[;]|,\s+and\s+|\band\s+the\s+|^", text[:right.start])), default=0)
    clause = [a for a in actors if start <= a.start < right.start]
    if clause and left is not None and clause[0] is not left and _SIDING.search(text[clause[0].end:left.start]):
        return clause[0].key
    return left.key if left else None


_GROUP_NOUN = re.compile(r"(?:[\w-]+\s+){0,2}?(?:group|groups|rebels|militia|militias|movement|fighters|militants|"
                         r"insurgents|faction|factions|organi[sz]ation|paramilitar(?:y|ies)|alliance|coalition)\b", re.I)


def _described_group(text: str, position: int, actors: list[Mention], entities: Entities,
                     last_agent: str | None) -> str | None:
    """The armed group an "Iran-backed group" / "the Russia-backed rebels" stands for: the group
    named last in the sentence before it, else the article's last agent, when it is an armed group."""
    if not _GROUP_NOUN.match(text, position):
        return None
    before = [a.key for a in actors if a.end <= position and entities.actor(a.key).kind == "ArmedGroup"]
    if before:
        return before[-1]
    if last_agent is not None and entities.actor(last_agent).kind == "ArmedGroup":
        return last_agent
    return None


def _state_named(word: str, entities: Entities) -> str | None:
    """The state a country name or demonym stands for ("Iran-backed", "Russian-backed")."""
    from . import gazetteer, lexicon
    code = lexicon.demonyms().get(word)
    if code is None:
        entry = gazetteer.lookup(word, entities.focus)
        code = entry.country if entry is not None and entry.kind == "Country" else None
    return entities.state_actor(code, word) if code else None


def _forces_before(text: str, position: int, entities: Entities) -> str | None:
    """"Forces loyal to the Syrian government": the state forces of the government's country."""
    if re.search(r"\b(?:forces|troops|soldiers|units|militias?|fighters)\s+(?:\w+\s+){0,1}(?:loyal|allegiance)", text[:position], re.I):
        return next((a.key for a in entities.actors if a.kind == "StateForce"), None) or entities.actor_named(
            "Government forces", "StateForce", None)
    return None


def _supported_side(text, gap_start, right, actors, entities, last_agent):
    before = [a for a in actors if a.end <= right.start and a is not right]
    m = re.search(r"\b(?:its|their)\s+affiliated\s+(?:groups|factions|militias)\b", text[:right.start])
    if m:
        owner = [a for a in actors if a.end <= m.start()]
        if owner:
            return affiliated_groups(entities, owner[-1].key, m.group(0))
    return before[-1].key if before else last_agent


def _collective(entities: Entities) -> str | None:
    return next((a.key for a in entities.actors if a.kind == "ArmedGroup"), None)


def affiliated_groups(entities: Entities, owner: str, surface: str) -> str:
    """"its affiliated groups": one collective actor of its own (CODEBOOK, "Actors")."""
    actor = entities.actor(owner)
    record = entities.reference.records.get(actor.iri or "")
    names = [actor.label, *actor.alt_labels, *(record.names if record else [])]
    for name in names:
        for candidate in (f"{name}-affiliated groups", f"Groups affiliated with {name}"):
            found = entities.reference.find(candidate, "actor")
            if found:
                return entities.actor_from_record(found, surface)
    return entities.actor_named(f"{actor.label}-affiliated groups", "ArmedGroup", surface, True)


def dedupe(allegiances: list[Allegiance]) -> list[Allegiance]:
    """One allegiance per (of, type, to) — and per unordered pair for the symmetric types, which
    are recorded once (shapes: SymmetricAllegianceOnce) — with the evidence of its repeats."""
    kept: dict[tuple, Allegiance] = {}
    for al in allegiances:
        if al.of == al.to:
            continue
        key = (frozenset((al.of, al.to)), al.type) if al.type in SYMMETRIC_ALLEGIANCES else (al.of, al.type, al.to)
        first = kept.get(key)
        if first is None:
            kept[key] = al
        else:
            first.evidence += [e for e in al.evidence if e not in first.evidence]
    return list(kept.values())
