"""The annotate stage: spaCy over the essay, stored as spans into its text."""

from __future__ import annotations

from ..essay import Essay, Span, Token
from ..pipeline import stage
from ..resources import spacy_nlp
from .header import detect_header, split_lines
from .mentions import find_dates, find_numbers
from .parse import parse


def _paragraphs(text: str, body_start: int) -> list[Span]:
    """Body paragraphs: each non-empty line after the header."""
    return [Span(line.start, line.end) for line in split_lines(text) if line.start >= body_start]


def layout(text: str, doc, body_start: int) -> tuple[list[Span], list[Span]]:
    """Body paragraphs and sentences of ``text`` from a Doc's sentence boundaries.

    A sentence never crosses a paragraph break, and a piece split off
    mid-sentence is joined back (:func:`_merge_fragments`). Shared by the full
    annotation and the structure-only one (:mod:`.structure`), so the two
    cut sentences by the same rules whichever component found the boundaries.
    """
    paragraphs = _paragraphs(text, body_start)
    sentences: list[Span] = []
    bounds = [(p.start, p.end) for p in paragraphs]
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        for ps, pe in bounds:
            lo, hi = max(s, ps), min(e, pe)
            if lo < hi:
                piece = text[lo:hi]
                lstrip = len(piece) - len(piece.lstrip())
                rstrip = len(piece) - len(piece.rstrip())
                if hi - rstrip > lo + lstrip:
                    sentences.append(Span(lo + lstrip, hi - rstrip))
    return paragraphs, _merge_fragments(text, sentences)


def annotate_text(essay: Essay, doc=None) -> Essay:
    """Assign the linguistic layers to ``essay``.

    Args:
        essay: an essay with no layers yet (settings aside).
        doc: an already-parsed spaCy Doc of ``essay.text`` (batch use).
    """
    nlp = spacy_nlp()
    text = essay.text
    header = detect_header(text, nlp)
    if doc is None:
        doc = parse(text)
    paragraphs, sentences = layout(text, doc, header.body_start)
    tokens = [
        Token(t.idx, t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
              t.is_stop, t.like_num, t.ent_type_)
        for t in doc
        if not t.is_space
    ]
    entities = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]
    dates = find_dates(text)
    essay.set("header", header)
    essay.set("doc", doc)
    essay.set("paragraphs", paragraphs)
    essay.set("sentences", sentences)
    essay.set("tokens", tokens)
    essay.set("entities", entities)
    essay.set("dates", dates)
    essay.set("numbers", find_numbers(text, dates))
    return essay


def _merge_fragments(text: str, sentences: list[Span]) -> list[Span]:
    """Join a piece the parser split off mid-sentence (no capital, no end mark)."""
    out: list[Span] = []
    for s in sentences:
        if out:
            prev = out[-1]
            gap = text[prev.end:s.start]
            piece = text[s.start:s.end]
            if "\n" not in gap and (piece[:1].islower() or text[prev.end - 1] not in ".!?\"”'’)"):
                if len(text[prev.start:prev.end].split()) < 3 or piece[:1].islower():
                    out[-1] = Span(prev.start, s.end)
                    continue
        out.append(s)
    return out


annotate_stage = stage(
    "annotate",
    requires=("text",),
    assigns=("header", "doc", "paragraphs", "sentences", "tokens", "entities", "dates", "numbers"),
)(lambda essay: annotate_text(essay))
