/* /network: actors as nodes (size = activity, colour and shape = type), allegiances as directed
   edges coloured by type; filter by article and types; a click on an actor opens its page. */
(function () {
  "use strict";
  const { el, link, allegianceColour, actorStyle, checkboxes, checkedValues, getJSON, params } = window.ckg;
  const container = document.getElementById("network");
  const status = document.getElementById("status");
  const form = document.getElementById("filters");
  const articleSelect = document.getElementById("filter-article");
  const edgeTypes = document.getElementById("filter-edge-types");
  const nodeTypes = document.getElementById("filter-node-types");
  const isolated = document.getElementById("filter-isolated");
  const legend = document.getElementById("legend");
  const tbody = document.querySelector("#edge-list tbody");
  let data = null;
  let cy = null;

  function size(activity) { return 18 + 9 * Math.sqrt(activity); }

  function elementsFor(nodes, edges) {
    return [
      ...nodes.map((n) => ({
        group: "nodes",
        data: { id: n.id, label: n.label, href: n.href, type: n.type, size: size(n.activity),
                colour: actorStyle(n.type)[0], shape: actorStyle(n.type)[1] },
      })),
      ...edges.map((e) => ({
        group: "edges",
        data: { id: e.id, source: e.source, target: e.target, type: e.type, label: e.typeLabel,
                colour: allegianceColour(e.type) },
      })),
    ];
  }

  function render() {
    const article = articleSelect.value;
    const wantedEdges = checkedValues(edgeTypes);
    const wantedNodes = checkedValues(nodeTypes);
    const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
    const edges = data.edges.filter((e) => wantedEdges.has(e.type) && (!article || e.article === article)
      && wantedNodes.has(nodeById.get(e.source).type) && wantedNodes.has(nodeById.get(e.target).type));
    const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
    const nodes = data.nodes.filter((n) => linked.has(n.id) || (isolated.checked && wantedNodes.has(n.type)
      && (!article || n.articles.includes(article))));
    cy.elements().remove();
    cy.add(elementsFor(nodes, edges));
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000,
                idealEdgeLength: () => 90, padding: 30 }).run();
    const focus = params.get("focus");
    if (focus && cy.getElementById(focus).nonempty()) {
      const node = cy.getElementById(focus);
      node.select();
      cy.elements().not(node.closedNeighborhood()).addClass("faded");
    }
    container.dataset.nodes = String(nodes.length);
    container.dataset.edges = String(edges.length);
    status.textContent = `${nodes.length} actors and ${edges.length} allegiances shown.`;
    tbody.replaceChildren();
    for (const e of edges) {
      const row = el("tr");
      for (const ref of [nodeById.get(e.source), null, nodeById.get(e.target), e]) {
        const cell = el("td", ref === null ? { class: "kind-cell" } : {});
        if (ref === null) {
          const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
          swatch.style.backgroundColor = allegianceColour(e.type);
          cell.appendChild(swatch);
          cell.appendChild(document.createTextNode(e.typeLabel));
        } else {
          cell.appendChild(link(ref));
        }
        row.appendChild(cell);
      }
      tbody.appendChild(row);
    }
  }

  function drawLegend(actorTypes, allegianceTypes) {
    legend.replaceChildren(el("h2", {}, "Legend"));
    const list = el("ul");
    for (const t of actorTypes) {
      const item = el("li");
      const swatch = el("span", { class: `swatch shape-${actorStyle(t)[1]}`, "aria-hidden": "true" });
      swatch.style.backgroundColor = actorStyle(t)[0];
      item.append(swatch, document.createTextNode(`${t} (${actorStyle(t)[1]})`));
      list.appendChild(item);
    }
    for (const [type, label] of allegianceTypes) {
      const item = el("li");
      const line = el("span", { class: "line", "aria-hidden": "true" });
      line.style.backgroundColor = allegianceColour(type);
      item.append(line, document.createTextNode(label));
      list.appendChild(item);
    }
    legend.appendChild(list);
  }

  async function start() {
    data = await getJSON(container.dataset.network);
    cy = cytoscape({
      container,
      style: [
        { selector: "node", style: {
          label: "data(label)", width: "data(size)", height: "data(size)", shape: "data(shape)",
          "background-color": "data(colour)", "border-color": "#222", "border-width": 1,
          "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap",
          "text-max-width": 120, "text-background-color": "#fff", "text-background-opacity": 0.8,
        } },
        { selector: "edge", style: {
          width: 2.5, "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
          "font-size": 9, color: "#444", "text-rotation": "autorotate", "text-background-color": "#fff",
          "text-background-opacity": 0.8,
        } },
        { selector: "edge[type = 'Opposes']", style: { "line-style": "dashed" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#000" } },
        { selector: ".faded", style: { opacity: 0.2 } },
      ],
    });
    window.ckgNetwork = cy; // for the browser tests and the curious
    cy.on("tap", "node", (event) => {
      const href = event.target.data("href");
      if (href) window.location.assign(href);
    });
    data.articles.forEach((a) => {
      articleSelect.appendChild(el("option", { value: a.id }, `${a.date ? a.date + " " : ""}${a.title}`));
    });
    if (params.get("article")) articleSelect.value = params.get("article");
    const allegianceTypes = new Map(data.edges.map((e) => [e.type, e.typeLabel || e.type]));
    const actorTypes = [...new Set(data.nodes.map((n) => n.type))].sort();
    checkboxes(edgeTypes, [...allegianceTypes].sort().map(([value, label]) => ({ value, label })),
      () => true, allegianceColour);
    checkboxes(nodeTypes, actorTypes.map((t) => ({ value: t, label: t })), () => true,
      (t) => actorStyle(t)[0]);
    isolated.checked = params.get("isolated") === "1";
    drawLegend(actorTypes, [...allegianceTypes].sort());
    form.addEventListener("change", render);
    form.addEventListener("reset", () => setTimeout(() => {
      form.querySelectorAll("fieldset input").forEach((b) => { b.checked = true; });
      render();
    }));
    render();
  }

  start().catch((error) => {
    status.textContent = `The network could not be drawn: ${error.message}`;
    status.classList.add("error");
  });
})();
