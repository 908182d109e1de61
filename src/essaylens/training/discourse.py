"""Training recipe for the discourse segmenter.

1. CIC essays are cut into units (:func:`make_units`); each unit takes the
   type of the gold span covering most of it (at least half), else "None".
2. Lead has no gold label. A weak label stands in: in an essay of two or more
   paragraphs, the unannotated units of the first paragraph that come before
   its first Position or Claim are Lead (PERSUADE's definition: the opening
   that draws the reader in before the thesis).
3. Two gradient-boosted tree models (LightGBM) are fitted on the unit
   features of the CIC essays: one on every feature (200 rounds), one on the
   structural view alone (no embedding columns, :func:`view_columns`; 100
   rounds, so it stays smooth); the model averages their probabilities. Both are converted to
   :class:`essaylens.gbdt.TreeEnsemble` (numpy only) for the artefact. (A second, stacked pass over the neighbours'
   probabilities is supported by :class:`DiscourseModel` but is off: it did
   not pay for its training time in our folds.)
   Beside the trees, a GRU over each essay's units (:mod:`.sequence`); the
   shipped recipe, :func:`train_distilled`, fits three GRUs, lets trees +
   GRUs (the teacher) label unlabelled PERSUADE essays, and fits a student
   GRU on the labelled and pseudo-labelled units together; the model keeps
   the student beside two of the first GRUs.
4. (Optional; ``make train`` does not use it, because it lowered the
   cross-validated macro-F1: see MODEL_CARD.md.) Self-training of the trees, restricted
   to the introduction: the model labels the
   unlabelled PERSUADE essays; the weak Lead rule is applied to its output,
   and those Lead units plus the Positions it gives probability >=
   ``threshold`` join the training set with a lower weight; the model is
   refitted once. Counterclaim and Rebuttal, nearly absent from CIC, get
   cue-based weak labels in the unlabelled essays (:func:`weak_counter`).
   (Pseudo-labels for the other body classes were tried and lowered the
   held-out F1, so they are not used.)

Everything is seeded; the same inputs give the same model.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import lightgbm as lgb

from ..discourse import cues
from ..discourse.export import word_indices
from ..discourse.features import LABELS, insert_unit_columns, make_units, merge_units, unit_features, view_columns
from ..discourse.model import RULES, DiscourseModel, decode, rescale_probs
from .corpus import ParsedEssay
from .metrics import feedback_f1

GOLD_CLASSES = ("Position", "Claim", "Counterclaim", "Rebuttal", "Evidence", "Concluding Statement")
#: The seven PERSUADE classes, for essays annotated with Lead too.
ALL_CLASSES = ("Lead",) + GOLD_CLASSES
LABEL_ID = {lab: i for i, lab in enumerate(LABELS)}


def gold_unit_labels(p: ParsedEssay, units) -> list[str]:
    """Unit labels from the essay's spans; CIC essays (no Lead label) get the weak Lead rule."""
    spans = p.meta.get("spans", [])
    out = []
    for u in units:
        best, lab = 0, "None"
        for s in spans:
            ov = min(u.end, s["end"]) - max(u.start, s["start"])
            if ov > best:
                best, lab = ov, s["type"]
        out.append(lab if best >= 0.5 * (u.end - u.start) else "None")
    if p.meta.get("has_lead"):
        return out
    return weak_lead(units, out, len(p.paragraphs))


def weak_lead(units, labels: list[str], n_paragraphs: int) -> list[str]:
    """Relabel the unannotated opening of the introduction as Lead."""
    if n_paragraphs < 2:
        return labels
    labels = list(labels)
    for i, u in enumerate(units):
        if u.paragraph != 0 or labels[i] in ("Position", "Claim"):
            break
        if labels[i] == "None":
            labels[i] = "Lead"
    return labels


