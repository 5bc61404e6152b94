"""The visual interface in a real browser (Debian's headless Chromium driven by Playwright)
against a real ``conflictkg serve`` on a copy of the repository's data plus the markup fixtures.

Every page must render without console errors, never run article markup, and never ask anything
of another host: every request is intercepted, and any URL not on the server fails the test.
Screenshots of every page go to test-output/screenshots/ for a reviewer to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import start_server, stop_server
from ui_support import MARKUP_ARTICLE, make_data_root

from conflictkg.namespaces import ACTOR

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
SEED_ARTICLE = "2024-11-30-syrian-troops-withdraw-from-aleppo"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    store = make_data_root(tmp_path_factory.mktemp("browser"))
    live = start_server(store, token=None)
    yield live.url
    stop_server(live)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("the browser tests need Debian's chromium at /usr/bin/chromium: apt-get install chromium "
                    "(scripts/test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page that records console errors, script errors and every request it makes."""

    def __init__(self, browser, server: str):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.server + "/") or url == self.server:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str, ready: str | None = None):
        self.page.goto(self.server + path, wait_until="load")
        if ready:
            self.page.wait_for_selector(ready, state="attached", timeout=15_000)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self, blocked_handlers_expected: bool = False) -> None:
        """No console or script errors, no article markup ran, nothing asked of another host.
        ``blocked_handlers_expected``: the Content-Security-Policy's reports of inline event
        handlers it blocked are expected (see test_editor_shows_markup_in_results_as_text)."""
        errors = self.errors
        if blocked_handlers_expected:
            errors = [e for e in errors if "Executing inline event handler violates" not in e]
        assert errors == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined", \
            f"article markup ran: window.__pwned = {self.page.evaluate('window.__pwned')!r}"
        assert self.outside == [], f"requests left the machine: {self.outside}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[Tab]:
    opened = Tab(browser, server)
    yield opened
    opened.close()


PAGES = [
    ("index", "/", None),
    ("query", "/query", "#yasgui[data-tabs]"),
    ("map", "/map", "#map[data-markers]"),
    ("network", "/network", "#network[data-nodes]"),
    ("timeline", "/timeline", "#timeline[data-events]"),
    ("search", "/search?q=brigade", None),
    ("actor", "/id/actor/syrian-rebels", None),
    ("place", "/id/place/aleppo", "#place-map[data-markers]"),
    ("event", f"/id/event/{SEED_ARTICLE}-e3", None),
    ("statement", f"/id/statement/{SEED_ARTICLE}-s8", None),
    ("allegiance", f"/id/allegiance/{SEED_ARTICLE}-a1", None),
    ("article", f"/id/article/{SEED_ARTICLE}", None),
    ("markup-article", f"/id/article/{MARKUP_ARTICLE}", None),
    ("markup-actor", "/id/actor/test-brigade", None),
    ("markup-event", f"/id/event/{MARKUP_ARTICLE}-e1", None),
    ("markup-statement", f"/id/statement/{MARKUP_ARTICLE}-s1", None),
    ("docs", "/docs", "#swagger-ui[data-ready]"),
]


@pytest.mark.parametrize("name, path, ready", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_without_errors_and_stays_on_the_machine(tab, name, path, ready):
    page = tab.open(path, ready)
    assert page.locator("h1").first.inner_text().strip()
    tab.screenshot(name)
    tab.check()


def test_markup_from_articles_is_shown_as_text(tab):
    page = tab.open(f"/id/article/{MARKUP_ARTICLE}")
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned = \"title\"</script>" in text
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    page = tab.open("/map?actor=" + quote(str(ACTOR["test-brigade"]), safe=""), "#map[data-markers]")
    assert page.locator("#event-list").inner_text().count("<img src=x") >= 1  # labels as text in the list
    page.locator("path.event-marker").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<img src=x onerror" in popup.inner_text() and popup.locator("img").count() == 0
    tab.check()


SEED_EVENTS_QUERY = f"""PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?label ?date WHERE {{
  ?event a ckg:Event ; rdfs:label ?label . OPTIONAL {{ ?event ckg:date ?date }}
  FILTER(CONTAINS(STR(?event), "{SEED_ARTICLE}"))
}} ORDER BY ?date"""


def test_editor_runs_a_query_and_shows_rows(tab):
    page = tab.open("/query", "#yasgui[data-tabs]")
    assert int(page.get_attribute("#yasgui", "data-tabs")) >= 2  # a new query and the examples
    page.evaluate("(query) => window.ckgYasgui.getTab().getYasqe().setValue(query)", SEED_EVENTS_QUERY)
    page.locator(".yasqe_queryButton").first.click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=15_000)
    assert rows.count() > 5
    assert "Rebel offensive on Aleppo" in page.locator(".yasr").inner_text()
    tab.screenshot("query-results")
    tab.check()


