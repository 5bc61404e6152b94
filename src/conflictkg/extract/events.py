"""Events from trigger words of conflict reporting, with agent, target, place, date, figures and
whether they are planned (docs/CODEBOOK.md, "Events")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Event, When
from . import dates, figures
from .mentions import Mention
from .resolution import Entities
from .sentences import Sentence

TRIGGERS: list[tuple[str, re.Pattern]] = [(kind, re.compile(pattern, re.I)) for kind, pattern in [
    ("TerritorialCapture", r"\b(?:seiz(?:e|ed|es|ing)|captur(?:e|ed|es|ing)|(?:took|taken|take|taking|gained?|gaining|seized|"
                           r"wrested|regain(?:ed|ing)?|retook|retaken)\s+(?:\w+\s+){0,2}control|overr(?:a|u)n|"
                           r"recaptur\w+|retook|retaken|fell to|fall of|came under (?:\w+\s+){0,2}control|"
                           r"entered|stormed|"
                           # "pushed the army out of Bor", "expelled them from the town of Bor" (not "forced thousands from their homes")
                           r"(?:pushed|drove|driven|forced|expelled|ousted)(?=\s+(?!(?:\w+\s+){0,2}(?:people|civilians|residents|families|"
                           r"thousands|hundreds|villagers)\b)(?:[\w'’-]+\s+){1,5}?(?:out\s+of|from)\s+(?:the\s+(?:town|city|village|"
                           r"region|district)\s+of\s+)?[A-Z]))\b"),
    ("Withdrawal", r"\b(?:withdr(?:ew|awn|aw|aws|awing|awal)|pull(?:ed|ing|s)?\s+(?:out|back)|retreat(?:ed|ing|s)?|"
                   r"abandon(?:ed|ing)?\s+(?:their|its)\s+positions)\b"),
    ("Offensive", r"\b(?:(?:counter-?)?offensives?|assaults?|advanc(?:ed|ing|es)|push(?:ed|ing)?\s+(?:into|toward)|"
                  r"(?:military\s+)?campaign|attack(?:s|ed|ing)?|incursion|invasion|invaded|raid(?:s|ed)?)\b"),
    ("Airstrike", r"\b(?:air\s?-?strikes?|air\s+raids?|bomb(?:ed|ing|ings|ardment)|drone\s+(?:strikes?|attacks?)|"
                  r"warplanes?|air\s+attacks?)\b"),
    ("Shelling", r"\b(?:shell(?:ed|ing)|artillery|mortars?|rocket\s+(?:fire|attacks?)|missile\s+(?:strikes?|attacks?))\b"),
    ("Clash", r"\b(?:clash(?:es|ed)?|fighting|fought|battles?|battled|firefights?|skirmish\w*|gunfight)\b"),
    ("Curfew", r"\bcurfews?\b"),
    ("DiplomaticVisit", r"\b(?:travel(?:led|ed|s)?\s+to|trip\s+to|visit(?:ed|ing|s)?|arrived\s+in|flew\s+to|talks\s+in|"
                        r"met\s+with)\b"),
    ("Ceasefire", r"\b(?:cease-?fires?|truce|armistice)\b"),
    ("Crackdown", r"\b(?:crack(?:ed)?\s?downs?|suppress(?:ed|ing)?|fired\s+(?:on|at)\s+(?:protesters|demonstrators|crowds)|"
                  r"tear\s+gas)\b"),
    ("Casualties", r"\b(?:lost\s+their\s+lives|were\s+killed|have\s+been\s+killed|had\s+been\s+killed|died|death\s+toll|"
                   r"casualties|killing|killed)\b"),
    ("Displacement", r"\b(?:fle(?:e|d|eing|es)|displac(?:ed|ement|ing)|escape|refugees|exodus|sought\s+to\s+escape)\b"),
]]
_REPORTING = re.compile(r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:\w+\s+){0,1}(?:said|says|reported|reports|stated|claimed|admitted|"
                        r"denied|announced|declared|accused|told|noted|added|warned|confirmed|urged|promised|vowed)\b", re.I)
_NEGATED = re.compile(r"\b(?:not|no|never|denied)\s+(?:\w+\s+){0,2}$", re.I)
_PRESENT = re.compile(r"\b(?:is|are|has|have|continue|continues)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;]|,\s+(?:while|but|whereas|although)\b|\bwhile\b|\bbut\b")
# The weapon decides the type of an attack (ACLED: "Air/drone strike", "Shelling/artillery/missile
# attack"); "attack" alone stays an Offensive (campaigns, advances, ground assaults).
_AIR_WEAPON = r"(?:drones?|air\s?-?strikes?|air\s+raids?|warplanes?|aircraft|jets?|helicopters?|gunships?|bombs?)"
_FIRED_WEAPON = r"(?:missiles?|rockets?|shells?|artillery|mortars?|howitzers?|projectiles?|ballistic\s+missiles?)"
_WITH_WEAPONS = re.compile(rf"^[^.;]{{0,60}}?\b(?:with|using|by)\s+(?:[\w-]+\s+){{0,3}}?(?:(?P<air>{_AIR_WEAPON})|(?P<fired>{_FIRED_WEAPON}))\b", re.I)
_TARGETED = {"Offensive", "Airstrike", "Shelling", "Clash", "Crackdown", "Casualties", "TerritorialCapture"}
_VIOLENT = {"Offensive", "Airstrike", "Shelling", "Clash", "Crackdown", "TerritorialCapture"}
# "were attacked", "were ambushed and attacked", "came under (heavy) attack": who is acted on comes first
_PASSIVE_TRIGGER = re.compile(r"\b(?:(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:\w+ed\s+and\s+)?|"
                              r"(?:came|come|comes|coming)\s+under\s+(?:[\w-]+\s+){0,2})$", re.I)
_SAID_IT = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:said|says|claimed|announced|confirmed|reported)\s+(?:on\s+\w+\s+)?(?:that\s+)?"
                      r"(?:it|they|its\s+\w+|their\s+\w+)\s+(?:\w+\s+){0,3}$", re.I)
_TARGET_MARK = re.compile(r"\b(?:against|targeting|targeted|on|at|positions\s+of|bases\s+of|strongholds?\s+of|"
                          r"convoys?\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,1}$", re.I)

# an actor followed by its own verb ("X fighters attacked", "X had seized") is a subject, not an object
_SUBJECT_OF = re.compile(r"\s+(?:(?:fighters|forces|troops|militants|soldiers|units|gunmen)\s+)?(?:(?:had|have|has|were|was)\s+)?"
                         r"(?:[a-z]+ed|struck|fought|took|seized|shot|hit|overran|launched|stormed|entered)\b")


@dataclass
class EventContext:
    published: dt.date | None
    last_agent: str | None = None
    last_subject: str | None = None
    earlier: list[Event] = field(default_factory=list)  # the article's events so far, in order
    referred: list[int] = field(default_factory=list)  # indexes in ``earlier`` the last sentence referred back to


def sentence_events(sentence: Sentence, mentions: list[Mention], entities: Entities, ctx: EventContext,
                    last_place: str | None) -> list[Event]:
    text = sentence.text
    actors = [m for m in mentions if m.category == "actor"]
    places = [m for m in mentions if m.category == "place"]
    hits: list[tuple[int, int, str]] = []
    for kind, pattern in TRIGGERS:
        for m in pattern.finditer(text):
            if _NEGATED.search(text[:m.start()]):
                continue
            hits.append((m.start(), m.end(), kind))
    hits.sort()
    ctx.referred = []
    for start, end, index in _back_references(text, places, ctx):
        hits = [h for h in hits if not (h[0] < end and start < h[1])]
        if text not in ctx.earlier[index].evidence:
            ctx.earlier[index].evidence.append(text)
        ctx.referred.append(index)
    kinds = {k for _, _, k in hits}
    figs = figures.casualty_figures(text)
    out: list[Event] = []
    seen: set[tuple] = set()
    for start, end, kind in hits:
        word = text[start:end].lower()
        if kind == "Offensive" and any(s <= start < e and k != "Offensive" for s, e, k in hits):
            continue  # "a missile attack": the Shelling hit over the same words is the event
        if kind == "Offensive" and re.match(r"attack|assault", word):
            kind = _weapon_kind(text, start, end) or kind
        if kind == "Offensive" and word.startswith("attack") and ("Airstrike" in kinds or _air_agent(actors, start, entities)):
            kind = "Airstrike"
        if kind == "Offensive" and "TerritorialCapture" in kinds and word.startswith("advanc"):
            continue  # "advanced into towns" is the capture
        if kind == "Casualties" and not figs and not re.search(r"lost their lives|were killed|killed", word):
            continue
        if kind == "Displacement" and word == "escape" and not re.search(r"\b(?:sought|tried|trying|fled|flee)\b", text):
            continue
        if kind == "Clash" and re.match(r"fighting\s+against|fight\s+against", text[start:], re.I):
            continue  # "groups fighting against X": an allegiance (Opposes), not a clash
        # "are advancing" is progressive, not passive: the subject acts
        passive = bool(_PASSIVE_TRIGGER.search(text[max(0, start - 25):start])) and (
            not word.endswith("ing") or bool(re.search(r"\b(?:came|come|comes|coming)\s+under\s+(?:[\w-]+\s+){0,2}$", text[max(0, start - 25):start])))
        agent = _agent(text, start, end, actors, ctx, entities, kind, passive)
        if kind == "Casualties" and not re.search(r"\bby\b", text[end:end + 40]):
            agent = None
        target = _target(text, start, end, actors, agent, passive, kind) if kind in _TARGETED else None
        if kind == "Clash" and target is None:
            target = _clash_partner(text, actors, agent)
        locations = _locations(kind, text, start, end, places, entities, last_place)
        date = dates.find_date(text, ctx.published, near=start)
        if date is None and ctx.published is not None and (_PRESENT.search(text) or not dates.year_of(text)):
            date = When.day(ctx.published)
        planned = bool(dates.FUTURE.search(text[max(0, start - 45):start]))
        if date is not None and ctx.published is not None and dates.after(date, ctx.published):
            planned = True  # after the report was written: it had not happened yet
        for location in locations:
            key = (kind, location, agent)
            if key in seen:
                continue
            seen.add(key)
            event = Event(type=kind, evidence=[text], agents=[agent] if agent else [],
                          targets=[target] if target else [], location=location, date=date, planned=planned)
            if kind == "Casualties":
                _figures(event, figs)
            out.append(event)
        if agent and kind != "Casualties":
            ctx.last_agent = agent
    if figs and not any(e.type == "Casualties" for e in out):
        event = Event(type="Casualties", evidence=[text], location=(places[0].key if places else None),
                      date=dates.find_date(text, ctx.published) or (When.day(ctx.published) if ctx.published else None))
        _figures(event, figs)
        out.append(event)
    ctx.earlier.extend(out)
    return out


# "The attack was in support of ...": a definite mention of an act the article has already
# reported is that event again (CODEBOOK: several sentences reporting one event are one event).
_ANAPHOR = re.compile(r"\b(?:the|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's|Sunday's)\s+"
                      r"(?:(?:latest|deadly|reported|alleged|apparent|same|drone|missile|rocket|air)\s+)?"
                      r"(attack|strike|offensive|assault|raid|bombing|shelling|bombardment)(?![\w-])", re.I)
_REFERS_TO = {"attack": ("Offensive", "Airstrike", "Shelling"), "assault": ("Offensive", "Clash"),
              "offensive": ("Offensive",), "strike": ("Airstrike", "Shelling"), "raid": ("Airstrike", "Offensive"),
              "bombing": ("Airstrike",), "bombardment": ("Airstrike", "Shelling"), "shelling": ("Shelling",)}


def _back_references(text: str, places: list[Mention], ctx: EventContext) -> list[tuple[int, int, int]]:
    """(start, end, index in ctx.earlier) of each definite mention of an earlier event of the
    article, when the sentence gives it no date or place of its own (then it is a new event)."""
    out = []
    for m in _ANAPHOR.finditer(text):
        noun = m.group(1).lower()
        index = next((i for i in range(len(ctx.earlier) - 1, -1, -1) if ctx.earlier[i].type in _REFERS_TO[noun]), None)
        if index is None:
            continue
        event = ctx.earlier[index]
        date = dates.find_date(text, ctx.published, near=m.start())
        if date is not None and event.date is not None and date != event.date:
            continue
        own_place = [p for p in places if p.start >= m.end() and p.key != event.location
                     and re.fullmatch(r"\s+(?:in|at|near|on|outside)\s+(?:the\s+)?", text[m.end():p.start])]
        if own_place:
            continue
        out.append((m.start(), m.end(), index))
    return out


def _weapon_kind(text: str, start: int, end: int) -> str | None:
    """Airstrike or Shelling when the weapon of an attack is named: "attacked a ship with drones
    and missiles" (the first weapon named wins), "a rocket attack"."""
    before = re.search(rf"\b(?:(?P<air>{_AIR_WEAPON})|(?P<fired>{_FIRED_WEAPON}))(?:\s+and\s+\w+)?\s+$", text[:start], re.I)
    weapon = before or _WITH_WEAPONS.match(text[end:])
    if weapon is None:
        return None
    return "Airstrike" if weapon.group("air") else "Shelling"


