"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol tests (the same manifests and steps as
``test_w3c_protocol``) through ``conflictkg serve --endpoint`` on a real ``oxigraph serve``."""

from __future__ import annotations

import pytest

from conftest import start_server, stop_server
from test_remote_oxigraph import Oxigraph
from test_w3c_protocol import test_w3c  # noqa: F401 - collected here again, with the server below


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    oxigraph = Oxigraph(tmp_path_factory.mktemp("w3c-oxigraph") / "db", "--union-default-graph")
    try:
        live = start_server(None, *oxigraph.endpoints(), "--query-timeout", "20")
        yield live
        stop_server(live)
    finally:
        oxigraph.stop()
