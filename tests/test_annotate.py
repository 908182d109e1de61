"""Annotation of the seed: sentences, paragraphs, entities, dates, numbers."""

from __future__ import annotations

import pytest

from essaylens.annotate.mentions import find_dates, find_numbers


def test_annotate_seed_spans_cover_body(seed_report):
    r = seed_report
    assert len(r.paragraphs) == 2
    body = [s for s in r.sentences if s.start >= r.meta.body_start]
    assert len(body) >= 20
    for s in body:
        assert r.text[s.start:s.end] == r.text[s.start:s.end].strip()
        assert any(p.start <= s.start and s.end <= p.end for p in r.paragraphs)


@pytest.mark.parametrize(
    "text, year, month, day, cal",
    [
        ("on 25 October 1917 (O.S.) the", 1917, 10, 25, "julian"),
        ("on 7th November 1917 the", 1917, 11, 7, None),
        ("by October 25, 1917,", 1917, 10, 25, None),
        ("in February 1917 the", 1917, 2, None, None),
        ("the night of 6th November", None, 11, 6, None),
        ("in 1918 NS", 1918, None, None, "gregorian"),
    ],
)
def test_find_dates_parses_forms(text, year, month, day, cal):
    (d,) = find_dates(text)
    assert (d.year, d.month, d.day, d.calendar) == (year, month, day, cal)


def test_find_dates_ignores_modal_may():
    assert find_dates("The Tsar may have feared this.") == []


def test_find_numbers_percent_and_words():
    nums = find_numbers("over 50% of the 12 members, ten voted", [])
    assert [(n.value, n.percent) for n in nums] == [(50.0, True), (12.0, False), (10.0, False)]