def weak_counter(text: str, units, labels: list[str]) -> list[str]:
    """Cue-based weak labels for the rare moves (CIC has 15 counterclaims).

    A body unit that reports an opposing view ("Some people argue...",
    "On the other hand...") is a Counterclaim; the next unit of its
    paragraph that answers it ("However, ...", "but ...") is a Rebuttal.
    """
    labels = list(labels)
    last_par = max(u.paragraph for u in units)
    for i, u in enumerate(units):
        if u.paragraph in (0, last_par) or not cues.COUNTER.search(text[u.start:u.end]):
            continue
        labels[i] = "Counterclaim"
        j = i + 1
        if j < len(units) and units[j].paragraph == u.paragraph:
            nxt = text[units[j].start:units[j].end]
            if cues.REBUTTAL.search(nxt) or nxt[:4].lower() == "but ":
                labels[j] = "Rebuttal"
    return labels


def featurise(essays: Sequence[ParsedEssay], encode) -> list[tuple]:
    """(units, X) per essay."""
    out = []
    for p in essays:
        units = make_units(p.text, p.paragraphs, p.sentences)
        X = unit_features(p.text, units, len(p.paragraphs), encode) if units else None
        out.append((units, X))
    return out


def _clf(n_trees: int, seed: int):
    return lgb.LGBMClassifier(n_estimators=n_trees, learning_rate=0.05, num_leaves=15, colsample_bytree=0.3,
                              subsample=0.8, subsample_freq=1, min_child_samples=10, n_jobs=1,
                              random_state=seed, deterministic=True, force_row_wise=True, verbose=-1)


def _fit(feats, ys, ws, n_trees: int, seed: int, struct_trees: int = 100, sequence: bool = True) -> DiscourseModel:
    X = np.vstack([f[1] for f in feats])
    y = np.concatenate(ys)
    w = np.concatenate(ws)
    m = w > 0
    full, structural = view_columns(X.shape[1])
    first = _clf(n_trees, seed).fit(X[m][:, full], y[m], sample_weight=w[m])
    struct = _clf(struct_trees, seed).fit(X[m][:, structural], y[m], sample_weight=w[m])
    seq = None
    if sequence:
        from .sequence import train_sequence

        seq = train_sequence([f[1] for f in feats], list(ys), list(ws), len(LABELS), seed=seed)
    return DiscourseModel(first, None, LABELS, structural=struct, columns=(full, structural), sequence=seq)


def labelled_rows(labelled: Sequence[ParsedEssay], encode) -> tuple[list, list, list, list]:
    """(units, X) per labelled essay with units, their unit label ids, unit sample weights and those essays."""
    feats = featurise(labelled, encode)
    keep = [i for i, f in enumerate(feats) if f[1] is not None]
    feats = [feats[i] for i in keep]
    ys = [np.array([LABEL_ID[x] for x in gold_unit_labels(labelled[i], feats[k][0])]) for k, i in enumerate(keep)]
    ws = [np.full(len(y), float(labelled[i].meta.get("weight", 1.0))) for y, i in zip(ys, keep)]
    return feats, ys, ws, [labelled[i] for i in keep]


#: TF-IDF settings of the unit n-gram ridge (:func:`fit_unit_ngrams`): word
#: 1-3-grams, with the punctuation that marks a turn (",", "?", ...) kept as tokens.
UNIT_NGRAM_SETTINGS = dict(analyzer="word", ngram_range=(1, 3), min_df=2, max_features=60000,
                           token_pattern=r"(?u)\b\w+\b|[,;:?!]")
#: Whether :func:`train_distilled` fits the unit n-gram ridge.
UNIT_NGRAMS = False
#: Its ridge penalty (1 beat 3 on one harness fold, MODEL_CARD.md ninth round).
UNIT_NGRAM_ALPHA = 1.0


