"""Allegiances, coreference and dates on short texts with no reference data: membership,
"includes", "between", adjectives ("Iran-backed", "al-Qaeda-linked"), the subject of
"alongside", spokespeople, capitals standing for governments; one allegiance per fact."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import extract_body

from conflictkg.extract.allegiances import dedupe
from conflictkg.model import Allegiance


def facts_of(body: str, published: dt.date = dt.date(2024, 5, 13)):
    return extract_body(body, published)


def triples(facts) -> list[tuple[str, str, str]]:
    return [(facts.actor(a.of).label, a.type, facts.actor(a.to).label) for a in facts.allegiances]


@pytest.mark.parametrize("body, expected", [
    ("The Kachin Independence Army is part of the Northern Alliance, which launched an offensive in October.",
     ("Kachin Independence Army", "AffiliatedWith", "Northern Alliance")),
    ("The Northern Alliance launched an offensive in October. The alliance, which also includes the Arakan Army, "
     "captured several towns.", ("Arakan Army", "AffiliatedWith", "Northern Alliance")),
    ("Heavy fighting broke out on Friday between the Sudanese Armed Forces and the Rapid Support Forces.",
     ("Sudanese Armed Forces", "Opposes", "Rapid Support Forces")),
    ("The Iran-backed Popular Mobilization Forces attacked the town.",
     ("Popular Mobilization Forces", "SupportedBy", "Iran")),
    ("The Wagner Group has fought jihadists alongside the Malian Armed Forces since 2021.",
     ("Wagner Group", "AlliedWith", "Malian Armed Forces")),
])
def test_allegiance_patterns(body, expected):
    assert expected in triples(facts_of(body))


def test_spokesperson_speaks_for_the_group_and_is_affiliated_with_it():
    facts = facts_of("The Arakan Army seized the town on Saturday. A spokesman for the Arakan Army, Khine Thu Kha, "
                     "said the fighters had taken the base.")
    assert ("Khine Thu Kha", "AffiliatedWith", "Arakan Army") in triples(facts)
    speakers = [facts.actor(s.speaker).label for s in facts.statements]
    assert "Arakan Army" in speakers and "Khine Thu Kha" not in speakers


def test_a_capital_that_acts_is_the_government_and_stays_a_place_elsewhere():
    facts = facts_of("Kinshasa accused Rwanda of backing the rebels. "
                     "Protesters in Kinshasa attacked several embassies on Tuesday.", dt.date(2025, 1, 28))
    government = facts.actor(facts.statements[0].speaker)
    assert government.kind == "Government" and "Kinshasa" in government.hidden_labels
    assert "Kinshasa" not in government.alt_labels
    assert any(facts.place(e.location).label == "Kinshasa" for e in facts.events if e.location)


def test_definite_description_refers_back_to_the_named_group():
    facts = facts_of("Fighters of the M23 rebel movement entered Goma on Monday. The rebels said they had taken "
                     "control of the city.", dt.date(2025, 1, 28))
    speakers = {facts.actor(s.speaker).key for s in facts.statements}
    assert len(speakers) == 1  # "the rebels" is the named group (the known-actor lexicon labels it March 23 Movement)
    assert "M23" in {facts.actor(k).label for k in speakers} | set(facts.actor(next(iter(speakers))).alt_labels)


def test_dates_after_publication_are_planned_events_and_never_statements():
    facts = facts_of("The army said it would launch an offensive in October 2024.", dt.date(2024, 5, 13))
    assert all(e.planned for e in facts.events if e.date and e.date.value > "2024-05-13")
    assert all(s.date.value <= "2024-05-13" for s in facts.statements)


def test_symmetric_allegiances_are_recorded_once_with_both_evidences():
    kept = dedupe([Allegiance("a", "AlliedWith", "b", ["S1."]), Allegiance("b", "AlliedWith", "a", ["S2."]),
                   Allegiance("a", "SupportedBy", "b", ["S1."]), Allegiance("b", "SupportedBy", "a", ["S2."]),
                   Allegiance("a", "Opposes", "a", ["S3."])])
    assert [(a.of, a.type, a.to) for a in kept] == [("a", "AlliedWith", "b"), ("a", "SupportedBy", "b"),
                                                     ("b", "SupportedBy", "a")]
    assert kept[0].evidence == ["S1.", "S2."]
