"""Reported attacks on short invented texts: "X-backed group" makes the backer an actor, a later
"the attack" is the same event, the weapon decides the event type, the time of a statement is not
part of what was said, and seas and Gaza are places."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import allegiances, extract_body

from conflictkg.extract import gazetteer

FRIDAY = dt.date(2024, 6, 14)


@pytest.mark.parametrize("adjective, backer", [
    ("Iran-backed", "Iran"), ("Russia-backed", "Russia"), ("US-backed", "United States"), ("Turkish-backed", "Turkey"),
])
def test_backed_group_makes_the_backer_an_actor(adjective, backer):
    facts = extract_body(f"The Kuvan Liberation Front said on Monday it had seized the town of Bor. "
                         f"The {adjective} group said its fighters met no resistance.", FRIDAY)
    labels = {a.label for a in facts.actors}
    found = {(of, kind) for of, kind, to in allegiances(facts) if backer.split()[-1] in to}
    assert ("Kuvan Liberation Front", "SupportedBy") in found, (labels, allegiances(facts))


def test_backed_adjective_without_a_group_noun_makes_no_allegiance():
    facts = extract_body("The Kuvan Liberation Front seized the town of Bor. Iran-backed media praised the move.", FRIDAY)
    assert not any(kind == "SupportedBy" for _, kind, _ in allegiances(facts))


@pytest.mark.parametrize("later", [
    "The group said the attack was revenge for the killing of its commander in Idlib.",
    "The group said the strike was revenge for its commander.",
    "Wednesday's attack was condemned by the United Nations.",
])
def test_a_later_definite_mention_is_the_same_event(later):
    facts = extract_body("The Kuvan Liberation Front said on Wednesday it had attacked an army base in Aleppo with rockets. "
                         + later, FRIDAY)
    violent = [e for e in facts.events if e.type in ("Offensive", "Airstrike", "Shelling")]
    assert len(violent) == 1
    assert len(violent[0].evidence) == 2


def test_a_definite_mention_with_its_own_place_is_a_new_event():
    facts = extract_body("Rebels attacked an army base in Aleppo with rockets on Wednesday. "
                         "The attack in Homs on Thursday killed four soldiers.", FRIDAY)
    violent = [e for e in facts.events if e.type in ("Offensive", "Airstrike", "Shelling")]
    assert len(violent) == 2


def test_a_definite_mention_with_no_earlier_event_is_an_event():
    facts = extract_body("The attack on an army base in Aleppo was carried out by rebels on Wednesday.", FRIDAY)
    assert [e.type for e in facts.events if e.type != "Casualties"] == ["Offensive"]


@pytest.mark.parametrize("sentence, kind", [
    ("Rebels attacked a tanker in the Gulf of Aden with drones on Tuesday.", "Airstrike"),
    ("Rebels attacked a tanker in the Gulf of Aden with drones and missiles on Tuesday.", "Airstrike"),
    ("Rebels attacked a vessel in the Black Sea with anti-ship missiles on Tuesday.", "Shelling"),
    ("Rebels attacked army positions in Aleppo using mortars and rockets on Tuesday.", "Shelling"),
    ("A rocket attack on Aleppo on Tuesday damaged the market.", "Shelling"),
    ("Rebels attacked army positions in Aleppo on Tuesday.", "Offensive"),
])
def test_the_weapon_decides_the_event_type(sentence, kind):
    facts = extract_body(sentence, FRIDAY)
    assert [e.type for e in facts.events if e.type != "Casualties"] == [kind]


@pytest.mark.parametrize("sentence", [
    "The Sudanese army said on Thursday it had retaken the town of Bor.",
    "The Sudanese army said on Thursday, it had retaken the town of Bor.",
    "The Sudanese army said late on Thursday that it had retaken the town of Bor.",
    "The Sudanese army said on 13 June it had retaken the town of Bor.",
    "The Sudanese army said yesterday it had retaken the town of Bor.",
])
def test_the_time_of_a_statement_is_not_its_text(sentence):
    facts = extract_body(sentence, FRIDAY)
    assert [s.text for s in facts.statements] == ["it had retaken the town of Bor"]


@pytest.mark.parametrize("name, label", [
    ("Red Sea", "Red Sea"), ("Gulf of Aden", "Gulf of Aden"), ("Black Sea", "Black Sea"),
    ("Mediterranean", "Mediterranean Sea"), ("Sea of Azov", "Sea of Azov"), ("Strait of Hormuz", "Strait of Hormuz"),
    ("Bab el-Mandeb", "Bab el-Mandeb"), ("Lake Chad", "Lake Chad"), ("Gaza City", "Gaza City"), ("Gaza", "Gaza Strip"),
])
def test_seas_and_gaza_are_in_the_gazetteer(name, label):
    entry = gazetteer.lookup(name)
    assert entry is not None and entry.label == label
    assert entry.kind in ("Region", "City") and entry.lat is not None


def test_an_attack_at_sea_is_located_at_sea():
    facts = extract_body("Rebels attacked a cargo ship in the Red Sea with drones on Thursday.", FRIDAY)
    places = {p.key: p for p in facts.places}
    assert [places[e.location].label for e in facts.events] == ["Red Sea"]


@pytest.mark.parametrize("sentence, body, owner_word", [
    ("The US military's Central Command said the vessel was damaged.", "Central Command", "United States"),
    ("Russia's army's Southern Command said it had repelled the assault.", "Southern Command", "Russia"),
])
def test_a_named_body_of_a_states_forces_is_affiliated_with_them(sentence, body, owner_word):
    facts = extract_body(sentence, FRIDAY)
    found = [(of, to) for of, kind, to in allegiances(facts) if kind == "AffiliatedWith"]
    assert any(of == body and owner_word in to for of, to in found), found


def test_a_possessive_without_a_named_body_makes_no_affiliation():
    facts = extract_body("The US military's top commander said the vessel was damaged.", FRIDAY)
    assert not any(kind == "AffiliatedWith" for _, kind, _ in allegiances(facts))
