"""The project's PERSUADE annotations: import, offsets, and how training reads them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from essaylens.discourse.features import _cuts, make_units
from essaylens.training import discourse as D
from essaylens.training.corpus import ANNOTATIONS, ParsedEssay

REPO = Path(__file__).resolve().parents[1]


def _importer():
    spec = importlib.util.spec_from_file_location("annotation_import", REPO / "scripts" / "annotation_import.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bio_tags_become_spans():
    spans_of = _importer().spans_of
    offsets = [(0, 10), (11, 20), (21, 30), (31, 40), (41, 50), (51, 60)]
    tags = ["B-Lead", "I-Lead", "B-Claim", "B-Claim", "O", "B-Concluding"]
    assert spans_of(tags, offsets) == [
        {"type": "Lead", "start": 0, "end": 20},
        {"type": "Claim", "start": 21, "end": 30},
        {"type": "Claim", "start": 31, "end": 40},
        {"type": "Concluding Statement", "start": 51, "end": 60},
    ]


def test_annotation_file_is_ids_and_offsets_only():
    rows = [json.loads(line) for line in ANNOTATIONS.read_text().splitlines()]
    assert len(rows) >= 300
    assert len({r["essay_id"] for r in rows}) == len(rows)
    kinds = set(D.ALL_CLASSES)
    for r in rows:
        assert set(r) == {"essay_id", "batch", "spans"}
        ends = [s["end"] for s in r["spans"]]
        assert all(s["type"] in kinds and 0 <= s["start"] < s["end"] for s in r["spans"])
        assert all(a["end"] <= b["start"] for a, b in zip(r["spans"], r["spans"][1:])), r["essay_id"]
        assert ends == sorted(ends)
    counts = {k: sum(s["type"] == k for r in rows for s in r["spans"]) for k in kinds}
    # Every class is there, Lead and the rare moves included.
    assert min(counts.values()) >= 50, counts


def test_annotations_fit_the_essays(shared_dir):
    texts = {}
    with (shared_dir / "data" / "persuade_essays.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            texts[row["essay_id"]] = row["text"]
    for line in ANNOTATIONS.read_text().splitlines():
        r = json.loads(line)
        text = texts[r["essay_id"]]
        for s in r["spans"]:
            piece = text[s["start"]:s["end"]]
            assert s["end"] <= len(text) and piece == piece.strip() and piece


def test_gold_labels_keep_annotated_leads_and_only_cic_gets_the_weak_rule():
    text = "Phones are everywhere now. I think schools should allow them.\nThey help in emergencies."
    pars = [(0, 61), (62, 87)]
    sents = [(0, 26), (27, 61), (62, 87)]
    units = make_units(text, pars, sents)
    spans = [{"type": "Position", "start": 27, "end": 61}, {"type": "Claim", "start": 62, "end": 87}]
    cic = ParsedEssay("c", text, 0, pars, sents, meta={"spans": spans})
    ann = ParsedEssay("a", text, 0, pars, sents, meta={"spans": spans, "has_lead": True})
    assert D.gold_unit_labels(cic, units) == ["Lead", "Position", "Claim"]
    assert D.gold_unit_labels(ann, units) == ["None", "Position", "Claim"]


def test_evaluate_scores_lead_only_when_asked():
    text = "Phones are everywhere now. I think schools should allow them."
    p = ParsedEssay("a", text, 0, [(0, 61)], [(0, 26), (27, 61)],
                    meta={"spans": [{"type": "Lead", "start": 0, "end": 26}, {"type": "Position", "start": 27, "end": 61}]})
    pred = lambda _: [(0, 26, "Lead", 0.9, 0), (27, 61, "Position", 0.9, 0)]
    assert D.evaluate(pred, [p], D.ALL_CLASSES)["macro"] == pytest.approx(1.0)
    six = D.evaluate(pred, [p])
    assert "Lead" not in six and six["Position"] == pytest.approx(1.0)


def test_units_cut_where_a_lower_case_sentence_was_missed():
    t = ("when someone asks you for advice, who do you go to? when that person needs help, they ask more "
         "than one person. e.g. the teacher is one of them.")
    pieces = [t[a:b].strip() for a, b in zip([0, *_cuts(t, 0, len(t))], [*_cuts(t, 0, len(t)), len(t)])]
    assert pieces[0] == "when someone asks you for advice, who do you go to?"
    assert pieces[1].startswith("when that person") and pieces[1].endswith("one person.")
    # "e.g." is an abbreviation, not a sentence end; a clean sentence is not cut.
    assert "e.g. the teacher" in pieces[-1]
    assert _cuts("It was 5 p.m. when he came home late.", 0, 37) == []


def test_an_inside_tag_after_o_opens_a_new_element():
    spans_of = _importer().spans_of
    spans = spans_of(["B-Claim", "O", "I-Claim"], [(0, 5), (6, 10), (11, 20)])
    assert spans == [{"type": "Claim", "start": 0, "end": 5}, {"type": "Claim", "start": 11, "end": 20}]
