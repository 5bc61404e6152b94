/* The small map of a place page: the place, and the events at it or at places inside it. */
(function () {
  "use strict";
  const { el, link, eventColour, getJSON } = window.ckg;
  const box = document.getElementById("place-map");
  if (!box) return;
  const centre = [parseFloat(box.dataset.lat), parseFloat(box.dataset.long)];
  const map = L.map(box, { scrollWheelZoom: false }).setView(centre, 7);
  getJSON(box.dataset.basemap).then((basemap) => {
    L.geoJSON(basemap, { interactive: false,
      style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f2efe9", fillOpacity: 1 } }).addTo(map);
    map.attributionControl.addAttribution("Natural Earth (public domain)");
    L.circleMarker(centre, { radius: 9, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 0.9 })
      .bindTooltip(el("span", {}, box.dataset.label)).addTo(map);
    return getJSON(box.dataset.events);
  }).then((data) => {
    let shown = 0;
    for (const feature of data.features) {
      const e = feature.properties;
      if (!e.place || e.place.id !== box.dataset.place) continue;
      const [lon, lat] = feature.geometry.coordinates;
      const angle = shown * 2.4;
      L.circleMarker([lat + 0.12 * Math.sin(angle), lon + 0.12 * Math.cos(angle)], {
        radius: 6, color: "#222", weight: 1, fillColor: eventColour(e.type), fillOpacity: 0.9,
      }).bindPopup(() => { const p = el("div"); p.appendChild(link(e)); return p; }).addTo(map);
      shown += 1;
    }
    box.dataset.markers = String(shown);
  }).catch((error) => { box.textContent = `The map could not be drawn: ${error.message}`; });
})();
