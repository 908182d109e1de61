"""The holistic stage: a calibrated 1-6 score for the whole essay.

Features come from :mod:`.features` (length, vocabulary rarity, spelling,
discourse structure, content embedding); the trained model is
:mod:`.model`. Without the artefact the stage leaves the score empty and
says so in the report's warnings.
"""

from __future__ import annotations

from ..errors import Messages
from ..pipeline import stage
from ..report.models import BASIS_NEUTRAL, BASIS_PROMPTS, Scores
from .features import essay_features
from .model import MODEL_PATH, shipped_model


def holistic_features(essay, encode=None):
    """The scorer's feature row for an annotated essay with discourse elements.

    Args:
        essay: an essay with ``paragraphs``, ``sentences`` and ``discourse``
            (the structure features read ``discourse_raw``, the segmenter's
            elements without its class prior, when the essay has it).
        encode: sentence encoder (default: :func:`essaylens.embed.encode`).

    Returns:
        A float32 vector.
    """
    if encode is None:
        from ..embed import encode
    body_start = essay.header.body_start if essay.has("header") else 0
    text = essay.text
    sentences = [text[s.start:s.end] for s in essay.get("sentences", []) if s.start >= body_start]
    found = essay.get("discourse_raw", essay.get("discourse", []))
    elements = [(d.start - body_start, d.end - body_start, d.type) for d in found]
    return essay_features(text[body_start:], sentences, len(essay.get("paragraphs", [])), elements, encode)


def score_essay(essay, model=None) -> Scores:
    """Score one essay.

    Returns:
        ``Scores`` with the score, the calibrated probability of that score,
        the probability of every score and which scorer gave it (the one
        trained on the essays' prompts, or the topic-neutral one for an essay
        unlike them).
    """
    model = model or shipped_model()
    if model is None or not essay.get("sentences"):
        return Scores()
    body_start = essay.header.body_start if essay.has("header") else 0
    score, conf, probs, seen = model.score_with_basis(holistic_features(essay), essay.text[body_start:])
    return Scores(holistic=score, holistic_confidence=conf, holistic_probabilities=probs,
                  holistic_basis=BASIS_PROMPTS if seen else BASIS_NEUTRAL)


@stage("holistic", requires=("discourse", "tokens"), assigns=("scores",))
def holistic_stage(essay):
    if shipped_model() is None:
        from ..discourse.stage import add_warning

        add_warning(essay, Messages.E302.format(path=MODEL_PATH))
    essay.set("scores", score_essay(essay))
    return essay
