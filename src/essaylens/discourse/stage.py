"""The discourse and analysis stages.

``discourse_stage`` labels the body with PERSUADE's element types using the
trained segmenter (:mod:`.model`); when its artefact is missing it falls back
to the paragraph-position rules and says so in the report's warnings. When
the essay has a question, an introduction sentence that answers it in its
own terms is the Position (:mod:`.thesis`); the holistic scorer's
``discourse_raw`` layer stays the model's own decode.
``analysis_stage`` links each analysis sentence to the evidence it interprets.
"""

from __future__ import annotations

from ..errors import Messages
from ..pipeline import stage
from ..report.models import DiscourseElement
from .model import MODEL_PATH, shipped_model
from .analysis import find_analysis_links
from .thesis import place_thesis
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
    return predict_discourse_views(essay, model, encode)[0]


def predict_discourse_views(essay, model=None, encode=None) -> tuple[list[DiscourseElement], list[DiscourseElement]]:
    """(elements, elements decoded without the class prior), from one pass of the classifier.

    The second list is what the holistic scorer's structure features read
    (it was trained on them); it is the first list itself when the model has
    no class prior. Arguments as :func:`predict_discourse`.
    """
    if model is None:
        model = shipped_model()
    if encode is None:
        from ..embed import encode
    paragraphs = [(p.start, p.end) for p in essay.get("paragraphs", [])]
    sentences = [(s.start, s.end) for s in body_sentences(essay)]
    with_prior, without = model.predict_views(essay.text, paragraphs, sentences, encode)

    def elements(rows):
        return [DiscourseElement(type=t, start=s, end=e, confidence=round(float(c), 4), paragraph=par)
                for s, e, t, c, par in rows]

    out = elements(with_prior)
    return out, (out if without is with_prior else elements(without))


@stage("discourse", requires=("sentences", "paragraphs", "header"), assigns=("discourse", "discourse_raw"))
def discourse_stage(essay):
    if shipped_model() is None:
        add_warning(essay, Messages.E301.format(path=MODEL_PATH))
        labelled = [(s, label, 0.5) for s, label in label_sentences_by_rules(essay)]
        elements = merge_runs(essay, labelled)
        essay.set("discourse", place_thesis(essay, elements))
        essay.set("discourse_raw", elements)
        return essay
    elements, raw = predict_discourse_views(essay)
    # The question, when the essay has one, shows a thesis the model read as a lead.
    essay.set("discourse", place_thesis(essay, elements))
    essay.set("discourse_raw", raw)
    return essay


@stage("analysis", requires=("discourse", "sentences"), assigns=("analysis_links",))
def analysis_stage(essay):
    essay.set("analysis_links", find_analysis_links(essay))
    return essay
