"""``conflictkg ingest``: articles in, the repository and the store updated, all or nothing.

For a batch of article files: extract each one (in worker processes), give the actors and places
seen for the first time their reference records, validate everything with the validator's core
function (``conflictkg.validate.validate``) in a staging copy, and only when every article is
valid write the files and load the store. An invalid article stops the whole batch: nothing is
written or loaded, and the report names the file, the focus node and what to fix.

What the extractor knows. Extraction sees the curated reference records only (every
``data/reference/*.ttl`` except the ``extracted-*.ttl`` files that ingest itself writes), so an
article's extraction does not depend on which articles were ingested before it: re-ingesting
an article gives the same bytes, in any order and any batch. New actors and places are then
*reconciled* with the records earlier ingests (or earlier articles of the batch) wrote, by name
(places: by GeoNames id when both have one): one real entity, one record. A maintainer who
reviews an extracted record moves it to ``actors.ttl`` / ``places.ttl``, after which the
extractor knows the name.

Files written (``write``, in ``ingest.journal``), for each article ``{slug}``:

- ``data/articles/{slug}.txt``: the article (the source bytes when they carry front matter and no
  flag overrides it; otherwise front matter is written from what is known);
- ``data/graphs/{slug}.ttl``: its graph, canonical Turtle, without ``schema:articleBody`` (the
  build joins the text);
- ``data/reference/extracted-actors.ttl`` / ``extracted-places.ttl``: the new records merged with
  the records already there, canonical Turtle.

How they are written (the order that makes a killed ingest safe, and ``recover``) is documented
in ``ingest.journal``; how the store is brought up to date after, in ``ingest.load``.

The package, by concept: ``plan`` (what a batch would write: ``prepare``), ``records`` (the
reference records the extractor sees, and reconciling new actors and places with them),
``workers`` (extraction and mapping in worker processes), ``check`` (validating a plan in a
staging copy), ``journal`` (the staged writes, the commit point and ``recover``) and ``load``
(the embedded store, or a running server's Graph Store endpoint).
"""

from .check import check_plan
from .journal import JOURNAL, STAGED_SUFFIX, recover, write
from .load import LoadOutcome, load_store, push_graphs, store_manifest
from .plan import (ACTORS_HEADER, EXTRACTED_ACTORS, EXTRACTED_PLACES, PLACES_HEADER, ArticlePlan, Change, Plan,
                   article_file_bytes, prepare)
from .records import Records, curated_reference, extracted_records, reconcile, settle_iris
from .workers import GRAPH_HEADER, Mapped, extract_all

__all__ = ["ACTORS_HEADER", "EXTRACTED_ACTORS", "EXTRACTED_PLACES", "GRAPH_HEADER", "JOURNAL", "PLACES_HEADER",
           "STAGED_SUFFIX", "ArticlePlan", "Change", "LoadOutcome", "Mapped", "Plan", "Records", "article_file_bytes",
           "check_plan", "curated_reference", "extract_all", "extracted_records", "load_store", "prepare",
           "push_graphs", "reconcile", "recover", "settle_iris", "store_manifest", "write"]
