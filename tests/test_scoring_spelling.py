"""Which words the holistic scorer counts as misspelt (scoring/features.py: misspelt_words)."""

from __future__ import annotations

from essaylens.scoring.features import _WORD, misspelt_words


def _misspelt(text: str) -> set[str]:
    return misspelt_words(_WORD.findall(text), text)


def test_british_spellings_are_not_slips():
    text = ("The government organised a programme of defence, and its behaviour in the centre of the "
            "capital won favour; it would analyse every cheque and the mobilisation of labour.")
    assert _misspelt(text) == set()


def test_names_and_acronyms_are_not_slips():
    text = ("In 1914 the plan drawn up by Schlieffen required an attack through Belgium. Kaiser Wilhelm II "
            "backed it, and the cruiser HMS Dreadnought was already afloat. Later, Sovnarkom ruled.")
    assert _misspelt(text) == set()


def test_real_slips_still_count():
    text = ("The goverment was weak and the peasents were angry. Becuase of the war alot of soldiers left. "
            "Becuase they were hungry they stoped fighting.")
    assert {"goverment", "peasents", "becuase", "alot", "stoped"} <= _misspelt(text)


def test_a_name_needs_a_capital_every_time():
    # Written once in lower case, "kornilov" is not treated as a name.
    text = "The general Kornilov marched on the capital. Then kornilov was arrested."
    assert "kornilov" in _misspelt(text)
    assert "kornilov" not in _misspelt("The general Kornilov marched on the capital. Then Kornilov was arrested.")


def test_a_capitalised_slip_is_still_a_slip():
    # One letter from "electoral": a slip, however it is capitalised.
    assert "electorial" in _misspelt("Many people think the Electorial College is unfair to voters.")
