"""Sentence splitting that keeps every sentence an exact substring of the article (evidence
sentences are compared with the text character for character)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov",
                  "st", "no", "vs", "jr", "sr", "prof", "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "est",
                  "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "a.m", "p.m", "brig"}
_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offset in the text it was split from


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (lines are paragraphs; a sentence never crosses a line)."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            word = re.search(r"([\w.]+)\.[\"'”’)\]]*$", line[start:m.end()])
            if word and word.group(1).lower() in _ABBREVIATIONS and line[m.end() - 1] == ".":
                continue
            if word and re.fullmatch(r"[A-Z]", word.group(1)):  # an initial: "George W. Bush"
                continue
            _add(out, line, start, m.end(), pos + offset)
            start = m.end()
        _add(out, line, start, len(line), pos + offset)
        pos += len(line) + 1
    return out


def _add(out: list[Sentence], line: str, start: int, end: int, base: int) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(len(out), stripped, base + start + lead))
