"""Scoping a SHACL-SPARQL constraint's ``sh:select`` to one job's data graph inside a store that
holds every article graph.

Validated one article at a time, a constraint's data graph is the article graph with the
reference data and the ontology. In the bulk store each article is a named graph next to the
reference and ontology graphs, so every triple pattern of the constraint is rewritten to read
from the union of the three: the article's graph (the variable ``?__graph``, bound by the focus
nodes' targets), the reference graph and the ontology graph::

    ?a ckg:p ?b   →   { { GRAPH ?__graph { ?a ckg:p ?b } } UNION { GRAPH <ref> { … } } UNION { GRAPH <ont> { … } } }

A property path is matched inside one of the three graphs (enough for ``rdfs:subClassOf+``,
which lives in the ontology). The rewrite works on tokens, not text, so strings, IRIs and
comments are never touched; ``$var`` becomes ``?var``. Blank-node property lists, collections,
``GRAPH`` and ``SERVICE`` are refused with a message: a constraint must not choose its own graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GRAPH_VARIABLE = "?__graph"

_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?))
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,!=<>*+/|^?-])
""", re.X)

_GROUP_KEYWORDS = {"FILTER", "BIND", "OPTIONAL", "MINUS", "VALUES", "GRAPH", "SERVICE", "UNION"}


