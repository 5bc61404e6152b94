"""What the whole dataset offers: the landing page, VoID (``/.well-known/void``: version, licence,
rights, GeoNames attribution, per-graph counts and article rights), the streamed dumps of the live
data (``/dump.trig``, ``/dump.nq``; versioned release files come from ``conflictkg dump``) and
``/health``."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from .. import __version__
from ..namespaces import CKG, DCTERMS, PREFIXES, SCHEMA
from ..void import ARTICLE_RIGHTS, PREFIX_MAP, article_rights, void_triples
from .answers import answer_response
from .http_errors import ApiError, as_api_error
from .lookups import select_rows, value
from .negotiation import HTML, negotiate

COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""
ARTICLES = f"""SELECT ?article (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) WHERE {{
  ?article a <{CKG.Article}> .
  OPTIONAL {{ ?article <{DCTERMS.title}> ?t }} OPTIONAL {{ ?article <{DCTERMS.date}> ?d }}
}} GROUP BY ?article ORDER BY DESC(?date) ?article LIMIT 200"""
KIND_COUNTS = f"""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  VALUES ?type {{ <{CKG.Actor}> <{CKG.Location}> <{CKG.Event}> <{CKG.Statement}> <{CKG.Allegiance}> <{CKG.Article}> }}
  ?s a/<{PREFIXES['rdfs']}subClassOf>* ?type
}} GROUP BY ?type"""


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
        articles = article_rights(await select_rows(state.service, ARTICLE_RIGHTS))
        base_url = str(request.base_url)
        triples = void_triples(base_url + ".well-known/void", version=__version__, base_iri=state.settings.base_iri,
                               counts=counts, articles=articles, sparql_endpoint=base_url + "sparql",
                               dumps=(base_url + "dump.trig", base_url + "dump.nq"))
        body = ox.serialize(triples, format=fmt.writer, prefixes=PREFIX_MAP if fmt.name in ("turtle", "trig") else None)
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