def _figures(event: Event, figs: list[figures.Figure]) -> None:
    for f in figs:
        if f.civilian and event.civilian_fatalities is None:
            event.civilian_fatalities, event.civilian_fatalities_qualifier = f.value, f.qualifier
        elif not f.civilian and event.fatalities is None:
            event.fatalities, event.fatalities_qualifier = f.value, f.qualifier


def _air_agent(actors: list[Mention], start: int, entities: Entities) -> bool:
    before = [m for m in actors if m.end <= start + 20]
    if not before:
        return False
    label = entities.actor(before[-1].key).label.lower()
    return "air" in label or "aerospace" in label


def _agent(text: str, start: int, end: int, actors: list[Mention], ctx: EventContext, entities: Entities | None = None,
           kind: str = "", passive: bool = False) -> str | None:
    after = text[end:end + 80]
    between = re.match(r"^\s*(?:[\w-]+\s+){0,4}?between\s+", after) if kind == "Clash" else None
    if between:  # "clashes broke out between X and Y": X here, Y as the target, both agents in the end
        sides = [m for m in actors if m.start >= end + between.end() - 1 and m.start <= end + between.end() + 12]
        if sides:
            return sides[0].key
    by = re.match(r"^\s*(?:\w+\s+){0,4}?(?:by|from)\s+" if passive else r"^\s*(?:\w+\s+){0,4}?by\s+", after)
    if by:
        for m in actors:
            if m.start >= end + by.end() - 1 and m.start <= end + by.end() + 12:
                return m.key
    if passive:
        return None  # "X was attacked": X is the target; the agent is only known from "by Y"
    clause_start = 0
    for b in _CLAUSE_BREAK.finditer(text[:start]):
        clause_start = b.end()
    # "X, which has fought the army since 2023": the trigger in a relative clause belongs to X
    rel = re.search(r",\s*(?:which|who)\s+[^,]*$", text[:start])
    if rel:
        owner = [m for m in actors if m.end <= rel.start() and rel.start() - m.end < 3]
        if owner and _can_act(owner[-1].key, entities, kind):
            return owner[-1].key
    relative = [(r.start(), r.end()) for r in re.finditer(r",\s*(?:which|who)\b[^,]*,", text)]
    # "X said it had struck Y": the speaker is the agent of what "it" did
    said = [m for m in actors if m.end <= start and _SAID_IT.match(text[m.end:start])]
    if said:
        return said[-1].key
    before = [m for m in actors if m.end <= start and m.start >= clause_start and not _REPORTING.match(text[m.end:])
              and not any(a <= m.start < b <= start for a, b in relative)
              and _can_act(m.key, entities, kind)
              and (not re.search(r"\b(?:according to|of|against|to|from|loyal to|helping|cited in|on|at|targeting)\s+(?:the\s+)?$",
                                 text[:m.start], re.I)
                   or re.search(r"\b(?:fighters|forces|troops|members|units|soldiers|militants|militiamen|gunmen)\s+of\s+(?:the\s+)?$",
                                text[:m.start], re.I))]
    if before:
        return before[-1].key
    if re.search(r"\b(?:its|their)\s+(?:\w+\s+){0,2}$", text[clause_start:start]):
        return ctx.last_agent  # "killing civilians in its air strikes"
    if re.match(r"^(?:They|It|He|She)\b", text[clause_start:].strip()) or re.search(r"\b(?:they|it)\s+(?:\w+\s+){0,2}$", text[clause_start:start]):
        return ctx.last_agent
    return None


