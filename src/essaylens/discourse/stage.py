"""The discourse and analysis stages.

``discourse_stage`` labels the body with PERSUADE's element types using the
trained segmenter (:mod:`.model`); when its artefact is missing it falls back
to the paragraph-position rules and says so in the report's warnings.
``analysis_stage`` links each analysis sentence to the evidence it interprets.
"""

from __future__ import annotations

from ..errors import Messages
from ..pipeline import stage
from ..report.models import DiscourseElement
from .model import MODEL_PATH, shipped_model
from .analysis import find_analysis_links
from .rules import body_sentences, label_sentences_by_rules, merge_runs


def add_warning(essay, message: str) -> None:
    """Append a line to the essay's ``warnings`` layer (created on first use)."""
    warnings = essay.get("warnings")
    if warnings is None:
        essay.set("warnings", [message])
    elif message not in warnings:
        warnings.append(message)


def predict_discourse(essay, model=None, encode=None) -> list[DiscourseElement]:
    """Discourse elements of an annotated essay from the trained model.

    Args:
        essay: an essay with ``paragraphs`` and ``sentences``.
        model: a :class:`~.model.DiscourseModel` (default: the shipped one).
        encode: the sentence encoder (default: :func:`essaylens.embed.encode`).

    Returns:
        Elements in text order, offsets into the full text.
    """
    if model is None:
        model = shipped_model()
    if encode is None:
        from ..embed import encode
    paragraphs = [(p.start, p.end) for p in essay.get("paragraphs", [])]
    sentences = [(s.start, s.end) for s in body_sentences(essay)]
    return [DiscourseElement(type=t, start=s, end=e, confidence=round(float(c), 4), paragraph=par)
            for s, e, t, c, par in model.predict(essay.text, paragraphs, sentences, encode)]


@stage("discourse", requires=("sentences", "paragraphs", "header"), assigns=("discourse",))
def discourse_stage(essay):
    if shipped_model() is None:
        add_warning(essay, Messages.E301.format(path=MODEL_PATH))
        labelled = [(s, label, 0.5) for s, label in label_sentences_by_rules(essay)]
        essay.set("discourse", merge_runs(essay, labelled))
        return essay
    essay.set("discourse", predict_discourse(essay))
    return essay


@stage("analysis", requires=("discourse", "sentences"), assigns=("analysis_links",))
def analysis_stage(essay):
    essay.set("analysis_links", find_analysis_links(essay))
    return essay
