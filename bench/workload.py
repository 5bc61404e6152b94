"""The benchmark's query mix and how it is run over HTTP: latency per query, throughput at a
concurrency level, result counts to compare systems.

Queries are `.rq` files with grlc-style parameters (``?_name``, ``?_name_iri`` …). Over plain
SPARQL Protocol there is no ``substitutions``, so parameters are bound by writing the term into the
query text (only values from the generated corpus, never user input).
"""

from __future__ import annotations

import json
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
TYPE_SUFFIXES = ("iri", "integer", "date", "decimal", "string", "literal")
# grlc parameter names → keys of the corpus parameters (generate.py's .params.json).
ALIASES = {
    "event": "event", "region": "region", "place": "region", "location": "region", "country": "country",
    "actor": "actor", "agent": "actor", "speaker": "actor", "group": "actor", "state": "state",
    "graph": "article_graph", "article": "article", "q": "label_fragment", "text": "label_fragment",
    "label": "label_fragment", "search": "label_fragment", "name": "label_fragment", "year": "year",
    "from": "date_from", "start": "date_from", "since": "date_from", "to": "date_to", "end": "date_to",
    "until": "date_to", "fact": "event", "lat": "lat", "latitude": "lat", "long": "long", "lon": "long",
    "longitude": "long", "km": "km", "radius": "km", "distance": "km",
}


@dataclass(frozen=True)
class Query:
    name: str
    text: str            # parameters bound
    form: str            # select | ask | graph (CONSTRUCT / DESCRIBE)
    mix: str             # interactive | analytic
    source: str          # bench | queries
    deref_path: str | None = None   # a GET path that servers with Linked Data pages answer instead


def _header(text: str, key: str) -> str | None:
    match = re.search(rf"^#\+\s*{key}:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def _term(name: str, value: str) -> str:
    if name.endswith("_iri") or value.startswith(("http://", "https://")):
        return f"<{value}>"
    if name.endswith("_integer"):
        return str(int(value))
    if name.endswith("_decimal"):
        return repr(float(value))
    if name.endswith("_date"):
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#date>'
    return json.dumps(value)


def _base_name(name: str) -> str:
    parts = name.split("_")
    if len(parts) > 1 and parts[-1] in TYPE_SUFFIXES:
        parts = parts[:-1]
    return "_".join(parts)


def bind(text: str, params: dict[str, str]) -> str:
    """Bind the required parameters (``?_name``); optional ones (``?__name``) stay unbound (the
    query's "no value" case). Like pyoxigraph's ``substitutions``, a parameter becomes a constant:
    written into the pattern where that is valid SPARQL; where it is not (in the projection,
    GROUP BY, ORDER BY or BOUND()), the query gets a ``VALUES`` row at the start of its pattern
    instead. Constants matter: rdflib's engine joins a VALUES row after the fact, which turns
    some lookups into scans. Raises KeyError naming a parameter no corpus value fits."""
    code = _code(text)
    names = list(dict.fromkeys(m.group(2) for m in PARAM.finditer(code) if m.group(1) == "_"))
    if not names:
        return text
    terms = {}
    for name in names:
        key = ALIASES.get(_base_name(name).lower())
        if key is None or key not in params:
            raise KeyError(f"no corpus value for parameter ?_{name}")
        terms[name] = _term(name, params[key])
    if any(_needs_variable(code, name) for name in names):
        at = _pattern_start(text)
        values = f" VALUES ({' '.join('?_' + n for n in names)}) {{ ({' '.join(terms.values())}) }}\n"
        return text[:at] + values + text[at:]
    return PARAM.sub(lambda m: terms[m.group(2)] if m.group(1) == "_" else m.group(0), text)


def _needs_variable(code: str, name: str) -> bool:
    """Whether ``?_name`` appears where a constant is not allowed."""
    var = re.escape(f"?_{name}") + r"(?![A-Za-z0-9_])"
    select = re.search(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", code, re.IGNORECASE | re.DOTALL)
    if select and re.search(var, select.group(1)):
        return True
    for clause in re.finditer(r"\b(GROUP|ORDER)\s+BY\b(.*?)(?=\b(?:HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|$)", code,
                              re.IGNORECASE | re.DOTALL):
        if re.search(var, clause.group(2)):
            return True
    return bool(re.search(r"\bBOUND\s*\(\s*" + var, code, re.IGNORECASE))


def _code(text: str) -> str:
    """The query with comments blanked out (same length, so offsets still match)."""
    return "".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.splitlines(True))


def _pattern_start(text: str) -> int:
    """Just inside the ``{`` that opens the query pattern (after WHERE, or the first group of a
    SELECT / ASK written without WHERE)."""
    code = _code(text)
    where = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    if where:
        return where.end()
    form = re.search(r"\b(SELECT|ASK|DESCRIBE)\b", code, re.IGNORECASE)
    brace = code.find("{", form.end() if form else 0)
    if brace < 0:
        raise ValueError("cannot find the query pattern to bind parameters in")
    return brace + 1


def _form(text: str) -> str:
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    code = re.sub(r"(?i)\bPREFIX\s+\S*:\s*<[^>]*>|\bBASE\s*<[^>]*>", " ", code)
    keyword = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code)
    if not keyword:
        raise ValueError("not a SPARQL query")
    word = keyword.group(1).upper()
    return {"SELECT": "select", "ASK": "ask"}.get(word, "graph")


