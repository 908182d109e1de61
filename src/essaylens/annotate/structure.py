"""Structure-only annotation: header, paragraphs and sentences, no tags, parse or entities.

``essaylens segment`` needs only where the paragraphs and sentences are: the
discourse segmenter reads offsets, and the holistic scorer reads the text,
its sentences and the elements. The full parse (tagger, parser, lemmatiser,
entities) is what makes ``essaylens analyze`` cost about a tenth of a second
per essay, so this annotation finds the sentence boundaries with the small
model's own ``senter`` component instead (it ships in ``en_core_web_sm``,
disabled by default; about 28x faster than the parse on PERSUADE essays on
this project's 2-core machine). Paragraphs and the header come from exactly
the same code as the full annotation, and the sentences are cut and merged
by the same rules (:func:`.stage.layout`).

The senter's boundaries are not the parser's (80% of the parser's
sentences are found exactly; the senter splits less), but the segmenter
does not suffer: over the five training folds a model trained on parser
sentences scored the same macro-F1 on senter sentences (MODEL_CARD.md,
"Structure-only runs").
"""

from __future__ import annotations

import functools
from typing import Iterable

from ..essay import Essay
from ..resources import SPACY_MODEL, spacy_nlp
from .header import detect_header
from .stage import layout

#: Components of the small English model that the structure annotation leaves out.
_LEFT_OUT = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@functools.lru_cache(maxsize=1)
def senter_nlp():
    """The tokenizer and sentence recogniser of the spaCy model, loaded once per process."""
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=list(_LEFT_OUT))
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    nlp.max_length = 2_000_000
    return nlp


def sentence_docs(texts: Iterable[str], batch_size: int = 64) -> list:
    """spaCy Docs of ``texts`` with sentence boundaries only (one batch through the senter)."""
    return list(senter_nlp().pipe(list(texts), batch_size=batch_size))


def _full_model_on_call(text: str):
    return spacy_nlp()(text)


def annotate_structure(essay: Essay, doc=None) -> Essay:
    """Set ``header``, ``paragraphs`` and ``sentences`` on ``essay``.

    Args:
        essay: an essay with no layers yet.
        doc: a Doc of ``essay.text`` from :func:`sentence_docs` (batch use);
            parsed here when None.

    Returns:
        The same essay. It has no ``tokens``, ``entities`` or ``doc`` layer,
        so only the discourse stage and :func:`essaylens.scoring.holistic.score_essay`
        can run on it.
    """
    text = essay.text
    # The header test asks the full model's entity recogniser about short
    # lines above the body, as the full annotation does, so both find the
    # same body; the full model loads only when such a line exists.
    header = detect_header(text, _full_model_on_call)
    if doc is None:
        doc = sentence_docs([text])[0]
    paragraphs, sentences = layout(text, doc, header.body_start)
    essay.set("header", header)
    essay.set("paragraphs", paragraphs)
    essay.set("sentences", sentences)
    return essay
