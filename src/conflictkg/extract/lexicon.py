"""The word lists of the extractor: demonyms, well-known actors, head words that type a name,
descriptions of unnamed collectives, and the trigger and reporting verbs of conflict reporting.
The lists live in ``extract/data``; this module reads them (once per process, on first use)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@functools.cache
def demonyms() -> dict[str, str]:
    """Adjective → ISO country code, e.g. ``{"Syrian": "SY", "U.S.": "US"}``."""
    return {adj: row[0] for row in _rows("demonyms.tsv") for adj in row[1].split("|")}


ACTOR_CLASSES = frozenset({"ArmedGroup", "StateForce", "Government", "State", "Organization", "MediaOutlet",
                           "InternationalOrganization"})


@dataclass(frozen=True)
class KnownActor:
    """One row of ``data/known_actors.tsv``: a well-known actor of current conflicts."""
    label: str
    kind: str  # the ckg class's local name
    names: tuple[str, ...]  # the label and the aliases safe to match alone, as written
    guarded: tuple[str, ...]  # ambiguous aliases ("AP", "IS"): only as "the X" / "(X)" or when another rule found them
    country: str | None  # ISO 3166-1 alpha-2; for media, the state that runs them
    qid: str | None  # Wikidata item, where certain


def parse_known_actors(lines: list[str], source: str = "known_actors.tsv") -> tuple[KnownActor, ...]:
    """The rows of a known-actor table; a malformed row raises ValueError naming its line."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            raise ValueError(f"{source}:{number}: expected 5 TAB-separated cells (label, aliases, class, "
                             f"country, qid), found {len(cells)}")
        label, aliases, kind, country, qid = (c.strip() for c in cells)
        if kind not in ACTOR_CLASSES:
            raise ValueError(f"{source}:{number}: class {kind!r} is not one of {sorted(ACTOR_CLASSES)}")
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise ValueError(f"{source}:{number}: country {country!r} is not an ISO 3166-1 alpha-2 code")
        if qid and not re.fullmatch(r"Q[1-9]\d*", qid):
            raise ValueError(f"{source}:{number}: {qid!r} is not a Wikidata item id (Q123)")
        alias_list = [a.strip() for a in aliases.split(";") if a.strip()]
        plain = [a for a in alias_list if not a.startswith("[")]
        guarded = [a[1:-1] for a in alias_list if a.startswith("[") and a.endswith("]")]
        out.append(KnownActor(label, kind, tuple(dict.fromkeys([label, *plain])), tuple(guarded), country or None, qid or None))
    return tuple(out)


def spellings(name: str) -> list[str]:
    """``name`` as written plus the spellings a text may use instead: a capital at the start of a
    sentence ("Al-Shabaab" for "al-Shabaab") and the typographic apostrophe ("Lord’s")."""
    variants = [name, name[0].upper() + name[1:]]
    variants += [v.replace("'", "’") for v in variants if "'" in v]
    return list(dict.fromkeys(variants))


@functools.cache
def known_actors() -> tuple[KnownActor, ...]:
    """The well-known actors of current and recent conflicts (data/known_actors.tsv)."""
    return parse_known_actors((DATA / "known_actors.tsv").read_text(encoding="utf-8").splitlines())


@functools.cache
def known_actor_by_label() -> dict[str, KnownActor]:
    return {k.label: k for k in known_actors()}


@functools.cache
def state_forces() -> dict[str, tuple[str, list[str]]]:
    """Country code → (label, other names) of its regular armed forces (data/state_forces.tsv)."""
    return {r[0]: (r[1], r[2].split("|") if len(r) > 2 and r[2] else []) for r in _rows("state_forces.tsv")}


@functools.cache
def ambiguous_place_words() -> frozenset[str]:
    return frozenset(r[0] for r in _rows("places_ambiguous.txt"))


# The last word of a capitalised name says what kind of actor it is.
HEADS: dict[str, str] = {}
for _kind, _words in {
    "StateForce": "Army Navy Police Gendarmerie Guard Guards Corps Command Armed-Forces Air-Force",
    "ArmedGroup": "Forces Front Movement Brigade Brigades Militia Militias Battalion Battalions Alliance "
                  "Coalition Army Rebels Group Fighters Mujahideen Resistance Liberation Council Jihad "
                  "Organisation Organization Squad Units Committees",
    "Organization": "Observatory Watch Committee Cross Crescent Foundation Institute Centre Center Network "
                    "Society Union Association Federation Commission Project Initiative Doctors Trust",
    "Government": "Ministry Government Presidency Cabinet Parliament Junta Administration Authority",
    "MediaOutlet": "News Agency Radio TV Television Times Post Herald Tribune Gazette Daily Press Media Channel",
    "InternationalOrganization": "Nations Programme Mission Fund",
}.items():
    for _w in _words.split():
        HEADS.setdefault(_w.replace("-", " "), _kind)

# Lower-case descriptions of forces of a state ("Syrian troops", "the army").
FORCE_NOUNS = r"(?:armed forces|air force|air forces|navy|troops|army|military|forces|soldiers|security forces|police|junta)"
GOVERNMENT_NOUNS = r"(?:government|regime|authorities|administration|leadership)"
# Unnamed collectives: one ArmedGroup when the text does not say which group (CODEBOOK, "Actors").
COLLECTIVE = re.compile(
    r"\b(?:(?:the|these|those|other)\s+)?((?:rebel|insurgent|opposition|militant|jihadist|armed|islamist)\s+"
    r"(?:soldiers|fighters|forces|groups|factions|militias|combatants|group)|rebels|insurgents|militants|"
    r"jihadists|gunmen|armed men|assailants|fighters|opposition groups|opposition fighters|opposition forces|"
    r"armed groups)\b", re.I)
CIVILIANS = re.compile(r"\b(civilians|demonstrators|protesters|residents|villagers|displaced people|"
                       r"pro-democracy demonstrations|pro-democracy protesters|protests)\b", re.I)

TITLES = (r"(?:President|Prime Minister|Vice President|Foreign Minister|Defence Minister|Defense Minister|"
          r"Minister|General|Gen\.|Lt\. Gen\.|Major General|Maj\. Gen\.|Colonel|Col\.|Commander|Field Marshal|"
          r"Marshal|King|Prince|Sheikh|Emir|Chancellor|Secretary-General|Secretary General|Secretary|Governor|"
          r"Ambassador|Senator|Spokesman|Spokeswoman|Spokesperson|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Pope|Imam|Leader)")
ROLES = (r"(?:president|prime minister|foreign minister|defen[cs]e minister|interior minister|minister|"
         r"army chief|military chief|chief of staff|commander|spokesman|spokeswoman|spokesperson|envoy|"
         r"special envoy|ambassador|leader|governor|head|chief|general|secretary-general|secretary of state)")
