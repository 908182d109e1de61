"""The spaCy parse of an essay, with three measured shortcuts over ``nlp(text)``.

A bare ``nlp(text)`` with ``en_core_web_sm`` spends about half its time in
three components that do little work on an essay:

* **ner** (its own tok2vec plus a transition decoder) runs over every sentence,
  though most sentences of a student essay name no entity. Here it runs only
  on runs of *candidate* sentences: a sentence with a digit, a capitalised
  word after its first, a proper-noun first word, or one of the lower-case
  words that open or fill entities of the recogniser's numeric and temporal
  types ("two", "summer", "secondly"; ``ner_triggers.txt``, derived from the
  recogniser's own output by ``scripts/ner_triggers.py``), or a less common
  word of a built-in topic pack's entity names ("soviet", "bolshevik"). Neighbouring
  candidates are parsed together, so an entity keeps its context.
* **attribute_ruler** runs spaCy's general ``Matcher`` over 179 one- and
  two-token patterns. Every pattern of this model tests TAG, LOWER, DEP or
  IS_SPACE by equality, ``IN``, ``NOT_IN`` or ``REGEX``, and each token's
  answer depends only on those four values, so the same matches come from
  look-ups memoised per token signature. Any pattern outside that form makes the ruler fall back to the
  Matcher, so a different model cannot be mis-annotated.
* **lemmatizer** runs its rules token by token through Python; a rule lemma
  depends only on the word, its POS and its morphology, so each combination
  is lemmatised once per process and then looked up.

Everything but the entities (tokens, tags, parse, morphology, lemmas) is
exactly spaCy's.
``tests/test_parse.py`` checks the attribute-ruler matches equal the Matcher's,
that every token attribute and a batch parse equal spaCy's, and measures the
entity agreement with a full ``nlp(text)``.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from ..resources import package_path, spacy_nlp

#: Token attributes a ruler pattern may test, and how to read them.
_READERS = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


#: A pack name word at or above this wordfreq Zipf frequency ("party", "government")
#: is too common in English to suggest a name by itself.
_COMMON_ZIPF = 5.0


@functools.lru_cache(maxsize=1)
def ner_triggers() -> frozenset[str]:
    """Lower-case words that can open or fill an entity without a capital or a digit.

    The recogniser-derived list (``ner_triggers.txt``) plus the less common
    words of the built-in topic packs' entity names and aliases: a history
    essay writes "the soviet" or "bolshevik" in lower case, and the training
    essays the list was derived from never do.
    """
    path = package_path("annotate", "ner_triggers.txt")
    words = {w for w in (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()) if w}
    return frozenset(words | _pack_name_words())


def _pack_name_words() -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    from wordfreq import zipf_frequency

    from ..errors import KnowledgeError
    from ..packs.loader import list_packs, load_pack

    words: set[str] = set()
    for info in list_packs(()):
        if not info.builtin:
            continue
        try:
            pack = load_pack(info.path)
        except KnowledgeError:
            continue
        for entity in pack.entities:
            for name in (entity.name, *entity.aliases):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", name))
    return {w for w in words if len(w) > 2 and w not in STOP_WORDS and zipf_frequency(w, "en") < _COMMON_ZIPF}


def _compile_test(attr: str, value):
    """One token test of a Matcher pattern as (reader, op, operand), or None when unsupported."""
    if attr not in _READERS:
        return None
    if isinstance(value, dict):
        if len(value) != 1:
            return None
        (op, operand), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(operand, list):
            return (_READERS[attr], op.lower(), frozenset(operand))
        if op == "REGEX" and isinstance(operand, str):
            return (_READERS[attr], "regex", re.compile(operand))
        return None
    if isinstance(value, list):
        return None
    return (_READERS[attr], "eq", value)


def _holds(token, tests) -> bool:
    for read, op, operand in tests:
        got = read(token)
        if op == "eq":
            if got != operand:
                return False
        elif op == "in":
            if got not in operand:
                return False
        elif op == "not_in":
            if got in operand:
                return False
        elif operand.search(got) is None:
            return False
    return True


class FastRuler:
    """spaCy's attribute ruler with its matches found by look-up.

    Every pattern must be one or two tokens of equality, ``IN``, ``NOT_IN`` or ``REGEX``
    tests on TAG, LOWER, DEP or IS_SPACE (true of every pattern in the pinned
    model); otherwise :attr:`exact` is False and spaCy's Matcher does the work.

    Args:
        ruler: the pipeline's ``AttributeRuler``.
    """

    def __init__(self, ruler):
        self.ruler = ruler
        #: patterns by the TAG or LOWER value their first token requires, and those to test everywhere;
        #: each entry is (attr_id, key, [tests of token 0, tests of token 1, ...])
        self.by_tag: dict[str, list] = {}
        self.by_lower: dict[str, list] = {}
        self.scan: list = []
        self._memo: dict[tuple, tuple] = {}
        self.exact = self._compile()

    def _compile(self) -> bool:
        strings = self.ruler.vocab.strings
        for attr_id in range(len(self.ruler.attrs)):
            key = strings[str(attr_id)]
            entry = self.ruler.matcher.get(key)
            if entry is None:
                continue
            for pattern in entry[1]:
                compiled = []
                for spec in pattern:
                    tests = [_compile_test(k, v) for k, v in spec.items()]
                    if not spec or None in tests:
                        return False
                    compiled.append(tuple(tests))
                self._index(pattern[0], (attr_id, key, compiled))
        return True

    def _index(self, first: dict, item) -> None:
        """File a pattern under the values its first token must take (TAG first, then LOWER)."""
        for attr, table in (("TAG", self.by_tag), ("LOWER", self.by_lower)):
            value = first.get(attr)
            values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if values is not None:
                for v in sorted(set(values)):
                    table.setdefault(v, []).append(item)
                return
        self.scan.append(item)

    def _first_hits(self, tok) -> tuple[tuple, tuple]:
        """The patterns whose first token ``tok`` satisfies: (one-token hits, longer patterns to finish).

        Every test reads TAG, LOWER, DEP or IS_SPACE, so the answer is memoised on those four.
        """
        sig = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
        hit = self._memo.get(sig)
        if hit is None:
            held = [(attr_id, key, tests) for attr_id, key, tests in
                    self.by_tag.get(sig[0], []) + self.by_lower.get(sig[1], []) + self.scan
                    if _holds(tok, tests[0])]
            hit = (tuple((a, k) for a, k, t in held if len(t) == 1), tuple(h for h in held if len(h[2]) > 1))
            if len(self._memo) < 200_000:
                self._memo[sig] = hit
        return hit

    def matches(self, doc) -> list[tuple[int, int, int, int]]:
        """The ruler's sorted matches ``(attr_id, key, start, end)``, as ``AttributeRuler.match`` gives them."""
        if not self.exact:
            return self.ruler.match(doc)
        found = set()
        n = len(doc)
        for i, tok in enumerate(doc):
            single, longer = self._first_hits(tok)
            for attr_id, key in single:
                found.add((attr_id, key, i, i + 1))
            for attr_id, key, tests in longer:
                width = len(tests)
                if i + width <= n and all(_holds(doc[i + j], tests[j]) for j in range(1, width)):
                    found.add((attr_id, key, i, i + width))
        return sorted(found)

    def __call__(self, doc):
        self.ruler.set_annotations(doc, self.matches(doc))
        return doc


