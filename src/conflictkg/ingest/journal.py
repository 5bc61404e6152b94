"""Writing a validated plan (``write``) through staged files and a journal, and ``recover``, which
finishes a write killed after its commit point or cleans up one killed before it.

Order of the writes, so that a process killed at any point (SIGKILL included) leaves each
article either fully old or fully new:

1. every new file content is written beside its target as ``.{name}.ingest-staged`` and flushed
   to disk (a kill here leaves the repository untouched; the next ingest deletes the leftovers);
2. a journal, ``.conflictkg/ingest-journal.json``, listing the (staged, target) pairs is written
   atomically: this is the commit point;
3. the staged files are renamed over their targets in this order: the reference files (a
   superset of the old records, so old graphs stay valid), the article texts, and the article
   graphs last (an article is in the repository when its graph is: ``dataset.repository``);
4. the journal is deleted.

A kill during step 3 leaves the journal; the next ingest (any ingest, before it does anything
else: ``recover``) finishes the renames. Without that roll-forward, a new article is either
absent or complete (its graph is renamed last); only an already ingested article whose *text*
changed can be seen with the new text and the old graph until the next ingest recovers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from ..errors import InputError
from ..rdf_io import fsync_dir, write_atomic

if TYPE_CHECKING:
    from .plan import Plan

JOURNAL = Path(".conflictkg") / "ingest-journal.json"
STAGED_SUFFIX = ".ingest-staged"


def recover(root: Path) -> int:
    """Finish an ingest that was killed after its commit point, and drop staged files of one
    killed before it. Returns the number of files renamed into place."""
    root = Path(root)
    journal = root / JOURNAL
    renamed = 0
    if journal.exists():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (OSError, ValueError, KeyError):
            pairs = []  # a journal is written atomically: unreadable means not ours; leave the files
        for staged, target in pairs:
            if os.path.exists(staged):
                os.replace(staged, target)
                renamed += 1
        for folder in {Path(t).parent for _, t in pairs}:
            fsync_dir(folder)
        journal.unlink()
    layout = resources.data_layout(root)
    for folder in (layout["reference"], layout["articles"], layout["graphs"]):
        if folder.is_dir():
            for leftover in folder.glob(f".*{STAGED_SUFFIX}"):
                leftover.unlink(missing_ok=True)
    return renamed


def write(plan: Plan) -> list[Path]:
    """Write the plan's changed files (see the module docstring for the order); refuses an
    unvalidated or invalid plan."""
    if not plan.valid:
        raise InputError(str(plan.root), "the batch did not validate: nothing was written")
    changed = plan.changed
    if not changed:
        return []
    pairs = []
    for change in changed:
        staged = change.path.with_name(f".{change.path.name}{STAGED_SUFFIX}")
        staged.parent.mkdir(parents=True, exist_ok=True)
        with open(staged, "wb") as handle:
            handle.write(change.content)
            handle.flush()
            os.fsync(handle.fileno())
        pairs.append((str(staged), str(change.path)))
    for folder in {Path(t).parent for _, t in pairs}:
        fsync_dir(folder)
    write_atomic(plan.root / JOURNAL, json.dumps({"renames": pairs}, indent=1))  # the commit point
    for staged, target in pairs:
        os.replace(staged, target)
    for folder in {Path(t).parent for _, t in pairs}:
        fsync_dir(folder)
    (plan.root / JOURNAL).unlink()
    return [c.path for c in changed]

