"""Named exceptions of the core. The shells (CLI, HTTP) map them to exit codes and status codes
in one place each; the core never decides how an error is shown."""

from __future__ import annotations

import re
from dataclasses import dataclass


class ConflictKGError(Exception):
    """Base class: every error the core raises on purpose."""


@dataclass
class InputError(ConflictKGError):
    """An input file that cannot be read: missing, unreadable or malformed.

    ``line`` and ``column`` are 1-based where known, so that editors can jump to them.
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class RDFSyntaxError(InputError):
    """An RDF file (Turtle, TriG, N-Triples, N-Quads) that does not parse."""


class ArticleError(InputError):
    """An article file whose front matter or text cannot be used."""


class StoreError(ConflictKGError):
    """The store cannot be opened or written (locked, missing, corrupt)."""


class QuerySyntaxError(ConflictKGError):
    """A SPARQL query or update that does not parse; ``position`` is the parser's location."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_parser(cls, exc: Exception) -> "QuerySyntaxError":
        """Wrap pyoxigraph's SyntaxError, whose message reads "error at LINE:COLUMN: …"."""
        text = str(exc)
        match = re.match(r"^error at (\d+):(\d+): (.*)$", text, re.S)
        if match:
            line, column, rest = int(match.group(1)), int(match.group(2)), match.group(3)
            return cls(f"line {line}, column {column}: {rest}", line, column)
        return cls(text)

    @property
    def position(self) -> dict | None:
        if self.line is None:
            return None
        return {"line": self.line, "column": self.column}
