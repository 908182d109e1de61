"""The fact checker: paraphrased errors caught, accurate statements left alone.

Sentences are written for these tests in several phrasings; the essays with
planted errors are in tests/data/facts/planted.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from essaylens.essay import Essay
from essaylens.facts.stage import check_facts
from essaylens.packs.loader import load_pack
from essaylens.settings import Settings

PLANTED = Path(__file__).parent / "data" / "facts" / "planted.yaml"
PROBLEMS = {"incorrect", "imprecise", "disputed"}


@pytest.fixture(scope="session")
def run():
    from essaylens.annotate.stage import annotate_text

    def _run(text: str, pack: str | None = "russia-1917"):
        essay = Essay(text)
        essay.set("settings", Settings())
        annotate_text(essay)
        chosen = load_pack(pack) if pack else None
        return check_facts(text, essay.sentences, essay.dates, essay.numbers, essay.entities, chosen)

    return _run


def _flags(checks):
    return [c for c in checks if c.verdict in PROBLEMS]


# The same error said differently must be caught by the same misconception.
PARAPHRASES = {
    "aurora-battleship": [
        "The battleship Aurora fired the signal shot.",
        "A single shot from the Avrora, a Russian battleship, started the attack.",
        "The Aurora was a battleship moored on the Neva.",
    ],
    "winter-palace-mass-storming": [
        "Thousands of Red Guards stormed the Winter Palace.",
        "Huge crowds of workers charged the Winter Palace and overran it.",
        "The Winter Palace was stormed by tens of thousands of soldiers and sailors.",
    ],
    "abdication-february": [
        "The Tsar abdicated in February 1917.",
        "In late February Nicholas II gave up his throne.",
        "Nicholas was forced to abdicate in February.",
    ],
    "bolshevik-national-majority": [
        "In the elections the Bolsheviks won over 50% of the vote.",
        "Most Russians voted for the Bolsheviks in 1917.",
        "The Bolsheviks had a majority of the votes after the elections.",
    ],
    "new-government-soviets": [
        "The new government was made up of the various Soviets.",
        "Sovnarkom was a coalition of all the socialist parties.",
        "The new government included Mensheviks and SRs as well as Bolsheviks.",
    ],
    "twelve-men": [
        "Only 12 men were present at the meeting.",
        "At the meeting, twelve men voted on the insurrection.",
    ],
    "kerensky-disguise": [
        "Kerensky escaped from the Winter Palace disguised as a nurse.",
        "Kerensky fled dressed as a woman.",
    ],
    "lenin-imprisoned-july": [
        "After the July Days Lenin was imprisoned by the Provisional Government.",
        "In July 1917 Lenin was put in prison.",
    ],
    "pg-elected": [
        "The Provisional Government was elected by the people.",
        "The Provisional Government had been democratically elected.",
    ],
    "trotsky-led-pg": [
        "Trotsky was the leader of the Provisional Government.",
    ],
    "bolsheviks-won-ca": [
        "The Bolsheviks won the most seats in the Constituent Assembly.",
    ],
}


@pytest.mark.parametrize("mid,sentence", [(m, s) for m, ss in PARAPHRASES.items() for s in ss])
def test_facts_paraphrased_error_is_caught(run, mid, sentence):
    rules = [c.rule.rstrip("~") for c in _flags(run(sentence))]
    assert f"misconception:{mid}" in rules, (sentence, rules)


ACCURATE = [
    "The cruiser Aurora fired a blank shot as a signal at about 9.40 p.m.",
    "The Aurora was not a battleship but a cruiser.",
    "The Winter Palace was taken with little resistance in the early hours of 26 October.",
    "The myth of a great storming of the Winter Palace comes from the 1920 re-enactment.",
    "Nicholas II abdicated on 2 March 1917.",
    "The Tsar abdicated in March 1917, after the February Revolution.",
    "In September the Bolsheviks won a majority in the Petrograd Soviet.",
    "The Bolsheviks never won a majority of the national vote.",
    "In the Constituent Assembly elections the Bolsheviks won about 24% of the vote.",
    "On 10 October the Central Committee voted by ten votes to two for an armed rising.",
    "Twelve members of the Central Committee were present, Alexandra Kollontai among them.",
    "The new government, Sovnarkom, was made up only of Bolsheviks until the Left SRs joined in December.",
    "Lenin returned to Petrograd on 3 April 1917 and presented the April Theses.",
    "After the July Days Lenin fled to Finland to escape arrest.",
    "The Kornilov affair of late August 1917 discredited Kerensky.",
    "The Constituent Assembly was dissolved in January 1918 after one day.",
    "Trotsky chaired the Petrograd Soviet from late September.",
]


@pytest.mark.parametrize("sentence", ACCURATE)
def test_facts_accurate_statement_is_not_flagged(run, sentence):
    flagged = [(c.verdict, c.rule) for c in _flags(run(sentence))]
    assert not [f for f in flagged if f[0] == "incorrect"], (sentence, flagged)


def test_facts_vote_ten_to_two_is_correct(run):
    checks = run("At the Central Committee meeting of 10 October, 10 members voted for an uprising and 2 voted against.")
    assert any(c.rule == "fact:cc-vote" and c.verdict == "correct" for c in checks)
    assert not _flags(checks)


def test_facts_wrong_vote_is_incorrect_with_correction(run):
    checks = run("At the Central Committee meeting of 10 October, 12 members voted for an uprising and 2 voted against.")
    hit = [c for c in checks if c.rule == "fact:cc-vote"]
    assert hit and hit[0].verdict == "incorrect" and "10 to 2" in hit[0].correction and hit[0].sources


def test_facts_wrong_share_is_incorrect(run):
    checks = run("In the Constituent Assembly elections the Bolsheviks won 55% of the vote.")
    assert any(c.fact_id == "ca-bolshevik-share" and c.verdict == "incorrect" for c in checks)


def test_facts_wrong_event_date_is_incorrect(run):
    checks = run("Lenin returned to Russia in June 1917.")
    hit = [c for c in checks if c.rule == "timeline:lenin-return"]
    assert hit and hit[0].verdict == "incorrect" and "3 April 1917 (Old Style)" in hit[0].correction


def test_facts_calendar_mixing_between_events(run):
    text = ("The Tsar abdicated on 2 March 1917. The Kornilov affair began on 27 August.\n"
            "The Second Congress of Soviets opened on 7 November 1917.")
    mixing = [c for c in run(text) if c.rule == "calendar-mixing"]
    assert len(mixing) == 1 and text[mixing[0].start:mixing[0].end] == "7 November 1917"


def test_facts_calendar_named_revolution_with_new_style_date_generic(run):
    text = ("The October Revolution in Russia was led by the Bolsheviks under Lenin. "
            "Red Guards moved on the night of 6 November and took the city.")
    mixing = [c for c in run(text, pack=None) if c.rule == "calendar-mixing"]
    assert mixing and "Old Style" in mixing[0].correction


def test_facts_calendar_note_is_respected(run):
    text = ("All dates here are New Style (Gregorian). The October Revolution in Russia was led by the Bolsheviks. "
            "Red Guards moved on the night of 6 November.")
    assert not [c for c in run(text, pack=None) if c.rule == "calendar-mixing"]


@pytest.mark.parametrize("text,bad", [
    ("Twelve members were present. Ten voted for the rising and five voted against.", True),
    ("12 people were present; 10 voted for and 2 against.", False),
    ("In the election the SRs won 60% of the vote and the Bolsheviks 50%.", True),
])
def test_facts_arithmetic(run, text, bad):
    found = [c for c in run(text, pack=None) if c.rule == "arithmetic"]
    assert bool(found) == bad


def test_facts_chronology_out_of_order(run):
    text = ("The Second Congress of Soviets opened on 25 October. "
            "Following this, Lenin returned to Petrograd and presented the April Theses.")
    assert any(c.rule == "chronology" for c in run(text))


def test_facts_anachronism_of_a_body(run):
    checks = run("In 1917 the USSR was created by Lenin after the October Revolution.")
    assert any(c.rule in ("anachronism", "misconception:ussr-in-1917") for c in _flags(checks))


def test_facts_planted_essays_precision_and_recall(run):
    data = yaml.safe_load(PLANTED.read_text(encoding="utf-8"))
    tp = fp = caught = planted = 0
    for essay in data["essays"]:
        text = essay["text"]
        flags = _flags(run(text, pack=essay["pack"]))
        errors = [(text.index(q), text.index(q) + len(q)) for q in essay["planted"]]
        goods = [(text.index(q), text.index(q) + len(q)) for q in essay["accurate"]]
        planted += len(errors)
        caught += sum(any(f.start < e and s < f.end for f in flags) for s, e in errors)
        for f in flags:
            if any(f.start < e and s < f.end for s, e in errors):
                tp += 1
            else:
                fp += 1
            assert not any(f.start < e and s < f.end for s, e in goods if f.verdict == "incorrect"), f
    assert caught / planted >= 0.85
    assert tp / (tp + fp) >= 0.85


def test_facts_output_sorted_and_deterministic(run):
    text = PLANTED.read_text(encoding="utf-8")
    essay = yaml.safe_load(text)["essays"][0]["text"]
    a, b = run(essay), run(essay)
    assert [c.model_dump() for c in a] == [c.model_dump() for c in b]
    assert [c.start for c in a] == sorted(c.start for c in a)


def test_facts_seed_flags_what_an_examiner_would(run, seed_text):
    checks = run(seed_text)
    flags = _flags(checks)
    rules = {c.rule for c in flags}

    def flagged(words: str) -> bool:
        i = seed_text.index(words)
        return any(c.start < i + len(words) and i < c.end for c in flags)

    assert flagged("Battleship Aurora")
    assert "calendar-mixing" in rules
    assert flagged("thousands of people in the Red Guard stormed the Winter Palace")
    assert flagged("February 1917")
    assert flagged("over 50%")
    assert flagged("made up of the various Soviets")
    assert flagged("12 men")
    vote = seed_text.index("10 voted for")
    assert not any(c.verdict == "incorrect" and c.start <= vote < c.end for c in checks)
    assert any(c.rule == "fact:cc-vote" and c.verdict == "correct" for c in checks)
    for c in flags:
        assert c.correction and (c.sources or c.rule in ("calendar-mixing", "arithmetic", "chronology"))
