"""Where a resource's page is on this server: the configured base IRI (``settings.base_iri``) is
mapped onto the server's own routes, so ``{base}id/actor/x`` is shown at ``/id/actor/x``."""

from __future__ import annotations


def local_path(iri: str, base_iri: str) -> str | None:
    """The server path of ``iri``, or None when the IRI is not one of ours (an external link)."""
    if iri.startswith(base_iri):
        return "/" + iri[len(base_iri):]
    return None


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/`` (``ckg:Offensive`` -> ``Offensive``)."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def kind_of(iri: str, base_iri: str) -> str | None:
    """``actor`` for ``{base}id/actor/x``; None for anything else."""
    path = local_path(iri, base_iri)
    if not path or not path.startswith("/id/"):
        return None
    return path.split("/")[2] or None
