"""Dates in a sentence, resolved against the publication date with attention to tense
(docs/CODEBOOK.md, "Events": dates)."""

from __future__ import annotations

import datetime as dt
import re

from ..model import When

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_RE = "|".join(m.capitalize() for m in MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_NUM = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}

# Words that put a clause in the future: the event is scheduled or promised (ckg:planned).
FUTURE = re.compile(r"\b(?:will|is|are|was|were)\s+(?:scheduled|expected|due|set|planning|poised)\s+to\b|"
                    r"\bwill\b|\bplans?\s+to\b|\bvow(?:s|ed)?\s+to\b|\bpromis(?:e|es|ed)\s+to\b|"
                    r"\bpledg(?:e|es|ed)\s+to\b|\bcommitted\s+to\b|\bintends?\s+to\b|\bthreaten(?:s|ed)?\s+to\b|"
                    r"\bgoing\s+to\b|\bnext\s+(?:week|month|year)\b", re.I)
_WEEKDAY = re.compile(r"\b(?:(last|next|this|on|since|by|until|from|early|late)\s+)?(" +
                      "|".join(d.capitalize() for d in WEEKDAYS) + r")\b(?:\s+(morning|afternoon|evening|night))?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b|\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(?:of\s+)?(\d{{4}})\b")
_MONTH_ALONE = re.compile(rf"\b(?:in|since|during|by|until|early|late|mid-)\s*({_MONTH_RE})\b(?!\s+\d)")
_YEAR = re.compile(r"\b(?:in|since|by|until|from|during|of|early|late|mid-)\s*((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b")
_RELATIVE = re.compile(r"\b(today|yesterday|tonight|overnight|this morning|this afternoon|this evening|"
                       r"last night|tomorrow)\b", re.I)


def is_future(text: str) -> bool:
    return bool(FUTURE.search(text))


def weekday_date(name: str, published: dt.date, future: bool, modifier: str | None = None) -> dt.date:
    """The date of a weekday mentioned in a report published on ``published``."""
    target = WEEKDAYS.index(name.lower())
    delta = (target - published.weekday()) % 7
    modifier = (modifier or "").lower()
    if modifier == "next" or (future and modifier != "last"):
        return published + dt.timedelta(days=delta or 7) if modifier == "next" or delta else published
    if modifier == "last":
        return published - dt.timedelta(days=(published.weekday() - target) % 7 or 7)
    if delta == 0:
        return published
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def find_date(text: str, published: dt.date | None, near: int | None = None) -> When | None:
    """The date expressed in ``text`` (the one nearest to offset ``near`` when given, else the
    first): a day resolved against ``published``, else a month, else a year, each at its precision."""
    found = find_dates(text, published)
    if not found:
        return None
    if near is None:
        return found[0][1]
    return min(found, key=lambda c: abs(c[0] - near) + (0 if c[0] >= near else 5))[1]


def find_dates(text: str, published: dt.date | None) -> list[tuple[int, When]]:
    """Every date in ``text`` with its offset, in order."""
    future = is_future(text)
    candidates: list[tuple[int, When]] = []
    if published is not None:
        m = _WEEKDAY.search(text)
        if m:
            candidates.append((m.start(), When.day(weekday_date(m.group(2), published, future, m.group(1)))))
        m = _RELATIVE.search(text)
        if m:
            word = m.group(1).lower()
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
            candidates.append((m.start(), When.day(published + dt.timedelta(days=shift))))
    for m in _DAY_MONTH.finditer(text):
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        month_num = _MONTH_NUM[month[:3].lower()]
        if year:
            y = int(year)
        elif published is not None:
            y = published.year
            if not future and (month_num, int(day)) > (published.month, published.day):
                y -= 1  # a past report of a later month-day means last year
        else:
            continue
        try:
            candidates.append((m.start(), When.day(dt.date(y, month_num, int(day)))))
        except ValueError:
            continue
    days = [c[0] for c in candidates]
    for m in _MONTH_YEAR.finditer(text):
        if not any(abs(m.start() - d) < 12 for d in days):
            candidates.append((m.start(), When(f"{m.group(2)}-{_MONTH_NUM[m.group(1)[:3].lower()]:02d}")))
    if published is not None:
        m = _MONTH_ALONE.search(text)
        if m and m.group(1) != "May":
            month_num = _MONTH_NUM[m.group(1)[:3].lower()]
            y = published.year - (1 if month_num > published.month and not future else 0)
            candidates.append((m.start(), When(f"{y}-{month_num:02d}")))
    taken = [c[0] for c in candidates]
    for m in _YEAR.finditer(text):
        year = m.group(1) or m.group(2)
        tail = text[m.end():m.end() + 12]
        if re.match(r"\s*(?:kilomet|km|miles|people|troops|civilians|soldiers|fighters)", tail):
            continue
        if any(0 <= m.start() - t < 20 for t in taken):  # the year of a day or month already read
            continue
        candidates.append((m.start(), When(year)))
    return sorted(candidates, key=lambda c: c[0])


def after(when: When, day: dt.date) -> bool:
    """Whether ``when`` (at its precision) lies after ``day``."""
    return when.value > day.isoformat()[:len(when.value)]


def year_of(text: str) -> str | None:
    m = _YEAR.search(text)
    return (m.group(1) or m.group(2)) if m else None
