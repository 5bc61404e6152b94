"""The embedded pyoxigraph store on disk.

``bulk_load`` is fast but not transactional, so whole-store writes (``build``, ``load``) go into a
fresh directory that is swapped in by rename: a crash leaves the old store or the new one, never a
mix. Replacing one article graph is a single transaction on the live store.

Beside the store lies its serving snapshot (``serving_snapshot``): N-Quads that ``conflictkg serve``
loads into memory much faster than it could read RocksDB. ``open_store`` removes it before anyone
can write (so no writer can forget), and ``build`` / ``load`` write a fresh one into the store they
swap in.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..dataset import GraphSource, Repository, content_hash, source_quads
from ..errors import StoreError
from ..rdf_io import fsync_dir, parse_quads, rdf_format, read_bytes, syntax_error
from . import serving_snapshot

MANIFEST = "conflictkg-manifest.json"


def open_store(path: Path, *, keep_snapshot: bool = False) -> ox.Store:
    """Open the on-disk store for reading and writing, with a clear message when another process
    (a running ``conflictkg serve``, say) holds it.

    Its serving snapshot is removed once the store's lock is ours, before the caller can write
    (see ``serving_snapshot``). ``keep_snapshot``: the caller writes nothing, or removes it itself
    before its first write (the server, which only writes when asked to)."""
    recover_swap(path)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"the store at {path} is locked by another process (is `conflictkg serve` running on it?). "
                "Stop that process, or point this command at another --store."
            ) from None
        raise StoreError(f"cannot open the store at {path}: {text}") from None
    if not keep_snapshot:
        serving_snapshot.invalidate(path)
    return store


def recover_swap(path: Path) -> None:
    """Finish or undo a swap that a crash interrupted (see ``swap_in``), and remove the scratch
    stores of builds and loads that were killed (their process is gone)."""
    old = path.with_name(path.name + ".old")
    if old.exists():
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, path)
    if path.parent.is_dir():
        for scratch in path.parent.glob(f"{glob_escape(path.name)}.new-*"):
            pid = scratch.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _process_alive(int(pid)):
                shutil.rmtree(scratch, ignore_errors=True)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but someone else's
        return True
    return True


def ensure_unlocked(path: Path) -> None:
    """Raise StoreError when another process (a running server) has the store open: replacing
    it under that process would leave it writing into a deleted directory."""
    if path.exists():
        live = open_store(path, keep_snapshot=True)
        del live  # dropping the last reference closes it and frees the lock


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``: target → target.old, new → target, then remove target.old.
    Between the two renames a crash leaves target.old, which ``recover_swap`` puts back."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)



def _fsync_tree(folder: Path) -> None:
    """Make a finished scratch store durable before it is renamed into place: after a power
    failure the rename must not point at files whose data never reached the disk."""
    for entry in folder.iterdir():
        if entry.is_file():
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(folder)


@contextmanager
def replacement(store_path: Path) -> Iterator[Path]:
    """A scratch directory that replaces the store at ``store_path`` when the block succeeds:
    made durable, checked not to be held by another process, then swapped in by rename. On any
    failure (or a kill) the scratch copy is dropped and the live store is untouched."""
    scratch = scratch_dir(store_path)
    try:
        yield scratch
        _fsync_tree(scratch)
        ensure_unlocked(store_path)
        swap_in(scratch, store_path)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def scratch_dir(target: Path) -> Path:
    scratch = target.with_name(f"{target.name}.new-{os.getpid()}")
    if scratch.exists():
        shutil.rmtree(scratch)
    target.parent.mkdir(parents=True, exist_ok=True)
    return scratch


@dataclass(frozen=True)
class BuildReport:
    store: Path
    graphs: int
    quads: int
    rebuilt: bool


def manifest_for(repo: Repository) -> dict[str, str]:
    """Content hashes per graph: the store is rebuilt when any of them changes."""
    return {source.graph: content_hash(source.all_files) for source in repo.sources}


def read_manifest(store_path: Path) -> dict[str, str] | None:
    try:
        return json.loads((store_path / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def build_store(repo: Repository, store_path: Path, *, force: bool = False,
                progress: Callable[[GraphSource], None] | None = None) -> BuildReport:
    """(Re)build the store at ``store_path`` from the repository, unless its manifest says it is
    already up to date. The new store is written aside and swapped in whole."""
    manifest = manifest_for(repo)
    recover_swap(store_path)
    if not force and store_path.exists() and read_manifest(store_path) == manifest:
        store = ox.Store.read_only(str(store_path))
        return BuildReport(store_path, len(manifest), len(store), rebuilt=False)
    # Parse everything before touching the disk: a syntax error leaves the old store in place.
    quads_by_graph = [(source, list(source_quads(source))) for source in repo.sources]
    with replacement(store_path) as scratch:
        store = ox.Store(str(scratch))
        total = sum(len(quads) for _, quads in quads_by_graph)

        def every_quad():
            for source, quads in quads_by_graph:
                yield from quads
                if progress:
                    progress(source)

        # One bulk load for everything: a bulk_extend per graph writes (and fsyncs) a set of
        # RocksDB files per call, about 40x slower for hundreds of small article graphs.
        store.bulk_extend(every_quad())
        store.flush()
        store.optimize()
        del store
        serving_snapshot.write_from_quads((q for _, quads in quads_by_graph for q in quads), scratch)
        (scratch / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return BuildReport(store_path, len(manifest), total, rebuilt=True)


def load_files(store_path: Path, files: Iterable[Path], *, into_graph: str | None = None,
               progress: Callable[[Path], None] | None = None, lenient: bool = False) -> int:
    """Bulk-load RDF files (N-Quads, TriG, Turtle, N-Triples; ``.gz`` too) into the store; returns
    how many quads were added (a quad already in the store is not counted twice).

    The live store is checkpointed (a cheap RocksDB snapshot made of hard links) into a scratch
    directory, loaded there at bulk speed, and swapped in: a failed or killed load changes nothing.
    Triples of Turtle / N-Triples files go to ``into_graph`` (an IRI) or the default graph.
    ``lenient`` skips IRI and literal validation (about 25% faster) for files already checked.

    When every file is N-Quads (or N-Triples for the default graph) and the live store had a valid
    serving snapshot (or there was no store), the new store's snapshot is that snapshot plus the
    files' bytes, written as they are loaded; otherwise the server writes one at its next start.
    """
    files = list(files)
    for path in files:  # fail on an unknown suffix before any work
        rdf_format(path)
    recover_swap(store_path)  # a killed swap left store.old: put it back before copying "the live store"
    previous = None
    with replacement(store_path) as scratch:
        if store_path.exists():
            live = open_store(store_path, keep_snapshot=True)  # only read (checkpointed)
            previous = serving_snapshot.valid_snapshot(store_path)
            live.backup(str(scratch))
            del live
        store = ox.Store(str(scratch))
        before = len(store)
        snapshot_ok = (previous is not None or before == 0) and all(_as_nquads(p, into_graph) for p in files)
        with serving_snapshot.SnapshotWriter(scratch) as snapshot:
            if snapshot_ok and previous is not None:
                snapshot.copy(previous)
            for path in files:
                fmt = rdf_format(path)
                to_graph = None if fmt.supports_datasets else (ox.NamedNode(into_graph) if into_graph else ox.DefaultGraph())
                data = read_bytes(path)
                try:
                    store.bulk_load(data, format=fmt, to_graph=to_graph, lenient=lenient)
                except SyntaxError as exc:
                    raise syntax_error(str(path), exc) from None
                if snapshot_ok:
                    snapshot.append(data)
                del data
                if progress:
                    progress(path)
            store.flush()
            loaded = len(store) - before  # two scans (about 0.3 s per million quads), not one per file
            if snapshot_ok:
                snapshot.commit()
        (scratch / MANIFEST).unlink(missing_ok=True)  # no longer a pure build of data/
        del store
    return loaded


def _as_nquads(path: Path, into_graph: str | None) -> bool:
    """Whether the file's bytes are N-Quads of what it loads (N-Triples are, into the default graph)."""
    fmt = rdf_format(path)
    return fmt == ox.RdfFormat.N_QUADS or (fmt == ox.RdfFormat.N_TRIPLES and into_graph is None)


def replace_graph(store: ox.Store, graph: str, quads: Iterable[ox.Quad]) -> int:
    """Replace one named graph in a single transaction: readers see the old graph or the new.

    pyoxigraph has no transaction object in Python, but one SPARQL Update request is applied as
    one transaction, so the drop and the insert travel together. Terms print as N-Triples."""
    name = ox.NamedNode(graph)
    triples = [f"{q.subject} {q.predicate} {q.object} ." for q in quads]
    store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n" + "\n".join(triples) + "\n} }")
    return len(triples)


def memory_copy(store: ox.Store) -> ox.Store:
    """An in-memory copy of a store: queries over memory are 3-10x faster than over RocksDB
    (DESIGN.md, performance facts), and forked query workers can share its pages."""
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    for graph in store.named_graphs():
        copy.add_graph(graph)
    return copy


__all__ = ["BuildReport", "build_store", "load_files", "memory_copy", "open_store", "parse_quads",
           "read_manifest", "replace_graph", "swap_in"]
