"""The trained discourse segmenter: unit classifier plus span merging.

:class:`DiscourseModel` wraps fitted classifiers over the unit features of
:mod:`essaylens.discourse.features`. Each unit's class probabilities are the
mean of two views: one over all the features (embeddings included), one over
the structural features alone (position, cues, cosines, context; no
embedding columns), which is less swayed by the embeddings' noise. An
optional stacked pass (off in the shipped recipe) adds the neighbouring
units' probabilities. The structural rules of :func:`decode` then run, and
neighbouring units of one label merge into elements.

The artefact is one gzipped pickle of numpy structures under
``discourse/models``; it loads lazily, once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import cues
from . import features
from .features import LABELS, Unit, make_units, merge_units, unit_features

#: The structural rules :func:`decode` applies by default.
RULES = ("claim", "aside", "thesis", "counter", "smooth", "sentence_end", "rebuttal")
#: Confidence reported for a unit whose label a structural rule set.
RULE_CONFIDENCE = 0.6

MODEL_PATH = Path(__file__).resolve().parent / "models" / "discourse.pkl.gz"


def full_probs(clf, X: np.ndarray, n_labels: int) -> np.ndarray:
    """``predict_proba`` with one column per label id, zeros for classes never seen in training."""
    p = clf.predict_proba(X)
    classes = getattr(clf, "classes_", None)
    if classes is None:
        classes = getattr(clf, "classes", None)
    if classes is None:
        classes = np.arange(p.shape[1])
    out = np.zeros((len(X), n_labels))
    out[:, np.asarray(classes, dtype=int)] = p
    return out


def rescale_probs(probs: np.ndarray, labels: Sequence[str], scale: dict[str, float]) -> np.ndarray:
    """The class prior correction: multiply each label's column by its factor in ``scale``, renormalise rows."""
    if not scale:
        return probs
    w = np.ones(len(labels))
    for label, factor in scale.items():
        w[list(labels).index(label)] = factor
    q = probs * w
    return q / np.maximum(q.sum(1, keepdims=True), 1e-12)


def neighbour_probs(units: Sequence[Unit], probs: np.ndarray) -> np.ndarray:
    """Stacking features: the previous and next units' class probabilities.

    Args:
        units: the essay's units.
        probs: first-pass probabilities, one row per unit.

    Returns:
        Array of ``2 * n_classes + 2`` columns (zeros where no neighbour sits
        in the same paragraph, plus two flags for that).
    """
    n, k = probs.shape
    out = np.zeros((n, 2 * k + 2), dtype=np.float32)
    for i, u in enumerate(units):
        if i > 0 and units[i - 1].paragraph == u.paragraph:
            out[i, :k] = probs[i - 1]
            out[i, 2 * k] = 1.0
        if i + 1 < n and units[i + 1].paragraph == u.paragraph:
            out[i, k:2 * k] = probs[i + 1]
            out[i, 2 * k + 1] = 1.0
    return out


