"""Article files: front matter, slugs, NFC text."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from conflictkg.article import parse_article, read_article
from conflictkg.errors import ArticleError

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "data/articles/2024-11-30-syrian-troops-withdraw-from-aleppo.txt"


def test_seed_article_metadata():
    article = read_article(SEED)
    assert article.slug == "2024-11-30-syrian-troops-withdraw-from-aleppo"
    assert article.published == dt.date(2024, 11, 30)
    assert article.headline == "Syrian troops withdraw from Aleppo as rebels advance"
    assert "On Saturday, it was reported" in article.body
    assert article.headline not in article.body


def test_front_matter_is_optional_and_flags_override(tmp_path):
    path = tmp_path / "plain-article.txt"
    path.write_text("Headline\nBody sentence.\n")
    article = read_article(path, published=dt.date(2025, 1, 2))
    assert article.published == dt.date(2025, 1, 2)
    assert article.title is None and article.body == "Body sentence.\n"


def test_text_is_nfc():
    decomposed = "Headline\nCafe\u0301 bombed.\n"
    article = parse_article(decomposed, "x")
    assert unicodedata.is_normalized("NFC", article.text)
    assert "Caf\u00e9" in article.text


@pytest.mark.parametrize(
    "raw, message",
    [
        ("---\ntitle: x\nHeadline\n", "never closed"),
        ("---\npublished: 30/11/2024\n---\nHeadline\n", "YYYY-MM-DD"),
        ("---\nauthor: me\n---\nHeadline\n", "unknown front matter"),
        ("---\ntitle: [unclosed\n---\nHeadline\n", "not valid YAML"),
        ("---\ntitle: x\n---\n\n", "no text"),
    ],
)
def test_bad_articles_say_what_to_fix(raw, message):
    with pytest.raises(ArticleError, match=message):
        parse_article(raw, "an-article")


def test_slug_must_be_valid():
    with pytest.raises(ArticleError, match="not a valid slug"):
        parse_article("Headline\n", "Bad_Slug")
