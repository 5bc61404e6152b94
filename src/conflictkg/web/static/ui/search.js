/* Suggestions under the search box as one types (the form also works without script: /search). */
(function () {
  "use strict";
  const input = document.getElementById("site-search");
  if (!input) return;
  const list = document.getElementById("site-search-suggestions");
  let timer = null;
  let latest = 0;

  async function suggest() {
    const q = input.value.trim();
    const ticket = ++latest;
    if (q.length < 2) { list.hidden = true; list.replaceChildren(); return; }
    const url = new URL(input.dataset.suggest, window.location.href);
    url.searchParams.set("q", q);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== latest) return;
    const { results } = await response.json();
    list.replaceChildren();
    for (const hit of results.slice(0, 8)) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = hit.href;
      a.textContent = hit.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.kind;
      item.append(kind, a);
      if (hit.matched !== hit.label) {
        const matched = document.createElement("span");
        matched.className = "matched";
        matched.textContent = ` “${hit.matched}”`;
        item.appendChild(matched);
      }
      list.appendChild(item);
    }
    list.hidden = results.length === 0;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => suggest().catch(() => { list.hidden = true; }), 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") list.hidden = true;
    if (event.key === "ArrowDown" && !list.hidden) {
      const first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const i = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && i < links.length - 1) { event.preventDefault(); links[i + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (event.key === "Escape") { list.hidden = true; input.focus(); }
  });
})();
