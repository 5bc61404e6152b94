"""Where a resource is defined in a Turtle file: the first line at which it starts a statement.

The canonical writer puts every subject at column 1, so scanning the lines is enough and far
cheaper than a second, position-tracking parse. Prefixed names are expanded with the file's own
``@prefix`` / ``PREFIX`` declarations, so hand-written files with other prefixes work too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")


def definition_lines(text: str) -> dict[str, int]:
    """Map each subject IRI (full form) to the first line (1-based) where it starts a statement."""
    prefixes: dict[str, str] = {}
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        declared = _PREFIX.match(line)
        if declared:
            prefixes[declared.group(1) or ""] = declared.group(2)
            continue
        if not line or line[0] in " \t#@" or line.upper().startswith(("PREFIX", "BASE")):
            continue
        match = _SUBJECT.match(line)
        if not match:
            continue
        token = match.group(1).rstrip(".")
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local.replace("\\", "")
        found.setdefault(iri, number)
    return found


@lru_cache(maxsize=256)
def _file_lines(path: str, mtime_ns: int, size: int) -> dict[str, int]:  # noqa: ARG001 - cache key
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return definition_lines(text)


def file_definition_lines(path: Path) -> dict[str, int]:
    """``definition_lines`` of a file, remembered while the file is unchanged."""
    if path.suffix != ".ttl" or not path.is_file():
        return {}
    stat = path.stat()
    return _file_lines(str(path), stat.st_mtime_ns, stat.st_size)


def locate(iri: str, files: list[Path] | tuple[Path, ...]) -> tuple[str, int | None] | None:
    """The first of ``files`` that defines ``iri``, and the line; None when none does."""
    for path in files:
        line = file_definition_lines(path).get(iri)
        if line is not None:
            return str(path), line
    return None
