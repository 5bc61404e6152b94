"""What the whole dataset offers: the landing page, VoID (``/.well-known/void``), the streamed
dumps (``/dump.trig``, ``/dump.nq``) and ``/health``."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..namespaces import CKG, DCTERMS, PREFIXES, RDF, SCHEMA
from .answers import answer_response
from .http_errors import ApiError, as_api_error
from .lookups import select_rows, value
from .negotiation import HTML, negotiate

VOID = "http://rdfs.org/ns/void#"
COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""
ARTICLES = f"""SELECT ?article (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) WHERE {{
  ?article a <{CKG.Article}> .
  OPTIONAL {{ ?article <{DCTERMS.title}> ?t }} OPTIONAL {{ ?article <{DCTERMS.date}> ?d }}
}} GROUP BY ?article ORDER BY DESC(?date) ?article LIMIT 200"""
KIND_COUNTS = f"""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  VALUES ?type {{ <{CKG.Actor}> <{CKG.Location}> <{CKG.Event}> <{CKG.Statement}> <{CKG.Allegiance}> <{CKG.Article}> }}
  ?s a/<{PREFIXES['rdfs']}subClassOf>* ?type
}} GROUP BY ?type"""


def void_triples(base_url: str, dataset_iri: str, counts: list[tuple[str, int]], settings) -> list[ox.Triple]:
    """The VoID description: the dataset, its SPARQL endpoint and dumps, one subset per graph."""
    n = ox.NamedNode
    ds = n(dataset_iri)

    def lit(v):
        return ox.Literal(str(v), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))

    triples = [
        ox.Triple(ds, n(str(RDF.type)), n(VOID + "Dataset")),
        ox.Triple(ds, n(str(DCTERMS.title)), ox.Literal("conflictkg: armed-conflict news reports as a knowledge graph")),
        ox.Triple(ds, n(VOID + "sparqlEndpoint"), n(base_url + "sparql")),
        ox.Triple(ds, n(VOID + "dataDump"), n(base_url + "dump.trig")),
        ox.Triple(ds, n(VOID + "dataDump"), n(base_url + "dump.nq")),
        ox.Triple(ds, n(VOID + "uriSpace"), ox.Literal(settings.base_iri + "id/")),
        ox.Triple(ds, n(VOID + "vocabulary"), n(str(CKG))),
        ox.Triple(ds, n(VOID + "triples"), lit(sum(c for _, c in counts))),
    ]
    for graph, count in counts:
        subset = n(graph)
        triples += [
            ox.Triple(ds, n(VOID + "subset"), subset),
            ox.Triple(subset, n(str(RDF.type)), n(VOID + "Dataset")),
            ox.Triple(subset, n("http://www.w3.org/ns/sparql-service-description#name"), subset),
            ox.Triple(subset, n(VOID + "triples"), lit(count)),
        ]
    return triples


def router() -> APIRouter:
    api = APIRouter(tags=["Dataset"])

    @api.get("/", include_in_schema=False)
    async def landing(request: Request) -> Response:
        state = request.app.state
        counts = [(value(r, "g"), int(value(r, "n", "0"))) for r in await select_rows(state.service, COUNTS)]
        kinds = {value(r, "type").rsplit("#", 1)[-1]: int(value(r, "n", "0"))
                 for r in await select_rows(state.service, KIND_COUNTS)}
        articles = [{"iri": value(r, "article"), "title": value(r, "title") or value(r, "article").rsplit("/", 1)[-1],
                     "date": value(r, "date")} for r in await select_rows(state.service, ARTICLES)]
        return state.templates.TemplateResponse(request, "index.html", {
            "graphs": counts, "total": sum(c for _, c in counts), "kinds": kinds, "articles": articles,
            "queries": state.named_queries, "prefixes": state.prefixes_text,
        })

    @api.get("/.well-known/void", name="void", summary="VoID description with per-graph triple counts")
    async def void(request: Request) -> Response:
        state = request.app.state
        fmt = negotiate("graph", request.headers.get("accept"), request.query_params.get("format"))
        counts = [(value(r, "g"), int(value(r, "n", "0"))) for r in await select_rows(state.service, COUNTS)]
        base_url = str(request.base_url)
        triples = void_triples(base_url, base_url + ".well-known/void", counts, state.settings)
        prefixes = {"void": VOID, "dcterms": PREFIXES["dcterms"], "sd": "http://www.w3.org/ns/sparql-service-description#"}
        body = ox.serialize(triples, format=fmt.writer, prefixes=prefixes if fmt.name in ("turtle", "trig") else None)
        return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})

    async def dump(request: Request, format_name: str) -> Response:
        state = request.app.state
        excluded = () if state.settings.serve_article_bodies else (str(SCHEMA.articleBody),)
        answer = await state.service.dump(format_name, excluded)
        return answer_response(answer, {"Content-Disposition": f'attachment; filename="conflictkg.{"trig" if format_name == "trig" else "nq"}"'})

    @api.get("/dump.trig", summary="Everything, as TriG")
    async def dump_trig(request: Request) -> Response:
        return await dump(request, "trig")

    @api.get("/dump.nq", summary="Everything, as N-Quads")
    async def dump_nq(request: Request) -> Response:
        return await dump(request, "nquads")

    @api.get("/health", summary="Liveness, with a check that the store answers")
    async def health(request: Request) -> Response:
        try:
            report = await request.app.state.service.health()
        except Exception as exc:  # noqa: BLE001 - health must report any failure, not raise it
            error = as_api_error(exc)
            return JSONResponse({"status": "failing", "error": error.code, "message": error.message}, status_code=503)
        return JSONResponse(report)

    return api


__all__ = ["HTML", "ApiError", "router"]