def _clash_partner(text: str, actors: list[Mention], agent: str | None) -> str | None:
    """"X and Y clashed": the side named with the agent fought too (both become agents, pipeline)."""
    for m, n in zip(actors, actors[1:]):
        if agent in (m.key, n.key) and m.key != n.key and re.fullmatch(r"\s+(?:and|with)\s+(?:the\s+)?", text[m.end:n.start]):
            return n.key if m.key == agent else m.key
    return None


def _can_act(key: str, entities: Entities | None, kind: str) -> bool:
    """Civilians are acted on in violent events, not agents of them (protests are Other events)."""
    if entities is None or kind not in _VIOLENT:
        return True
    return entities.actor(key).kind != "CivilianGroup"


def _target(text: str, start: int, end: int, actors: list[Mention], agent: str | None, passive: bool = False,
            kind: str = "") -> str | None:
    if passive:  # "Five peacekeepers were killed", "the convoy of X was attacked": who is acted on comes first
        before = [m for m in actors if m.end <= start and m.key != agent and start - m.end < 60]
        if before:
            return before[-1].key
    marked = [m for m in actors if m.start >= end and m.key != agent and m.start - end < 80
              and _TARGET_MARK.search(text[max(end, m.start - 40):m.start])]
    if marked:
        return marked[0].key  # "against X", "targeting X", "positions of X"
    for m in actors:
        if m.start >= end - 1 and m.end <= end + 60 and m.key != agent and re.match(r"\s*(?:positions|bases|targets|fighters)\b", text[m.end:]):
            return m.key  # "struck Ukrainian positions"
    for m in actors:
        if m.start >= end and m.key != agent and m.start - end < 60 and not re.search(r"\bby\s+(?:the\s+)?$", text[end:m.start]):
            if re.search(r"\b(?:according|said|reported)\b", text[end:m.start]) or (kind != "Clash" and _REPORTING.match(text[m.end:])):
                return None  # "..., Russia's defence ministry said": who reports it is not acted on (a side of a clash may be)
            if kind == "Casualties" and _SUBJECT_OF.match(text[m.end:]):
                continue  # "people were killed when X fighters attacked": X acts in its own clause
            return m.key
    return None


