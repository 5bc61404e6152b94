"""The extraction stages on short texts (no reference data: names are found by patterns), the
whole article, determinism, and the seed article's score floor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract_support import extract_body

from conflictkg.cli import main
from conflictkg.extract.pipeline import extract
from conflictkg.extract.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]
SEED = "2024-11-30-syrian-troops-withdraw-from-aleppo"


def facts_of(body: str, published: dt.date = dt.date(2024, 5, 13)):
    return extract_body(body, published)


def labels(facts, keys):
    return [facts.actor(k).label for k in keys]


@pytest.mark.parametrize("sentence, of, kind, to", [
    ("The Malian Armed Forces, backed by the Wagner Group, attacked the town.", "Malian Armed Forces", "SupportedBy", "Wagner Group"),
    ("The Arakan Army is allied with the Kachin Independence Army.", "Arakan Army", "AlliedWith", "Kachin Independence Army"),
    ("The Kachin Independence Army, fighting against the Myanmar army, took the town.", "Kachin Independence Army", "Opposes", "Myanmar Armed Forces"),
    ("Rebels attacked Omdurman on Friday. The offensive was led by the Rapid Support Forces.", "Sudanese rebels", "LedBy", "Rapid Support Forces"),
])
def test_allegiance_patterns(sentence, of, kind, to):
    facts = facts_of(sentence)
    found = [(facts.actor(a.of).label, a.type, facts.actor(a.to).label) for a in facts.allegiances]
    assert any(k == kind and t == to and (of is None or o == of) for o, k, t in found), found


@pytest.mark.parametrize("sentence, kind", [
    ("The Sudanese army admitted that the town had fallen.", "Admission"),
    ("The Sudanese army denied that the town had fallen.", "Denial"),
    ("The Sudanese army vowed to retake the town.", "Pledge"),
    ("The Sudanese army accused the rebels of shelling the town.", "Accusation"),
    ("The Sudanese army urged residents to leave the town.", "Call"),
    ("The Sudanese army announced a curfew in the town.", "Announcement"),
    ("The Sudanese army reported heavy fighting in the town.", "Report"),
    ("The Sudanese army said the town was calm.", "Claim"),
])
def test_statement_verbs_give_types(sentence, kind):
    facts = facts_of(sentence)
    assert [(s.type, facts.actor(s.speaker).label) for s in facts.statements] == [(kind, "Sudanese Armed Forces")]


def test_unattributed_passive_is_not_a_statement():
    assert facts_of("It was reported that rebels were seen near Omdurman.").statements == []


def test_acronym_defined_in_parentheses_is_one_actor():
    facts = facts_of("The Rapid Support Forces (RSF) attacked El Fasher on Friday. The RSF said it had captured the market.")
    rsf = [a for a in facts.actors if a.label == "Rapid Support Forces"]
    assert len(rsf) == 1 and "RSF" in rsf[0].alt_labels
    assert facts.statements[0].speaker == rsf[0].key


def test_descriptions_of_state_forces_resolve_to_one_actor():
    facts = facts_of("Sudanese troops withdrew from Omdurman on Friday. The military said it would return. "
                     "The Sudanese army shelled the town of Omdurman on Saturday.")
    forces = [a for a in facts.actors if a.kind == "StateForce"]
    assert len(forces) == 1, [a.label for a in facts.actors]
    assert {"Sudanese troops", "military"} <= set(forces[0].hidden_labels)


def test_pronoun_subject_takes_the_last_agent():
    facts = facts_of("Rebels seized the town of Omdurman on Friday. They also declared a curfew.")
    curfew = next(e for e in facts.events if e.type == "Curfew")
    capture = next(e for e in facts.events if e.type == "TerritorialCapture")
    assert curfew.agents == capture.agents != []


def test_events_types_places_dates_and_plans():
    facts = facts_of("Sudanese warplanes bombed Omdurman on Sunday. The army is scheduled to launch an offensive on Sunday.",
                     dt.date(2024, 5, 14))
    strike = next(e for e in facts.events if e.type == "Airstrike")
    assert facts.place(strike.location).label == "Omdurman" and strike.date.value == "2024-05-12"
    offensive = next(e for e in facts.events if e.type == "Offensive")
    assert offensive.planned and offensive.date.value == "2024-05-19"


def test_place_disambiguated_by_the_article_country():
    facts = facts_of("Heavy clashes were reported in Damascus. Syrian troops shelled the area around Damascus.")
    place = facts.place(next(e.location for e in facts.events if e.type == "Clash"))
    assert (place.label, place.kind, place.geonames_id) == ("Damascus", "City", 170654)


def test_extract_is_deterministic_bytes(tmp_path):
    article = ROOT / "data" / "articles" / f"{SEED}.txt"
    outs = []
    for name in ("a.ttl", "b.ttl", "c.trig", "d.trig"):
        assert main(["--data", str(ROOT), "extract", str(article), "-o", str(tmp_path / name)]) == 0
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1] and outs[2] == outs[3]
    assert b"ckg:Extractor" in outs[0] and b"ckg:Unreviewed" in outs[0]


def test_seed_extraction_scores_above_the_measured_floor():
    # measured 0.78 mean F1 on the seed article (bench/extraction/README.md); a regression fails here
    from conflictkg.mapping import map_article
    from conflictkg.rdf_io import load_graph
    from conflictkg.scoring import score

    gold = ROOT / "data" / "graphs" / f"{SEED}.ttl"
    if not gold.exists():
        pytest.skip("the curated seed graph is not in data/graphs/")
    reference = load_reference(ROOT)
    from conflictkg.article import read_article
    graph, new = map_article(extract(read_article(ROOT / "data" / "articles" / f"{SEED}.txt"), reference),
                             taken=reference.iris)
    names = load_graph(sorted((ROOT / "data" / "reference").glob("*.ttl")))
    result = score(graph, load_graph([gold]), names + new, names)
    assert result.mean_f1 >= 0.70, {c: round(v.f1, 2) for c, v in result.counts.items()}
    assert result.counts["events"].f1 >= 0.6 and result.counts["statements"].f1 >= 0.8
