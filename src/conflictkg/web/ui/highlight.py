"""An article's text cut into paragraphs of plain and highlighted segments, so that a template can
mark every evidence sentence and link it to the facts it supports.

Pure and markup-free: segments are plain strings that the template escapes; nothing here builds
HTML, so article text can never become markup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    facts: list[dict] = field(default_factory=list)  # empty: plain text
    anchor: str | None = None  # an id for the highlighted sentence
    current: bool = False  # supports the fact whose page this is


@dataclass
class HighlightedText:
    paragraphs: list[list[Segment]]
    unplaced: list[tuple[str, list[dict]]]  # evidence not found verbatim in the text


def highlight(text: str, evidence: dict[str, list[dict]], current: set[str] = frozenset()) -> HighlightedText:
    """Mark each sentence of ``evidence`` (sentence -> facts it supports) where it occurs in
    ``text``; paragraphs are the text's lines. ``current`` names the facts (by ``id``) whose
    sentences get ``current=True``. Overlapping matches keep the earlier, then the longer one."""
    text = unicodedata.normalize("NFC", text)
    paragraphs: list[list[Segment]] = []
    placed: set[str] = set()
    counter = 0
    normalised = {unicodedata.normalize("NFC", s.strip()): facts for s, facts in evidence.items() if s.strip()}
    for line in text.split("\n"):
        if not line.strip():
            continue
        spans = []
        for sentence, facts in normalised.items():
            start = line.find(sentence)
            if start >= 0:
                spans.append((start, -len(sentence), sentence, facts))
        spans.sort()
        segments: list[Segment] = []
        position = 0
        for start, negative_length, sentence, facts in spans:
            if start < position:
                continue  # overlaps a sentence already marked
            if start > position:
                segments.append(Segment(line[position:start]))
            counter += 1
            segments.append(Segment(sentence, sorted(facts, key=lambda f: f["id"]), f"evidence-{counter}",
                                    any(f["id"] in current for f in facts)))
            placed.add(sentence)
            position = start - negative_length
        if position < len(line):
            segments.append(Segment(line[position:]))
        paragraphs.append(segments)
    unplaced = [(s, facts) for s, facts in normalised.items() if s not in placed]
    return HighlightedText(paragraphs, unplaced)
