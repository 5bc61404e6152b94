"""The validation cache: results of one unit of work (an article graph, the reference data, the
quality checks) stored under a hash of everything they depend on, in
``<data>/.conflictkg/validation-cache/``. A commit hook thus re-checks only what changed.

The cache is disposable: entries are plain JSON, written to a temporary name and renamed, and a
missing or unreadable entry simply means "validate again".
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .result import Result

CACHE_DIR = Path(".conflictkg") / "validation-cache"


def key(*parts: str) -> str:
    """A cache key from strings (kinds, content hashes, paths)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class ResultCache:
    def __init__(self, folder: Path | None):
        self.folder = folder  # None: caching is off

    @classmethod
    def for_data_root(cls, root: Path, enabled: bool = True) -> "ResultCache":
        return cls(root / CACHE_DIR if enabled else None)

    def get(self, cache_key: str) -> list[Result] | None:
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{cache_key}.json").read_text(encoding="utf-8"))
            return [Result.from_json(item) for item in data]
        except (OSError, ValueError, TypeError):
            return None

    def put(self, cache_key: str, results: list[Result]) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump([r.to_json() for r in results], handle)
            os.replace(tmp, self.folder / f"{cache_key}.json")
        except OSError:
            pass  # a read-only data repository still validates, just without a cache
