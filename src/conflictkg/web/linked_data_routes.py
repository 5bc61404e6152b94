"""Linked Data: every minted IRI dereferences. ``/id/{kind}/{slug}`` (and ``.ttl`` ``.nt``
``.jsonld`` ``.rdf`` ``.html`` suffixes), ``/graph/...`` for named graphs, ``/ontology`` and
``/shapes``. The configured base IRI (``settings.base_iri``) is mapped onto these routes:
``{base}id/actor/x`` is served at ``/id/actor/x``.

IRIs outlive merges and retractions: a resource marked ``owl:deprecated true`` with
``dcterms:isReplacedBy`` answers ``301`` to its successor (same suffix and query), one without a
successor ``410 Gone`` with what is left of its description. With
``settings.serve_article_bodies`` off, ``schema:articleBody`` is left out of every description
and graph served here."""

from __future__ import annotations

import difflib
from functools import lru_cache

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from .. import resources
from ..executor.formats import Format
from ..namespaces import KINDS, OWL, PREFIXES, RDF, RDFS, SCHEMA, SH, is_slug
from .answers import answer_response
from .descriptions import (Status, arrange, article_source, description_query, graph_query, similar_query,
                           status_of, status_query, withdrawal_notes)
from .http_errors import ApiError
from .lookups import select_rows, value
from .negotiation import HTML, negotiate
from .operations import multi_method_route
from .readable_turtle import readable_turtle
from .ui.entity_pages import entity_view

SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml", ".html": "html"}


def split_suffix(name: str) -> tuple[str, str | None]:
    stem, dot, suffix = name.partition(".")
    if not dot:
        return name, None
    if f".{suffix}" not in SUFFIXES:
        raise ApiError(404, "not_found", f"unknown suffix .{suffix}; use one of {', '.join(SUFFIXES)}")
    return stem, SUFFIXES[f".{suffix}"]


def choose(request: Request, suffix_format: str | None) -> Format:
    return negotiate("graph", request.headers.get("accept"), suffix_format or request.query_params.get("format"),
                     html=True)


def rdf_prefixes(fmt: Format) -> dict[str, str] | None:
    return PREFIXES if fmt.name in ("turtle", "trig") else None


def withheld(settings) -> tuple[str, ...]:
    """Predicates the server does not publish outside SPARQL: article texts unless allowed."""
    return () if settings.serve_article_bodies else (str(SCHEMA.articleBody),)


async def resource_status(request: Request, iri: str) -> Status:
    rows = await select_rows(request.app.state.service, status_query(iri))
    return status_of(rows[0] if rows else None)


def successor_location(request: Request, successor: str, suffix: str) -> str:
    """Where a merged resource's successor is: on this server (keeping the requested suffix and
    query) when it is one of our IRIs, else the successor IRI itself."""
    base = request.app.state.settings.base_iri
    if not successor.startswith(base):
        return successor
    query = request.url.query
    return "/" + successor[len(base):] + suffix + (f"?{query}" if query else "")


async def not_found(request: Request, iri: str, kind: str, slug: str) -> ApiError:
    state = request.app.state
    prefix = f"{state.settings.base_iri}id/{kind}/"
    rows = await select_rows(state.service, similar_query(prefix))
    slugs = [value(r, "s")[len(prefix):] for r in rows]
    close = difflib.get_close_matches(slug, slugs, n=5, cutoff=0.5)
    close += [s for s in slugs if slug and slug in s and s not in close][: 5 - len(close)]
    suggestions = [f"/id/{kind}/{s}" for s in close]
    message = f"nothing is known about <{iri}>"
    message += f"; did you mean {', '.join(suggestions)}?" if suggestions else \
        f"; the {kind} IRIs that exist are listed by the SPARQL endpoint (/sparql)"
    return ApiError(404, "not_found", message, extra={"suggestions": suggestions})


