"""Trivial baselines the trained models are measured against.

* Discourse: the paragraph-position rules of :mod:`essaylens.discourse.rules`,
  run over the same parsed sentences.
* Holistic: every essay gets the training folds' mean score, rounded.
"""

from __future__ import annotations

from ..discourse.rules import label_sentences_by_rules, merge_runs
from ..essay import Essay, Header, Span
from .corpus import ParsedEssay


def essay_from_parsed(p: ParsedEssay) -> Essay:
    """An Essay with the layers the rules need, rebuilt from the cache."""
    essay = Essay(p.text, essay_id=p.essay_id)
    essay.set("header", Header(body_start=p.body_start))
    essay.set("paragraphs", [Span(s, e) for s, e in p.paragraphs])
    essay.set("sentences", [Span(s, e) for s, e in p.sentences])
    return essay


def rules_elements(p: ParsedEssay) -> list[tuple]:
    """(start, end, label, confidence, paragraph) from the rules baseline."""
    essay = essay_from_parsed(p)
    labelled = [(s, lab, 0.5) for s, lab in label_sentences_by_rules(essay)]
    return [(d.start, d.end, d.type, d.confidence, d.paragraph) for d in merge_runs(essay, labelled)]


def mean_score(train_scores: list[int]) -> int:
    """The rounded mean of the training scores."""
    return int(round(sum(train_scores) / max(len(train_scores), 1)))
