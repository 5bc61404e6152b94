"""Statements from reported speech: the speaker, the type from the reporting verb, the quote or
reported content, what it is about, the outlet that carried it, and which statement it disputes
(docs/CODEBOOK.md, "Statements")."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Ref, Statement, When
from . import dates
from .mentions import Mention
from .resolution import Entities
from .sentences import Sentence

VERBS: list[tuple[str, str]] = [
    ("Admission", r"admit(?:s|ted)?|acknowledg(?:ed|es)|conceded"),
    ("Denial", r"denie[ds]|deny|challeng(?:ed|es)|reject(?:ed|s)|dismiss(?:ed|es)|refuted|disputed"),
    ("Pledge", r"promis(?:ed|es)|vow(?:ed|s)|pledg(?:ed|es)|committed|swore"),
    ("Accusation", r"accus(?:ed|es)|blam(?:ed|es)|condemn(?:ed|s)"),
    ("Call", r"urg(?:ed|es)|called\s+(?:on|for)|calls\s+(?:on|for)|demanded|appealed"),
    ("Announcement", r"announc(?:ed|es)|declar(?:ed|es)|proclaimed"),
    ("Report", r"report(?:ed|s)?(?!\s+(?:him|her)\b)|according\s+to"),
    ("Claim", r"claim(?:ed|s|ing)|said|says|stated|told|insisted|asserted|maintained|warned|noted|added|argued"),
]
_VERB = re.compile(r"\b(" + "|".join(f"(?P<{k}>{v})" for k, v in VERBS) + r")\b", re.I)
_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]|(?<!\w)'([^']{6,})'(?!\w)")
_PASSIVE = re.compile(r"\b(?:it\s+(?:was|is|has been)\s+|were\s+|was\s+|been\s+)$", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:\"[^\"]*\"\s*,?\s*)?(?:It|They|He|She|The group|The military|The army)\b")


def sentence_statements(sentence: Sentence, mentions: list[Mention], entities: Entities,
                        published: dt.date | None, previous: dict) -> list[Statement]:
    text = sentence.text
    actors = [m for m in mentions if m.category == "actor"]
    out: list[Statement] = []
    for v in _VERB.finditer(text):
        kind = next(k for k, _ in VERBS if v.group(k))
        if _PASSIVE.search(text[:v.start()]) and kind != "Report":
            continue
        if re.search(r"\b(?:it\s+was|were)\s+$", text[:v.start()], re.I):
            continue  # "it was reported that" — unattributed (CODEBOOK)
        speaker, cited = _speaker(text, v, actors, kind, entities, previous)
        if speaker is None:
            continue
        speaker = entities.speaks_for.get(speaker, speaker)  # CODEBOOK: a spokesperson speaks for someone
        if kind == "Claim" and re.match(r"claiming", v.group(0), re.I):
            kind = "Claim"
        quote = _QUOTE.search(text)
        content = (quote.group(1) or quote.group(2)) if quote else _content(text, v)
        if not content:
            continue
        date = dates.find_date(text, published, near=v.start())
        if date is None or date.precision == "year" and published is not None:
            date = When.day(published) if published else date
        elif published is not None and dates.after(date, published):
            date = When.day(published)  # a reported statement was made by the time of the report
        st = Statement(speaker=speaker, type=kind, text=content.strip(" ,."), evidence=[text], date=date, cited_in=cited)
        if kind == "Denial" and re.search(r"\b(?:this|that|the)\s+(?:assertion|claim|report|account|allegation)s?\b", text[v.end():]):
            st.disputes = [previous["last_index"]] if previous.get("last_index") is not None else []
        out.append(st)
        break  # one speech act per sentence: the main reporting verb
    return out


def _speaker(text: str, v: re.Match, actors: list[Mention], kind: str, entities: Entities, previous: dict):
    cited = None
    if re.match(r"according\s+to", v.group(0), re.I):
        after = [m for m in actors if m.start >= v.end() and m.start - v.end() < 8]
        return (after[0].key if after else None), None
    before = [m for m in actors if m.end <= v.start()]
    source = re.search(r"\b(?:a|an)\s+(military|army|government|security|rebel|diplomatic)\s+(?:source|official|spokesman)"
                       r"(?:\s+cited\s+(?:in|by)\s+([^,]+?))?\s*$", text[:v.start()])
    if source:
        noun = source.group(1)
        speaker = _focus_kind(entities, "StateForce" if noun in ("military", "army", "security") else
                              "Government" if noun in ("government", "diplomatic") else "ArmedGroup")
        media = [m for m in actors if source.start() <= m.start < v.start() and entities.actor(m.key).kind == "MediaOutlet"]
        return speaker, (media[0].key if media else None)
    if before:
        m = before[-1]
        gap = text[m.end:v.start()]
        media = [a for a in actors if a.end <= v.start() and entities.actor(a.key).kind == "MediaOutlet" and a is not m]
        if re.search(r"\bcited\s+(?:in|by)\s*$", text[:m.start]) and len(before) > 1:
            cited, m = m.key, before[-2]
        if len(gap) < 60 and not re.search(r"\b(?:that|which|who)\b", gap) or re.fullmatch(r"[^.]*,\s*", gap):
            if re.search(r"\b(?:his|her|its)\s+(?:office|spokesman|spokesperson|spokeswoman)\b", gap + text[:m.start]):
                return m.key, cited
            return m.key, cited or (media[0].key if media and media[0].key != m.key else None)
    if re.search(r"\b(?:his|her)\s+(?:office|spokesman|spokesperson)\s+$", text[:v.start()]):
        return previous.get("last_person"), None
    if _PRONOUN_SUBJECT.match(text) or re.match(r"^\s*(?:It|They|He|She)\s+$", text[:v.start()]):
        return previous.get("last_speaker") if re.match(r"\s*(?:It|He|She)\b", text) else previous.get("last_agent"), None
    after = [m for m in actors if m.start >= v.end() and m.start - v.end() < 4]
    if after and re.search(r"[\"”,]\s*$", text[:v.start()]):
        return after[0].key, None
    return None, None


def _focus_kind(entities: Entities, kind: str) -> str | None:
    for a in entities.actors:
        if a.kind == kind:
            return a.key
    return None


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
# "said on Thursday (that) ...", "said late on 12 June, ...", "said yesterday ...": when it was said,
# not what was said (the date is the statement's ckg:date already).
_WHEN_SAID = re.compile(
    rf"^\s*,?\s*(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?(?:(?:{_WEEKDAY}|{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
    rf"(?:\s+(?:morning|afternoon|evening|night))?(?:,?\s+\d{{4}})?|yesterday|today|tonight|last\s+(?:night|week)|"
    rf"(?:this|earlier\s+this)\s+(?:morning|afternoon|evening|week))(?![\w'’-])\s*,?", re.I)


def _content(text: str, v: re.Match) -> str:
    rest = text[v.end():]
    rest = _WHEN_SAID.sub("", rest, count=1)
    rest = re.sub(r"^\s*(?:that|to|on|for)\s+", "", rest)
    if re.match(r"according", v.group(0), re.I):
        parts = text.split(",", 2)
        rest = parts[-1] if len(parts) > 1 else rest
    return rest.strip()


def about_refs(statement: Statement, event_indexes: list[int], mentions: list[Mention]) -> list[Ref]:
    if event_indexes:
        return [Ref("event", str(i)) for i in event_indexes]
    return [Ref(m.category, m.key) for m in mentions if m.key != statement.speaker][:1]
