"""How good an extracted article graph is, compared fact by fact with a gold one
(docs/CODEBOOK.md, "How extraction is scored").

- actors and places match when one of the node's names (label, altLabel, hiddenLabel) equals one of
  the gold entity's names, ignoring case, accents, punctuation and a leading "the" (the same IRI
  matches too); one node per gold entity counts, an unmerged duplicate is a false positive;
- an allegiance matches on (of, type, to), either order for the symmetric types;
- an event matches on a shared evidence sentence and its type; agent, target, place, date and
  figures are then scored as attributes of matched events;
- a statement matches on a shared evidence sentence and its speaker; its type is an attribute.

The graphs passed in are an article graph together with the reference records its actors and
places have (their names are read from it). Precision, recall and F1 per category, and their mean.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from .namespaces import ACTOR, CKG, PLACE, RDF, RDFS, SKOS

CATEGORIES = ("actors", "places", "allegiances", "events", "statements")
SYMMETRIC = {CKG.AlliedWith, CKG.Opposes}
EVENT_ATTRIBUTES = ("agent", "target", "location", "date", "fatalities", "civilianFatalities", "planned")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name → [correct, total]

    @property
    def mean_f1(self) -> float:
        return sum(self.counts[c].f1 for c in CATEGORIES) / len(CATEGORIES)

    def add(self, other: "Score") -> None:
        for c in CATEGORIES:
            self.counts[c] += other.counts[c]
        for name, (ok, total) in other.attributes.items():
            mine = self.attributes.setdefault(name, [0, 0])
            mine[0] += ok
            mine[1] += total


def normalize_name(name: str) -> str:
    """Case, accents, punctuation and a leading "the" ignored: ``"The Syrian Army's"`` → ``syrian armys``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


def entity_names(article: Graph, names: Graph, prefix: str) -> dict[URIRef, set[str]]:
    """The actors (or places) an article graph refers to, with their normalised names."""
    used = {t for triple in article for t in (triple[0], triple[2])
            if isinstance(t, URIRef) and str(t).startswith(prefix) and "/geometry" not in str(t)}
    out: dict[URIRef, set[str]] = {}
    for iri in used:
        found = set()
        for graph in (names, article):
            for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                found.update(normalize_name(str(o)) for o in graph.objects(iri, p))
        out[iri] = found - {""}
    return out


def max_matching(left: list[Hashable], right: list[Hashable], edge: Callable[[Hashable, Hashable], bool]) -> dict:
    """A maximum one-to-one matching (Kuhn's augmenting paths); left item → right item."""
    adjacency = {a: [b for b in right if edge(a, b)] for a in left}
    owner: dict = {}

    def augment(a, seen: set) -> bool:
        for b in adjacency[a]:
            if b in seen:
                continue
            seen.add(b)
            if b not in owner or augment(owner[b], seen):
                owner[b] = a
                return True
        return False

    for a in left:
        augment(a, set())
    return {a: b for b, a in owner.items()}


def _match_entities(extracted: dict, gold: dict) -> tuple[dict, Counts]:
    left = sorted(extracted, key=lambda x: (x not in gold, str(x)))  # same IRIs claim their match first
    mapping = max_matching(left, sorted(gold, key=str),
                           lambda a, b: a == b or bool(extracted[a] & gold[b]))
    tp = len(mapping)
    return mapping, Counts(tp, len(extracted) - tp, len(gold) - tp)


def _evidence(graph: Graph, s) -> frozenset[str]:
    return frozenset(" ".join(str(o).split()) for o in graph.objects(s, CKG.evidence))


