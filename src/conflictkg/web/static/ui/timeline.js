/* /timeline: dated events on a time axis (stacked when they share a date) and as a list grouped by
   month; filterable by date range and type. */
(function () {
  "use strict";
  const { el, link, eventColour, dateSpan, inRange, checkboxes, checkedValues, getJSON, params } = window.ckg;
  const SVG = "http://www.w3.org/2000/svg";
  const container = document.getElementById("timeline");
  const list = document.getElementById("timeline-list");
  const status = document.getElementById("status");
  const form = document.getElementById("filters");
  const fromInput = document.getElementById("filter-from");
  const toInput = document.getElementById("filter-to");
  const typeFieldset = document.getElementById("filter-types");
  let data = null;

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  const day = (iso) => Date.parse(`${iso}T00:00:00Z`);
  /* A date of any precision sits in the middle of the span it covers. */
  const position = (date) => { const [a, b] = dateSpan(date); return (day(a) + day(b)) / 2; };

  function ticks(min, max) {
    const years = (max - min) / (365.25 * 864e5);
    const out = [];
    const start = new Date(min);
    if (years > 3) {
      const step = Math.ceil(years / 10);
      for (let y = start.getUTCFullYear(); Date.UTC(y, 0, 1) <= max; y += step) {
        if (Date.UTC(y, 0, 1) >= min) out.push([Date.UTC(y, 0, 1), String(y)]);
      }
    } else if (years > 0.25) {
      for (let m = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1); m <= max;) {
        const d = new Date(m);
        if (m >= min) out.push([m, d.toISOString().slice(0, 7)]);
        m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
    } else {
      const step = Math.max(1, Math.ceil((max - min) / 864e5 / 10)) * 864e5;
      for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= max; t += step) {
        if (t >= min) out.push([t, new Date(t).toISOString().slice(0, 10)]);
      }
    }
    return out;
  }

  function draw(events) {
    container.replaceChildren();
    if (!events.length) return;
    const width = Math.max(container.clientWidth, 400), left = 30, right = 30, axisY = 40;
    let min = Math.min(...events.map((e) => day(dateSpan(e.date)[0])));
    let max = Math.max(...events.map((e) => day(dateSpan(e.date)[1])));
    if (max - min < 864e5 * 2) { min -= 864e5 * 3; max += 864e5 * 3; }
    const x = (t) => left + ((t - min) / (max - min)) * (width - left - right);
    const stacks = new Map();
    const placed = events.map((e) => {
      const px = Math.round(x(position(e.date)));
      const level = stacks.get(px) || 0;
      stacks.set(px, level + 1);
      return [e, px, level];
    });
    const height = axisY + 30 + 16 * Math.max(...stacks.values());
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
                              "aria-label": `Timeline of ${events.length} events` });
    root.appendChild(svg("line", { x1: left, x2: width - right, y1: axisY, y2: axisY, class: "axis" }));
    for (const [t, label] of ticks(min, max)) {
      root.appendChild(svg("line", { x1: x(t), x2: x(t), y1: axisY - 5, y2: axisY + 5, class: "tick" }));
      const text = svg("text", { x: x(t), y: axisY - 10, "text-anchor": "middle", class: "tick-label" });
      text.textContent = label;
      root.appendChild(text);
    }
    for (const [e, px, level] of placed) {
      const anchor = svg("a", { href: e.href || "#", class: "timeline-event" });
      const title = svg("title");
      title.textContent = `${e.date} · ${e.label} (${e.typeLabel})`;
      const circle = svg("circle", { cx: px, cy: axisY + 16 + 16 * level, r: 6, fill: eventColour(e.type),
                                      stroke: "#222", "stroke-width": 1, "fill-opacity": e.planned ? 0.35 : 0.95 });
      anchor.append(title, circle);
      root.appendChild(anchor);
    }
    container.appendChild(root);
  }

  function drawList(events, undated) {
    list.replaceChildren();
    const groups = new Map();
    for (const e of events) {
      const key = e.date.slice(0, 7);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    }
    const sections = [...groups.entries()];
    if (undated.length) sections.push(["undated", undated]);
    for (const [month, items] of sections) {
      list.appendChild(el("h2", {}, month));
      const ol = el("ol", { class: "events" });
      for (const e of items) {
        const li = el("li");
        const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
        swatch.style.backgroundColor = eventColour(e.type);
        li.append(swatch, el("time", { datetime: e.date || "" }, e.date || "undated"), document.createTextNode(" "));
        li.appendChild(link(e));
        li.appendChild(el("span", { class: "meta" }, ` ${e.typeLabel}${e.planned ? ", planned" : ""}`));
        if (e.place) { li.appendChild(document.createTextNode(" · ")); li.appendChild(link(e.place)); }
        ol.appendChild(li);
      }
      list.appendChild(ol);
    }
  }

  function render() {
    const from = fromInput.value, to = toInput.value, types = checkedValues(typeFieldset);
    const shown = data.events.filter((e) => types.has(e.type) && inRange(e.date, from, to));
    const undated = (from || to) ? [] : data.undated.filter((e) => types.has(e.type));
    draw(shown);
    drawList(shown, undated);
    container.dataset.events = String(shown.length);
    status.textContent = `${shown.length} dated events shown${undated.length ? `, ${undated.length} undated listed` : ""}.`;
  }

  async function start() {
    data = await getJSON(container.dataset.timeline);
    checkboxes(typeFieldset, data.eventTypes.map((t) => ({ value: t.type, label: t.label })),
      (v) => !params.get("type") || params.get("type") === v, eventColour);
    if (params.get("from")) fromInput.value = params.get("from");
    if (params.get("to")) toInput.value = params.get("to");
    form.addEventListener("change", render);
    form.addEventListener("reset", () => setTimeout(() => {
      typeFieldset.querySelectorAll("input").forEach((b) => { b.checked = true; });
      render();
    }));
    window.addEventListener("resize", () => draw(data.events.filter((e) =>
      checkedValues(typeFieldset).has(e.type) && inRange(e.date, fromInput.value, toInput.value))));
    render();
  }

  start().catch((error) => {
    status.textContent = `The timeline could not be drawn: ${error.message}`;
    status.classList.add("error");
  });
})();
