/* Colours and shapes shared by the map, the timeline and the network, and small DOM helpers.
   Data from the graph is only ever put into the page with textContent / attributes, never as
   markup. */
(function () {
  "use strict";
  const eventColours = {
    Offensive: "#d62728", Withdrawal: "#9467bd", TerritorialCapture: "#8c564b", Airstrike: "#e377c2",
    Shelling: "#ff7f0e", Clash: "#bcbd22", Curfew: "#7f7f7f", DiplomaticVisit: "#1f77b4",
    Ceasefire: "#2ca02c", Crackdown: "#17becf", Casualties: "#000000", Displacement: "#aec7e8",
    Other: "#999999",
  };
  const allegianceColours = {
    LoyalTo: "#1f77b4", SupportedBy: "#2ca02c", AffiliatedWith: "#17becf", AlliedWith: "#9467bd",
    Opposes: "#d62728", LedBy: "#ff7f0e",
  };
  const actorStyles = {
    Person: ["#1f77b4", "ellipse"], ArmedGroup: ["#d62728", "triangle"], StateForce: ["#8c564b", "diamond"],
    Government: ["#9467bd", "round-rectangle"], State: ["#2ca02c", "hexagon"],
    Organization: ["#ff7f0e", "rectangle"], MediaOutlet: ["#7f7f7f", "tag"],
    InternationalOrganization: ["#17becf", "octagon"], CivilianGroup: ["#bcbd22", "star"],
    Actor: ["#999999", "ellipse"],
  };

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(ref) {
    if (!ref) return document.createTextNode("");
    return ref.href ? el("a", { href: ref.href }, ref.label) : el("span", {}, ref.label);
  }

  /* An ISO date of any precision (2011, 2024-11, 2024-11-27) as the [first, last] day it covers. */
  function dateSpan(text) {
    if (!text) return null;
    const parts = text.split("-");
    if (parts.length === 1) return [`${parts[0]}-01-01`, `${parts[0]}-12-31`];
    if (parts.length === 2) {
      const last = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
      return [`${text}-01`, `${text}-${String(last).padStart(2, "0")}`];
    }
    return [text.slice(0, 10), text.slice(0, 10)];
  }

  /* Does an event's date overlap [from, to] (either may be empty)? Undated events pass only an
     empty range. */
  function inRange(date, from, to) {
    if (!from && !to) return true;
    const span = dateSpan(date);
    if (!span) return false;
    return (!from || span[1] >= from) && (!to || span[0] <= to);
  }

  function checkboxes(fieldset, items, checkedByDefault, colourOf) {
    for (const item of items) {
      const id = `${fieldset.id}-${item.value}`;
      const label = el("label", { for: id, class: "check" });
      const box = el("input", { type: "checkbox", id, value: item.value, name: fieldset.id });
      box.checked = checkedByDefault(item.value);
      label.appendChild(box);
      if (colourOf) {
        const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
        swatch.style.backgroundColor = colourOf(item.value);
        label.appendChild(swatch);
      }
      label.appendChild(document.createTextNode(item.label));
      fieldset.appendChild(label);
    }
  }

  function checkedValues(fieldset) {
    return new Set([...fieldset.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.value));
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
      throw new Error(`could not load ${url}: ${message}`);
    }
    return response.json();
  }

  window.ckg = {
    eventColour: (type) => eventColours[type] || eventColours.Other,
    allegianceColour: (type) => allegianceColours[type] || "#555555",
    actorStyle: (type) => actorStyles[type] || actorStyles.Actor,
    el, link, dateSpan, inRange, checkboxes, checkedValues, getJSON,
    params: new URLSearchParams(window.location.search),
  };
})();