def test_editor_shows_markup_in_results_as_text(tab):
    """The starter query lists every event, the markup fixture's too. Yasr's table (DataTables)
    passes cell text through innerHTML on one path, so the browser tries to attach the fixture's
    onerror handler: the Content-Security-Policy (no inline script) blocks it and reports it on
    the console. The text must still show as text and never run."""
    page = tab.open("/query", "#yasgui[data-tabs]")
    page.locator(".yasqe_queryButton").first.click()
    page.locator(".yasr table tbody tr").first.wait_for(timeout=15_000)
    assert "<img src=x onerror=" in page.locator(".yasr table").inner_text()
    assert page.locator(".yasr table img").count() == 0
    tab.check(blocked_handlers_expected=True)


def test_editor_shows_construct_results_as_turtle(tab):
    page = tab.open("/query", "#yasgui[data-tabs]")
    page.evaluate("""() => window.ckgYasgui.getTab().getYasqe().setValue(
        'PREFIX ckg: <https://w3id.org/conflictkg/ontology#>\\n' +
        'CONSTRUCT { ?e a ckg:Event } WHERE { ?e a ckg:Event } LIMIT 3')""")
    assert page.locator("#download-graph").is_visible() and not page.locator("#download-results").is_visible()
    with page.expect_response(lambda r: r.url.endswith("/sparql") and r.request.method == "POST") as answer:
        page.locator(".yasqe_queryButton").first.click()
    assert answer.value.headers["content-type"].startswith("text/turtle")
    page.wait_for_function("() => document.querySelector('.yasr').innerText.includes('w3id.org/conflictkg/id/event/')")
    tab.screenshot("query-construct")
    tab.check()


def test_editor_downloads_results_in_each_format(tab):
    page = tab.open("/query", "#yasgui[data-tabs]")
    for fmt, start in (("csv", b"event,label,date"), ("json", b"{"), ("tsv", b"?event")):
        with page.expect_download() as download:
            page.locator(f"#download-results button[data-format={fmt}]").click()
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(start), (fmt, content[:80])
    tab.check()


def test_map_draws_markers_and_filters_them(tab):
    page = tab.open("/map", "#map[data-markers]")
    shown = int(page.get_attribute("#map", "data-markers"))
    assert shown > 10 and page.locator("path.event-marker").count() == shown
    for box in page.locator("#filter-types input").all():
        if box.get_attribute("value") != "Shelling":
            box.uncheck()
    assert page.get_attribute("#map", "data-markers") == "1"
    assert page.locator("path.event-marker").count() == 1
    page.locator("button[type=reset]").click()
    page.wait_for_function(f"() => document.querySelector('#map').dataset.markers === '{shown}'")
    page.fill("#filter-from", "2024-11-30")
    page.fill("#filter-to", "2024-11-30")
    page.locator("#filter-to").dispatch_event("change")
    on_the_day = int(page.get_attribute("#map", "data-markers"))
    assert 0 < on_the_day < shown
    tab.check()


def test_network_draws_nodes_and_a_click_opens_the_actor(tab):
    page = tab.open("/network", "#network[data-nodes]")
    nodes = int(page.get_attribute("#network", "data-nodes"))
    assert nodes > 5
    assert page.evaluate("window.ckgNetwork.nodes().length") == nodes
    assert page.evaluate("window.ckgNetwork.edges().length") == int(page.get_attribute("#network", "data-edges"))
    box = page.locator("#network").bounding_box()
    position = page.evaluate(f"""() => window.ckgNetwork.getElementById({str(ACTOR['hayat-tahrir-al-sham'])!r})
                                      .renderedPosition()""")
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_url("**/id/actor/hayat-tahrir-al-sham")
    tab.check()


def test_network_filters_by_article_and_type(tab):
    page = tab.open("/network", "#network[data-nodes]")
    all_edges = int(page.get_attribute("#network", "data-edges"))
    page.select_option("#filter-article", label=f"2024-12-02 Markup <script>window.__pwned = \"title\"</script> test")
    assert page.get_attribute("#network", "data-edges") == "1"
    page.select_option("#filter-article", value="")
    page.locator("#filter-edge-types input[value=Opposes]").uncheck()
    assert 0 < int(page.get_attribute("#network", "data-edges")) < all_edges
    tab.check()


