"""The maximum number of rows a SELECT answer may have (``settings.max_result_rows``).

Workers serialise answers natively, so rows are counted from the serialised bytes as they are
written, without a Python object per row: a marker per format gives a count that is exact for TSV
(one line per row; newlines in values are escaped) and XML (``<result>``; ``<`` in values is
escaped) and an upper bound for JSON (every solution opens a ``{``) and CSV (every row ends in a
line break; quoted values may hold more). Only when that bound passes the limit are the rows
counted exactly, by reading the answer back — so small and mid-sized answers cost one
``bytes.count`` per chunk, and an answer over the limit is refused, never cut short.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable

import pyoxigraph as ox

# (marker, how many markers the header and footer add) per results format
_MARKERS: dict[str, tuple[bytes, int]] = {
    "tsv": (b"\n", 1),
    "xml": (b"<result>", 0),
    "json": (b"{", 2),
    "csv": (b"\n", 1),
}
_EXACT = {"tsv", "xml"}
_PARSERS = {"json": ox.QueryResultsFormat.JSON}


class RowCounter:
    """Counts markers across the chunks of one serialised answer (markers may straddle chunks)."""

    def __init__(self, format_name: str):
        self.format = format_name
        self.marker, self.overhead = _MARKERS.get(format_name, (b"", 0))
        self.markers = 0
        self._tail = b""

    def feed(self, data) -> None:
        if not self.marker:
            return
        chunk = self._tail + bytes(data)
        self.markers += chunk.count(self.marker)
        # Keep the last len-1 bytes, where a marker cut by the chunk boundary may start. They are
        # shorter than a marker, so a marker counted already is never counted again.
        keep = len(self.marker) - 1
        self._tail = chunk[-keep:] if keep else b""

    @property
    def bound(self) -> int:
        """At least the number of rows written so far (exactly it for TSV and XML)."""
        return max(0, self.markers - self.overhead)


def exact_rows(format_name: str, opener: Callable[[], io.BufferedIOBase], stop_after: int) -> int:
    """Count the rows of a serialised answer, reading at most ``stop_after`` of them."""
    with opener() as source:
        if format_name == "csv":
            rows = csv.reader(io.TextIOWrapper(source, encoding="utf-8", newline=""))
            return max(0, sum(1 for _ in itertools.islice(rows, stop_after + 1)) - 1)
        solutions = ox.parse_query_results(source, format=_PARSERS[format_name])
        return sum(1 for _ in itertools.islice(solutions, stop_after))


def over_limit(counter: RowCounter, limit: int, opener: Callable[[], io.BufferedIOBase]) -> bool:
    """Whether the answer counted by ``counter`` has more than ``limit`` rows (0: no limit)."""
    if limit <= 0 or counter.bound <= limit:
        return False
    if counter.format in _EXACT:
        return True
    return exact_rows(counter.format, opener, limit + 1) > limit