def _locations(kind: str, text: str, start: int, end: int, places: list[Mention], entities: Entities,
               last_place: str | None) -> list[str | None]:
    after = [m for m in places if m.start >= end and entities.place(m.key).kind != "Country"]
    before = [m for m in places if m.end <= start]
    if kind == "TerritorialCapture" and len(after) > 1:
        clause = text[end:]
        stop = _CLAUSE_BREAK.search(clause)
        limit = end + (stop.start() if stop else len(clause))
        keys = [m.key for m in after if m.start < limit and re.search(r"\b(?:along with|and|as well as)\b", text[end:m.start]) or m is after[0]]
        return list(dict.fromkeys(keys))
    if after and after[0].start - end < 70:
        return [after[0].key]
    if before:
        return [before[-1].key]
    countries = [m for m in places if m.start >= end]
    if countries:
        return [countries[0].key]
    return [None]  # no place in the sentence: the article's main place (pipeline._main_place)


def merge_events(events: list[Event]) -> list[Event]:
    """One event per real event: the same type, place, date and agent reported again is one event
    with several evidence sentences (CODEBOOK, "Events")."""
    out: list[Event] = []
    for e in events:
        twin = next((o for o in out if o.type == e.type and o.location == e.location and o.date == e.date
                     and e.location and e.date and o.type not in ("Casualties",)
                     and (not e.agents or not o.agents or e.agents == o.agents)), None)
        if twin is None:
            out.append(e)
            continue
        for s in e.evidence:
            if s not in twin.evidence:
                twin.evidence.append(s)
        twin.agents = twin.agents or e.agents
        twin.targets = twin.targets or e.targets
    return out
