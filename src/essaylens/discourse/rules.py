"""A rules baseline for discourse elements, and the analysis-link finder.

The baseline labels sentences from their paragraph position and cue phrases
(the "paragraph-position rules" the trained model is measured against). The
analysis links are kept by the trained stage too: they tie each analysis
sentence to the evidence sentences it interprets.
"""

from __future__ import annotations

from ..essay import Essay, Span
from ..report.models import AnalysisLink, DiscourseElement, SpanRef
from . import cues


def paragraph_index(essay: Essay, span: Span) -> int:
    """Index of the body paragraph that holds ``span`` (0 when none does)."""
    for i, p in enumerate(essay.get("paragraphs", [])):
        if p.start <= span.start < p.end:
            return i
    return 0


def body_sentences(essay: Essay) -> list[Span]:
    """Sentences after the header."""
    return [s for s in essay.get("sentences", []) if s.start >= essay.body_start]


def label_sentences_by_rules(essay: Essay) -> list[tuple[Span, str]]:
    """One PERSUADE label per body sentence from position and cues."""
    paragraphs = essay.get("paragraphs", [])
    n_par = len(paragraphs)
    out: list[tuple[Span, str]] = []
    for pi, par in enumerate(paragraphs):
        sents = list(essay.sentences_in(par))
        is_intro = pi == 0 and n_par > 1
        is_concl = pi == n_par - 1 and n_par >= 3
        after_counter = False
        for si, s in enumerate(sents):
            text = essay.span_text(s)
            if is_intro:
                label = "Position" if (cues.POSITION.search(text) or si == len(sents) - 1) else "Lead"
            elif is_concl or cues.CONCLUSION.match(text):
                label = "Concluding Statement"
            elif cues.COUNTER.search(text):
                label, after_counter = "Counterclaim", True
            elif after_counter and cues.REBUTTAL.search(text):
                label, after_counter = "Rebuttal", False
            elif si == 0 or cues.CLAIM_OPENER.match(text) or cues.is_analysis(text):
                label = "Claim"
            else:
                label = "Evidence"
            out.append((s, label))
    return out


def merge_runs(essay: Essay, labelled: list[tuple[Span, str, float]]) -> list[DiscourseElement]:
    """Merge neighbouring sentences of one label within one paragraph into spans.

    Claims and positions stay one per sentence; evidence and leads merge.
    """
    out: list[DiscourseElement] = []
    mergeable = {"Evidence", "Lead", "Concluding Statement", "Counterclaim", "Rebuttal"}
    for span, label, conf in labelled:
        par = paragraph_index(essay, span)
        if out and out[-1].type == label and label in mergeable and out[-1].paragraph == par:
            prev = out[-1]
            n = (prev.end - prev.start) + len(span)
            merged_conf = (prev.confidence * (prev.end - prev.start) + conf * len(span)) / n
            out[-1] = DiscourseElement(type=label, start=prev.start, end=span.end,
                                       confidence=round(merged_conf, 4), paragraph=par)
        else:
            out.append(DiscourseElement(type=label, start=span.start, end=span.end,
                                        confidence=round(conf, 4), paragraph=par))
    return out


def find_analysis_links(essay: Essay, max_back: int = 4) -> list[AnalysisLink]:
    """Link each analysis sentence to the evidence sentences before it.

    The evidence an analysis sentence interprets is the run of non-analysis
    sentences that precede it in its paragraph, back to the previous analysis
    sentence or the paragraph's opening claim (at most ``max_back``). A sentence
    that states its own evidence ("The fact that X shows Y") links to itself
    when nothing precedes it.
    """
    links: list[AnalysisLink] = []
    discourse = essay.get("discourse", [])

    def is_claim_like(s: Span) -> bool:
        return any(d.type in {"Position", "Claim", "Lead"} and d.start <= s.start < d.end
                   and not cues.is_analysis(essay.span_text(s)) for d in discourse)

    for par in essay.get("paragraphs", []):
        sents = list(essay.sentences_in(par))
        for i, s in enumerate(sents):
            cue = cues.is_analysis(essay.span_text(s))
            if not cue:
                continue
            evidence: list[SpanRef] = []
            for prev in reversed(sents[max(0, i - max_back):i]):
                if cues.is_analysis(essay.span_text(prev)):
                    if not evidence:
                        # "This supports the idea..." right after an analysis
                        # sentence extends the same interpretation.
                        evidence = [SpanRef(start=e.start, end=e.end) for e in links[-1].evidence] if links else []
                    break
                if is_claim_like(prev) and prev is sents[0]:
                    break
                evidence.insert(0, SpanRef(start=prev.start, end=prev.end))
            if not evidence and essay.span_text(s).lower().startswith("the fact that"):
                evidence = [SpanRef(start=s.start, end=s.end)]
            links.append(AnalysisLink(start=s.start, end=s.end, cue=cue, evidence=evidence))
    return links
