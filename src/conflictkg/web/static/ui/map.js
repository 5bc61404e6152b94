/* /map: every located event as a circle coloured by its type, on the shipped Natural Earth base
   map (or a configured tile server), filterable by date range, type and actor. */
(function () {
  "use strict";
  const { el, link, eventColour, inRange, checkboxes, checkedValues, getJSON, params } = window.ckg;
  const container = document.getElementById("map");
  const status = document.getElementById("status");
  const form = document.getElementById("filters");
  const fromInput = document.getElementById("filter-from");
  const toInput = document.getElementById("filter-to");
  const actorSelect = document.getElementById("filter-actor");
  const typeFieldset = document.getElementById("filter-types");
  const tbody = document.querySelector("#event-list tbody");

  const map = L.map(container, { worldCopyJump: true, preferCanvas: false }).setView([30, 20], 2);
  const markers = L.layerGroup().addTo(map);
  let features = [];

  function popup(event) {
    const box = el("div", { class: "popup" });
    const title = el("strong");
    title.appendChild(link(event));
    box.appendChild(title);
    box.appendChild(el("div", {}, `${event.typeLabel}${event.planned ? " (planned)" : ""} · ${event.date || "undated"}`));
    if (event.place) {
      const where = el("div", {}, "at ");
      where.appendChild(link(event.place));
      box.appendChild(where);
    }
    for (const [role, actors] of [["by", event.agents], ["against", event.targets]]) {
      if (!actors.length) continue;
      const line = el("div", {}, `${role} `);
      actors.forEach((actor, i) => {
        if (i) line.appendChild(document.createTextNode(", "));
        line.appendChild(link(actor));
      });
      box.appendChild(line);
    }
    return box;
  }

  /* Events at the same place are spread on a small circle so that each stays visible. */
  function positions(shown) {
    const byPlace = new Map();
    for (const f of shown) {
      const key = f.geometry.coordinates.join(",");
      if (!byPlace.has(key)) byPlace.set(key, []);
      byPlace.get(key).push(f);
    }
    const result = [];
    for (const group of byPlace.values()) {
      group.forEach((f, i) => {
        const [lon, lat] = f.geometry.coordinates;
        const r = group.length > 1 ? 0.06 * Math.sqrt(group.length) : 0;
        const angle = (2 * Math.PI * i) / group.length;
        result.push([f, [lat + r * Math.sin(angle), lon + r * Math.cos(angle)]]);
      });
    }
    return result;
  }

  function actorsOf(event) { return event.agents.concat(event.targets); }

  function render(fit) {
    const from = fromInput.value, to = toInput.value, actor = actorSelect.value;
    const types = checkedValues(typeFieldset);
    const shown = features.filter((f) => {
      const e = f.properties;
      return types.has(e.type) && inRange(e.date, from, to) && (!actor || actorsOf(e).some((a) => a.id === actor));
    });
    markers.clearLayers();
    tbody.replaceChildren();
    const bounds = [];
    for (const [feature, latlng] of positions(shown)) {
      const e = feature.properties;
      const colour = eventColour(e.type);
      const marker = L.circleMarker(latlng, {
        radius: 8, color: "#222", weight: 1, fillColor: colour, fillOpacity: e.planned ? 0.35 : 0.9,
        dashArray: e.planned ? "3" : null, className: `event-marker event-${e.type}`,
      });
      marker.bindPopup(() => popup(e));
      // an element, not a string: Leaflet would parse a string as HTML
      marker.bindTooltip(el("span", {}, e.label));
      marker.addTo(markers);
      bounds.push(latlng);
    }
    for (const e of shown.map((f) => f.properties)) { // the list keeps the date order of the data
      const row = el("tr");
      row.appendChild(el("td", { class: "date" }, e.date || "undated"));
      const name = el("td");
      name.appendChild(link(e));
      row.appendChild(name);
      row.appendChild(el("td", {}, e.typeLabel));
      const place = el("td");
      place.appendChild(link(e.place));
      row.appendChild(place);
      const actors = el("td");
      actorsOf(e).forEach((a, i) => {
        if (i) actors.appendChild(document.createTextNode(", "));
        actors.appendChild(link(a));
      });
      row.appendChild(actors);
      tbody.appendChild(row);
    }
    status.textContent = `${shown.length} of ${features.length} located events shown.`;
    container.dataset.markers = String(shown.length);
    if (fit && bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 });
  }

  async function start() {
    const tileUrl = container.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 18, attribution: "map tiles: configured tile server" }).addTo(map);
    } else {
      const basemap = await getJSON(container.dataset.basemap);
      L.geoJSON(basemap, {
        interactive: false,
        style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f2efe9", fillOpacity: 1 },
      }).addTo(map);
      map.attributionControl.addAttribution("Natural Earth (public domain)");
    }
    const data = await getJSON(container.dataset.events);
    features = data.features;
    const wanted = params.get("type");
    checkboxes(typeFieldset, data.eventTypes.map((t) => ({ value: t.type, label: t.label })),
      (value) => !wanted || wanted === value, eventColour);
    const actors = new Map();
    for (const f of features) for (const a of actorsOf(f.properties)) actors.set(a.id, a.label);
    [...actors.entries()].sort((a, b) => a[1].localeCompare(b[1])).forEach(([id, label]) => {
      actorSelect.appendChild(el("option", { value: id }, label));
    });
    if (params.get("actor")) actorSelect.value = params.get("actor");
    if (params.get("from")) fromInput.value = params.get("from");
    if (params.get("to")) toInput.value = params.get("to");
    form.addEventListener("change", () => render(false));
    form.addEventListener("reset", () => setTimeout(() => {
      typeFieldset.querySelectorAll("input").forEach((b) => { b.checked = true; });
      render(true);
    }));
    render(true);
  }

  start().catch((error) => {
    status.textContent = `The map could not be drawn: ${error.message}`;
    status.classList.add("error");
  });
})();
