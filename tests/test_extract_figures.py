"""Casualty figures and their qualifiers (CODEBOOK, "Events": a death toll)."""

import pytest

from conflictkg.extract.figures import casualty_figures


@pytest.mark.parametrize("sentence, value, qualifier", [
    ("Over 300 individuals have lost their lives since Wednesday.", 300, "Over"),
    ("More than 70 people were killed in the attack.", 70, "Over"),
    ("At least 20 soldiers died.", 20, "AtLeast"),
    ("The war has caused about 500,000 casualties.", 500000, "About"),
    ("Dozens of people were killed.", 12, "About"),
    ("Nine people were killed in the strike.", 9, "Exact"),
    ("Some 1.2 million people have died.", 1200000, "About"),
])
def test_figure_and_qualifier(sentence, value, qualifier):
    figure = casualty_figures(sentence)[0]
    assert (figure.value, figure.qualifier, figure.civilian) == (value, qualifier, False)


def test_civilian_share_is_a_civilian_figure():
    figures = casualty_figures("Over 300 people have been killed, with at least 20 of those being civilians.")
    assert [(f.value, f.qualifier, f.civilian) for f in figures] == [(300, "Over", False), (20, "AtLeast", True)]


def test_no_death_word_no_figure_and_distances_ignored():
    assert casualty_figures("Over 300 fighters crossed the river.") == []
    assert casualty_figures("The town is 25 kilometres away; two people were killed.")[0].value == 2
