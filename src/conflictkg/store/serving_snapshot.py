"""The serving snapshot: an N-Quads copy of the on-disk store, kept beside it, that
``conflictkg serve`` loads into memory at start-up instead of reading RocksDB.

Reading a million quads out of RocksDB takes about 7 s; parsing the same quads from N-Quads into
an in-memory store with ``lenient=True`` about 2 s. So the store directory may hold

- ``serving-snapshot.nq``: every quad of the store, and
- ``serving-snapshot.json``: the marker, written last: the snapshot's size in bytes and the named
  graphs (an empty named graph has no quad to show it in N-Quads).

**The rule.** The snapshot is valid iff the marker exists and the file has the size it records.
Every writer of the store removes the marker (then the file) *before* its first write, while it
holds the store's lock (``open_store`` does it unless told that the caller writes nothing, and the
server does it before its first update); whole-store writers (``build``, ``load``) put a fresh
snapshot into their scratch directory before it is swapped in. A snapshot is written to a
temporary name, made durable and renamed, then the marker likewise: a crash at any point leaves
no marker or a marker for a complete file that matches the store. It never leaves a stale one,
because the invalidation reached the disk before the write did.

The snapshot doubles the store's disk footprint (N-Quads is about as large as the RocksDB files).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..rdf_io import fsync_dir

SNAPSHOT = "serving-snapshot.nq"
MARKER = "serving-snapshot.json"
_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    path: Path
    named_graphs: list[str]


def valid_snapshot(store_path: Path) -> Snapshot | None:
    """The store's snapshot when it is valid (see the module docstring), else None."""
    try:
        marker = json.loads((store_path / MARKER).read_text())
        size = (store_path / SNAPSHOT).stat().st_size
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("version") != _VERSION or marker.get("bytes") != size:
        return None
    return Snapshot(store_path / SNAPSHOT, list(marker.get("named_graphs", [])))


def invalidate(store_path: Path) -> None:
    """Remove the snapshot, durably, before the store changes (the caller holds the store's lock)."""
    removed = False
    for name in (MARKER, SNAPSHOT):  # the marker first: without it the file is never trusted
        try:
            os.unlink(store_path / name)
            removed = True
        except FileNotFoundError:
            pass
    if removed:
        fsync_dir(store_path)


def write_from_store(store: ox.Store, store_path: Path) -> Snapshot:
    """Dump ``store`` (open at ``store_path``) as the snapshot, for the next start."""
    named = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    with SnapshotWriter(store_path) as writer:
        store.dump(writer.file, format=ox.RdfFormat.N_QUADS)
        return writer.commit(named)


def write_from_quads(quads: Iterable[ox.Quad], store_path: Path) -> Snapshot:
    with SnapshotWriter(store_path) as writer:
        ox.serialize(quads, writer.file, format=ox.RdfFormat.N_QUADS)
        return writer.commit([])


class SnapshotWriter:
    """A snapshot being written: a temporary file in the store directory, removed unless
    ``commit`` makes it the snapshot. N-Quads can be appended piece by piece (``load``): the
    previous store's snapshot, then each loaded file; duplicate quads are harmless (the memory
    store is a set)."""

    def __init__(self, store_path: Path):
        self.store_path = store_path
        self.tmp = store_path / f"{SNAPSHOT}.tmp-{os.getpid()}"
        self.file = None
        self.named_graphs: list[str] = []

    def __enter__(self) -> "SnapshotWriter":
        # Leftovers of a writer that was killed: only the holder of the store's lock writes here.
        for leftover in self.store_path.glob("serving-snapshot.*.tmp-*"):
            leftover.unlink(missing_ok=True)
        self.file = open(self.tmp, "wb")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.file.closed:
            self.file.close()
        self.tmp.unlink(missing_ok=True)  # committed: already renamed away

    def copy(self, previous: Snapshot) -> None:
        with open(previous.path, "rb") as source:
            shutil.copyfileobj(source, self.file, 1 << 20)
        self.named_graphs += previous.named_graphs

    def append(self, nquads: bytes) -> None:
        self.file.write(nquads)
        if nquads and not nquads.endswith(b"\n"):
            self.file.write(b"\n")

    def commit(self, named_graphs: list[str] | None = None) -> Snapshot:
        """Make the file durable, rename it into place, then write the marker likewise."""
        named = self.named_graphs + list(named_graphs or [])
        (self.store_path / MARKER).unlink(missing_ok=True)
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        size = self.tmp.stat().st_size
        os.replace(self.tmp, self.store_path / SNAPSHOT)
        marker_tmp = self.store_path / f"{MARKER}.tmp-{os.getpid()}"
        with open(marker_tmp, "w") as handle:
            json.dump({"version": _VERSION, "bytes": size, "named_graphs": named}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(marker_tmp, self.store_path / MARKER)
        fsync_dir(self.store_path)
        return Snapshot(self.store_path / SNAPSHOT, named)

