"""Sentence splitting keeps exact substrings and does not split at abbreviations or initials."""

from conflictkg.extract.sentences import split_sentences


def test_sentences_are_exact_substrings_with_offsets():
    text = 'Fighting resumed on Monday. "We will not leave," he said. Gen. Ali Musa arrived at 5 p.m. on Sunday.\nNew line here.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Fighting resumed on Monday.",
        '"We will not leave," he said.',
        "Gen. Ali Musa arrived at 5 p.m. on Sunday.",
        "New line here.",
    ]
    for s in sentences:
        assert text[s.start:s.start + len(s.text)] == s.text


def test_initials_and_us_do_not_end_a_sentence():
    text = "The U.S. envoy met George W. Bush. Talks ended."
    assert [s.text for s in split_sentences(text)] == ["The U.S. envoy met George W. Bush.", "Talks ended."]
