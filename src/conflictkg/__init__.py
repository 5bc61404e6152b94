"""conflictkg: news reports of armed conflicts as a knowledge graph, published as Linked Data.

The package is a pure core (model, mapping, validate, store, extract) with thin shells
(cli, web). Nothing happens at import time.
"""

__version__ = "0.1.0"