def load_queries(folder: Path, params: dict[str, str], source: str) -> tuple[list[Query], list[str]]:
    """The queries of a folder with parameters bound; the second list says which were skipped and why."""
    queries, skipped = [], []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text()
        try:
            bound = bind(text, params)
        except KeyError as exc:
            skipped.append(f"{source}/{path.name}: {exc.args[0]}")
            continue
        deref = None
        if path.stem == "dereference":
            deref = "/" + params["event"].split("/conflictkg/", 1)[1]
        queries.append(Query(path.stem if source == "bench" else f"queries/{path.stem}", bound, _form(text),
                             _header(text, "mix") or "analytic", source, deref))
    return queries, skipped


# ---------------------------------------------------------------------------------------------
@dataclass
class Endpoint:
    """How to talk to one running system."""
    name: str
    base: str
    query_path: str
    linked_data: bool = False   # answers GET /id/... itself

    @property
    def query_url(self) -> str:
        return self.base + self.query_path


ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
          "graph": "application/n-triples"}


class Timeout(Exception):
    pass


class Failed(Exception):
    pass


def request(client: httpx.Client, endpoint: Endpoint, query: Query, timeout: float,
            use_deref: bool = True) -> int:
    """Run one query; return its result count (rows, boolean, or distinct triples)."""
    try:
        if use_deref and query.deref_path and endpoint.linked_data:
            response = client.get(endpoint.base + query.deref_path, headers={"Accept": "application/n-triples"},
                                  timeout=timeout)
        else:
            response = client.post(endpoint.query_url, data={"query": query.text},
                                   headers={"Accept": ACCEPT[query.form]}, timeout=timeout)
    except httpx.TimeoutException:
        raise Timeout() from None
    except httpx.HTTPError as exc:
        raise Failed(f"{type(exc).__name__}: {exc}") from None
    if response.status_code in (503, 504, 408):
        raise Timeout()
    if response.status_code != 200:
        raise Failed(f"HTTP {response.status_code}: {response.text[:300]}")
    return count_results(query.form, response)


def count_results(form: str, response: httpx.Response) -> int:
    if form in ("select", "ask"):
        data = response.json()
        if "boolean" in data:
            return int(bool(data["boolean"]))
        return len(data["results"]["bindings"])
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.N_TRIPLES
    return len({str(t) for t in ox.parse(response.content, format=fmt)})


@dataclass
class Latency:
    count: int | None = None
    samples: list[float] = field(default_factory=list)
    status: str = "ok"      # ok | timeout | error
    detail: str = ""

    def summary(self) -> dict:
        result = {"status": self.status, "count": self.count, "runs": len(self.samples)}
        if self.samples:
            ordered = sorted(self.samples)
            result["median_s"] = statistics.median(ordered)
            result["p95_s"] = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
        if self.detail:
            result["detail"] = self.detail
        return result


