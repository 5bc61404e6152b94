"""Query execution: the one interface the web layer talks to (``QueryService``) and its
implementation over the embedded store, which answers queries in killable worker processes
forked from a single-threaded "zygote" that holds the store in memory (see ``embedded``)."""

from .service import (
    Answer, BadRequest, ExecutionError, GraphNotFound, NotAcceptable, QueryRequest, QueryService,
    QueryTimeout, TooBusy, TooManyRows, UpdateRequest,
)

__all__ = [
    "Answer", "BadRequest", "ExecutionError", "GraphNotFound", "NotAcceptable", "QueryRequest",
    "QueryService", "QueryTimeout", "TooBusy", "TooManyRows", "UpdateRequest",
]
