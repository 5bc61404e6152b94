"""Helpers of the web interface tests: a temporary data repository (a copy of the repository's
data plus the markup fixtures of tests/data/ui) and its built store."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI_FIXTURES = Path(__file__).resolve().parent / "data" / "ui"
MARKUP_ARTICLE = "2024-12-02-ui-markup-test"


def make_data_root(target: Path) -> Path:
    """``target`` holding ``data/`` (the repository's, plus the fixtures) and a built store in
    ``target/store``; returns the store path."""
    from conflictkg.dataset import repository
    from conflictkg.store.embedded import build_store

    shutil.copytree(REPO / "data", target / "data", ignore=shutil.ignore_patterns(".conflictkg"))
    for folder in ("articles", "graphs", "reference"):
        for file in (UI_FIXTURES / folder).iterdir():
            shutil.copy(file, target / "data" / folder / file.name)
    store = target / "store"
    build_store(repository(target), store)
    return store