def measure_latencies(endpoints: dict[str, Endpoint], query: Query, *, timeout: float, max_runs: int,
                      budget: float) -> dict[str, Latency]:
    """Latency of one query on every system, interleaved (one run on each system in turn), so that
    load from other work on a shared machine falls on all systems alike. Per system: one warm-up,
    then up to ``max_runs`` timed runs within ``budget`` seconds (at least 3, unless the warm-up
    alone took over a third of the budget: then it is the only sample)."""
    results = {name: Latency() for name in endpoints}
    spent = dict.fromkeys(endpoints, 0.0)
    clients = {name: httpx.Client() for name in endpoints}
    active = list(endpoints)

    def run_once(name: str) -> float | None:
        result = results[name]
        started = time.perf_counter()
        try:
            count = request(clients[name], endpoints[name], query, timeout)
        except Timeout:
            result.status = "timeout"
            return None
        except Failed as exc:
            result.status, result.detail = "error", str(exc)
            return None
        took = time.perf_counter() - started
        if result.count is None:
            result.count = count
        elif count != result.count:
            result.status, result.detail = "error", f"count changed between runs: {result.count} then {count}"
            return None
        return took

    try:
        for name in list(active):
            warm = run_once(name)
            if warm is None:
                active.remove(name)
            elif warm * 3 > budget:
                results[name].samples.append(warm)
                active.remove(name)
        while active:
            for name in list(active):
                took = run_once(name)
                if took is None:
                    active.remove(name)
                    continue
                results[name].samples.append(took)
                spent[name] += took
                runs = len(results[name].samples)
                if runs >= max_runs or (runs >= 3 and spent[name] > budget):
                    active.remove(name)
    finally:
        for client in clients.values():
            client.close()
    return results


@dataclass
class Throughput:
    concurrency: int
    completed: int
    failed: int
    timeouts: int
    rejected: int
    elapsed_s: float
    latencies: list[float]

    def summary(self) -> dict:
        ordered = sorted(self.latencies)
        return {"concurrency": self.concurrency, "completed": self.completed, "failed": self.failed,
                "timeouts": self.timeouts, "rejected_429": self.rejected, "elapsed_s": round(self.elapsed_s, 3),
                "queries_per_s": self.completed / self.elapsed_s if self.elapsed_s else 0.0,
                "median_s": statistics.median(ordered) if ordered else None}


def measure_throughput(endpoint: Endpoint, mix: list[Query], *, concurrency: int, duration: float,
                       max_requests: int, timeout: float) -> Throughput:
    """``concurrency`` clients send the mix round-robin until ``duration`` seconds or
    ``max_requests`` requests, whichever comes first. A 429 counts as rejected, not completed."""
    lock = threading.Lock()
    issued = [0]
    stats = {"completed": 0, "failed": 0, "timeouts": 0, "rejected": 0}
    latencies: list[float] = []
    deadline = time.perf_counter() + duration

    def client_loop(offset: int) -> None:
        with httpx.Client() as client:
            while time.perf_counter() < deadline:
                with lock:
                    if issued[0] >= max_requests:
                        return
                    index = issued[0]
                    issued[0] += 1
                query = mix[(index + offset) % len(mix)]
                started = time.perf_counter()
                outcome = "completed"
                try:
                    request(client, endpoint, query, min(timeout, max(1.0, deadline - started + timeout / 4)))
                except Timeout:
                    outcome = "timeouts"
                except Failed as exc:
                    outcome = "rejected" if "HTTP 429" in str(exc) else "failed"
                took = time.perf_counter() - started
                with lock:
                    stats[outcome] += 1
                    if outcome == "completed":
                        latencies.append(took)
                if outcome == "rejected":
                    time.sleep(0.05)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.perf_counter() - started
    return Throughput(concurrency, stats["completed"], stats["failed"], stats["timeouts"], stats["rejected"],
                      elapsed, latencies)
