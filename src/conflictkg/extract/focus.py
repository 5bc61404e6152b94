"""The countries an article is about (its focus): country names, demonyms and well-known places
counted over the text. The focus settles ambiguous place names and what "the government" or
"the rebels" of an article refer to."""

from __future__ import annotations

import functools
import re
from collections import Counter

from . import gazetteer, lexicon
from .names import _PLACE_NAME
from .resolution import Entities


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



def _focus_demonym(E: Entities) -> str | None:
    if not E.focus:
        return None
    return next((d for d, c in lexicon.demonyms().items() if c == E.focus[0]), None)



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