class ScopeError(ValueError):
    """A constraint that the bulk engine cannot scope to one article's data graph."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ScopeError(f"cannot read the query at {text[position:position + 30]!r}")
        position = match.end()
        kind = match.lastgroup
        if kind == "ws":
            continue
        value = match.group()
        if kind == "var":
            value = "?" + value[1:]
        tokens.append(Token(kind, value))
    return tokens


def scoped_select(query: str, reference: str, ontology: str, targets: str) -> tuple[str, str]:
    """``(prologue, query)``: the ``sh:select`` query with its projection extended by
    ``?__graph`` and ``?this``, ``targets`` (a group pattern binding both) first in its WHERE, and
    every triple pattern scoped as the module docstring says."""
    tokens = tokenize(query)
    start = next((i for i, t in enumerate(tokens) if t.upper == "SELECT"), None)
    if start is None:
        raise ScopeError("only SELECT constraints (sh:select) can be scoped")
    prologue = " ".join(t.text for t in tokens[:start])
    where = next(i for i in range(start, len(tokens)) if tokens[i].text == "{")
    projection = [t for t in tokens[start + 1:where] if t.upper != "WHERE"]
    distinct = bool(projection) and projection[0].upper in ("DISTINCT", "REDUCED")
    projection = projection[1:] if distinct else projection
    if any(t.text == "*" for t in projection):
        head = "*"
    else:
        head = " ".join(_drop_plain(projection, ("?this", GRAPH_VARIABLE)))
    body, end = _Scoper(tokens, reference, ontology).group(where)
    inner = body[1:-1]  # the WHERE group's content, without its braces
    tail = " ".join(t.text for t in tokens[end:])
    text = (f"SELECT DISTINCT {GRAPH_VARIABLE} ?this {head} WHERE {{ {targets} {' '.join(inner)} }} {tail}"
            if head != "*" else f"SELECT * WHERE {{ {targets} {' '.join(inner)} }} {tail}")
    return prologue, text


def _drop_plain(projection: list[Token], names: tuple[str, ...]) -> list[str]:
    """The projection without the bare variables ``names`` (they are projected first)."""
    out, depth = [], 0
    for token in projection:
        depth += token.text == "("
        depth -= token.text == ")"
        if depth == 0 and token.kind == "var" and token.text in names:
            continue
        out.append(token.text)
    return out


class _Scoper:
    def __init__(self, tokens: list[Token], reference: str, ontology: str):
        self.tokens = tokens
        self.graphs = (GRAPH_VARIABLE, f"<{reference}>", f"<{ontology}>")

    def group(self, i: int) -> tuple[list[str], int]:
        """Rewrite the group starting at tokens[i] == '{'; return its text and the index after '}'."""
        tokens, out = self.tokens, ["{"]
        assert tokens[i].text == "{"
        i += 1
        if tokens[i].upper == "SELECT":  # a subquery: scope its WHERE, copy the rest
            while tokens[i].text != "{":
                out.append(tokens[i].text)
                i += 1
            inner, i = self.group(i)
            out += inner
            depth = 0
            while not (depth == 0 and tokens[i].text == "}"):
                depth += tokens[i].text in "({"
                depth -= tokens[i].text in ")}"
                out.append(tokens[i].text)
                i += 1
            return out + ["}"], i + 1
        while tokens[i].text != "}":
            token = tokens[i]
            if token.text == "{":
                inner, i = self.group(i)
                out += inner
            elif token.text == ".":
                i += 1
            elif token.upper in ("FILTER", "BIND"):
                out.append(token.text)
                i = self.expression(i + 1, out)
            elif token.upper in ("OPTIONAL", "MINUS"):
                out.append(token.text)
                inner, i = self.group(i + 1)
                out += inner
            elif token.upper == "UNION":
                out.append(token.text)
                i += 1
            elif token.upper == "VALUES":
                i = self.copy_values(i, out)
            elif token.upper in ("GRAPH", "SERVICE"):
                raise ScopeError(f"{token.upper} is not allowed in a constraint: the validator picks the graph")
            else:
                i = self.triples(i, out)
        return out + ["}"], i + 1

    def expression(self, i: int, out: list[str]) -> int:
        """Copy a FILTER / BIND argument, scoping the groups of EXISTS and NOT EXISTS in it."""
        tokens = self.tokens
        if tokens[i].upper in ("EXISTS", "NOT"):
            while tokens[i].text != "{":
                out.append(tokens[i].text)
                i += 1
            inner, i = self.group(i)
            out += inner
            return i
        if tokens[i].text != "(":  # a function call: its name, then its arguments
            out.append(tokens[i].text)
            i += 1
        depth = 0
        while True:
            token = tokens[i]
            if token.upper == "EXISTS":
                out.append(token.text)
                inner, i = self.group(i + 1)
                out += inner
                continue
            depth += token.text == "("
            depth -= token.text == ")"
            out.append(token.text)
            i += 1
            if depth == 0:
                return i

    def copy_values(self, i: int, out: list[str]) -> int:
        tokens, depth = self.tokens, 0
        while True:
            out.append(tokens[i].text)
            depth += tokens[i].text == "{"
            depth -= tokens[i].text == "}"
            i += 1
            if depth == 0 and tokens[i - 1].text == "}":
                return i

    def triples(self, i: int, out: list[str]) -> int:
        """Split a triples block into triple patterns and scope each."""
        tokens = self.tokens
        while True:
            subject, i = self.term(i)
            while True:  # predicate-object list
                path, i = self.path(i)
                while True:
                    obj, i = self.term(i)
                    out.append(self.scoped(subject, path, obj))
                    if tokens[i].text != ",":
                        break
                    i += 1
                if tokens[i].text != ";":
                    break
                while tokens[i].text == ";":
                    i += 1
                if self.ends_block(i):  # a trailing ';'
                    break
            if tokens[i].text == ".":
                i += 1
            if self.ends_block(i):
                return i

    def ends_block(self, i: int) -> bool:
        token = self.tokens[i]
        return token.text in ("{", "}", ".") or token.upper in _GROUP_KEYWORDS

    def term(self, i: int) -> tuple[str, int]:
        token = self.tokens[i]
        if token.text in ("[", "("):
            raise ScopeError("blank-node property lists and collections are not supported in constraints: "
                             "use variables")
        if token.kind not in ("var", "iri", "pname", "string", "number", "word"):
            raise ScopeError(f"unexpected {token.text!r} where a term was expected")
        text, i = token.text, i + 1
        if token.kind == "string" and i < len(self.tokens):
            if self.tokens[i].text == "^^":
                text, i = f"{text}^^{self.tokens[i + 1].text}", i + 2
            elif self.tokens[i].kind == "lang":
                text, i = text + self.tokens[i].text, i + 1
        return text, i

    def path(self, i: int) -> tuple[str, int]:
        """A predicate: a variable, or a property path up to where the object begins."""
        tokens = self.tokens
        if tokens[i].kind == "var":
            return tokens[i].text, i + 1
        out: list[str] = []
        while True:
            while tokens[i].text in ("^", "!"):
                out.append(tokens[i].text)
                i += 1
            if tokens[i].text == "(":
                depth = 0
                while True:
                    depth += tokens[i].text == "("
                    depth -= tokens[i].text == ")"
                    out.append(tokens[i].text)
                    i += 1
                    if depth == 0:
                        break
            else:
                out.append(tokens[i].text)
                i += 1
            if tokens[i].text in ("*", "+", "?"):
                out.append(tokens[i].text)
                i += 1
            if tokens[i].text in ("/", "|"):
                out.append(tokens[i].text)
                i += 1
                continue
            return " ".join(out), i

    def scoped(self, subject: str, path: str, obj: str) -> str:
        pattern = f"{subject} {path} {obj}"
        return "{ " + " UNION ".join(f"{{ GRAPH {g} {{ {pattern} }} }}" for g in self.graphs) + " }"
