"""Content negotiation: the one function that picks a format from ``Accept`` (or ``format=``).

Rules (RFC 9110 §12.5.1): each media range has a q-value (default 1); a format's quality is the
q of the most specific range that matches it (``type/subtype`` over ``type/*`` over ``*/*``), so
``text/turtle;q=0`` excludes Turtle even when ``*/*`` is accepted. The highest quality above 0
wins; ties go to the order of the format table (its first format is the kind's default). No
Accept header, or an empty one, means ``*/*``. ``text/html`` is offered only where a route has
an HTML page (``html=True``); it comes last, so ``*/*`` gets RDF while browsers, which send
``text/html,…,*/*;q=0.8``, get the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..executor.formats import Format, by_name, formats_for

HTML = Format("html", "text/html", ("page",), None, ("application/xhtml+xml",), ".html")  # type: ignore[arg-type]


class NotAcceptableFormat(Exception):
    """Nothing the client accepts can be produced; ``offered`` lists what could."""

    def __init__(self, offered: list[Format], asked: str):
        self.offered = offered
        super().__init__(f"cannot answer in any of the accepted media types ({asked or 'none'}); "
                         f"this resource is available as {', '.join(f.media_type for f in offered)}")


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int | None:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, None for no match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str | None) -> list[MediaRange]:
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        main, slash, sub = media.partition("/")
        if not slash or not main or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main, sub, q))
    return ranges or [MediaRange("*", "*", 1.0)]


def quality(fmt: Format, ranges: list[MediaRange]) -> float:
    best: tuple[int, float] | None = None
    for media_type in (fmt.media_type, *fmt.aliases):
        for r in ranges:
            spec = r.specificity(media_type)
            if media_type != fmt.media_type and spec != 2:
                continue  # aliases (text/xml, text/plain…) only count when named exactly, not by wildcards
            if spec is not None and (best is None or spec > best[0] or (spec == best[0] and r.q > best[1])):
                best = (spec, r.q)
    return best[1] if best else 0.0


def negotiate(kind: str, accept: str | None, format_param: str | None = None, html: bool = False) -> Format:
    """The format for an answer of ``kind`` ("results", "graph", "dataset"); raises
    NotAcceptableFormat. ``format_param`` (a name like ``turtle`` or a media type) overrides Accept."""
    offered = formats_for(kind) + ([HTML] if html else [])
    if format_param:
        wanted = format_param.strip().lower()
        for fmt in offered:
            if wanted in (fmt.name, fmt.media_type, *fmt.aliases) or (by_name(wanted) is fmt):
                return fmt
        raise NotAcceptableFormat(offered, f"format={format_param}")
    ranges = parse_accept(accept)
    scored = [(quality(fmt, ranges), -i, fmt) for i, fmt in enumerate(offered)]
    q, _, fmt = max(scored, key=lambda item: (item[0], item[1]))
    if q <= 0:
        raise NotAcceptableFormat(offered, accept or "")
    return fmt


def choices(accept: str | None, format_param: str | None) -> dict[str, str | None]:
    """For a query whose kind is not known before it runs: the format per kind (None: 406)."""
    result: dict[str, str | None] = {}
    for kind in ("results", "graph"):
        try:
            result[kind] = negotiate(kind, accept, format_param).name
        except NotAcceptableFormat:
            result[kind] = None
    return result
