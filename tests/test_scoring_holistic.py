"""The holistic scorer: features, calibrated output, and sanity on the seed."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.scoring.features import essay_features, feature_names
from essaylens.scoring.model import MODEL_PATH


def fake_encode(texts):
    rows = np.ones((len(texts), 256), dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("text", ["", "#", "One sentence only.", "Teh cat sat on teh mat. It was hapy."])
def test_scoring_features_edge_cases(text):
    sents = [s for s in text.split(". ") if s]
    row = essay_features(text, sents, 1, [], fake_encode)
    assert row.shape == (len(feature_names()),)
    assert np.isfinite(row).all()


def test_scoring_features_see_spelling_and_rarity():
    names = feature_names()
    good = essay_features("The government collapsed because soldiers mutinied.", ["x"], 1, [], fake_encode)
    bad = essay_features("Teh goverment colapsed becuase soldiers mutinyed.", ["x"], 1, [], fake_encode)
    i = names.index("misspelt_rate")
    assert bad[i] > good[i]


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the holistic model has not been trained")
def test_scoring_seed_is_sane(seed_report):
    s = seed_report.scores
    assert s.holistic is not None and 2 <= s.holistic <= 4
    assert sum(s.holistic_probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert 0 < s.holistic_confidence <= 1
    assert s.holistic_confidence == pytest.approx(s.holistic_probabilities[str(s.holistic)])


def test_scoring_structure_features_read_the_decode_without_the_class_prior():
    from essaylens.essay import Essay, Header, Span
    from essaylens.report.models import DiscourseElement
    from essaylens.scoring.holistic import holistic_features

    text = "Some say phones distract pupils. However, phones help them learn."
    essay = Essay(text)
    essay.set("header", Header(body_start=0))
    essay.set("paragraphs", [Span(0, len(text))])
    essay.set("sentences", [Span(0, 32), Span(33, len(text))])
    with_prior = [DiscourseElement(type="Counterclaim", start=0, end=32, confidence=0.6, paragraph=0),
                  DiscourseElement(type="Rebuttal", start=33, end=len(text), confidence=0.6, paragraph=0)]
    raw = [DiscourseElement(type="Evidence", start=0, end=len(text), confidence=0.7, paragraph=0)]
    essay.set("discourse", with_prior)
    essay.set("discourse_raw", raw)
    row = holistic_features(essay, fake_encode)
    sents = [text[0:32], text[33:]]
    expected = essay_features(text, sents, 1, [(0, len(text), "Evidence")], fake_encode)
    assert np.array_equal(row, expected)
    assert not np.array_equal(row, essay_features(text, sents, 1, [(0, 32, "Counterclaim"),
                                                                   (33, len(text), "Rebuttal")], fake_encode))
