"""Third-round rules for unseen conflict articles, on invented sentences (none from the gold
texts): the gazetteer supplement of conflict regions, both sides of a clash as agents, state
forces named by a demonym versus armed groups named "X Army", the state-force alias lexicon,
allegiance phrasings (relative clauses, dissident factions, switched sides, proxies, joint
forces, loyalists, command) and names learned later in the article."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import extract_body, actors, allegiances

from conflictkg.extract import gazetteer


def facts_of(body: str, published: dt.date = dt.date(2024, 6, 14)):
    return extract_body(body, published)



def places(facts) -> dict[str, str]:
    return {p.label: p.kind for p in facts.places}


# -- gazetteer supplement ------------------------------------------------------------------
@pytest.mark.parametrize("name, label, country", [
    ("Nagorno-Karabakh", "Nagorno-Karabakh", "AZ"),
    ("Darfur", "Darfur", "SD"),
    ("Amhara", "Amhara", "ET"),      # stored by GeoNames / ISO as "Amara"
    ("Rakhine", "Rakhine State", "MM"),
    ("Donbass", "Donbas", "UA"),
    ("Stepanakert", "Stepanakert", "AZ"),
])
def test_supplement_names_conflict_regions(name, label, country):
    entry = gazetteer.lookup(name, (country,))
    assert entry is not None and entry.label == label and entry.country == country
    assert entry.lat is not None and entry.lon is not None


def test_supplement_completes_a_geonames_row_instead_of_doubling_it():
    rows = [e for e in gazetteer.entries() if e.country == "ET" and e.kind == "Region"
            and "amhara" in {gazetteer.fold(n) for n in (e.name, *e.alternates)}]
    assert len(rows) == 1 and "Amara" in rows[0].alternates  # the GeoNames form kept as a name


def test_supplement_row_merge_and_new_place():
    base = [gazetteer.GazetteerEntry("Region", None, "Qorvan", "XX", None, None, 0, ())]
    rows = [["R", "", "Qorvan Province", "XX", "1.5", "2.5", "1000", "Qorvan Region", "Qorvan", "approx"],
            ["R", "", "Dust Valley", "XX", "3.0", "4.0", "10", "", "", "approx"]]
    out = gazetteer.supplemented(base, rows)
    assert len(out) == 2
    merged, new = out
    assert (merged.label, merged.lat, merged.lon) == ("Qorvan Province", 1.5, 2.5)
    assert set(merged.alternates) == {"Qorvan Region", "Qorvan"}
    assert new.name == "Dust Valley" and new.kind == "Region"
    with pytest.raises(ValueError, match="no coordinates"):
        gazetteer.supplemented([], [["R", "", "Nowhere", "XX", "", "", "", "", "", "approx"]])


def test_a_supplement_region_is_a_place_of_the_article():
    facts = facts_of("Azerbaijani troops launched an offensive in Nagorno-Karabakh on Tuesday, "
                     "the defence ministry said.")
    assert places(facts).get("Nagorno-Karabakh") == "Region"


# -- clashes -------------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "The Ruvian Liberation Front clashed with the Ugandan army near Kasese on Monday.",
    "Heavy clashes broke out between the Ruvian Liberation Front and the Ugandan army near Kasese on Monday.",
])
def test_a_clash_has_both_sides_as_agents(body):
    facts = facts_of(body)
    clash = [e for e in facts.events if e.type == "Clash"]
    assert clash and not clash[0].targets
    sides = {facts.actor(a).label for a in clash[0].agents}
    assert "Ruvian Liberation Front" in sides and len(sides) == 2


def test_a_lone_side_of_a_clash_is_joined_by_its_one_named_enemy():
    facts = facts_of("The Ruvian Liberation Front has been fighting against the Ugandan army since 2021. "
                     "Fierce clashes erupted near Kasese on Monday, the Ruvian Liberation Front said.")
    clash = [e for e in facts.events if e.type == "Clash" and "Kasese" in e.evidence[0]]
    assert clash and len(clash[0].agents) == 2


# -- state forces and "X Army" -------------------------------------------------------------
@pytest.mark.parametrize("name, kind", [
    ("Ugandan Army", "StateForce"),
    ("Somali National Army", "StateForce"),
    ("Rwanda Defence Force", "StateForce"),
    ("Zamari Army", "ArmedGroup"),
    ("Kivalu Independence Army", "ArmedGroup"),
    ("Free Ugandan Army", "ArmedGroup"),
])
def test_an_army_is_a_state_force_only_when_named_by_a_state(name, kind):
    facts = facts_of(f"The {name} attacked positions near Kasese on Monday.")
    assert actors(facts).get(name) == kind


def test_state_force_aliases_resolve_to_one_node():
    facts = facts_of("Israeli troops advanced into the village of Qantara on Monday. "
                     "The IDF said its soldiers had destroyed tunnels. "
                     "The Israeli military later withdrew from the area.")
    forces = [a for a in facts.actors if a.kind == "StateForce"]
    assert [a.label for a in forces] == ["Israel Defense Forces"]
    assert "IDF" in forces[0].alt_labels


def test_an_acronym_of_the_lexicon_alone_names_the_force():
    facts = facts_of("The SAF shelled the market in Omdurman on Sunday, killing 12 people.")
    assert actors(facts).get("Sudanese Armed Forces") == "StateForce"


# -- allegiances ---------------------------------------------------------------------------
@pytest.mark.parametrize("body, expected", [
    ("The Ruvian Liberation Front, which is armed and trained by Uganda, attacked Kasese on Monday.",
     ("Ruvian Liberation Front", "SupportedBy", "Uganda")),
    ("The Ruvian Liberation Front, a proxy of Uganda, attacked Kasese on Monday.",
     ("Ruvian Liberation Front", "SupportedBy", "Uganda")),
    ("The Ruvian Liberation Front, a dissident faction of the Kivalu Patriotic Movement, attacked Kasese.",
     ("Ruvian Liberation Front", "AffiliatedWith", "Kivalu Patriotic Movement")),
    ("The Ruvian Liberation Front switched sides to join the Kivalu Patriotic Movement in March.",
     ("Ruvian Liberation Front", "AlliedWith", "Kivalu Patriotic Movement")),
    ("The Ruvian Liberation Front defected from the Kivalu Patriotic Movement in March.",
     ("Ruvian Liberation Front", "Opposes", "Kivalu Patriotic Movement")),
    ("The Ruvian Liberation Front fought under the command of the Kivalu Patriotic Movement.",
     ("Ruvian Liberation Front", "LedBy", "Kivalu Patriotic Movement")),
    ("Uganda, which carries out drone strikes against rebels in support of the Ruvian Liberation Front, condemned the attack.",
     ("Ruvian Liberation Front", "SupportedBy", "Uganda")),
])
def test_allegiance_phrasings(body, expected):
    assert expected in allegiances(facts_of(body))


def test_joint_forces_of_two_sides_are_allies():
    facts = facts_of("Joint forces of the Ruvian Liberation Front and the Kivalu Patriotic Movement attacked Kasese.")
    found = allegiances(facts)
    assert ("Ruvian Liberation Front", "AlliedWith", "Kivalu Patriotic Movement") in found or \
        ("Kivalu Patriotic Movement", "AlliedWith", "Ruvian Liberation Front") in found


def test_a_name_typed_only_later_is_found_where_it_comes_first():
    facts = facts_of("Zandari, who are backed by Uganda, attacked Kasese on Monday. "
                     "Zandari fighters have held the hills since 2022.")
    assert actors(facts).get("Zandari") == "ArmedGroup"
    assert ("Zandari", "SupportedBy", "Uganda") in allegiances(facts)


def test_a_first_pass_learns_only_names_it_used():
    facts = facts_of("The Kivalu Patriotic Movement have fought the Ugandan army since 2021. "
                     "On Sunday the Kivalu Patriotic Movement attacked Beni.")
    assert not any(a.label.startswith("On Sunday") for a in facts.actors)


def test_state_media_is_affiliated_with_its_government():
    facts = facts_of("Ugandan state media reported that rebels had attacked Kasese. "
                     "The Ugandan government condemned the attack.")
    assert ("Ugandan state media", "AffiliatedWith", "Ugandan government") in allegiances(facts)


def test_national_forces_get_no_blanket_loyalty():
    facts = facts_of("The Ugandan government said Ugandan troops attacked rebels near Kasese on Monday.")
    assert not any(kind == "LoyalTo" for _, kind, _ in allegiances(facts))
