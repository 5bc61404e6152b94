"""Untrusted text in HTML: what comes from articles (labels, titles, evidence, article bodies) and
what comes from the URL (paths, query text in error messages) is escaped on every server page;
every HTML response carries a Content-Security-Policy that allows only the server's own scripts;
no page has an inline script, an event-handler attribute or a javascript: URL."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.web import create_app
from conftest import WEB_DATA, build_test_store, make_settings

PAYLOADS = ['<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', "</title><svg onload=alert(2)>",
            "javascript:alert(3)", "{{ 7*7 }}"]
lit = json.dumps  # a Turtle string literal (same escapes as JSON for these)
EVIL = "\n".join([
    "@prefix ckg: <https://w3id.org/conflictkg/ontology#> .",
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    "@prefix schema: <https://schema.org/> .",
    "@prefix dcterms: <http://purl.org/dc/terms/> .",
    "<https://w3id.org/conflictkg/graph/article/2024-01-01-evil> {",
    f"  <https://w3id.org/conflictkg/id/actor/evil-actor> a ckg:ArmedGroup ; rdfs:label {lit(PAYLOADS[0])} ;",
    f"     rdfs:comment {lit(PAYLOADS[1])} ; <https://w3id.org/conflictkg/ontology#evidence> {lit(PAYLOADS[2])} .",
    f"  <https://w3id.org/conflictkg/id/article/2024-01-01-evil> a ckg:Article ; dcterms:title {lit(PAYLOADS[2])} ;",
    f"     schema:articleBody {lit(PAYLOADS[0] + ' ' + PAYLOADS[1])} ; schema:url {lit(PAYLOADS[3])} .",
    f"  <https://w3id.org/conflictkg/id/event/evil-event> a ckg:Event ; rdfs:label {lit(PAYLOADS[4])} ;",
    "     ckg:agent <https://w3id.org/conflictkg/id/actor/evil-actor> .",
    "}",
])


class PageScan(HTMLParser):
    """Scripts, event-handler attributes and javascript: URLs of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts, self.external_scripts, self.handlers, self.js_urls = [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.external_scripts.append(values["src"])
            elif values.get("type", "text/javascript") in ("text/javascript", "module", ""):
                self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if value and name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                self.js_urls.append((tag, value))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip()[:80])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    evil = folder / "evil.trig"
    evil.write_text(EVIL)
    store = build_test_store(folder / "store", [WEB_DATA / "sample.trig", evil])
    config = make_settings(store)
    with TestClient(create_app(EmbeddedQueryService(store, config), config)) as test_client:
        yield test_client


HTML = {"Accept": "text/html"}
PAGES = ["/", "/id/actor/evil-actor", "/id/event/evil-event", "/id/article/2024-01-01-evil", "/sparql",
         "/queries", "/graph/article/2024-01-01-evil", "/ontology", "/shapes",
         "/id/actor/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/id/actor/evil-actr", "/nowhere/%3Cscript%3Ex",
         "/sparql?query=SELECT%20%3Cscript%3Ealert(1)%3C/script%3E", "/queries/%3Cimg%20src=x%20onerror=alert(1)%3E",
         # the visual interface's pages (web/ui/), with untrusted text in their parameters
         "/map", "/network", "/timeline", "/query", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
         "/search?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E", "/map?actor=%3Cscript%3Ealert(1)%3C/script%3E"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_untrusted_text_and_run_only_own_scripts(client, path):
    answer = client.get(path, headers=HTML)
    assert answer.headers["content-type"].startswith("text/html"), (path, answer.status_code)
    body = answer.text
    for payload in PAYLOADS[:3] + ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]:
        assert payload not in body, (path, payload)
    scan = PageScan()
    scan.feed(body)
    assert scan.inline_scripts == [], (path, scan.inline_scripts)
    assert scan.handlers == [] and scan.js_urls == [], (path, scan.handlers, scan.js_urls)
    assert all(src.startswith("/") and not src.startswith("//") for src in scan.external_scripts), scan.external_scripts
    policy = answer.headers.get("content-security-policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    assert directives.get("script-src", directives.get("default-src", "")).strip() == "'self'", policy
    assert "'unsafe-inline'" not in directives.get("script-src", "") and "'unsafe-eval'" not in policy
    assert directives.get("object-src") == "'none'" and "frame-ancestors" in directives
    assert answer.headers.get("x-content-type-options") == "nosniff"


def test_the_payloads_are_shown_as_text(client):
    """Escaped, not dropped: the label is on the page as text."""
    body = client.get("/id/actor/evil-actor", headers=HTML).text
    assert "&lt;script&gt;alert(" in body or "&lt;script&gt;alert(&#34;xss&#34;)" in body
