"""Helpers shared by the extraction tests: run the pipeline on an invented article body, and read
the facts back as plain labels."""

from __future__ import annotations

import datetime as dt

from conflictkg.article import parse_article
from conflictkg.extract.pipeline import extract
from conflictkg.extract.reference import ReferenceIndex


def extract_body(body: str, published: dt.date, reference: ReferenceIndex | None = None):
    """The facts the extractor finds in ``body`` (a headline is added), published on ``published``."""
    article = parse_article(f"Headline\n{body}\n", "test-article")
    article = type(article)(**{**article.__dict__, "published": published})
    return extract(article, reference if reference is not None else ReferenceIndex())


def actors(facts) -> dict[str, str]:
    """Actor label → ontology class name."""
    return {a.label: a.kind for a in facts.actors}


def allegiances(facts) -> set[tuple[str, str, str]]:
    """(of label, type, to label) of every allegiance."""
    return {(facts.actor(a.of).label, a.type, facts.actor(a.to).label) for a in facts.allegiances}