def router() -> APIRouter:
    api = APIRouter(tags=["Linked Data"])

    @multi_method_route(api, "/id/{kind}/{name}", ["GET", "HEAD"], "resource", summary="A resource (Turtle, JSON-LD, N-Triples, RDF/XML, HTML)")
    async def resource(request: Request, kind: str, name: str) -> Response:
        state = request.app.state
        slug, suffix_format = split_suffix(name)
        if kind not in KINDS or not is_slug(slug):
            raise ApiError(404, "not_found", f"/id/{kind}/{slug} is not a conflictkg IRI: kinds are "
                                             f"{', '.join(KINDS)} and slugs use a-z, 0-9 and single dashes")
        iri = f"{state.settings.base_iri}id/{kind}/{slug}"
        status = await resource_status(request, iri)
        if not status.exists:
            raise await not_found(request, iri, kind, slug)
        if status.moved:  # merged: the successor answers, in the format that was asked for
            suffix = name[len(slug):]
            return RedirectResponse(successor_location(request, status.successor, suffix), status_code=301,
                                    headers={"Vary": "Accept", "Link": f'<{status.successor}>; rel="successor-version"'})
        code = 410 if status.gone else 200
        fmt = choose(request, suffix_format)
        headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
        if request.method == "HEAD":
            return Response(status_code=code, headers={**headers, "content-type": fmt.content_type})
        query = description_query(iri, withheld(state.settings))
        if fmt is HTML:
            answer = await state.service.describe(query, "ntriples")
            triples = list(ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES))
            desc = arrange(iri, [t.triple if isinstance(t, ox.Quad) else t for t in triples])
            if status.gone:
                return state.templates.TemplateResponse(request, "withdrawn.html", {
                    "d": desc, "kind": kind, "slug": slug, "notes": withdrawal_notes(desc)},
                    status_code=410, headers=headers)
            view = await entity_view(request, kind, iri)  # the visual interface's section of the page
            source = article_source(desc) if kind == "article" else None
            return state.templates.TemplateResponse(request, "entity.html", {"d": desc, "kind": kind, "slug": slug,
                                                                             "view": view, "source": source},
                                                    headers=headers)
        if fmt.name == "turtle":  # small (bounded) and read by people: grouped, tidy prefixes
            answer = await state.service.describe(query, "ntriples")
            body = readable_turtle(ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES), PREFIXES, first=iri)
            return Response(body, status_code=code, media_type=fmt.content_type, headers=headers)
        answer = await state.service.describe(query, fmt.name, rdf_prefixes(fmt))
        return answer_response(answer, headers, status=code)

    @multi_method_route(api, "/graph/{path:path}", ["GET", "HEAD"], "graph", summary="A named graph (an article's facts, the reference data, the ontology)")
    async def graph(request: Request, path: str) -> Response:
        state = request.app.state
        stem, suffix_format = split_suffix(path.rsplit("/", 1)[-1])
        path = path[: len(path) - len(path.rsplit("/", 1)[-1])] + stem
        iri = f"{state.settings.base_iri}graph/{path}"
        if not await state.service.graph_exists(iri):
            raise ApiError(404, "graph_not_found", f"there is no graph <{iri}>; the graphs are listed at /.well-known/void")
        fmt = choose(request, suffix_format)
        if request.method == "HEAD":
            return Response(headers={"Vary": "Accept", "content-type": fmt.content_type})
        if fmt is HTML:
            answer = await graph_answer(request, iri, "ntriples", None)
            triples = [q.triple if isinstance(q, ox.Quad) else q
                       for q in ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES)]
            triples.sort(key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
            return state.templates.TemplateResponse(request, "graph.html", {"iri": iri, "triples": triples},
                                                    headers={"Vary": "Accept"})
        return answer_response(await graph_answer(request, iri, fmt.name, rdf_prefixes(fmt)), {"Vary": "Accept"})

    def vocabulary_page(request: Request, name: str, template: str, key: str, rows) -> Response:
        """The ontology or the shapes: HTML documentation for browsers, RDF by Accept otherwise."""
        fmt = choose(request, None)
        store = vocabulary_store(name)
        if fmt is HTML:
            return request.app.state.templates.TemplateResponse(request, template, {key: rows(store)},
                                                                headers={"Vary": "Accept"})
        return rdf_response(store, fmt)

    @api.get("/ontology", summary="The conflictkg ontology (HTML documentation or RDF)")
    async def ontology(request: Request) -> Response:
        return vocabulary_page(request, "ontology", "ontology.html", "terms", ontology_terms)

    @api.get("/shapes", summary="The SHACL shapes the data is validated with (HTML or RDF)")
    async def shapes(request: Request) -> Response:
        return vocabulary_page(request, "shapes", "shapes.html", "shapes", shape_rows)

    return api


async def graph_answer(request: Request, iri: str, format_name: str, prefixes: dict[str, str] | None):
    """A named graph in ``format_name``: read whole, or through a CONSTRUCT that leaves out the
    predicates the server withholds (only then: the plain read is cheaper)."""
    state = request.app.state
    excluded = withheld(state.settings)
    if not excluded:
        return await state.service.graph_get(iri, format_name, prefixes)
    return await state.service.describe(graph_query(iri, excluded), format_name, prefixes)


@lru_cache(maxsize=4)
def vocabulary_store(which: str) -> ox.Store:
    """The ontology or the shapes, from the package's files (small, read once per process)."""
    files = resources.ontology_files() if which == "ontology" else resources.shapes_files()
    store = ox.Store()
    for path in files:
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise ApiError(500, "broken_vocabulary", f"{path.name} does not parse ({exc}); run conflictkg validate") from None
    return store


def rdf_response(store: ox.Store, fmt: Format) -> Response:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, None)]
    body = readable_turtle(triples, PREFIXES) if fmt.name == "turtle" else \
        ox.serialize(triples, format=fmt.writer, prefixes=rdf_prefixes(fmt))
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def ontology_terms(store: ox.Store) -> list[dict]:
    kinds = {str(OWL.Class): "Class", str(OWL.ObjectProperty): "Object property",
             str(OWL.DatatypeProperty): "Datatype property", str(RDF.Property): "Property",
             "http://www.w3.org/2004/02/skos/core#Concept": "Concept"}
    query = f"""SELECT ?term ?type (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {{
        ?term a ?type . FILTER(isIRI(?term) && ?type IN ({', '.join(f'<{k}>' for k in kinds)}))
        OPTIONAL {{ ?term <{RDFS.label}> ?l }} OPTIONAL {{ ?term <{RDFS.comment}> ?c }}
    }} GROUP BY ?term ?type ORDER BY ?type ?term"""
    terms = []
    for row in store.query(query):
        iri = row["term"].value
        terms.append({"iri": iri, "name": iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1], "kind": kinds[row["type"].value],
                      "label": row["label"].value if row["label"] else "",
                      "comment": row["comment"].value if row["comment"] else ""})
    return terms


def shape_rows(store: ox.Store) -> list[dict]:
    query = f"""SELECT ?shape (SAMPLE(?t) AS ?target) (GROUP_CONCAT(DISTINCT ?m; separator="\\n") AS ?messages) WHERE {{
        ?shape a <{SH.NodeShape}> . OPTIONAL {{ ?shape <{SH.targetClass}> ?t }}
        OPTIONAL {{ {{ ?shape <{SH.message}> ?m }} UNION {{ ?shape <{SH.property}> ?p . ?p <{SH.message}> ?m }} }}
    }} GROUP BY ?shape ORDER BY ?shape"""
    return [{"shape": str(row["shape"].value if isinstance(row["shape"], ox.NamedNode) else row["shape"]),
             "target": row["target"].value if row["target"] else "",
             "messages": [m for m in (row["messages"].value if row["messages"] else "").split("\n") if m]}
            for row in store.query(query)]
