"""Article files: optional YAML front matter between ``---`` lines, then the text with the
headline on its first line. The slug is the file's name; the text is kept in NFC so that
evidence sentences can be compared with it character for character."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ArticleError
from .namespaces import is_slug

KNOWN_FIELDS = ("title", "published", "url", "publisher", "rights", "language")


@dataclass(frozen=True)
class Article:
    slug: str
    text: str  # the body (headline on the first line), NFC, no front matter
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    rights: str | None = None
    language: str = "en"

    @property
    def headline(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        """The text after the headline (evidence sentences come from here, never the headline)."""
        parts = self.text.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""


def slug_for(path: str | Path) -> str:
    return Path(path).name.split(".", 1)[0]


def parse_article(raw: str, slug: str, source: str = "<article>") -> Article:
    """Parse an article's text. ``source`` names the file in error messages."""
    if not is_slug(slug):
        raise ArticleError(source, f"the file name {slug!r} is not a valid slug: rename it to lowercase "
                                   "letters, digits and single dashes, e.g. 2024-11-30-aleppo-withdrawal.txt")
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n")
    meta: dict = {}
    offset = 0
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end < 0:
            raise ArticleError(source, "front matter opened with '---' is never closed: add a line '---' after it", 1, 1)
        try:
            meta = yaml.safe_load(raw[4:end]) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark else None
            column = mark.column + 1 if mark else None
            raise ArticleError(source, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", line, column) from None
        if not isinstance(meta, dict):
            raise ArticleError(source, "front matter must be a mapping of field: value lines", 2, 1)
        offset = raw.count("\n", 0, end + 5)
        raw = raw[end + 5:]
    unknown = sorted(set(meta) - set(KNOWN_FIELDS))
    if unknown:
        raise ArticleError(source, f"unknown front matter field(s) {', '.join(unknown)}; known: {', '.join(KNOWN_FIELDS)}", 2, 1)
    text = unicodedata.normalize("NFC", raw.strip("\n")).rstrip() + "\n"
    if not text.strip():
        raise ArticleError(source, "the article has no text: put the headline on the first line after the front matter",
                           offset + 1, 1)
    published = meta.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            raise ArticleError(source, f"published: {published!r} is not a date; write it as YYYY-MM-DD", 2, 1) from None
    elif isinstance(published, dt.datetime):
        published = published.date()
    elif published is not None and not isinstance(published, dt.date):
        raise ArticleError(source, "published: must be a date written YYYY-MM-DD", 2, 1)
    return Article(
        slug=slug,
        text=text,
        published=published,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        publisher=_str(meta.get("publisher")),
        rights=_str(meta.get("rights")),
        language=_str(meta.get("language")) or "en",
    )


def _str(value) -> str | None:
    return None if value is None else str(value)


def read_article(path: str | Path, published: dt.date | None = None) -> Article:
    """Read an article file; ``published`` (e.g. from ``--published``) overrides the front matter."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(str(path), f"cannot read article: {exc}") from None
    article = parse_article(raw, slug_for(p), str(path))
    if published is not None:
        article = Article(**{**article.__dict__, "published": published})
    return article
