"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol. A graph is named indirectly
(``?graph=IRI`` or ``?default``) or directly (the request URL under ``/store/`` is the graph IRI).
Reads go to the query service like any query; writes need the update token and are one
transaction each."""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..executor.formats import BY_NAME
from ..namespaces import PREFIXES
from .answers import answer_response, media_type_of, read_body
from .auth import require_writer
from .http_errors import ApiError
from .negotiation import negotiate
from .operations import multi_method_route

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def target_graph(request: Request, direct: bool) -> tuple[str | None, bool]:
    """(graph IRI or None for the default graph, whether a graph was named at all)."""
    params = request.query_params
    if direct:
        if "graph" in params or "default" in params:
            raise ApiError(400, "bad_request", "a graph named by its URL under /store/ takes no ?graph= or ?default")
        return str(request.url.replace(query=None, fragment=None)), True
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        raise ApiError(400, "bad_request", "use either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise ApiError(400, "bad_request", "name one graph: ?graph= was given more than once")
    if "default" in params:
        return None, True
    if graphs:
        try:
            ox.NamedNode(graphs[0])
        except ValueError:
            raise ApiError(400, "bad_request", f"?graph={graphs[0]!r} is not an absolute IRI") from None
        return graphs[0], True
    return None, False


def parse_payload(data: bytes, media: str, graph: str | None, base: str) -> list[ox.Quad]:
    """The quads of an RDF payload, put into ``graph`` (None: the default graph)."""
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise ApiError(415, "unsupported_media_type", f"cannot read RDF sent as {media or 'no Content-Type'}; "
                                                      "send text/turtle, application/n-triples, application/rdf+xml, "
                                                      "application/ld+json, application/trig or application/n-quads")
    target = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base))
    except SyntaxError as exc:
        position = {"line": exc.lineno, "column": exc.offset} if exc.lineno else None
        raise ApiError(400, "syntax_error", f"the {fmt.name} payload does not parse: {exc.msg or exc}", position) from None
    if fmt.supports_datasets and any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise ApiError(400, "bad_request", "the payload names graphs of its own; send a graph (Turtle, N-Triples, "
                                           "RDF/XML, JSON-LD) to a graph of the Graph Store")
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]


async def read_payload(request: Request, graph: str | None, base: str) -> list[ox.Quad]:
    media, _ = media_type_of(request)
    limit = request.app.state.settings.max_body_bytes
    if media == "multipart/form-data":
        if int(request.headers.get("content-length") or 0) > limit:
            await read_body(request, limit)  # raises the 413
        quads: list[ox.Quad] = []
        async with request.form(max_part_size=limit) as form:
            for _name, part in form.multi_items():
                if isinstance(part, str):
                    continue
                part_media = (part.content_type or "").split(";")[0].strip().lower()
                quads += parse_payload(await part.read(), part_media, graph, base)
        return quads
    return parse_payload(await read_body(request, limit), media, graph, base)


def router() -> APIRouter:
    api = APIRouter(tags=["Graph Store"])

    async def handle(request: Request, direct: bool) -> Response:
        state = request.app.state
        service, settings = state.service, state.settings
        graph, named = target_graph(request, direct)
        method = request.method
        if method in ("GET", "HEAD"):
            if not named:  # the whole dataset
                fmt = negotiate("dataset", request.headers.get("accept"), request.query_params.get("format"))
                if method == "HEAD":
                    return Response(headers={"content-type": fmt.content_type})
                return answer_response(await service.dump(fmt.name), {"Vary": "Accept"})
            fmt = negotiate("graph", request.headers.get("accept"), request.query_params.get("format"))
            if method == "HEAD":
                if not await service.graph_exists(graph):
                    raise ApiError(404, "graph_not_found", f"there is no graph named <{graph}>")
                return Response(headers={"content-type": fmt.content_type, "Vary": "Accept"})
            prefixes = PREFIXES if BY_NAME[fmt.name].name in ("turtle", "trig") else None
            return answer_response(await service.graph_get(graph, fmt.name, prefixes), {"Vary": "Accept"})
        require_writer(request, settings)
        if method == "DELETE":
            if not named:
                raise ApiError(400, "bad_request", "name the graph to delete: ?graph=IRI or ?default")
            if not await service.graph_delete(graph):
                raise ApiError(404, "graph_not_found", f"there is no graph named <{graph}>")
            return Response(status_code=204)
        base = graph or str(request.url.replace(query=None))
        if method == "PUT":
            if not named:
                raise ApiError(400, "bad_request", "name the graph to replace: ?graph=IRI or ?default")
            created = await service.graph_put(graph, await read_payload(request, graph, base))
            return Response(status_code=201 if created else 204)
        # POST
        if not named:  # create a new graph and say where it is
            graph = str(request.url_for("graph_store")).rstrip("/") + "/" + uuid.uuid4().hex
            await service.graph_post(graph, await read_payload(request, graph, graph))
            return Response(status_code=201, headers={"Location": graph})
        created = await service.graph_post(graph, await read_payload(request, graph, base))
        return Response(status_code=201 if created else 204)

    @multi_method_route(api, "/store", METHODS, "graph_store", summary="Graph Store (indirect: ?graph= / ?default)")
    async def store_indirect(request: Request) -> Response:
        return await handle(request, direct=False)

    @multi_method_route(api, "/store/{path:path}", METHODS, "graph_store_direct", summary="Graph Store (direct: the URL is the graph IRI)")
    async def store_direct(request: Request, path: str) -> Response:  # noqa: ARG001 - the URL is the name
        return await handle(request, direct=True)

    return api
