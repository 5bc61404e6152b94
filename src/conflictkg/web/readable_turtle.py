"""Turtle for people: the small RDF answers of Linked Data pages (a resource's description, the
ontology, the shapes) written with each subject's triples together, the resource itself first,
``rdf:type`` first in each block, and only the prefixes the text uses, declared in the
project's order (``namespaces.PREFIXES``: ckg, the IRI kinds, then the standard vocabularies).

pyoxigraph writes triples in the order it is given them and declares every prefix it is given,
in an order of its own; so the triples are sorted here, and the prefix lines are rewritten. The
output is the same bytes for the same triples, whichever process writes it."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import RDF

RDF_TYPE = str(RDF.type)
_PREFIX_LINE = re.compile(r"@prefix ([A-Za-z][\w.-]*|): <[^>]*> \.\n")


def triple_order(first: str | None):
    """Sort key: the resource ``first`` before every other subject, then subjects, ``rdf:type``
    before other predicates, predicates, objects."""

    def key(t: ox.Triple) -> tuple:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else f"_:{t.subject.value}"
        return (subject != first, isinstance(t.subject, ox.BlankNode), subject,
                t.predicate.value != RDF_TYPE, t.predicate.value, str(t.object))

    return key


def readable_turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str], first: str | None = None) -> bytes:
    """``triples`` as Turtle, grouped by subject (``first`` on top), with the used ``prefixes``
    declared in their dict order."""
    ordered = sorted(triples, key=triple_order(first))
    text = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    position = 0
    while match := _PREFIX_LINE.match(text, position):
        position = match.end()
    body = text[position:]
    # A prefix is used where "name:" starts a token; a match inside a string literal only keeps
    # a declaration that is not needed, never drops one that is.
    used = [name for name in prefixes if re.search(rf"(?<![\w.:-]){re.escape(name)}:", body)]
    header = "".join(f"@prefix {name}: <{prefixes[name]}> .\n" for name in used)
    # A blank line before each subject's block: pyoxigraph starts continuation lines with a tab
    # and escapes line breaks inside literals, so a line without a tab starts a subject.
    body = re.sub(r"\n(?=[^\t\n])", "\n\n", body)
    return (header + ("\n" if header else "") + body).encode("utf-8")
