"""Who acts and who is acted on in an event (CODEBOOK, "Events": agent is who acts, target who is
acted on, actors not places), on short invented wire-style sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import extract_body

FRIDAY = dt.date(2024, 6, 14)
KLF, NDF = "Kuvan Liberation Front", "Nordic Defence Forces"


def _roles(sentence: str, kind: str | None = None) -> list[tuple[str, set[str], set[str]]]:
    facts = extract_body(sentence, FRIDAY)
    return [(e.type, {facts.actor(a).label for a in e.agents}, {facts.actor(a).label for a in e.targets})
            for e in facts.events if e.type != "Casualties" and (kind is None or e.type == kind)]


def _one(sentence: str) -> tuple[set[str], set[str]]:
    events = [e for e in _roles(sentence) if e[0] != "Displacement"]
    assert events, f"no event in {sentence!r}"
    return events[0][1], events[0][2]


@pytest.mark.parametrize("sentence", [
    f"The {KLF}, which controls much of the north, attacked the {NDF} near Bor on Tuesday.",
    f"The {KLF}, which controls the road to the coast, shelled the {NDF} in Bor.",
    f"The {KLF}, a group formed in 2012, attacked the {NDF} near Bor on Tuesday.",
    f"The {KLF}, whose leaders are in exile, attacked the {NDF} outside Bor on Tuesday.",
    f"The {KLF} attacked the {NDF} near Bor on Tuesday.",
    f"On Tuesday the {KLF} launched an assault on the {NDF} near Bor.",
])
def test_active_subject_is_the_agent_and_object_the_target(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {NDF} were attacked by the {KLF} near Bor on Tuesday.",
    f"The {NDF} were shelled by the {KLF} in Bor on Tuesday.",
    f"The {NDF} were ambushed and attacked by the {KLF} near Bor.",
    f"The {NDF} convoy was attacked by the {KLF} near Bor on Tuesday.",
    f"Positions of the {NDF} were shelled by the {KLF} near Bor.",
    f"The {NDF} was bombed by the {KLF} near Bor on Tuesday.",
])
def test_passive_by_gives_the_agent_and_the_subject_is_the_target(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("noun", ["forces", "fighters", "troops", "militants", "units", "soldiers"])
def test_possessive_forces_act_for_their_owner(noun):
    agents, targets = _one(f"The {KLF}'s {noun} attacked the {NDF} near Bor on Tuesday.")
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"Attacks by the {KLF} on the {NDF} near Bor continued on Tuesday.",
    f"Air strikes by the {KLF} on the {NDF} hit Bor on Tuesday.",
    f"Shelling by the {KLF} against the {NDF} in Bor went on for hours.",
    f"A raid by the {KLF} on the {NDF} in Bor was repelled.",
    f"Attacks by the {KLF} against the {NDF} near Bor rose sharply.",
])
def test_attacks_by_x_on_y(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {NDF} came under attack from the {KLF} near Bor on Tuesday.",
    f"The {NDF} came under attack by the {KLF} near Bor on Tuesday.",
    f"The {NDF} came under heavy attack from the {KLF} in Bor.",
    f"On Tuesday the {NDF} came under attack from the {KLF} near Bor.",
    f"Bases of the {NDF} came under attack from the {KLF} near Bor.",
    f"The {NDF} came under renewed attack from the {KLF} outside Bor.",
])
def test_came_under_attack_from(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {KLF} launched an offensive on the {NDF} near Bor on Tuesday.",
    f"The {KLF} carried out an attack on the {NDF} near Bor on Tuesday.",
    f"The {KLF} conducted a drone strike on the {NDF} in Bor on Tuesday.",
    f"The {KLF} launched a major offensive against the {NDF} near Bor.",
    f"The {KLF} carried out air strikes on the {NDF} in Bor on Tuesday.",
    f"The {KLF} launched a counteroffensive against the {NDF} near Bor.",
])
def test_launched_an_attack_on(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {KLF} seized Bor from the {NDF} on Tuesday.",
    f"The {KLF} captured the town of Bor from the {NDF} on Tuesday.",
    f"The {KLF} took control of Bor from the {NDF} on Tuesday.",
    f"The {KLF} recaptured Bor from the {NDF} on Tuesday.",
    f"The {KLF} said it had seized Bor from the {NDF}.",
    f"On Tuesday the {KLF} wrested control of Bor from the {NDF}.",
])
def test_capture_from_y_makes_y_the_target(sentence):
    events = _roles(sentence, "TerritorialCapture")
    assert events
    assert events[0][1] == {KLF}
    assert events[0][2] == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {KLF} pushed the {NDF} out of Bor on Tuesday.",
    f"The {KLF} drove the {NDF} out of Bor on Tuesday.",
    f"The {KLF} forced the {NDF} out of Bor on Tuesday.",
    f"On Tuesday the {KLF} pushed the {NDF} out of the town of Bor.",
    f"The {KLF} expelled the {NDF} from Bor on Tuesday.",
    f"The {KLF} drove the {NDF} from Bor on Tuesday.",
])
def test_pushed_y_out_of_a_place(sentence):
    events = _roles(sentence, "TerritorialCapture")
    assert events, _roles(sentence)
    assert events[0][1] == {KLF}
    assert events[0][2] == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The {KLF} and the {NDF} clashed near Bor on Tuesday.",
    f"The {KLF} and the {NDF} fought near Bor on Tuesday.",
    f"Fighters of the {KLF} and the {NDF} clashed in Bor on Tuesday.",
    f"The {KLF} clashed with the {NDF} near Bor on Tuesday.",
    f"Clashes between the {KLF} and the {NDF} broke out in Bor on Tuesday.",
    f"The {KLF} battled the {NDF} near Bor on Tuesday.",
])
def test_both_sides_of_a_clash_are_agents(sentence):
    events = _roles(sentence, "Clash")
    assert events
    assert events[0][1] == {KLF, NDF}
    assert events[0][2] == set()


@pytest.mark.parametrize("sentence", [
    f"The {KLF} said its forces attacked the {NDF} near Bor on Tuesday.",
    f"The {KLF} said its fighters shelled the {NDF} in Bor on Tuesday.",
    f"The {KLF} said on Tuesday that its fighters attacked the {NDF} near Bor.",
    f"The {KLF} said it had attacked the {NDF} near Bor on Tuesday.",
    f"The {KLF} claimed its fighters attacked the {NDF} near Bor.",
    f"The {KLF} said its drones bombed the {NDF} in Bor on Tuesday.",
])
def test_reported_speech_about_own_forces(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"The Syrian Observatory for Human Rights said the {KLF} shelled the {NDF} in Bor.",
    f"Human Rights Watch said the {KLF} attacked the {NDF} near Bor on Tuesday.",
    f"Médecins Sans Frontières said the {KLF} bombed the {NDF} in Bor.",
    f"According to the Syrian Observatory for Human Rights, the {KLF} attacked the {NDF} near Bor.",
    f"The United Nations said the {KLF} had attacked the {NDF} near Bor.",
    f"Residents told Reuters that the {KLF} shelled the {NDF} in Bor on Tuesday.",
])
def test_a_reporting_speaker_is_not_the_agent(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == {NDF}


@pytest.mark.parametrize("sentence", [
    f"Civilians were attacked by the {KLF} near Bor on Tuesday.",
    f"Displaced people in Bor were shelled by the {KLF} on Tuesday.",
    f"Villagers fleeing Bor were attacked by the {KLF}.",
    f"Residents of Bor said the {KLF} shelled the town on Tuesday.",
])
def test_a_victim_group_is_never_the_agent(sentence):
    agents, _ = _one(sentence)
    assert agents == {KLF}


@pytest.mark.parametrize("sentence", [
    f"The {KLF} attacked Bor on Tuesday.",
    f"The {KLF} shelled the town of Bor on Tuesday.",
    f"Bor was shelled by the {KLF} on Tuesday.",
    f"The {KLF} launched an attack on Bor on Tuesday.",
])
def test_a_place_is_never_agent_or_target(sentence):
    agents, targets = _one(sentence)
    assert agents == {KLF}
    assert targets == set()


@pytest.mark.parametrize("sentence", [
    f"Five soldiers were killed near Bor on Wednesday, the {NDF} said.",
    f"Twelve people were killed in Bor on Tuesday, the {KLF} said.",
    f"At least 20 people died when a market in Bor was hit, the {NDF} said.",
    f"Four fighters were killed near Bor, the Syrian Observatory for Human Rights said.",
    f"Six people were killed in the shelling of Bor, the {KLF} reported.",
    f"Nine civilians were killed near Bor on Tuesday, the {NDF} told reporters.",
])
def test_who_reports_a_killing_is_not_its_target(sentence):
    facts = extract_body(sentence, FRIDAY)
    casualties = [e for e in facts.events if e.type == "Casualties"]
    assert casualties
    assert all(facts.actor(t).label not in (KLF, NDF, "Syrian Observatory for Human Rights")
               for e in casualties for t in e.targets)


@pytest.mark.parametrize("sentence", [
    f"At least 32 people were killed when {KLF} fighters attacked a hotel in Bor on Friday.",
    f"Ten people were killed when the {KLF} shelled a market in Bor.",
    f"Seven people were killed after the {KLF} stormed a village near Bor.",
    f"Dozens of people were killed when the {KLF} had attacked a school in Bor.",
    f"Three guards were killed when {KLF} militants overran a checkpoint near Bor.",
    f"Eight people were killed as the {KLF} launched rockets at Bor.",
])
def test_who_kills_in_a_later_clause_is_not_the_victim(sentence):
    facts = extract_body(sentence, FRIDAY)
    casualties = [e for e in facts.events if e.type == "Casualties"]
    assert casualties
    assert all(facts.actor(t).label != KLF for e in casualties for t in e.targets)


@pytest.mark.parametrize("sentence, agents, targets", [
    (f"The {KLF} shelled Ugandan positions near Kasese on Tuesday.", {KLF}, {"Uganda People's Defence Force"}),
    (f"Ugandan units attacked the {KLF} near Kasese on Tuesday.", {"Uganda People's Defence Force"}, {KLF}),
    ("Ugandan units are advancing towards Kasese.", {"Uganda People's Defence Force"}, set()),
    (f"The {KLF} is advancing towards Kasese.", {KLF}, set()),
    (f"The {KLF} came under shelling from Ugandan units near Kasese.", {"Uganda People's Defence Force"}, {KLF}),
    (f"The {KLF} were attacking Ugandan positions near Kasese.", {KLF}, {"Uganda People's Defence Force"}),
])
def test_national_units_and_positions_and_progressive_verbs(sentence, agents, targets):
    assert _one(sentence) == (agents, targets)