def score(extracted: Graph, gold: Graph, extracted_names: Graph | None = None, gold_names: Graph | None = None) -> Score:
    """Compare an extracted article graph with a gold one. ``*_names`` hold the reference records
    (labels and altLabels) of their actors and places; the article graphs give hiddenLabels."""
    extracted_names = extracted_names if extracted_names is not None else extracted
    gold_names = gold_names if gold_names is not None else gold
    result = Score()
    mapping: dict = {}
    for category, prefix in (("actors", str(ACTOR)), ("places", str(PLACE))):
        m, counts = _match_entities(entity_names(extracted, extracted_names, prefix),
                                    entity_names(gold, gold_names, prefix))
        mapping.update(m)
        result.counts[category] = counts

    def mapped(term):
        return mapping.get(term, term if not str(term).startswith((str(ACTOR), str(PLACE))) else URIRef(f"{term}#unmatched"))

    # allegiances: (of, type, to)
    def allegiances(graph: Graph, translate) -> list[tuple]:
        out = []
        for s in graph.subjects(RDF.type, CKG.Allegiance):
            of, kind, to = (graph.value(s, CKG.allegianceOf), graph.value(s, CKG.allegianceType), graph.value(s, CKG.allegianceTo))
            of, to = translate(of), translate(to)
            out.append((frozenset((of, to)), kind) if kind in SYMMETRIC else (of, kind, to))
        return out

    ext_a, gold_a = allegiances(extracted, mapped), allegiances(gold, lambda t: t)
    remaining = list(gold_a)
    tp = 0
    for a in ext_a:
        if a in remaining:
            remaining.remove(a)
            tp += 1
    result.counts["allegiances"] = Counts(tp, len(ext_a) - tp, len(gold_a) - tp)

    # events: a shared evidence sentence and the same type; then attributes
    ext_e = sorted(extracted.subjects(RDF.type, CKG.Event), key=str)
    gold_e = sorted(gold.subjects(RDF.type, CKG.Event), key=str)
    ev = {e: _evidence(extracted, e) for e in ext_e}
    gv = {e: _evidence(gold, e) for e in gold_e}
    matched = max_matching(ext_e, gold_e, lambda a, b: bool(ev[a] & gv[b]) and
                           extracted.value(a, CKG.eventType) == gold.value(b, CKG.eventType))
    result.counts["events"] = Counts(len(matched), len(ext_e) - len(matched), len(gold_e) - len(matched))
    properties = {"agent": CKG.agent, "target": CKG.target, "location": CKG.location, "date": CKG.date,
                  "fatalities": CKG.fatalities, "civilianFatalities": CKG.civilianFatalities, "planned": CKG.planned}
    for a, b in matched.items():
        for name, p in properties.items():
            mine = {mapped(o) for o in extracted.objects(a, p)}
            theirs = set(gold.objects(b, p))
            if name in ("date", "fatalities", "civilianFatalities", "planned"):
                mine = {str(o) for o in extracted.objects(a, p)}
                theirs = {str(o) for o in theirs}
            if not mine and not theirs:
                continue
            cell = result.attributes.setdefault(f"event {name}", [0, 0])
            cell[0] += mine == theirs
            cell[1] += 1

    # statements: a shared evidence sentence and the same speaker; the type is an attribute
    ext_s = sorted(extracted.subjects(RDF.type, CKG.Statement), key=str)
    gold_s = sorted(gold.subjects(RDF.type, CKG.Statement), key=str)
    sv = {s: _evidence(extracted, s) for s in ext_s}
    gs = {s: _evidence(gold, s) for s in gold_s}
    matched_s = max_matching(ext_s, gold_s, lambda a, b: bool(sv[a] & gs[b]) and
                             mapped(extracted.value(a, CKG.speaker)) == gold.value(b, CKG.speaker))
    result.counts["statements"] = Counts(len(matched_s), len(ext_s) - len(matched_s), len(gold_s) - len(matched_s))
    for a, b in matched_s.items():
        cell = result.attributes.setdefault("statement type", [0, 0])
        cell[0] += extracted.value(a, CKG.statementType) == gold.value(b, CKG.statementType)
        cell[1] += 1
    return result


def format_table(rows: list[tuple[str, Score]]) -> str:
    """A Markdown table: P / R / F1 per category and the mean F1, one row per article."""
    head = "| article | " + " | ".join(f"{c} P/R/F1" for c in CATEGORIES) + " | mean F1 |"
    lines = [head, "|" + "---|" * (len(CATEGORIES) + 2)]
    for name, s in rows:
        cells = [f"{s.counts[c].precision:.2f} / {s.counts[c].recall:.2f} / {s.counts[c].f1:.2f}" for c in CATEGORIES]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {s.mean_f1:.2f} |")
    return "\n".join(lines)