def test_from_an_article_to_an_actor_to_its_network_and_map(tab):
    page = tab.open(f"/id/article/{SEED_ARTICLE}")
    page.locator("ul.actors a", has_text="Hayat Tahrir al-Sham").click()
    page.wait_for_url("**/id/actor/hayat-tahrir-al-sham")
    page.get_by_role("link", name="Allies and opponents on the network").click()
    page.wait_for_selector("#network[data-nodes]", state="attached")
    hts = str(ACTOR["hayat-tahrir-al-sham"])
    assert page.evaluate(f"window.ckgNetwork.getElementById({hts!r}).selected()")
    assert page.evaluate(f"window.ckgNetwork.getElementById({hts!r}).neighborhood('node').length") >= 2
    tab.screenshot("network-focus")
    page.go_back()
    page.get_by_role("link", name="Its events on the map").click()
    page.wait_for_selector("#map[data-markers]", state="attached")
    assert page.input_value("#filter-actor") == hts
    assert int(page.get_attribute("#map", "data-markers")) >= 1
    assert "Hayat Tahrir al-Sham" in page.locator("#event-list").inner_text()
    tab.screenshot("map-actor")
    tab.check()


def test_search_box_suggests_and_is_keyboard_reachable(tab):
    page = tab.open("/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        pytest.fail("the search box cannot be reached with the Tab key")
    page.keyboard.type("zzyzx")
    page.wait_for_selector("#site-search-suggestions:not([hidden]) a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/id/actor/test-brigade"
    assert "<img src=x" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/actor/test-brigade")
    tab.check()


@pytest.mark.parametrize("path, ready", [("/map", "#map[data-markers]"), ("/network", "#network[data-nodes]"),
                                         ("/timeline", "#timeline[data-events]"), ("/query", "#yasgui[data-tabs]")])
def test_every_control_has_a_label(tab, path, ready):
    page = tab.open(path, ready)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('main input, main select, header input')]
        .filter((c) => c.type !== 'hidden' && !c.closest('.yasgui'))
        .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))
        .map((c) => c.outerHTML)""")
    assert unlabelled == []
    tab.check()


def test_api_docs_list_the_operations_offline(tab):
    """/docs is Swagger UI from this server (no CDN), started without inline script: it shows the
    operations of the OpenAPI document, the named queries among them, and opens one."""
    page = tab.open("/docs", "#swagger-ui[data-ready]")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    listed = {p.replace("\u200b", "").strip() for p in paths}
    assert {"/sparql", "/id/{kind}/{name}", "/queries/actor-profile", "/queries/events-near-point"} <= listed
    operation = page.locator("#operations-Named_queries-query_actor_profile")
    operation.locator(".opblock-summary").first.click()
    operation.locator(".parameters").wait_for()
    assert "actor" in operation.locator(".parameters").inner_text()
    tab.screenshot("docs-operation")
    tab.check()


def test_every_example_tab_runs_in_the_editor_and_shows_rows(tab):
    """Each example opens with its required parameters set to the examples of its header, so
    running the tab as it is shows rows (or triples), never an error."""
    page = tab.open("/query", "#yasgui[data-tabs]")
    tabs = page.evaluate("() => ckgYasgui.persistentConfig.getTabs().map((id) => [id, ckgYasgui.persistentConfig.getTab(id).name])")
    assert len(tabs) == int(page.get_attribute("#yasgui", "data-tabs")) > 10
    for tab_id, name in tabs[1:]:
        page.evaluate("(id) => { ckgYasgui.selectTabId(id); }", tab_id)
        with page.expect_response(lambda r: r.url.endswith("/sparql") and r.request.method == "POST") as answer:
            page.locator(f"[id='{tab_id}'] .yasqe_queryButton").click()
        assert answer.value.status == 200, (name, answer.value.text()[:300])
        page.wait_for_function("(id) => { const r = ckgYasgui.getTab(id).getYasr().results; return r && !r.loading; }",
                               arg=tab_id)
        found = page.evaluate("""(id) => { const r = ckgYasgui.getTab(id).getYasr().results;
            return {error: r.getError() || null, rows: (r.getBindings() || []).length,
                    triples: (r.getStatements() || []).length}; }""", tab_id)
        assert found["error"] is None and found["rows"] + found["triples"] > 0, (name, found)
    tab.check(blocked_handlers_expected=True)  # the markup fixture shows up in some tables (see above)


@pytest.mark.parametrize("path", ["/", "/id/actor/syrian-rebels", "/map", "/docs"])
def test_skip_link_and_focus_outlines(tab, path):
    """The first Tab reaches a visible "Skip to main content" link that moves focus to <main>;
    the focused control shows an outline."""
    page = tab.open(path)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {text: e.textContent.trim(), href: e.getAttribute('href'), top: e.getBoundingClientRect().top,
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["text"] == "Skip to main content" and focused["href"] == "#main"
    assert focused["top"] >= 0, "the skip link stays off screen when focused"
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, with an outline
    inside = page.evaluate("""() => { const e = document.activeElement;
        return {inMain: !!e.closest('main'), outline: getComputedStyle(e).outlineStyle}; }""")
    assert inside == {"inMain": True, "outline": inside["outline"]} and inside["outline"] != "none"
    tab.check()
