"""Casualty figures with their qualifier: "over 300" → (300, Over), "at least 20" → (20, AtLeast),
"about 500,000" → (500000, About), "dozens" → (12, About) (ACLED's convention for vague amounts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "hundred": 100}
# ACLED: vague amounts become a number only when one is needed.
_VAGUE = {"dozens": 12, "scores": 12, "several": 3, "a few": 3, "hundreds": 100, "thousands": 1000,
          "tens of thousands": 10000, "a dozen": 12, "many": None}
_QUALIFIERS = [
    (r"(?:more than|over|upwards of|in excess of)", "Over"),
    (r"(?:at least|a minimum of|no fewer than|no less than)", "AtLeast"),
    (r"(?:about|around|approximately|roughly|some|nearly|almost|close to|an estimated|up to|an)", "About"),
]
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|" + "|".join(
    sorted((re.escape(w) for w in list(_WORDS) + list(_VAGUE)), key=len, reverse=True)) + r")"
_FIGURE = re.compile(r"(?:\b(" + "|".join(q for q, _ in _QUALIFIERS) + r")\s+)?\b" + _NUMBER + r"\b", re.I)
_PEOPLE = (r"(?:people|persons|individuals|civilians|soldiers|troops|fighters|militants|rebels|"
           r"combatants|men|women|children|residents|members|protesters|demonstrators|police(?:men)?|"
           r"officers|insurgents|servicemen|casualties|deaths|bodies)")
_DEATH = re.compile(r"\b(?:killed|died|dead|deaths?|death toll|lost their lives|casualties|slain|fatalities|"
                    r"killing|perished|massacred|executed|lives)\b", re.I)
_CIVILIAN = re.compile(r"\bcivilians?\b", re.I)


@dataclass(frozen=True)
class Figure:
    value: int
    qualifier: str  # Exact, AtLeast, Over, About
    civilian: bool
    start: int
    end: int


def number_value(text: str) -> int | None:
    t = text.lower().replace(",", "")
    if t in _WORDS:
        return _WORDS[t]
    if t in _VAGUE:
        return _VAGUE[t]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(million|thousand))?", t)
    if not m:
        return None
    scale = {"million": 1_000_000, "thousand": 1_000}.get(m.group(2) or "", 1)
    return int(round(float(m.group(1)) * scale))


def qualifier_of(word: str | None, number: str) -> str:
    if number.lower() in _VAGUE:
        return "About"
    if not word:
        return "Exact"
    word = word.lower()
    for pattern, name in _QUALIFIERS:
        if re.fullmatch(pattern, word):
            return name
    return "Exact"


def casualty_figures(sentence: str) -> list[Figure]:
    """Death figures in a sentence: a number followed (within a few words) by people and a word of
    dying, or a number of casualties. A figure followed by "civilians" is a civilian figure."""
    if not _DEATH.search(sentence):
        return []
    out: list[Figure] = []
    for m in _FIGURE.finditer(sentence):
        value = number_value(m.group(2))
        if value is None:
            continue
        tail = sentence[m.end():m.end() + 60]
        if re.match(r"\s*(?:kilomet|km|miles|percent|%|years?|days?|hours?|minutes?|PM|AM|p\.m|a\.m)\b", tail):
            continue
        if re.match(r"\s*(?:of them|of those|of whom)?", tail) and re.match(
                rf"\s*(?:of\s+(?:them|those|whom)\s+(?:being\s+|were\s+)?)?(?:\w+\s+){{0,2}}{_PEOPLE}\b|"
                rf"\s*(?:\w+\s+){{0,3}}(?:have\s+|had\s+|were\s+|was\s+)?(?:been\s+)?(?:killed|died|dead|lost their lives)",
                tail, re.I):
            head = re.match(rf"\s*(?:of\s+(?:them|those|whom)\s+(?:being\s+|were\s+)?)?(?:\w+\s+){{0,2}}({_PEOPLE})", tail, re.I)
            civilian = bool(head and _CIVILIAN.fullmatch(head.group(1)))
            if re.match(r"\s*of\s+(?:them|those|whom)", tail, re.I) or re.search(
                    r"\b(?:including|among them|of whom|of those)\s+$", sentence[max(0, m.start() - 20):m.start()], re.I):
                civilian = civilian or bool(_CIVILIAN.search(tail[:40]))
            out.append(Figure(value, qualifier_of(m.group(1), m.group(2)), civilian, m.start(), m.end()))
    return out
