"""Features of a whole essay for the holistic scorer.

Four families, all computed from the text and its discourse elements:

* length and layout: words, sentences, paragraphs, sentence length;
* vocabulary: type-token ratio, word length, rarity from ``wordfreq`` Zipf
  frequencies (share of words below Zipf 3 and 4, mean Zipf);
* mechanics: share of words ``pyspellchecker`` does not know, lower-case
  "i", sentences that open in lower case, commas per sentence;
* structure: counts and word coverage of each discourse type;
* content: the mean sentence embedding (static model, 256 dims);
* shape and style: paragraph and sentence length spread, low percentiles
  of word rarity, rare-word count, vocabulary size, semicolons, colons,
  quotes, brackets, connectives, spacing errors, capitals, distinct word
  pairs;
* counts over thresholds (appended last): paragraphs longer than n
  characters, sentences longer than n words, words of at least n letters;
  the first and last paragraph's length, misspellings by kind (distinct,
  long, capitalised), sentence-initial conjunctions, text-speak.

Pure functions; the encoder is passed in.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Callable, Sequence

import numpy as np

from ..discourse.features import LABELS

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CONNECTIVES = re.compile(r"\b(however|therefore|moreover|furthermore|although|consequently|thus)\b")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])")
_PLAIN_LINKS = re.compile(r"\b(and|but|because|so)\b")
_LINE_OPENS_WITH_LINK = re.compile(r"(?m)^\s*(and|but|because|so)\b")
_LOWER_AFTER_STOP = re.compile(r"[.!?]\s+[a-z]")
_TEXT_SPEAK = re.compile(r"\b(?:gonna|wanna|u|ur|dont|cant|im|thats|doesnt|wont)\b")
TYPES = [lab for lab in LABELS if lab != "None"]
# Thresholds of the count columns: paragraph characters, sentence words, word letters.
PARAGRAPH_CHARS = (50, 100, 200, 300, 400, 500, 700)
SENTENCE_WORDS = (5, 10, 15, 20, 25, 30, 40)
WORD_LETTERS = (5, 6, 7, 8, 9, 10, 12, 14)


@functools.lru_cache(maxsize=1)
def _spell():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


#: British endings and the American ones ``pyspellchecker``'s list knows them by.
BRITISH_ENDINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
    ("ising", "izing"), ("iser", "izer"), ("isers", "izers"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"), ("ourite", "orite"),
    ("ourable", "orable"), ("ourful", "orful"), ("ourless", "orless"), ("ourer", "orer"),
    ("tre", "ter"), ("tres", "ters"), ("ence", "ense"), ("ences", "enses"), ("ogue", "og"), ("ogues", "ogs"),
    ("mme", "m"), ("mmes", "ms"), ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("llers", "lers"),
    ("que", "ck"), ("ques", "cks"),
)
#: A capitalised word after a lower-case word or a comma: a name, not a sentence opening.
_NAME_INSIDE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)\b")


def _american(word: str) -> list[str]:
    return [word[: -len(gb)] + us for gb, us in BRITISH_ENDINGS if word.endswith(gb) and len(word) > len(gb) + 2]


def misspelt_words(words: Sequence[str], text: str = "") -> set[str]:
    """The lower-cased words of ``words`` the spelling list does not know.

    ``pyspellchecker``'s English list is American: a British pupil's
    "organised", "defence" or "programme" is not a slip, and neither is a name
    ("Schlieffen", "Sovnarkom") that a history essay has to use. So a word
    counts as misspelt only when

    * the list does not know it (no apostrophe, two letters or more);
    * no British ending of it, turned American (:data:`BRITISH_ENDINGS`), gives
      a word the list knows;
    * it is not a name: a word written with a capital every time, at least
      once inside a sentence (after a lower-case word), and not one letter
      away from a word the list knows ("Electorial" is a slip), is one, and
      so is a word written in capitals every time ("HMS", "II").

    Args:
        words: the essay's words as written (:data:`_WORD` matches).
        text: the essay text (to tell a capital inside a sentence from one
            that opens it).
    """
    spell = _spell()
    lower = {w.lower() for w in words}
    unknown = spell.unknown([w for w in lower if "'" not in w and len(w) > 1])
    unknown = {w for w in unknown if not spell.known(_american(w))}
    if unknown and text:
        inside = {m.group(1).lower() for m in _NAME_INSIDE.finditer(text)}
        capital, acronym = set(unknown), set(unknown)
        for w in words:
            low = w.lower()
            if low in unknown:
                if not w[:1].isupper():
                    capital.discard(low)
                if not w.isupper():
                    acronym.discard(low)
        # A capitalised slip of a common word ("the Electorial College") is one letter
        # from it; a name is not ("Schlieffen", "Sovnarkom").
        names = {w for w in capital & inside if not spell.candidates(w)}
        unknown -= names | acronym
    return unknown



@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def split_sentences(text: str) -> list[str]:
    """A light sentence split (used only where no parse is at hand)."""
    out = []
    for par in text.splitlines():
        out.extend(s for s in _SENT.split(par.strip()) if s.strip())
    return out


def essay_features(text: str, sentences: Sequence[str], n_paragraphs: int,
                   elements: Sequence[tuple[int, int, str]], encode: Callable[[list[str]], np.ndarray]
                   ) -> np.ndarray:
    """One feature row for an essay body.

    Args:
        text: the essay body.
        sentences: its sentences as strings.
        n_paragraphs: number of body paragraphs.
        elements: (start, end, type) discourse elements, offsets into ``text``.
        encode: sentence encoder (L2-normalised rows).

    Returns:
        A float32 vector (see :func:`feature_names`).
    """
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    n = max(len(words), 1)
    ns = max(len(sentences), 1)
    zipfs = np.array([_zipf(w) for w in lower]) if lower else np.zeros(1)
    unknown = misspelt_words(words, text)
    misspelt = sum(1 for w in lower if w in unknown)
    sent_lens = [len(s.split()) for s in sentences] or [0]
    row = [
        math.log1p(len(words)), math.log1p(len(sentences)), float(n_paragraphs), float(np.mean(sent_lens)),
        float(np.std(sent_lens)), len(set(lower)) / n, len(set(lower)) / math.sqrt(n),
        float(np.mean([len(w) for w in words])) if words else 0.0, sum(len(w) >= 7 for w in words) / n,
        float(zipfs.mean()), float((zipfs < 3).mean()), float((zipfs < 4).mean()), float((zipfs < 1).mean()),
        misspelt / n, math.log1p(misspelt), len(re.findall(r"\bi\b", text)) / n,
        sum(1 for s in sentences if s[:1].islower()) / ns, text.count(",") / ns,
        text.count("!") / ns, text.count("?") / ns, len(words) / max(n_paragraphs, 1),
    ]
    span_words = {t: 0 for t in TYPES}
    counts = {t: 0 for t in TYPES}
    for s, e, t in elements:
        if t in counts:
            counts[t] += 1
            span_words[t] += len(text[s:e].split())
    row += [float(counts[t]) for t in TYPES] + [span_words[t] / n for t in TYPES]
    emb = np.asarray(encode(list(sentences)), dtype=np.float32) if sentences else None
    mean = emb.mean(0) if emb is not None and len(emb) else np.zeros(256, np.float32)
    return np.concatenate([np.asarray(row, dtype=np.float32), mean, style_features(text, sentences),
                           threshold_features(text, sentences, words, unknown)]).astype(np.float32)


def style_features(text: str, sentences: Sequence[str]) -> np.ndarray:
    """Shape and style columns (see :func:`feature_names`, the last 23).

    Paragraphs are the non-blank lines of ``text``, so the columns do not
    depend on which parser produced the layout.

    Args:
        text: the essay body.
        sentences: its sentences as strings.

    Returns:
        A float32 vector of 23 values.
    """
    par_lens = [len(line.split()) for line in text.split("\n") if line.strip()] or [0]
    sent_lens = [len(s.split()) for s in sentences] or [0]
    words = [w.lower() for w in _WORD.findall(text)]
    n = max(len(words), 1)
    vocab = set(words)
    z = np.array([_zipf(w) for w in words]) if words else np.zeros(1)
    uz = np.array(sorted(_zipf(w) for w in vocab)) if words else np.zeros(1)
    pairs = {words[k] + " " + words[k + 1] for k in range(len(words) - 1)}
    row = [
        np.mean(par_lens), np.std(par_lens), np.min(par_lens), np.max(par_lens),
        np.percentile(sent_lens, 10), np.percentile(sent_lens, 90), np.max(sent_lens),
        np.percentile(z, 5), np.percentile(z, 10), np.percentile(z, 25), np.percentile(uz, 10), np.percentile(uz, 25),
        sum(1 for w in vocab if _zipf(w) < 3), len(vocab), text.count(";") / n, text.count(":") / n,
        text.count('"') / n, text.count("(") / n, len(_CONNECTIVES.findall(text.lower())) / n,
        len(re.findall(r"[a-z]\.[A-Z]", text)) / n, len(re.findall(r"\s[,.]", text)) / n,
        sum(c.isupper() for c in text) / max(len(text), 1), len(pairs) / n,
    ]
    return np.asarray(row, dtype=np.float32)


def threshold_features(text: str, sentences: Sequence[str], words: Sequence[str], unknown: set[str]
                       ) -> np.ndarray:
    """Counts over length thresholds and kinds of error (see :func:`feature_names`, the last 47).

    Raters reward long, developed paragraphs and sentences and a mature
    vocabulary; counts above thresholds let the trees find those steps
    directly instead of through means and spreads.

    Args:
        text: the essay body; paragraphs are its non-blank lines.
        sentences: its sentences as strings.
        words: its words (:data:`_WORD` matches), as written.
        unknown: the lower-cased words the spelling checker does not know.

    Returns:
        A float32 vector of 47 values.
    """
    pars = [line for line in text.split("\n") if line.strip()]
    par_chars = np.array([len(p) for p in pars] or [0])
    par_words = np.array([len(p.split()) for p in pars] or [0])
    sent_words = np.array([len(s.split()) for s in sentences] or [0])
    sent_chars = np.array([len(s) for s in sentences] or [0])
    letters = np.array([len(w) for w in words] or [0])
    lower = [w.lower() for w in words]
    n = max(len(words), 1)
    misspelt = [w for w in lower if w in unknown]
    low = text.lower()
    row = [float((par_chars > t).sum()) for t in PARAGRAPH_CHARS]
    row += [float((sent_words > t).sum()) for t in SENTENCE_WORDS]
    row += [float((letters >= t).sum()) for t in WORD_LETTERS]
    row += [float((letters >= 8).mean()), float((letters >= 10).mean())]
    row += [
        len(text), math.log1p(len(text)), sent_chars.mean(), sent_chars.max(), np.percentile(sent_chars, 75),
        np.percentile(par_words, 25), np.median(par_words), par_words[0], par_words[-1], len(pars),
        (par_words < 20).sum(), len(unknown), len(misspelt), len(set(misspelt)) / max(len(set(lower)), 1),
        sum(len(w) > 6 for w in misspelt), sum(w[:1].isupper() for w, w_low in zip(words, lower) if w_low in unknown),
        letters.std(), sum(c.isdigit() for c in text) / n, text.count("'") / n,
        len(_PLAIN_LINKS.findall(low)) / n, len(_LINE_OPENS_WITH_LINK.findall(low)),
        len(_LOWER_AFTER_STOP.findall(text)), len(_TEXT_SPEAK.findall(low)),
    ]
    return np.asarray(row, dtype=np.float32)


def feature_names() -> list[str]:
    """Names of the columns :func:`essay_features` returns (embedding columns as emb_k)."""
    base = ["log_words", "log_sentences", "paragraphs", "sent_len_mean", "sent_len_std", "ttr", "root_ttr",
            "word_len", "long_words", "zipf_mean", "zipf_lt3", "zipf_lt4", "zipf_lt1", "misspelt_rate",
            "log_misspelt", "lower_i", "lower_starts", "commas_per_sent", "exclaim", "question",
            "words_per_par"]
    base += [f"n_{t}" for t in TYPES] + [f"cover_{t}" for t in TYPES]
    style = ["par_len_mean", "par_len_std", "par_len_min", "par_len_max", "sent_len_p10", "sent_len_p90",
             "sent_len_max", "zipf_p5", "zipf_p10", "zipf_p25", "vocab_zipf_p10", "vocab_zipf_p25", "n_rare_types",
             "n_types", "semicolons", "colons", "quotes", "brackets", "connectives", "missing_space",
             "space_before_punct", "capitals", "bigram_ratio"]
    counts = ([f"pars_over_{t}_chars" for t in PARAGRAPH_CHARS] + [f"sents_over_{t}_words" for t in SENTENCE_WORDS]
              + [f"words_{t}_letters_plus" for t in WORD_LETTERS] + ["share_8_letters_plus", "share_10_letters_plus"])
    counts += ["chars", "log_chars", "sent_chars_mean", "sent_chars_max", "sent_chars_p75", "par_words_p25",
               "par_words_median", "first_par_words", "last_par_words", "lines", "short_pars", "misspelt_types",
               "misspelt_tokens", "misspelt_type_share", "misspelt_long", "misspelt_capitalised", "word_len_std",
               "digits", "apostrophes", "plain_links", "line_opening_links", "lower_after_stop", "text_speak"]
    return base + [f"emb_{k}" for k in range(256)] + style + counts
