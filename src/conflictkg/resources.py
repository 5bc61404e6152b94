"""Where the project's own RDF and query files are found.

The top-level folders ``ontology/``, ``shapes/`` and ``queries/`` of the repository are the source
of truth. A wheel carries copies under ``conflictkg/_bundled/`` (see pyproject.toml), so that
``conflictkg validate`` works in any data repository; an editable install or a checkout reads
the repository folders directly.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # src/conflictkg -> repository root


def _folder(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / name


def ontology_dir() -> Path:
    return _folder("ontology")


def shapes_dir() -> Path:
    return _folder("shapes")


def queries_dir() -> Path:
    return _folder("queries")


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def data_root(explicit: str | os.PathLike | None = None) -> Path:
    """The data repository: ``--data``, else ``CONFLICTKG_DATA``, else the current directory."""
    chosen = explicit or os.environ.get("CONFLICTKG_DATA") or os.getcwd()
    return Path(chosen).resolve()


def data_layout(root: Path) -> dict[str, Path]:
    """The folders of a data repository (DESIGN.md, "Layout")."""
    return {
        "articles": root / "data" / "articles",
        "graphs": root / "data" / "graphs",
        "reference": root / "data" / "reference",
        "store": root / ".conflictkg" / "store",
    }
