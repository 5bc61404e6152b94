/* /query: Yasgui on this server's /sparql, the example queries as tabs, CONSTRUCT answers as
   Turtle, and downloads of the current tab's results in every format the endpoint offers.
   Nothing is fetched from another host: no prefix.cc, no LOV, no endpoint catalogue. */
(function () {
  "use strict";
  const root = document.getElementById("yasgui");
  const endpoint = new URL(root.dataset.endpoint, window.location.href).href;

  function prefixBlock(prefixes, names) {
    return names.filter((n) => prefixes[n]).map((n) => `PREFIX ${n}: <${prefixes[n]}>`).join("\n");
  }

  async function start() {
    const response = await fetch(root.dataset.examples, { headers: { Accept: "application/json" } });
    const { examples, prefixes } = await response.json();
    const starter = `${prefixBlock(prefixes, ["ckg", "rdfs", "actor", "place", "event"])}\n\n` +
      "SELECT ?event ?label ?date WHERE {\n  ?event a ckg:Event ; rdfs:label ?label .\n" +
      "  OPTIONAL { ?event ckg:date ?date }\n}\nORDER BY ?date\nLIMIT 100\n";
    const yasgui = new Yasgui(root, {
      persistenceId: null, // a fresh set of tabs on every visit: the examples as they are now
      populateFromUrl: true,
      autoAddOnInit: false,
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
      requestConfig: {
        endpoint,
        method: "POST",
        acceptHeaderGraph: "text/turtle", // CONSTRUCT and DESCRIBE are shown as Turtle
        acceptHeaderSelect: "application/sparql-results+json",
      },
      yasqe: {
        value: starter,
        prefixCcApi: null, // the prefixes bundled with Yasgui, not prefix.cc
        autocompleters: ["prefixes", "variables"], // no LOV look-ups of classes and properties
        persistenceId: null,
      },
      yasr: { persistenceId: null, prefixes },
    });
    window.ckgYasgui = yasgui; // for the browser tests and the curious
    yasgui.addTab(true, { name: "New query", yasqe: { value: starter }, requestConfig: { endpoint } });
    for (const example of examples) {
      yasgui.addTab(false, { name: example.name, yasqe: { value: example.query }, requestConfig: { endpoint } });
    }
    root.dataset.tabs = String(examples.length + 1);

    function currentQuery() {
      const yasqe = yasgui.getTab().getYasqe();
      return [yasqe.getValue(), yasqe.getQueryType()];
    }
    function updateDownloads() {
      const [, kind] = currentQuery();
      const graph = kind === "CONSTRUCT" || kind === "DESCRIBE";
      document.getElementById("download-results").hidden = graph;
      document.getElementById("download-graph").hidden = !graph;
    }
    document.getElementById("downloads").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-format]");
      if (!button) return;
      const [query] = currentQuery();
      const url = new URL(endpoint);
      url.searchParams.set("query", query);
      url.searchParams.set("format", button.dataset.format);
      const a = document.createElement("a");
      a.href = url.href;
      a.download = `results.${button.dataset.format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    // A graph (CONSTRUCT / DESCRIBE) is shown as the Turtle the endpoint sent, results as a table;
    // the Tab emits this before it hands the answer to Yasr, so the choice applies to this answer.
    yasgui.on("queryResponse", (instance, tab) => {
      const kind = tab.getYasqe().getQueryType();
      tab.getYasr().selectPlugin(kind === "CONSTRUCT" || kind === "DESCRIBE" ? "response" : "table");
    });
    const watched = new WeakSet();
    function watchCurrentTab() { // each tab's editor is made when the tab is first shown
      const yasqe = yasgui.getTab().getYasqe();
      if (!watched.has(yasqe)) {
        watched.add(yasqe);
        yasqe.on("change", updateDownloads);
      }
      updateDownloads();
    }
    yasgui.on("tabSelect", () => setTimeout(watchCurrentTab));
    watchCurrentTab();
  }

  start().catch((error) => {
    root.textContent = `The query editor could not start: ${error.message}`;
  });
})();
