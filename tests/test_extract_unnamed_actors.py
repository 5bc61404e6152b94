"""Unnamed actors (CODEBOOK, "Actors"): "security forces", "troops", "military jets", "police" with
no named owner are the focus country's forces (or police), one node each; "gunmen", "armed men",
"assailants" with no named group are one unnamed armed group per article; "the militants" after
the article's only named group is still that group. Invented wire-style sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import actors, extract_body

FRIDAY = dt.date(2024, 6, 14)
KLF = "Kuvan Liberation Front"


def _agents(body: str, kind: str | None = None) -> list[tuple[str, set[str], set[str]]]:
    facts = extract_body(body, FRIDAY)
    return [(e.type, {facts.actor(a).label for a in e.agents}, {(facts.actor(a).label, facts.actor(a).kind) for a in e.agents})
            for e in facts.events if e.type != "Casualties" and (kind is None or e.type == kind)]


@pytest.mark.parametrize("subject", ["Security forces", "Government forces", "Troops", "Soldiers",
                                     "Government troops", "Military jets", "Military warplanes"])
def test_unnamed_state_agent_is_the_focus_country_force(subject):
    body = (f"Fighting has spread across Nigeria this year. {subject} attacked a camp near Maiduguri "
            f"in Nigeria on Tuesday.")
    events = _agents(body)
    assert events, body
    kinds = {kind for _t, _labels, pairs in events for _label, kind in pairs}
    assert kinds == {"StateForce"}, events
    labels = {label for _t, labels, _p in events for label in labels}
    assert len(labels) == 1 and "rebels" not in next(iter(labels)), labels


def test_unnamed_forces_of_one_country_are_one_node():
    body = ("Nigeria's army said on Friday it had pushed back an attack. Security forces attacked a camp near "
            "Maiduguri in Nigeria on Tuesday. Troops shelled positions near Bama, Nigeria on Wednesday.")
    facts = extract_body(body, FRIDAY)
    forces = [a.label for a in facts.actors if a.kind == "StateForce"]
    assert len(forces) == 1, forces


def test_police_are_apart_from_the_army():
    body = ("Protests spread across Kenya this week. Police fired tear gas at protesters in Nairobi, Kenya on "
            "Tuesday. Soldiers attacked a camp near Mandera, Kenya on Wednesday.")
    facts = extract_body(body, FRIDAY)
    forces = {a.label for a in facts.actors if a.kind == "StateForce"}
    assert len(forces) == 2 and any("police" in f.lower() for f in forces), forces


def test_no_force_without_a_focus_country():
    facts = extract_body("Troops attacked a camp on Tuesday.", FRIDAY)
    assert "StateForce" not in actors(facts).values()


def test_a_named_owner_is_kept():
    body = "Fighting spread in Ukraine. Russian troops attacked positions near Kharkiv, Ukraine on Tuesday."
    facts = extract_body(body, FRIDAY)
    agents = {facts.actor(a).label for e in facts.events for a in e.agents}
    assert agents and all("Ukrain" not in a for a in agents), agents


@pytest.mark.parametrize("subject", ["Gunmen", "Armed men", "Assailants", "Unidentified gunmen"])
def test_unnamed_attackers_are_one_armed_group(subject):
    body = (f"Violence has spread in Burkina Faso. {subject} attacked a village near Djibo in Burkina Faso on "
            f"Tuesday. The gunmen attacked another village near Djibo on Wednesday.")
    facts = extract_body(body, FRIDAY)
    groups = [a for a in facts.actors if a.kind == "ArmedGroup"]
    assert len(groups) == 1, [a.label for a in groups]
    agents = {facts.actor(a).label for e in facts.events for a in e.agents}
    assert agents == {groups[0].label}


def test_different_words_for_unnamed_attackers_are_one_group():
    body = ("Violence has spread in Burkina Faso. Gunmen attacked a village near Djibo in Burkina Faso on "
            "Tuesday. Militants attacked a market near Djibo on Wednesday. Jihadists shelled Djibo on Thursday.")
    facts = extract_body(body, FRIDAY)
    groups = [a.label for a in facts.actors if a.kind == "ArmedGroup"]
    assert len(groups) == 1, groups


def test_the_militants_after_the_only_named_group_is_that_group():
    body = (f"The {KLF} attacked a village near Djibo in Burkina Faso on Tuesday. "
            f"The militants attacked a market near Djibo on Wednesday.")
    facts = extract_body(body, FRIDAY)
    agents = [{facts.actor(a).label for a in e.agents} for e in facts.events if e.type != "Casualties"]
    assert agents and all(a == {KLF} for a in agents), agents


def test_bare_fighters_with_no_named_group_are_the_unnamed_group():
    body = ("Violence has spread in Burkina Faso. Fighters attacked a village near Djibo in Burkina Faso on "
            "Tuesday. Gunmen attacked a market near Djibo on Wednesday.")
    facts = extract_body(body, FRIDAY)
    groups = [a.label for a in facts.actors if a.kind == "ArmedGroup"]
    assert len(groups) == 1, groups


def test_a_police_spokesman_is_not_the_police_as_an_actor():
    body = ("Violence has spread in Kenya. Gunmen attacked a village near Mandera, Kenya on Tuesday, police "
            "spokesman Abdi Mohamed Farah told reporters.")
    facts = extract_body(body, FRIDAY)
    assert not any("police" in a.label.lower() for a in facts.actors), actors(facts)


def test_gunmen_do_not_hide_the_only_named_group_from_later_references():
    body = (f"Gunmen attacked a village near Djibo in Burkina Faso on Tuesday. The {KLF} attacked a market near "
            f"Djibo on Wednesday. The militants attacked Djibo again on Thursday.")
    facts = extract_body(body, FRIDAY)
    last = [e for e in facts.events if e.type != "Casualties"][-1]
    assert {facts.actor(a).label for a in last.agents} == {KLF}


@pytest.mark.parametrize("lead", ["On Tuesday", "Later", "Meanwhile"])
def test_a_day_or_connective_before_troops_is_no_owner(lead):
    body = f"Fighting has spread across Nigeria this year. {lead} troops attacked a camp near Maiduguri, Nigeria."
    kinds = {kind for _t, _labels, pairs in _agents(body) for _label, kind in pairs}
    assert kinds == {"StateForce"}
