"""predictionstring and the Feedback Prize discourse CSV."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest

from essaylens.discourse import predictionstring, write_discourse_csv
from essaylens.report.models import DiscourseElement


@pytest.mark.parametrize("text,start,end,expected", [
    ("We should act now. It is late.", 19, 30, "4 5 6"),
    ("We should act now. It is late.", 0, 18, "0 1 2 3"),
    ("Title\n\nFirst  word here.", 7, 24, "1 2 3"),
    ("abc def", 5, 7, "1"),          # starts inside a word
    ("abc def", 3, 3, ""),           # empty span
    ("", 0, 0, ""),
])
def test_discourse_predictionstring(text, start, end, expected):
    assert predictionstring(text, start, end) == expected


def test_discourse_write_csv(tmp_path):
    text = "Phones help. I think schools should allow them. Pupils learn faster."
    report = SimpleNamespace(essay_id="e1", text=text, discourse=[
        DiscourseElement(type="Lead", start=0, end=12, confidence=0.9),
        DiscourseElement(type="Position", start=13, end=47, confidence=0.8),
    ])
    out = tmp_path / "discourse.csv"
    assert write_discourse_csv([report], out) == 2
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["id", "class", "predictionstring"]
    assert rows[1] == ["e1", "Lead", "0 1"]
    assert rows[2] == ["e1", "Position", "2 3 4 5 6 7"]
