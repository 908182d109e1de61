"""The discourse decoder's structural rules (asides, thesis cue, counterclaim/rebuttal, smoothing)."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.discourse import cues
from essaylens.discourse.features import LABELS, make_units
from essaylens.discourse.model import RULE_CONFIDENCE, decode


def layout(text):
    """Paragraphs (lines) and sentences (ending in ". " or ".) " or the line end)."""
    paragraphs, sentences, pos = [], [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        start = 0
        for i, ch in enumerate(line):
            if ch in ".)" and (i + 1 == len(line) or line[i + 1] == " ") and (ch == "." or line[i - 1] == "."):
                sentences.append((pos + start, pos + i + 1))
                start = i + 2
        pos += len(line) + 1
    return paragraphs, sentences

# Written for this test: a short essay on school uniforms.
ESSAY = ("Uniforms have been worn in British schools for centuries. In this essay I will argue that uniforms "
         "help pupils learn. (Figures are for state schools in England.)\n"
         "Uniforms remove one daily distraction. Pupils spend less time choosing clothes before school.\n"
         "Some people argue that uniforms stifle self-expression. They say that teenagers need to choose "
         "their own style. However, pupils can still express themselves through clubs and art.\n"
         "To conclude, uniforms do more good than harm.")


def probs_for(labels):
    """Probability rows that put 0.7 on each given label."""
    p = np.full((len(labels), len(LABELS)), 0.3 / (len(LABELS) - 1))
    for i, lab in enumerate(labels):
        p[i, LABELS.index(lab)] = 0.7
    return p


def units_and_texts():
    pars, sents = layout(ESSAY)
    units = make_units(ESSAY, pars, sents)
    return units, [ESSAY[u.start:u.end] for u in units]


def test_discourse_decode_structural_rules():
    units, texts = units_and_texts()
    assert len(units) == 9
    # A model that puts the thesis on the bracketed aside and misses the
    # counter-argument.
    model = ["Lead", "Lead", "Position", "Claim", "Evidence", "Claim", "Evidence", "Evidence",
             "Concluding Statement"]
    labels, conf = decode(units, probs_for(model), LABELS, texts)
    assert labels[1] == "Position"           # the cued thesis
    assert labels[2] in ("Lead", "None")     # an aside is never the thesis
    assert labels[5] == "Counterclaim"       # "Some people argue..."
    assert labels[7] == "Rebuttal"           # "However, ..."
    assert labels[6] == "Evidence"
    assert conf[5] == pytest.approx(RULE_CONFIDENCE)
    # Without texts (or without rules) the decoder is plain argmax.
    assert decode(units, probs_for(model), LABELS)[0] == model
    assert decode(units, probs_for(model), LABELS, texts, rules=())[0] == model


def test_discourse_decode_smooths_weak_island():
    units, texts = units_and_texts()
    model = ["Lead", "Position", "Lead", "Claim", "Evidence", "Evidence", "Claim", "Evidence",
             "Concluding Statement"]
    p = probs_for(model)
    p[6] = 0.3 / (len(LABELS) - 1)
    p[6, LABELS.index("Claim")] = 0.4
    labels, _ = decode(units, p, LABELS, texts, rules=("smooth",))
    assert labels[6] == "Evidence"


@pytest.mark.parametrize("sentence,counter,reply", [
    ("Some people may argue that homework is pointless.", True, False),
    ("Critics claim that the war could have been avoided.", True, False),
    ("It could be argued that Haig was a poor general.", True, False),
    ("There is, however, a strong case for the opposite view.", True, False),
    ("Some historians point out that the harvest failed.", True, False),
    ("Many historians, such as John Keegan, have argued that the war was avoidable.", True, False),
    ("Historians such as Fritz Fischer argued that Germany planned the war.", True, False),
    ("Historians agree that the harvest failed in 1916.", False, False),
    ("However, this view overstates the burden of reparations.", False, True),
    ("However, this ignores the role of the army.", False, True),
    ("Yet this view overlooks the strikes of 1916.", False, True),
    ("Some schools start at eight.", False, False),
    ("The army refused to fire on the crowds.", False, False),
    ("On the other hand, the war was costly.", False, False),
])
def test_discourse_counter_cues_are_general(sentence, counter, reply):
    assert bool(cues.OPPOSING_VIEW.match(sentence)) is counter
    assert bool(cues.REPLY.match(sentence)) is reply


def test_discourse_parenthetical_and_thesis_cues():
    assert cues.PARENTHETICAL.match("(All dates are Old Style.)")
    assert not cues.PARENTHETICAL.match("The Tsar (Nicholas II) abdicated.")
    assert cues.POSITION.search("In this essay I will argue that the revolution was popular.")


def test_discourse_decode_conclusion_opens_a_sentence():
    # Written for this test: a body sentence whose last clause restates the thesis.
    text = ("Schools should keep uniforms.\n"
            "In 2019 most pupils in one survey said uniforms saved time, which supports the idea that "
            "uniforms help learning.")
    pars, sents = layout(text)
    units = make_units(text, pars, sents)
    texts = [text[u.start:u.end] for u in units]
    assert texts[2].startswith("which supports") and units[2].piece == 1
    model = ["Position", "Evidence", "Concluding Statement"]
    labels, _ = decode(units, probs_for(model), LABELS, texts)
    assert labels[2] == "Evidence"
    # A conclusion that opens its own sentence is left alone.
    labels, _ = decode(units, probs_for(["Position", "Concluding Statement", "Concluding Statement"]), LABELS, texts)
    assert labels[1:] == ["Concluding Statement", "Concluding Statement"]
    labels, _ = decode(units, probs_for(model), LABELS, texts, rules=("smooth",))
    assert labels[2] == "Concluding Statement"
