"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query and update), and the service description
for a request with no operation. The route only reads the request and picks formats; the query
service evaluates and serialises."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..executor.service import QueryRequest, UpdateRequest
from .answers import answer_response
from .auth import require_writer
from .http_errors import ApiError
from .negotiation import choices, negotiate
from .operations import multi_method_route
from .service_description import service_description
from .sparql_protocol import graph_iris, read_operation, requested_timeout

DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query=None, fragment=None))


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether the client takes gzip (``gzip;q=0`` refuses it)."""
    for item in (accept_encoding or "").lower().split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip() in ("gzip", "x-gzip"):
            name, _, value = params.strip().partition("=")
            try:
                return name.strip() != "q" or float(value) > 0
            except ValueError:
                return True
    return False


def router() -> APIRouter:
    api = APIRouter(tags=["SPARQL"])

    @multi_method_route(api, "/sparql", ["GET", "POST"], "sparql", summary="SPARQL 1.1 query and update",
                   description="SPARQL 1.1 Protocol. Query by GET (?query=), POST form or POST "
                   "application/sparql-query; update by POST (needs the update token). The default graph is "
                   "the union of all named graphs unless default-graph-uri / named-graph-uri are given. "
                   "Answers by Accept or format= (json, xml, csv, tsv; turtle, ntriples, jsonld, rdfxml, "
                   "trig, nquads); timeout= lowers the time limit. Without a query: the service description.")
    async def sparql(request: Request) -> Response:
        state = request.app.state
        operation = await read_operation(request, state.settings.max_body_bytes)
        format_param = operation.one("format")
        if operation.kind is None:
            return describe_service(request, format_param)
        if operation.kind == "update":
            require_writer(request, state.settings)
            if any(operation.values(p) for p in DATASET_PARAMS):
                raise ApiError(400, "bad_request", "updates take using-graph-uri / using-named-graph-uri, "
                                                   "not default-graph-uri / named-graph-uri")
            await state.service.update(UpdateRequest(
                operation.text,
                using_graphs=graph_iris(operation.values("using-graph-uri"), "using-graph-uri"),
                using_named_graphs=graph_iris(operation.values("using-named-graph-uri"), "using-named-graph-uri"),
                base_iri=endpoint_url(request),
            ))
            return Response(status_code=204)
        if any(operation.values(p) for p in USING_PARAMS):
            raise ApiError(400, "bad_request", "queries take default-graph-uri / named-graph-uri, not using-graph-uri")
        formats = choices(request.headers.get("accept"), format_param)
        if not any(formats.values()):
            negotiate("results", request.headers.get("accept"), format_param)  # raises the 406 that explains
        default = graph_iris(operation.values("default-graph-uri"), "default-graph-uri")
        named = graph_iris(operation.values("named-graph-uri"), "named-graph-uri")
        protocol_dataset = bool(default or named)
        answer = await state.service.query(QueryRequest(
            operation.text, formats,
            default_graphs=default if protocol_dataset else None,
            named_graphs=named if protocol_dataset else None,
            base_iri=endpoint_url(request),
            timeout=requested_timeout(operation),
            gzip=accepts_gzip(request.headers.get("accept-encoding")),
        ))
        return answer_response(answer, {"Vary": "Accept"})

    def describe_service(request: Request, format_param: str | None) -> Response:
        state = request.app.state
        fmt = negotiate("graph", request.headers.get("accept"), format_param, html=True)
        if fmt.name == "html":
            return state.templates.TemplateResponse(request, "sparql.html", {
                "examples": state.named_queries, "prefixes": state.prefixes_text,
            }, headers={"Vary": "Accept"})
        body = service_description(endpoint_url(request), str(request.url_for("void")),
                                   state.service.updates_enabled, fmt, bool(state.settings.allow_service))
        return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})

    return api
