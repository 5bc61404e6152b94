"""The two forms of a validation report: text for people (grouped by file, each result with its
line, focus node, path, value, severity, message and shape; a summary line) and JSON for
machines (the contract in DESIGN.md, "Command line")."""

from __future__ import annotations

import json
import os
from itertools import groupby
from pathlib import Path

from . import Report
from .result import Result


def display_path(file: str, cwd: Path | None = None) -> str:
    """A file as the user would type it: relative to the current directory when inside it."""
    if not file:
        return file
    cwd = cwd or Path.cwd()
    try:
        return os.path.relpath(file, cwd) if Path(file).resolve().is_relative_to(cwd.resolve()) else file
    except ValueError:
        return file


def as_json(report: Report) -> str:
    results = [{**r.to_json(), "file": display_path(r.file)} for r in report.results]
    return json.dumps({"conforms": report.conforms, "results": results}, ensure_ascii=False, indent=2)


def as_text(report: Report) -> str:
    lines: list[str] = []
    for file, group in groupby(report.results, key=lambda r: r.file):
        lines.append(display_path(file) or "(no file)")
        for result in group:
            lines.extend(_result_lines(result))
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _result_lines(result: Result) -> list[str]:
    where = f"{result.line}:" if result.line is not None else "-:"
    subject = result.focus + (f" {result.path}" if result.path else "")
    if result.value is not None and result.value != result.focus:
        subject += f" = {result.value}"
    return [f"  {where:<6}{result.severity:<10}{subject}",
            f"        {result.message}  [{result.shape}]"]


def summary(report: Report) -> str:
    files = len({r.file for r in report.results})
    cached = report.graphs - report.validated
    checked = f"{report.graphs} graph{'s' if report.graphs != 1 else ''} checked ({report.validated} validated, {cached} from cache)"
    verdict = "conforms" if report.conforms else "does not conform"
    where = f" in {files} file{'s' if files != 1 else ''}" if files else ""
    return (f"{verdict}: {report.violations} violation{'s' if report.violations != 1 else ''}, "
            f"{report.warnings} warning{'s' if report.warnings != 1 else ''}{where}; {checked}")