def decode(units: Sequence[Unit], probs: np.ndarray, labels: Sequence[str], texts: Sequence[str] | None = None,
           min_claim: float = 0.05, rules: Sequence[str] = RULES) -> tuple[list[str], np.ndarray]:
    """Unit labels from probabilities, with structural priors.

    Args:
        units: the essay's units.
        probs: class probabilities, one row per unit.
        labels: class names of the columns.
        texts: the units' texts (the cue rules need them; None skips them).
        min_claim: the claim rule's probability floor.
        rules: the names of the rules to apply.

    Argmax per unit, then (when ``texts`` are given) the structural rules
    named in ``rules``, each measured by cross-validation (MODEL_CARD.md):

    * ``claim``: a body paragraph of evidence alone (no claim, position,
      counterclaim or conclusion) opens with a claim when the model gives its
      first unit at least ``min_claim`` probability of being one;
    * ``aside``: a unit wholly in brackets is an aside, never a position or a
      claim: it joins its neighbour's element;
    * ``thesis``: when the introduction states a position with an explicit
      cue ("I will argue", "I believe") but the model put the Position on a
      unit without one, the cue unit becomes the Position;
    * ``counter``: a body unit that opens by reporting an opposing view ("Some
      people argue...", "There is, however, a case for...") is a
      Counterclaim, and the first later unit of its paragraph (or the opening
      of the next body paragraph) that answers it ("However...", "Yet this
      view...") is a Rebuttal; a concession ("Yes, ...", "It is true
      that...") followed at once by such a reply is a Counterclaim too;
    * ``sentence_end``: a Concluding Statement opens a sentence; a later
      clause predicted as one, after a first clause of another element,
      continues that element;
    * ``smooth`` (applied first): a weakly predicted unit between two units
      of one label in its paragraph takes that label;
    * ``rebuttal`` (applied last): a Rebuttal with no Counterclaim before it
      in the essay takes its likeliest other label (in the labelled essays
      247 of 248 and 16 of 16 rebuttals follow a counterclaim).

    Returns:
        (labels, confidence of each label).
    """
    argmax = probs.argmax(1)
    idx = argmax.copy()
    lab_id = {lab: i for i, lab in enumerate(labels)}
    claim, evidence = lab_id.get("Claim"), lab_id.get("Evidence")
    framing = {lab_id[x] for x in ("Claim", "Position", "Counterclaim", "Concluding Statement", "Lead")
               if x in lab_id}
    pars: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        pars.setdefault(u.paragraph, []).append(i)
    if "claim" in rules and claim is not None and evidence is not None:
        for members in pars.values():
            if (len(members) >= 3 and idx[members[0]] == evidence
                    and not any(idx[i] in framing for i in members) and probs[members[0], claim] >= min_claim):
                idx[members[0]] = claim
    if texts is not None and {"Lead", "Position", "Counterclaim", "Rebuttal"} <= set(lab_id):
        _structural(units, texts, idx, probs, lab_id, pars, rules)
    conf = probs[np.arange(len(idx)), idx]
    # A label set by a rule rests on the rule's precision, not on the model.
    conf = np.where(idx != argmax, np.maximum(conf, RULE_CONFIDENCE), conf)
    return [labels[i] for i in idx], conf


def _structural(units, texts, idx, probs, lab_id, pars, rules) -> None:
    """Apply the cue-based rules of :func:`decode` in place."""
    order = sorted(pars)
    intro = order[0] if len(order) >= 2 else None
    last = order[-1] if len(order) >= 3 else None
    pos, lead, none = lab_id["Position"], lab_id["Lead"], lab_id["None"]
    argue = {pos, lab_id["Claim"], lab_id["Counterclaim"], lab_id["Rebuttal"]}
    if "smooth" in rules:
        for members in pars.values():
            for a, b, c in zip(members, members[1:], members[2:]):
                if idx[a] == idx[c] != idx[b] and probs[b, idx[b]] < 0.6 and idx[a] not in (lab_id["Claim"], none):
                    idx[b] = idx[a]
    if "aside" in rules:
        for i, t in enumerate(texts):
            if idx[i] in argue and cues.PARENTHETICAL.match(t):
                members = pars[units[i].paragraph]
                k = members.index(i)
                nb = members[k - 1] if k > 0 else (members[k + 1] if k + 1 < len(members) else None)
                idx[i] = idx[nb] if nb is not None and idx[nb] not in argue else (lead if units[i].paragraph == intro
                                                                               else none)
    if "thesis" in rules and intro is not None:
        members = pars[intro]
        cued = [i for i in members if cues.POSITION.search(texts[i]) and not cues.PARENTHETICAL.match(texts[i])]
        placed = [i for i in members if idx[i] == pos]
        if cued and not any(i in cued for i in placed):
            best = max(cued, key=lambda i: (probs[i, pos], -i))
            for i in placed:
                idx[i] = lead if i < best else none
            idx[best] = pos
            # The rest of the thesis sentence belongs to it.
            for j in members:
                if j > best and units[j].sentence == units[best].sentence and idx[j] in (lead, none):
                    idx[j] = pos
    if "sentence_end" in rules:
        # A conclusion opens a sentence: a later clause of a sentence whose
        # first clause is something else ("..., which supports the idea
        # that...") goes on with that sentence's element.
        conc = lab_id["Concluding Statement"]
        for i, u in enumerate(units):
            if idx[i] == conc and u.piece > 0 and idx[i - 1] != conc and idx[i - 1] != none:
                idx[i] = idx[i - 1]
    if "counter" in rules:
        cc, rb = lab_id["Counterclaim"], lab_id["Rebuttal"]
        body = [p for p in order if p != intro and p != last]
        for pi, p in enumerate(body):
            members = pars[p]
            for k, i in enumerate(members):
                reply = next((j for j in members[k + 1:k + 5] if cues.REPLY.match(texts[j])), None)
                if not cues.OPPOSING_VIEW.match(texts[i]):
                    # A concession counts only when the next unit answers it.
                    if not (cues.CONCESSION.match(texts[i]) and reply == (members[k + 1] if k + 1 < len(members)
                                                                         else None)):
                        continue
                idx[i] = cc
                if reply is None and k == 0 and pi + 1 < len(body) and units[i].paragraph + 1 == body[pi + 1]:
                    first = pars[body[pi + 1]][0]
                    reply = first if cues.REPLY.match(texts[first]) else None
                if reply is not None:
                    idx[reply] = rb
                break
    if "rebuttal" in rules:
        # A rebuttal answers a counterclaim: one with no counterclaim before
        # it takes its likeliest other label.
        cc, rb = lab_id["Counterclaim"], lab_id["Rebuttal"]
        seen = False
        for i in range(len(idx)):
            seen = seen or idx[i] == cc
            if idx[i] == rb and not seen:
                row = probs[i].copy()
                row[rb] = -1.0
                idx[i] = int(row.argmax())


