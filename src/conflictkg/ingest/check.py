"""Validating a plan before anything is written: a staging copy of the reference data (with the
merged extracted records) and the batch's texts and graphs go through the validator's core
function, and each problem is mapped back to the file a user edits (the article, not its graph)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from ..validate import Report, Result, validate
from .records import reference_files

if TYPE_CHECKING:
    from .plan import Plan

# a check over the whole repository that means nothing for a batch seen on its own
_REPOSITORY_ONLY = {"qc:unused-reference-record"}


def check_plan(plan: Plan, jobs: int = 2) -> Report:
    """Validate the batch as it would be written: a staging copy of the reference data (with the
    merged extracted records) and the batch's texts and graphs, through the validator's core."""
    layout = resources.data_layout(plan.root)
    staging_parent = plan.root / ".conflictkg"
    staging_parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="ingest-stage-", dir=staging_parent))
    try:
        staged = resources.data_layout(stage)
        for folder in ("reference", "graphs", "articles"):
            staged[folder].mkdir(parents=True)
        for ref in reference_files(plan.root):  # hard links: the staging copy costs nothing
            if _same_device(ref, stage):
                os.link(ref, staged["reference"] / ref.name)
            else:
                shutil.copy(ref, staged["reference"])
        back: dict[str, str] = {}
        checked = []
        for change in plan.changes:
            kind = change.path.parent
            folder = next(k for k in ("reference", "graphs", "articles") if kind == layout[k])
            target = staged[folder] / change.path.name
            target.unlink(missing_ok=True)
            target.write_bytes(change.content)
            back[str(target)] = str(change.path)
            if folder != "articles":
                checked.append(target)
        sources = {str(staged["graphs"] / f"{a.slug}.ttl"): str(a.source) for a in plan.articles}
        for ref in staged["reference"].glob("*.ttl"):
            back.setdefault(str(ref), str(layout["reference"] / ref.name))
        report = validate(stage, checked, jobs=jobs, use_cache=False)
        results = [r for r in report.results if r.shape not in _REPOSITORY_ONLY]
        report.results = [r.with_location(back.get(r.file, r.file), r.line) for r in results]
        plan.problems = [_to_article(r, back, sources) for r in results]
        plan.report = report
        return report
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _to_article(result: Result, back: dict[str, str], sources: dict[str, str]) -> Result:
    """What a user edits is the article, not the graph made from it."""
    if result.file in sources:
        return result.with_location(sources[result.file], None)
    return result.with_location(back.get(result.file, result.file), result.line)


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False