class FastLemmatizer:
    """spaCy's rule lemmatizer with each (word, POS, morphology) lemmatised once per process.

    A rule lemma depends on nothing but the token's text, coarse POS and
    morphology, so the memo gives spaCy's own answer; only tokens the
    attribute ruler left without a lemma are set, as spaCy does.

    Args:
        lemmatizer: the pipeline's rule-mode ``Lemmatizer``.
    """

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lem = self.lemmatizer
        if lem.mode != "rule" or lem.overwrite:
            return lem(doc)
        if not lem._validated:
            lem._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        memo = self._memo
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            got = memo.get(key)
            if got is None:
                got = strings.add(lem.lemmatize(doc[i])[0])
                if len(memo) < 200_000:
                    memo[key] = got
            lemmas[i] = got
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@functools.lru_cache(maxsize=1)
def _fast_lemmatizer() -> FastLemmatizer | None:
    nlp = spacy_nlp()
    return FastLemmatizer(nlp.get_pipe("lemmatizer")) if "lemmatizer" in nlp.pipe_names else None


@functools.lru_cache(maxsize=1)
def _fast_ruler() -> FastRuler | None:
    nlp = spacy_nlp()
    return FastRuler(nlp.get_pipe("attribute_ruler")) if "attribute_ruler" in nlp.pipe_names else None


