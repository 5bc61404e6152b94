"""Rule-based extraction of facts from a conflict news article (offline: stdlib, regular
expressions and the compact data in ``extract/data``). It produces ``conflictkg.model`` objects
and never touches RDF; ``conflictkg.mapping`` turns them into triples.

Stages, each a module you can test on its own: ``sentences`` → ``lexicon`` / ``gazetteer`` /
``reference`` (what names mean) → ``mentions`` (actor and place mentions) → ``resolution`` (one
node per real entity) → ``events``, ``statements``, ``allegiances`` (with ``dates`` and
``figures``) → ``pipeline`` (the whole article).
"""

EXTRACTOR_VERSION = "0.1.0"
