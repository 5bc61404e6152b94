"""The store: where the knowledge graph lives.

``embedded`` is the default: a pyoxigraph store on disk, built from the repository's data and
swapped in whole (``build``, ``load``), with one transaction per replaced article graph.
``remote`` reaches any SPARQL 1.1 store over the Query, Update and Graph Store protocols.
"""
