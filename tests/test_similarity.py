"""Similar submissions: planted copying (verbatim, light paraphrase, reordering) is found; honest essays are not."""

from __future__ import annotations

from essaylens.batch.similarity import find_similar, shared_passages, shingles, words

ORIGINAL = (
    "The French Revolution began because the monarchy had run out of money. Decades of war, above all the "
    "support given to the American colonists, left the crown with debts it could not pay. Louis XVI called the "
    "Estates-General in 1789 hoping to raise new taxes, but the Third Estate refused to accept a system in "
    "which the clergy and nobles could always outvote it. When its deputies declared themselves a National "
    "Assembly and swore the Tennis Court Oath, royal authority began to collapse. Bad harvests in 1788 had "
    "doubled the price of bread, so the people of Paris were hungry and angry. The storming of the Bastille on "
    "14 July showed that the crowd was now a political force. Enlightenment writers such as Rousseau had also "
    "taught educated people to question whether kings ruled by divine right."
)

# The same essay with synonyms swapped in and the sentences reordered.
PARAPHRASE = (
    "Bad harvests in 1788 had doubled the cost of bread, so the people of Paris were hungry and furious. "
    "The French Revolution started because the monarchy had run out of money. Decades of war, above all the "
    "help given to the American colonists, left the crown with debts it could not repay. The storming of the "
    "Bastille on 14 July proved that the crowd was now a political force. Louis XVI summoned the "
    "Estates-General in 1789 hoping to raise fresh taxes, but the Third Estate refused to accept a system in "
    "which the clergy and nobles could always outvote it. When its deputies declared themselves a National "
    "Assembly and swore the Tennis Court Oath, royal power started to collapse. Enlightenment thinkers such as "
    "Rousseau had also taught educated people to doubt whether kings ruled by divine right."
)

# An honest essay on the same question: same facts, own words.
HONEST_1 = (
    "Money problems were only part of the story in 1789. France had spent heavily helping America win its "
    "independence, and ministers such as Calonne failed to persuade the privileged orders to pay more tax. Yet "
    "a bankrupt government does not always fall. What made this crisis revolutionary was that ordinary "
    "Parisians, facing the highest bread prices of the century, were ready to take up arms. Their attack on the "
    "Bastille prison turned a constitutional quarrel at Versailles into a popular rising that the king could "
    "not control, and the ideas of the philosophes gave the new leaders a language of rights and citizenship."
)

HONEST_2 = (
    "I believe the most important cause was the unfair social system of the old regime. Peasants paid the "
    "taille, the tithe and feudal dues while many nobles paid almost nothing. The bourgeoisie were wealthy and "
    "educated but shut out of the best posts in the army and the church. When the king finally asked the nation "
    "for help, these resentments came into the open. The cahiers de doleances written in the spring of 1789 "
    "show villages all over France complaining about seigneurial rights, which is why the Great Fear spread so "
    "quickly through the countryside that summer."
)

# Copies one passage of the original inside an otherwise different essay.
PARTIAL = HONEST_2 + (
    " Louis XVI called the Estates-General in 1789 hoping to raise new taxes, but the Third Estate refused to "
    "accept a system in which the clergy and nobles could always outvote it. When its deputies declared "
    "themselves a National Assembly and swore the Tennis Court Oath, royal authority began to collapse."
)


def _pairs(essays):
    return {(p.a, p.b): p for p in find_similar(essays)}


def test_similarity_verbatim_copy_found():
    pairs = _pairs([("orig", ORIGINAL), ("copy", ORIGINAL), ("honest", HONEST_1)])
    assert set(pairs) == {("orig", "copy")}
    p = pairs[("orig", "copy")]
    assert p.jaccard == 1.0 and p.jaccard_estimate > 0.9
    assert p.shared_words == len(words(ORIGINAL))


def test_similarity_light_paraphrase_found_with_passages():
    pairs = _pairs([("orig", ORIGINAL), ("honest1", HONEST_1), ("para", PARAPHRASE), ("honest2", HONEST_2)])
    assert ("orig", "para") in pairs
    p = pairs[("orig", "para")]
    assert 0.3 <= p.jaccard < 1.0
    # Reordered sentences and swapped synonyms still give long shared passages covering most of the essay.
    assert len(p.passages) >= 3
    assert p.shared_words >= 0.7 * len(words(ORIGINAL))
    longest = p.passages[0]
    assert ORIGINAL[longest.a_start:longest.a_end] == longest.a_text
    assert PARAPHRASE[longest.b_start:longest.b_end] == longest.b_text


def test_similarity_honest_essays_not_paired():
    pairs = _pairs([("orig", ORIGINAL), ("honest1", HONEST_1), ("honest2", HONEST_2)])
    assert pairs == {}


def test_similarity_partial_copy_found_by_containment():
    pairs = _pairs([("orig", ORIGINAL), ("honest1", HONEST_1), ("partial", PARTIAL)])
    assert set(pairs) == {("orig", "partial")}
    p = pairs[("orig", "partial")]
    assert p.jaccard < 0.3 and p.passages[0].words >= 40
    passages = shared_passages(PARTIAL, ORIGINAL)
    assert passages and passages[0].words >= 40
    assert "Tennis Court Oath" in passages[0].a_text


def test_similarity_deterministic_and_ordered():
    essays = [("orig", ORIGINAL), ("para", PARAPHRASE), ("copy", ORIGINAL), ("honest", HONEST_1)]
    first = find_similar(essays)
    assert first == find_similar(essays)
    assert [(p.a, p.b) for p in first][0] == ("orig", "copy")
    assert all(p.jaccard >= q.jaccard for p, q in zip(first, first[1:]))


def test_similarity_short_and_empty_inputs():
    assert find_similar([]) == []
    assert find_similar([("a", "too short"), ("b", "too short")]) == []
    assert shingles(["a", "b"], 3) == set()
    assert shared_passages("", ORIGINAL) == []
