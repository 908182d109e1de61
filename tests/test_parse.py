"""Tests for essaylens.annotate.parse: the fast attribute ruler and the sentence-restricted NER."""

from __future__ import annotations

import json

import pytest

from essaylens.annotate.parse import FastRuler, _candidate_runs, is_ner_candidate, ner_triggers, parse, parse_many
from essaylens.resources import spacy_nlp

OWN = [
    "Lenin returned to Petrograd in April 1917. He demanded all power to the soviets.",
    "the workers were tired of the war. two years of fighting had ruined the economy, "
    "and by the summer most soldiers wanted peace.",
    "Some people think phones help students. I think they distract us in class.",
    "Secondly, the Provisional Government kept fighting. It didn't give land to the peasants.",
    "Y'all ain't seen nothin' yet, and we don't know what's coming.",
]


def _sample(shared_dir, n=120):
    texts = []
    with (shared_dir / "data" / "persuade_essays.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 131 == 7:
                texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    return texts


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, str(t.morph), t.is_sent_start) for t in doc]


def test_fast_ruler_compiles_every_pattern_of_the_pinned_model():
    ruler = FastRuler(spacy_nlp().get_pipe("attribute_ruler"))
    assert ruler.exact


def test_fast_ruler_matches_equal_spacy_matcher_on_own_sentences():
    nlp = spacy_nlp()
    ruler = FastRuler(nlp.get_pipe("attribute_ruler"))
    for text in OWN:
        doc = nlp(text, disable=["attribute_ruler", "lemmatizer", "ner"])
        assert ruler.matches(doc) == ruler.ruler.match(doc)


def test_fast_ruler_matches_equal_spacy_matcher_on_corpus(shared_dir):
    nlp = spacy_nlp()
    ruler = FastRuler(nlp.get_pipe("attribute_ruler"))
    for text in _sample(shared_dir, 60):
        doc = nlp(text, disable=["attribute_ruler", "lemmatizer", "ner"])
        assert ruler.matches(doc) == ruler.ruler.match(doc)


def test_fast_ruler_falls_back_on_patterns_it_cannot_compile():
    nlp = spacy_nlp()
    ruler = nlp.get_pipe("attribute_ruler")

    class Odd:
        vocab = ruler.vocab
        attrs = [{}]
        matcher = type("M", (), {"get": staticmethod(lambda key: (None, [[{"LENGTH": {">=": 3}}]]))})()

        def match(self, doc):
            return ["matcher was used"]

    fast = FastRuler(Odd())
    assert not fast.exact and fast.matches(nlp.make_doc("x")) == ["matcher was used"]


def test_parse_tokens_tags_parse_and_lemmas_equal_full_spacy():
    nlp = spacy_nlp()
    for text in OWN:
        assert _attrs(parse(text)) == _attrs(nlp(text))


def test_parse_finds_entities_in_lower_case_and_capitalised_sentences():
    doc = parse(OWN[1])
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("two years", "DATE") in labels and any(t == "summer" or t.endswith("summer") for t, _ in labels)
    doc = parse(OWN[0])
    assert {"Lenin", "Petrograd"} <= {e.text for e in doc.ents}


def test_sentence_without_names_numbers_or_triggers_is_no_candidate():
    doc = parse("I think they distract us in class. We learn less when we are bored.")
    assert not any(is_ner_candidate(s) for s in doc.sents) and _candidate_runs(doc) == [] and not doc.ents


def test_triggers_are_lower_case_words():
    words = ner_triggers()
    assert {"two", "summer", "century"} <= words
    assert {"soviet", "bolshevik"} <= words and not {"party", "government"} & words  # pack names, not common words
    assert all(w == w.lower() and w.isalpha() for w in words)


def test_parse_entities_agree_with_full_ner_on_corpus(shared_dir):
    """Measured: 96.9% of the full recogniser's entities exactly (the rest mostly change label or edge
    with less context), and 98.3% of what it finds the full recogniser finds too."""
    nlp = spacy_nlp()
    gold = found = same = 0
    for text in _sample(shared_dir):
        full = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
        fast = {(e.start_char, e.end_char, e.label_) for e in parse(text).ents}
        gold, found, same = gold + len(full), found + len(fast), same + len(full & fast)
    assert gold > 500
    assert same / gold >= 0.95 and same / found >= 0.97, (same / gold, same / found)


def test_seed_entities_equal_full_ner(seed_text):
    nlp = spacy_nlp()
    assert [(e.start_char, e.end_char, e.label_) for e in parse(seed_text).ents] == \
        [(e.start_char, e.end_char, e.label_) for e in nlp(seed_text).ents]


def test_parse_token_attributes_equal_full_spacy_on_corpus(shared_dir):
    nlp = spacy_nlp()
    for text in _sample(shared_dir, 40):
        assert _attrs(parse(text)) == _attrs(nlp(text))


def test_parse_many_equals_parse_one_at_a_time(shared_dir):
    texts = OWN + _sample(shared_dir, 12)

    def sig(d):
        return _attrs(d), [(e.start, e.end, e.label_) for e in d.ents], d.tensor.tolist()

    together = parse_many(texts)
    assert [sig(d) for d in together] == [sig(parse(t)) for t in texts]
    assert parse_many([]) == []


def test_reports_on_history_essays_equal_those_from_full_spacy(monkeypatch, repo_dir, seed_path):
    """The shortcuts change nothing a history teacher sees: same report, byte for byte."""
    import essaylens.annotate.stage as stage
    from essaylens.api import analyze

    files = sorted((repo_dir / "tests" / "data" / "essays").glob("*.txt"))[:6] + [
        repo_dir / "tests" / "data" / "feedback" / "popular_merged.txt", seed_path]
    fast = [analyze(f).to_json(timings=False) for f in files]
    nlp = spacy_nlp()
    monkeypatch.setattr(stage, "parse", lambda text: nlp(text))
    assert fast == [analyze(f).to_json(timings=False) for f in files]