def fit_unit_ngrams(essays: Sequence[ParsedEssay], feats: Sequence[tuple], ys: Sequence[np.ndarray],
                    ws: Sequence[np.ndarray], k: int = 5):
    """The unit n-gram ridge, and its out-of-fold scores on the training essays.

    One ridge (TF-IDF of :data:`UNIT_NGRAM_SETTINGS`, penalty :data:`UNIT_NGRAM_ALPHA`)
    predicts the one-hot unit label, each unit weighted as in training. Its
    scores become features of the other models (stacking), so the training
    essays get scores from ridges that did not see them: ``k`` folds over
    essays (fixed by essay id), and the ridge fitted on all of them is kept
    for everything else (unlabelled essays, run time).

    Args:
        essays: the labelled essays, one per entry of ``feats``.
        feats: their (units, X).
        ys: unit label ids.
        ws: unit weights.
        k: folds of the out-of-fold scores.

    Returns:
        (ridge, oof): the :class:`~essaylens.scoring.ngrams.NgramRidge` and
        one (units, labels) array of out-of-fold scores per essay.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import Ridge

    from ..scoring.ngrams import NgramRidge
    from .holistic import fold_of

    texts = [p.text[u.start:u.end] for p, (units, _) in zip(essays, feats) for u in units]
    sizes = [len(y) for y in ys]
    essay_of = np.repeat(np.arange(len(ys)), sizes)
    Y = np.eye(len(LABELS))[np.concatenate(ys)]
    W = np.concatenate(ws)
    fold = np.array([fold_of(p.essay_id + "#units", k) for p in essays])[essay_of]
    vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **UNIT_NGRAM_SETTINGS)
    A = vec.fit_transform(texts)
    oof = np.zeros(Y.shape, dtype=np.float32)
    for f in range(k):
        m = fold == f
        if m.any() and (~m).any():
            oof[m] = Ridge(alpha=UNIT_NGRAM_ALPHA).fit(A[~m], Y[~m], sample_weight=W[~m]).predict(A[m])
    ridge = NgramRidge.from_sklearn(vec, Ridge(alpha=UNIT_NGRAM_ALPHA).fit(A, Y, sample_weight=W))
    return ridge, np.split(oof, np.cumsum(sizes)[:-1])


#: GRU runs (seeds ``seed .. seed + SEQUENCE_SEEDS - 1``) in the teacher of :func:`train_distilled`.
SEQUENCE_SEEDS = 3
#: Sample weight of a pseudo-labelled unit in the student GRU's training.
PSEUDO_WEIGHT = 0.3
#: A unit is pseudo-labelled only when the teacher's top class has at least this probability.
PSEUDO_MIN = 0.5


def pseudo_labels(teacher: DiscourseModel, featurised: Sequence[tuple], texts: Sequence[str],
                  weight: float = PSEUDO_WEIGHT, min_prob: float = PSEUDO_MIN):
    """The teacher's decoded labels on unlabelled essays, as GRU training rows.

    Each essay's units are decoded as at run time (class prior and rules);
    a unit weighs ``weight`` when the teacher's top probability reaches
    ``min_prob``, else 0 (it still gives the GRU its place in the sequence).

    Returns:
        (Xs, ys, ws): per essay, its unit features, label ids and weights.
    """
    Xs, ys, ws = [], [], []
    for (units, X), text in zip(featurised, texts):
        probs = teacher.unit_probs(units, X)
        labels, _ = decode(units, probs, teacher.labels, [text[u.start:u.end] for u in units])
        Xs.append(X)
        ys.append(np.array([LABEL_ID[x] for x in labels]))
        ws.append(np.where(probs.max(1) >= min_prob, weight, 0.0))
    return Xs, ys, ws


def train_distilled(labelled: Sequence[ParsedEssay], prior: tuple[Sequence[tuple], Sequence[str]], encode: Callable,
                    n_trees: int = 200, seed: int = 0, log=print) -> DiscourseModel:
    """The shipped recipe: tree views, a GRU teacher, a GRU student on its pseudo-labels.

    0. With :data:`UNIT_NGRAMS` on, the unit n-gram ridge is fitted
       (:func:`fit_unit_ngrams`) and its scores join every essay's features:
       out of fold for the labelled essays, from the full ridge for ``prior``.
    1. The two tree views and :data:`SEQUENCE_SEEDS` GRUs (seeds ``seed``,
       ``seed + 1``, ...) are fitted on the labelled essays; trees + the
       GRUs' mean are the teacher, whose class prior is fitted on ``prior``.
    2. The teacher labels the ``prior`` essays (:func:`pseudo_labels`), and a
       student GRU (seed ``seed``) is fitted on the labelled essays and those
       pseudo-labels together.
    3. The model is the trees beside the mean of the student and the other
       GRUs (seeds ``seed + 1`` ...); its class prior is refitted on ``prior``.

    Args:
        labelled: labelled essays, as for :func:`train`.
        prior: (units, X) and texts of unlabelled essays (:func:`featurise`);
            they give both the pseudo-labels and the class prior.
        encode: the sentence encoder.
        n_trees: boosting rounds of the full tree view.
        seed: random seed.
        log: progress printer.

    Returns:
        The portable model (numpy only), class prior set.
    """
    from ..discourse.sequence import SequenceEnsemble
    from .sequence import train_sequence

    feats, ys, ws, kept = labelled_rows(labelled, encode)
    ngrams = None
    if UNIT_NGRAMS:
        ngrams, oof = fit_unit_ngrams(kept, feats, ys, ws)
        feats = [(units, insert_unit_columns(X, o)) for (units, X), o in zip(feats, oof)]
        feats_p, texts_p = prior
        prior = ([(units, insert_unit_columns(X, ngrams.predict([t[u.start:u.end] for u in units])))
                  for (units, X), t in zip(feats_p, texts_p)], texts_p)
    trees = portable(_fit(feats, ys, ws, n_trees, seed, sequence=False))
    Xs = [f[1] for f in feats]
    grus = [train_sequence(Xs, ys, ws, len(LABELS), seed=seed + s) for s in range(SEQUENCE_SEEDS)]

    def with_sequence(seq) -> DiscourseModel:
        return DiscourseModel(trees.first, None, LABELS, structural=trees.structural, columns=trees.columns,
                              sequence=seq, unit_ngrams=ngrams)

    teacher = with_sequence(SequenceEnsemble(grus))
    fit_class_scale(teacher, *prior, log=lambda m: None)
    pX, py, pw = pseudo_labels(teacher, *prior)
    student = train_sequence(Xs + pX, ys + py, ws + pw, len(LABELS), seed=seed)
    log(f"  discourse: {sum(len(y) for y in ys)} labelled units from {len(feats)} essays; student GRU with "
        f"{int(sum((w > 0).sum() for w in pw))} pseudo-labelled units from {len(pX)} unlabelled essays")
    model = with_sequence(SequenceEnsemble([student] + grus[1:]))
    fit_class_scale(model, *prior, log=log)
    return model


def train(labelled: Sequence[ParsedEssay], unlabelled: Sequence[ParsedEssay], encode: Callable,
          n_trees: int = 200, threshold: float = 0.8, pseudo_weight: float = 0.3, seed: int = 0,
          log=print) -> DiscourseModel:
    """Fit the segmenter on labelled essays, optionally self-training on unlabelled ones.

    Args:
        labelled: labelled essays (``meta["spans"]``; CIC and the annotated
            PERSUADE essays, ``meta["has_lead"]``); ``meta["weight"]`` is the
            sample weight of an essay's units (default 1).
        unlabelled: parsed essays without labels (may be empty).
        encode: the sentence encoder.
        n_trees: boosting rounds.
        threshold: minimum probability for a pseudo-label.
        pseudo_weight: sample weight of pseudo-labelled units.
        seed: random seed.

    Returns:
        The fitted :class:`DiscourseModel` (labels as class ids).
    """
    feats, ys, ws, _ = labelled_rows(labelled, encode)
    model = _fit(feats, ys, ws, n_trees, seed)
    log(f"  discourse: {sum(len(y) for y in ys)} labelled units from {len(feats)} essays")
    if unlabelled:
        ufeats, text_of = [], {}
        for p, f in zip(unlabelled, featurise(unlabelled, encode)):
            if f[1] is not None:
                ufeats.append(f)
                text_of[id(f[0])] = p.text
        n_added = 0
        for units, X in ufeats:
            probs = _class_probs(model, units, X)
            labels = weak_lead(units, [LABELS[i] for i in probs.argmax(1)], 1 + max(u.paragraph for u in units))
            weak = weak_counter(text_of[id(units)], units, labels)
            y = np.array([LABEL_ID[x] for x in weak])
            # From the unlabelled essays we take the introduction's moves
            # (every Lead the weak rule finds, Positions the model is sure
            # of) and the cue-marked counterclaims and rebuttals. Pseudo-labels
            # for the other body classes did not help on the held-out CIC
            # fold (see MODEL_CARD.md), so they are not used.
            m = ((y == LABEL_ID["Lead"]) | ((y == LABEL_ID["Position"]) & (probs.max(1) >= threshold))
                 | (y == LABEL_ID["Counterclaim"]) | (y == LABEL_ID["Rebuttal"]))
            if m.sum() == 0:
                continue
            feats.append((units, X))
            ys.append(y)
            ws.append(np.where(m, pseudo_weight, 0.0))
            n_added += int(m.sum())
        log(f"  discourse: self-training added {n_added} pseudo/weak-labelled units from {len(ufeats)} essays")
        model = _fit(feats, ys, ws, n_trees, seed)
    return portable(model)


def portable(model: DiscourseModel) -> DiscourseModel:
    """The same model with its LightGBM classifiers as numpy tree ensembles.

    The run time then imports neither LightGBM nor scikit-learn; the
    probabilities are LightGBM's own (see :mod:`essaylens.gbdt`).
    """
    from ..gbdt import TreeEnsemble

    def conv(clf):
        return None if clf is None or isinstance(clf, TreeEnsemble) else TreeEnsemble.from_lightgbm(clf)

    return DiscourseModel(conv(model.first), conv(model.second), model.labels, model.info,
                          structural=conv(model.structural), columns=model.columns, class_scale=model.class_scale,
                          sequence=model.sequence, opener_words=model.opener_words,
                          unit_ngrams=model.unit_ngrams)


#: Elements per essay in the PERSUADE 1.0 corpus (Feedback Prize 2021
#: training labels: 5,817 Counterclaims and 4,334 Rebuttals over 15,594
#: essays). :func:`fit_class_scale` matches the predicted rates to these.
PERSUADE_RATES = {"Counterclaim": 5817 / 15594, "Rebuttal": 4334 / 15594}
#: Decoding rules under which :func:`fit_class_scale` counts: all but the
#: last, ``rebuttal``, which then drops the rebuttals that answer no
#: counterclaim (matching the rate after it instead pushed the Rebuttal
#: factor to 7-10 and lowered the cross-validated F1 on both corpora).
MATCH_RULES = tuple(r for r in RULES if r != "rebuttal")
#: Candidate multipliers for :func:`fit_class_scale`.
SCALE_GRID = tuple(1 + 0.5 * i for i in range(19))  # 1.0 .. 10.0


def element_rates(model: DiscourseModel, featurised: Sequence[tuple], texts: Sequence[str],
                  scale: dict[str, float], rules: Sequence[str] = RULES) -> dict[str, float]:
    """Predicted elements per essay, by class, with ``scale`` as the model's class prior correction.

    Args:
        model: the segmenter (its own ``class_scale`` is ignored).
        featurised: (units, the classifier's own unit probabilities) per essay.
        texts: the essays' texts, in the same order.
        scale: the class multipliers to try.
        rules: the decoding rules (default: all of them).
    """
    counts: dict[str, int] = {}
    for (units, raw), text in zip(featurised, texts):
        labels, conf = decode(units, rescale_probs(raw, model.labels, scale), model.labels,
                              [text[u.start:u.end] for u in units], rules=rules)
        for el in merge_units(units, labels, conf):
            counts[el[2]] = counts.get(el[2], 0) + 1
    n = max(1, len(featurised))
    return {k: v / n for k, v in counts.items()}


def fit_class_scale(model: DiscourseModel, featurised: Sequence[tuple], texts: Sequence[str],
                    targets: dict[str, float] = PERSUADE_RATES, grid: Sequence[float] = SCALE_GRID,
                    log=print) -> dict[str, float]:
    """Prior correction for the rare classes, fitted on unlabelled essays.

    Trained on few examples of a rare class, the unit classifier gives it low
    probabilities and argmax decoding then predicts it far less often than it
    occurs (on unlabelled PERSUADE essays the third-round model found 0.17
    Counterclaims per essay against PERSUADE's 0.37). For each class of
    ``targets`` in turn, the multiplier from ``grid`` whose decoded rate on
    the essays (rules :data:`MATCH_RULES`) comes nearest the target is kept
    (the smallest on a tie). No label is read: only the unlabelled essays and
    the corpus-level rates.

    Args:
        model: the fitted segmenter.
        featurised: (units, X) of unlabelled essays of the target population
            (:func:`featurise`; essays without units left out).
        texts: their texts, in the same order.
        targets: elements per essay to match, by class.
        grid: candidate multipliers.

    Returns:
        {class: multiplier}; also set on ``model.class_scale``.
    """
    feats = [(units, model.raw_probs(units, X)) for units, X in featurised]
    scale: dict[str, float] = {}
    for label, target in targets.items():
        def gap(s: float) -> tuple[float, float]:
            found = element_rates(model, feats, texts, {**scale, label: s}, rules=MATCH_RULES)
            return abs(found.get(label, 0.0) - target), s
        scale[label] = float(min(grid, key=gap))
    rates = element_rates(model, feats, texts, scale, rules=MATCH_RULES)
    log("  discourse: class prior " + ", ".join(f"{k} x{v:g} ({rates.get(k, 0.0):.2f} per essay, target "
                                                 f"{targets[k]:.2f})" for k, v in scale.items()))
    model.class_scale = scale
    return scale


def _class_probs(model: DiscourseModel, units, X) -> np.ndarray:
    return model.unit_probs(units, X)


def predict_elements(model: DiscourseModel, p: ParsedEssay, encode) -> list[tuple]:
    """(start, end, label, confidence, paragraph) for one parsed essay."""
    return model.predict(p.text, p.paragraphs, p.sentences, encode)


def evaluate(predict: Callable[[ParsedEssay], list[tuple]], essays: Sequence[ParsedEssay],
             classes: Sequence[str] = GOLD_CLASSES) -> dict[str, float]:
    """Feedback Prize F1 on held-out labelled essays.

    Args:
        predict: maps a parsed essay to (start, end, label, ...) tuples.
        essays: held-out essays with ``meta["spans"]``.
        classes: the classes scored; predictions of other classes (Lead, on
            CIC, which has no Lead label) count as unannotated text.

    Returns:
        Per-class F1 over ``classes`` and their macro mean.
    """
    gold, pred = [], []
    for p in essays:
        for s in p.meta["spans"]:
            gold.append((p.essay_id, s["type"], set(word_indices(p.text, s["start"], s["end"]))))
        for el in predict(p):
            if el[2] in classes:
                pred.append((p.essay_id, el[2], set(word_indices(p.text, el[0], el[1]))))
    return feedback_f1(gold, pred, classes)
