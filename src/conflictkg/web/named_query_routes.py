"""Named queries as an API (grlc's convention): every ``queries/*.rq`` is served at
``/queries/{name}``, its header parameters become query parameters (bound with pyoxigraph's
substitutions, never pasted into the text), and one route per query is generated when the app
is created, so that each appears in the OpenAPI docs (``/docs``) with its parameters."""

from __future__ import annotations

import inspect
import keyword
import logging
import re
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from .. import resources
from ..errors import InputError
from ..executor.service import QueryRequest
from ..queries import NamedQuery, parse_named_query
from .answers import answer_response
from .http_errors import ApiError, wants_html
from .negotiation import negotiate

log = logging.getLogger(__name__)
RESERVED = ("format", "timeout")


def load_named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every readable ``*.rq`` of the queries folder; an unreadable one is logged and left out."""
    folder = folder or resources.queries_dir()
    found: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        try:
            found[path.stem] = parse_named_query(path)
        except InputError as exc:
            log.warning("named query left out: %s", exc)
    return found


def answer_kind(query: NamedQuery) -> str:
    return "results" if query.kind in ("SELECT", "ASK") else "graph"


def _endpoint(named: NamedQuery):
    async def run(request: Request) -> Response:
        state = request.app.state
        params = request.query_params
        values = {k: v for k, v in params.items() if k not in RESERVED}
        try:
            substitutions = named.substitutions(values)
        except ValueError as exc:
            raise ApiError(400, "bad_parameter", str(exc)) from None
        kind = answer_kind(named)
        fmt = negotiate(kind, request.headers.get("accept"), params.get("format"))
        timeout = params.get("timeout")
        try:
            timeout_value = float(timeout) if timeout else None
        except ValueError:
            raise ApiError(400, "bad_request", f"timeout={timeout!r} is not a number of seconds") from None
        answer = await state.service.query(QueryRequest(named.text, {kind: fmt.name}, substitutions=substitutions,
                                                        timeout=timeout_value))
        return answer_response(answer, {"Vary": "Accept"})

    parameters = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    for p in named.parameters:
        if p.name in RESERVED:
            continue
        # a Python name for the signature ("from" is a keyword); the public name is the alias
        python_name = re.sub(r"\W", "_", p.name) + ("_" if keyword.iskeyword(p.name) else "")
        default = Query(... if p.required else None, alias=p.name, description=f"{p.description or p.name} ({p.type})")
        parameters.append(inspect.Parameter(python_name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                            annotation=str if p.required else (str | None)))
    for name, description in (("format", "answer format (json, xml, csv, tsv; turtle, jsonld, …); overrides Accept"),
                              ("timeout", "a lower time limit in seconds")):
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                            default=Query(None, description=description), annotation=str | None))

    async def endpoint(request: Request, **_declared) -> Response:
        return await run(request)

    endpoint.__signature__ = inspect.Signature(parameters)  # what FastAPI reads for /docs
    endpoint.__name__ = "query_" + named.name.replace("-", "_")
    return endpoint


def router(named_queries: dict[str, NamedQuery]) -> APIRouter:
    api = APIRouter(tags=["Named queries"])

    @api.get("/queries", summary="The named queries and their parameters")
    async def list_queries(request: Request) -> Response:
        items = [{"name": q.name, "summary": q.summary, "description": q.description, "kind": q.kind,
                  "url": f"/queries/{q.name}",
                  "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                  "description": p.description} for p in q.parameters]}
                 for q in named_queries.values()]
        if wants_html(request):
            return request.app.state.templates.TemplateResponse(request, "queries.html", {"queries": items})
        return JSONResponse({"queries": items})

    for named in named_queries.values():
        api.add_api_route(f"/queries/{named.name}", _endpoint(named), methods=["GET"], summary=named.summary,
                          operation_id="query_" + named.name.replace("-", "_"),
                          description=(named.description or named.summary) + f"\n\n```sparql\n{named.text}\n```",
                          response_class=Response)

    @api.get("/queries/{name}", include_in_schema=False)
    async def unknown_query(name: str) -> Response:
        known = ", ".join(sorted(named_queries)) or "none yet"
        raise ApiError(404, "not_found", f"there is no named query {name!r}; the named queries are: {known}")

    return api
