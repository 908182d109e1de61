"""Reasoning detection and analysis links (discourse/analysis.py), on sentences and essays written for the tests."""

from __future__ import annotations

import pytest

from essaylens.annotate.stage import spacy_nlp
from essaylens.api import analyze
from essaylens.discourse.analysis import THRESHOLD, read_sentence


def _reads(text: str, role: str | None = "Evidence"):
    doc = spacy_nlp()(text)
    sent = doc[:]
    return read_sentence(text, sent, role)


@pytest.mark.parametrize("text, kind", [
    ("The army stayed in its barracks because the officers no longer trusted the ministers.", "causal"),
    # a consequence and a counterfactual ("could have saved") at once: either kind is right
    ("As a result, the regime lost the one force that could have saved it.", ("causal", "inferential")),
    ("The shortage of bread meant that the capital turned against the war within weeks.", "inferential"),
    ("A handful of plotters cannot explain why a whole garrison changed sides.", "inferential"),
    ("A government with real support would not have collapsed without a fight.", "inferential"),
    ("Without that promise Vienna would probably not have risked so harsh an ultimatum.", "inferential"),
    ("Left alone, the garrison might well never have moved at all.", "inferential"),
    ("Because the soviet controlled the telegraph, the government's orders never reached the front in 1917.", "causal"),
    ("Without the war, the Tsar could probably have survived the strikes of 1917.", "inferential"),
    ("By closing the assembly in January 1918, Lenin ensured that no elected body could challenge him.", "causal"),
    ("The war guilt clause made the whole treaty seem like revenge.", "causal"),
    ("Hunger was more important than propaganda in turning the workers.", "evaluative"),
    ("The economic collapse outweighs any single decision taken by the generals.", "evaluative"),
    ("This reading overlooks the role of the railway unions.", "evaluative"),
    ("The mutiny was a response to defeat rather than to agitation.", "causal"),
])
def test_reasoning_sentences_of_several_kinds(text, kind):
    r = _reads(text)
    assert r.score >= THRESHOLD, (text, r)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    assert r.kind in kinds or r.cue.startswith(kinds)


@pytest.mark.parametrize("text", [
    "The Tsar abdicated in March 1917.",
    "Lenin returned in April.",
    "On 3 July thousands of sailors marched into the centre of Petrograd.",
    "Kerensky became prime minister in July and moved into the Winter Palace.",
    "In 1905 the Tsar issued the October Manifesto.",
    "Since January the price of bread in Petrograd had doubled, and queues grew longer.",
    "By evening, the cadets guarding the palace had gone home.",
    "Under the treaty the navy could only have six battleships.",
    "Since 1914 the army had lost more than a million men, most of them peasants.",
])
def test_narration_is_not_reasoning(text):
    assert _reads(text).score < THRESHOLD


def test_grammar_alone_reasons_only_without_narration():
    assert _reads("These were not figures that any party could invent.").score >= THRESHOLD
    assert _reads("Planning does not make a rising unpopular.").score >= THRESHOLD
    assert _reads("The peasants took the land in August 1917.").score < THRESHOLD


def test_formulaic_frames_still_count():
    for text in ("This shows that the leaders had agreed in advance.", "Therefore the vote settled nothing.",
                 "The fact that so few resisted proves that the government had no friends."):
        assert _reads(text).score >= THRESHOLD


ESSAY = """Nadia Brook
History
Why did the Tsarist regime collapse in 1917?

By 1917 Russia had been at war for almost three years. This essay argues that the war, more than any plot, destroyed the regime.

The war wrecked the economy. In 1916 food prices in Petrograd rose sharply and bread queues grew through the winter. In February 1917 women textile workers struck and were joined by tens of thousands of others. The strikes spread because hunger had already turned the city against the government. Soldiers of the garrison refused to fire on the crowds.

Some historians argue that liberal politicians in the Duma plotted the Tsar's fall. Yet a conspiracy of a few deputies cannot explain why the army would not defend the throne. The generals advised Nicholas to go, and he abdicated on 2 March.

In conclusion, the war was the main cause of the collapse, and the revolution came from below.
"""


@pytest.fixture(scope="module")
def report():
    return analyze(ESSAY)


def test_links_on_written_essay(report):
    text = report.text
    linked = {text[a.start:a.end]: a for a in report.analysis_links}
    strikes = next(a for s, a in linked.items() if s.startswith("The strikes spread because"))
    assert strikes.cue.startswith("causal")
    ev = [text[e.start:e.end] for e in strikes.evidence]
    assert any(e.startswith("In 1916 food prices") for e in ev) and any(e.startswith("In February 1917") for e in ev)
    conspiracy = next(a for s, a in linked.items() if "cannot explain" in s)
    assert conspiracy.evidence  # its own words or what precedes it
    for narrative in ("The generals advised Nicholas to go", "Soldiers of the garrison refused", "In 1916 food prices"):
        assert not any(s.startswith(narrative) for s in linked)


def test_no_describes_comment_on_reasoned_essay(report):
    ap = next(m for m in report.marks if m.scheme == "ap-leq")
    analysis = next(c for c in ap.criteria if c.id == "analysis")
    assert "describes events without explaining" not in analysis.reason or analysis.points == 0
    quoted = [c.message for c in report.feedback if c.kind == "evidence"]
    assert not any("The strikes spread because" in m for m in quoted)


def test_deterministic():
    a, b = analyze(ESSAY), analyze(ESSAY)
    assert [x.model_dump() for x in a.analysis_links] == [x.model_dump() for x in b.analysis_links]
