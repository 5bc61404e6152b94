"""Quality-check queries (``queries/qc/*.rq``): any row a query returns is a failure.

A check names its focus IRI in the first column ``?focus`` and explains itself in ``?message``
(else its ``#+ summary:`` is used); ``?path`` and ``?value`` are reported when bound. Headers:
``#+ severity: violation|warning`` and, for checks that need every article graph (such as
"a reference record no article uses"), ``#+ scope: repository``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError
from ..queries import NamedQuery, parse_named_query
from ..rdf_io import to_rdflib
from .result import VIOLATION, WARNING, Result
from .terms import short

_SEVERITIES = {"violation": VIOLATION, "warning": WARNING}


@dataclass(frozen=True)
class QualityCheck:
    query: NamedQuery
    severity: str
    needs_repository: bool  # only meaningful over every article graph of the repository

    @property
    def name(self) -> str:
        return self.query.name


def quality_checks(folder: Path) -> list[QualityCheck]:
    """Every ``*.rq`` in ``folder``, sorted by name."""
    checks = []
    for path in sorted(folder.glob("*.rq")):
        query = parse_named_query(path)
        raw = query.meta.get("severity", "violation").strip().lower()
        if raw not in _SEVERITIES:
            raise InputError(str(path), f"#+ severity: {raw!r} is not one of violation, warning")
        scope = query.meta.get("scope", "").strip().lower()
        checks.append(QualityCheck(query, _SEVERITIES[raw], scope == "repository"))
    return checks


def run_checks(store: ox.Store, checks: list[QualityCheck], prefixes: dict[str, str],
               repository: bool) -> list[Result]:
    """Run the checks on ``store`` (named graphs; its default graph is their union). Checks that
    need the whole repository run only when ``repository`` is true."""
    results = []
    for check in checks:
        if check.needs_repository and not repository:
            continue
        try:
            rows = store.query(check.query.text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            error = QuerySyntaxError.from_parser(exc)
            raise InputError(str(check.query.path), error.message, error.line, error.column) from None
        variables = {v.value for v in rows.variables}
        if "focus" not in variables:
            raise InputError(str(check.query.path), "a quality check must select ?focus, the IRI at fault")
        for row in rows:
            results.append(_result(check, row, variables, prefixes))
    return results


def _result(check: QualityCheck, row: ox.QuerySolution, variables: set[str], prefixes: dict[str, str]) -> Result:
    def text(name: str) -> str | None:
        if name not in variables or row[name] is None:
            return None
        term = to_rdflib(row[name])
        return str(term) if name == "message" else short(term, prefixes)

    return Result(
        file="", line=None,
        focus=text("focus") or "",
        path=text("path"),
        value=text("value"),
        severity=check.severity,
        message=text("message") or check.query.summary,
        shape=f"qc:{check.name}",
    )