def _first_word(sent) -> int:
    """Index of the sentence's first alphabetic token (-1 when it has none)."""
    return next((t.i for t in sent if t.is_alpha), -1)


def is_ner_candidate(sent) -> bool:
    """Whether a sentence might hold an entity the recogniser would find.

    Args:
        sent: a tagged spaCy sentence span.
    """
    triggers = ner_triggers()
    first = _first_word(sent)
    for tok in sent:
        text = tok.text
        if any(ch.isdigit() for ch in text) or tok.lower_ in triggers:
            return True
        if text[:1].isupper() and text != "I" and not text.startswith("I'"):
            if tok.i != first or tok.tag_ in ("NNP", "NNPS"):
                return True
    return False


def _candidate_runs(doc) -> list[tuple[int, int]]:
    """Token ranges of consecutive candidate sentences."""
    runs: list[tuple[int, int]] = []
    for sent in doc.sents:
        if not is_ner_candidate(sent):
            continue
        if runs and runs[-1][1] == sent.start:
            runs[-1] = (runs[-1][0], sent.end)
        else:
            runs.append((sent.start, sent.end))
    return runs


def _recognise(docs: list, ner) -> None:
    """Run the recogniser over the candidate runs of every doc, in one batch."""
    from spacy.tokens import Span

    whole, pieces, owners = [], [], []
    found: dict[int, list] = {}  # doc index -> entity spans, for docs recognised piece by piece
    for d, doc in enumerate(docs):
        runs = _candidate_runs(doc)
        if runs == [(0, len(doc))]:
            whole.append(doc)
            continue
        found[d] = []
        for start, end in runs:
            pieces.append(doc[start:end].as_doc())
            owners.append((d, start))
    for (d, start), piece in zip(owners, ner.pipe(pieces)):
        found[d].extend(Span(docs[d], start + e.start, start + e.end, label=e.label_) for e in piece.ents)
    for d, spans in found.items():
        docs[d].set_ents(spans, default="outside")
    for _ in ner.pipe(whole):  # the generator does the work
        pass


def parse_many(texts: Iterable[str]) -> list:
    """The spaCy Docs of ``texts``: the full pipeline, with the shortcuts above.

    The neural components see the texts as one batch, which is faster and
    gives the very same tags, parses and entities as one text at a time
    (``tests/test_parse.py`` checks it).
    """
    nlp = spacy_nlp()
    docs = [nlp.make_doc(t) for t in texts]
    if not docs:
        return []
    ruler, lemmatizer = _fast_ruler(), _fast_lemmatizer()
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler" and ruler is not None:
            docs = [ruler(doc) for doc in docs]
        elif name == "lemmatizer" and lemmatizer is not None:
            docs = [lemmatizer(doc) for doc in docs]
        elif name == "ner":
            _recognise(docs, proc)
        else:
            docs = list(proc.pipe(docs, batch_size=len(docs)))
    return docs


def parse(text: str):
    """The spaCy Doc of one text (see :func:`parse_many`)."""
    return parse_many([text])[0]
