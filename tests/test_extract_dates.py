"""Dates resolved against the publication date, with tense and precision (CODEBOOK, "Events")."""

import datetime as dt

import pytest

from conflictkg.extract.dates import find_date, is_future

SATURDAY = dt.date(2024, 11, 30)


@pytest.mark.parametrize("sentence, expected", [
    ("On Saturday, rebels were seen near the citadel.", "2024-11-30"),  # the publication's own weekday
    ("The offensive began on Wednesday.", "2024-11-27"),  # past report: the most recent Wednesday
    ("The minister is scheduled to travel to Damascus on Sunday.", "2024-12-01"),  # future: the coming one
    ("Talks will resume on Monday.", "2024-12-02"),
    ("The attack happened last Saturday.", "2024-11-23"),
    ("Elections are due next Saturday.", "2024-12-07"),
    ("Shelling killed two people yesterday.", "2024-11-29"),
    ("The town fell on 12 March.", "2024-03-12"),
    ("The town fell on December 12.", "2023-12-12"),  # a past report of a later day: last year
    ("The war began in March 2011.", "2011-03"),
    ("The ceasefire was signed in 2020.", "2020"),
    ("Fighting broke out in June.", "2024-06"),
])
def test_dates_with_tense_and_precision(sentence, expected):
    assert find_date(sentence, SATURDAY).value == expected


def test_no_date_and_distances_are_not_years():
    assert find_date("Idlib is 55 kilometers away.", SATURDAY) is None
    assert find_date("Some 2000 troops arrived.", SATURDAY) is None


def test_nearest_date_to_a_trigger_wins():
    text = "The first strikes on Saturday since the army recaptured the city in 2016."
    assert find_date(text, SATURDAY, near=text.index("strikes")).value == "2024-11-30"
    assert find_date(text, SATURDAY, near=text.index("recaptured")).value == "2016"


def test_future_markers():
    assert is_future("He is scheduled to travel to Moscow")
    assert is_future("the army promised to launch a counteroffensive")
    assert not is_future("the army launched a counteroffensive")