class DiscourseModel:
    """Unit classifier (two views, optional stacked pass) and the labels it predicts.

    Args:
        first: fitted classifier over unit features (``predict_proba``).
        second: fitted classifier over unit features + neighbour probabilities.
        labels: class names in the classifiers' column order.
        info: training facts recorded with the artefact (metrics, sizes).
        structural: fitted classifier over the structural view (or None).
        columns: (full, structural) column indices of the feature matrix that
            ``first`` and ``structural`` read (:func:`.features.view_columns`);
            None: ``first`` reads every column.
        class_scale: per-label multipliers applied to the probabilities before
            decoding (a prior correction for classes the classifier
            under-predicts; fitted by :func:`essaylens.training.discourse.fit_class_scale`).
        sequence: the GRU view over the essay's units (:class:`.sequence.SequenceModel`,
            or a :class:`.sequence.SequenceEnsemble` of several) whose
            probabilities are averaged with the tree views', or None.
        opener_words: the width of the opener block the model was trained
            with (None: :data:`.features.OPENER_WORDS`).
        unit_ngrams: a ridge over each unit's word n-grams
            (:class:`essaylens.scoring.ngrams.NgramRidge`, one score per
            label) whose scores join the features
            (:func:`.features.insert_unit_columns`), or None.
    """

    def __init__(self, first, second, labels: Sequence[str] = LABELS, info: dict | None = None,
                 structural=None, columns: tuple[np.ndarray, np.ndarray] | None = None,
                 class_scale: dict[str, float] | None = None, sequence=None, opener_words: int | None = None,
                 unit_ngrams=None):
        self.first = first
        self.second = second
        self.labels = tuple(labels)
        self.info = info or {}
        self.structural = structural
        self.columns = columns
        self.class_scale = dict(class_scale or {})
        self.sequence = sequence
        # The opener block's width the model was trained with (None: the
        # current default); recorded in the artefact so that run time
        # featurises units exactly as training did.
        self.opener_words = features.OPENER_WORDS if opener_words is None else int(opener_words)
        self.unit_ngrams = unit_ngrams

    def unit_probs(self, units: Sequence[Unit], X: np.ndarray) -> np.ndarray:
        """Class probabilities for already-featurised units, with the class prior applied."""
        return rescale_probs(self.raw_probs(units, X), self.labels, self.class_scale)

    def raw_probs(self, units: Sequence[Unit], X: np.ndarray) -> np.ndarray:
        """The classifiers' own probabilities, no class prior.

        The two tree views are averaged; with a sequence view
        (:class:`.sequence.SequenceModel`, a GRU over the essay's units) that
        average is averaged again with it; then the stacked pass, if any.
        """
        if len(units) == 0:
            return np.zeros((0, len(self.labels)))
        full = X if self.columns is None else X[:, self.columns[0]]
        p1 = full_probs(self.first, full, len(self.labels))
        if self.structural is not None:
            p1 = 0.5 * (p1 + full_probs(self.structural, X[:, self.columns[1]], len(self.labels)))
        if self.sequence is not None:
            p1 = 0.5 * (p1 + self.sequence.predict_proba(X))
        if self.second is None:
            return p1
        return full_probs(self.second, np.hstack([full, neighbour_probs(units, p1)]), len(self.labels))

    def predict(self, text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]],
                encode: Callable[[list[str]], np.ndarray], prior: bool = True) -> list[tuple[int, int, str, float, int]]:
        """Elements of one essay.

        Args:
            text: the essay text.
            paragraphs: body paragraph offsets.
            sentences: body sentence offsets.
            encode: the sentence encoder the model was trained with.
            prior: apply :attr:`class_scale` (False: decode the classifier's
                own probabilities, as the holistic scorer's features do).

        Returns:
            (start, end, type, confidence, paragraph) tuples in text order.
        """
        with_prior, without = self.predict_views(text, paragraphs, sentences, encode)
        return with_prior if prior else without

    def predict_views(self, text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]],
                      encode: Callable[[list[str]], np.ndarray]) -> tuple[list[tuple], list[tuple]]:
        """(elements with the class prior, elements without it) of one essay, from one pass of the classifiers.

        The two lists are the same object when the model has no class prior.
        """
        units = make_units(text, paragraphs, sentences)
        if not units:
            return [], []
        X = self.features(text, units, len(paragraphs), encode)
        expected = None if self.columns is None else len(self.columns[0]) + features.N_CONTEXT
        if expected is not None and X.shape[1] != expected:
            raise ValueError(f"discourse model expects {expected} features per unit, the featuriser gives "
                             f"{X.shape[1]}: the artefact was trained with other feature settings; "
                             "retrain it with `make train`")
        raw = self.raw_probs(units, X)
        texts = [text[u.start:u.end] for u in units]
        without = merge_units(units, *decode(units, raw, self.labels, texts))
        if not self.class_scale:
            return without, without
        scaled = rescale_probs(raw, self.labels, self.class_scale)
        return merge_units(units, *decode(units, scaled, self.labels, texts)), without

    def features(self, text: str, units: Sequence[Unit], n_paragraphs: int,
                 encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """The unit feature matrix this model reads: :func:`unit_features` at the model's opener
        width, with the unit n-gram ridge's scores inserted when the model has one."""
        X = unit_features(text, units, n_paragraphs, encode, self.opener_words)
        if self.unit_ngrams is not None:
            X = features.insert_unit_columns(X, self.unit_ngrams.predict([text[u.start:u.end] for u in units]))
        return X

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the artefact (a gzipped pickle; no timestamp in the gzip header, so it is reproducible)."""
        import gzip
        import pickle

        path.parent.mkdir(parents=True, exist_ok=True)
        state = {"first": self.first, "second": self.second, "labels": self.labels, "info": self.info,
                 "structural": self.structural, "columns": self.columns, "class_scale": self.class_scale,
                 "sequence": self.sequence, "opener_words": self.opener_words,
                 "unit_ngrams": self.unit_ngrams}
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "DiscourseModel":
        """Read an artefact written by :meth:`save`."""
        import gzip
        import pickle

        with gzip.open(path, "rb") as fh:
            data = pickle.load(fh)
        return cls(data["first"], data["second"], data["labels"], data.get("info"), data.get("structural"),
                   data.get("columns"), data.get("class_scale"), data.get("sequence"),
                   data.get("opener_words", 0),  # artefacts from before the opener block had none
                   data.get("unit_ngrams"))


@functools.lru_cache(maxsize=1)
def shipped_model() -> DiscourseModel | None:
    """The model shipped in the package, or None when the artefact is missing."""
    if not MODEL_PATH.exists():
        return None
    return DiscourseModel.load(MODEL_PATH)
