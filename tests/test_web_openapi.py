"""The OpenAPI document and the /docs page: every operation has an operationId of its own, the
document is valid OpenAPI, and the page loads Swagger UI from this server only, without inline
script. (That the page really renders offline is checked in a browser: test_browser_ui.py.)"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from conflictkg.web.ui.assets import STATIC_DIR


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_every_operation_id_is_unique(client):
    document = client.get("/openapi.json").json()
    ids = [op["operationId"] for _path, _method, op in operations(document)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    by_route = {(path, method): op["operationId"] for path, method, op in operations(document)}
    # routes that answer several methods: one operation per method
    assert by_route[("/sparql", "get")] != by_route[("/sparql", "post")]
    assert {by_route[("/id/{kind}/{name}", m)] for m in ("get", "head")} == {"resource_get", "resource_head"}
    assert {m for p, m in by_route if p == "/store"} == {"get", "head", "put", "post", "delete"}


def test_building_the_document_warns_of_nothing():
    from conflictkg.executor.embedded import EmbeddedQueryService
    from conflictkg.settings import Settings
    from conflictkg.web import create_app

    settings = Settings()
    app = create_app(EmbeddedQueryService(Path("/nonexistent-store"), settings), settings)  # never started
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI's "Duplicate Operation ID" is a UserWarning
        app.openapi()


def test_document_is_valid_openapi_and_lists_the_named_queries(client):
    document = client.get("/openapi.json").json()
    validate(document)  # raises with the first error
    named = client.get("/queries", headers={"accept": "application/json"}).json()["queries"]
    assert named, "the test server has named queries"
    for query in named:
        op = document["paths"][query["url"]]["get"]
        declared = {p["name"] for p in op["parameters"]}
        assert {p["name"] for p in query["parameters"]} <= declared


def test_docs_page_uses_vendored_swagger_ui_and_no_inline_script(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts), scripts
    assert "cdn" not in page.text.lower() and "https://" not in page.text.split("<main", 1)[1]
    assert 'data-openapi="/openapi.json"' in page.text
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert client.get(src).status_code == 200, src


def test_redoc_and_fastapi_default_pages_are_off(client):
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404


@pytest.mark.parametrize("lib", ["swagger-ui"])
def test_vendored_library_is_pinned_with_its_licence(lib):
    manifest = json.loads((STATIC_DIR / "vendor" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest[lib]
    folder = STATIC_DIR / entry["dir"]
    assert folder.name == f"{lib}-{entry['version']}"
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    for name in entry["files"]:
        assert (folder / name).stat().st_size > 0
