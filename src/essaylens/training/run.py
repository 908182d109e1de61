"""``make train``: fit the discourse segmenter and the holistic scorer.

    python -m essaylens.training.run            # train, evaluate, write artefacts
    python -m essaylens.training.run --holistic # the holistic scorer only, on the shipped segmenter
    python -m essaylens.training.evaluate       # held-out figures only

Steps: parse the training essays once (cached in ``.cache/training``), fit
both models on their training folds and measure them on the held-out fold
(beside the trivial baselines), then refit on all the data and write the
artefacts into the package with the figures recorded inside them. Seeded.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from ..embed import encode
from . import discourse as D
from . import holistic as H
from .baseline import mean_score, rules_elements
from .corpus import CACHE, annotated_parsed, cic_parsed, persuade_parsed, read_persuade, read_scores
from .metrics import qwk
from ..scoring.features import feature_names

SEED = 0
HELD_OUT = 0  # the CIC / PERSUADE fold kept out for evaluation


def _log(msg: str) -> None:
    print(msg, flush=True)


#: Sample weight of a unit from the project-annotated PERSUADE essays
#: (CIC units weigh 1); chosen by the cross-validation in MODEL_CARD.md.
ANNOTATED_WEIGHT = 3.0


def discourse_data(log=_log):
    """(CIC essays, annotated PERSUADE essays), the latter weighted by :data:`ANNOTATED_WEIGHT`."""
    cic = cic_parsed(log)
    ann = annotated_parsed(log)
    for p in ann:
        p.meta["weight"] = ANNOTATED_WEIGHT
    return cic, ann


def prior_data(log=_log) -> tuple[list, list[str]]:
    """(units, X) and texts of the unlabelled PERSUADE essays that fit the class prior.

    The first 1,200 unscored PERSUADE essays by id (:func:`persuade_parsed`),
    less any the project annotated (either file), so no labelled essay
    informs the prior.
    """
    import json

    from .corpus import ANNOTATIONS

    files = (ANNOTATIONS, ANNOTATIONS.with_name("persuade_units_round4.jsonl"))
    annotated = {json.loads(line)["essay_id"] for path in files if path.exists()
                 for line in path.open() if line.strip()}
    essays = [p for p in persuade_parsed(log=log) if p.essay_id not in annotated]
    feats, texts = [], []
    for p, (units, X) in zip(essays, D.featurise(essays, encode)):
        if X is not None:
            feats.append((units, X))
            texts.append(p.text)
    log(f"  discourse: {len(feats)} unlabelled PERSUADE essays for the class prior")
    return feats, texts


#: (CIC essays, annotated essays, class-prior essays, log) for the worker processes of
#: :func:`discourse_round` (forked, so they inherit it unpickled).
_JOB_DATA: tuple | None = None


def _discourse_job(k: int | None):
    """One fit of :func:`discourse_round`: fold ``k`` (trained without it, scored on it), or the final model (None)."""
    cic, ann, prior, log = _JOB_DATA
    if k is None:
        return None, D.train_distilled(cic + ann, prior, encode, seed=SEED, log=log)
    train = [p for p in cic + ann if H.fold_of(p.essay_id) != k]
    test = [p for p in cic if H.fold_of(p.essay_id) == k]
    test_ann = [p for p in ann if H.fold_of(p.essay_id) == k]
    model = D.train_distilled(train, prior, encode, seed=SEED, log=(log if k == HELD_OUT else (lambda m: None)))
    predict = (lambda p: model.predict(p.text, p.paragraphs, p.sentences, encode))
    fold = {"model": D.evaluate(predict, test), "rules": D.evaluate(rules_elements, test),
            "n_train": len(train), "n_test": len(test), "n_test_ann": len(test_ann),
            "class_scale": model.class_scale}
    if test_ann:
        fold["ann_model"] = D.evaluate(predict, test_ann, D.ALL_CLASSES)
        fold["ann_rules"] = D.evaluate(rules_elements, test_ann, D.ALL_CLASSES)
    log(f"  discourse fold {k}: macro-F1 CIC {fold['model']['macro']:.3f} (rules {fold['rules']['macro']:.3f})"
        + (f", PERSUADE {fold['ann_model']['macro']:.3f} (rules {fold['ann_rules']['macro']:.3f})"
           if test_ann else ""))
    return fold, (model if k == HELD_OUT else None)


def discourse_round(log=_log, final: bool = False, processes: int = 2):
    """5-fold cross-validation over the labelled essays; fold ``HELD_OUT`` is the held-out fold.

    The labelled essays are CIC's (six classes, no Lead) and the PERSUADE
    essays annotated by the project (all seven). Both are split into folds by
    essay id; each fold's model is fitted on the other four folds of both
    with the shipped recipe (:func:`D.train_distilled`, class prior
    included) and scored on each corpus separately, beside the
    paragraph-position rules. The fits run in ``processes`` forked worker
    processes (one BLAS thread each, the package's default); each fit is
    seeded, so the result does not depend on how they are spread.

    Args:
        log: progress printer.
        final: also fit the final model on all labelled essays (in the same pool).
        processes: worker processes.

    Returns:
        (model, figures, labelled, prior, final_model): the held-out fold's
        model; figures {"model", "rules"} on the held-out CIC fold,
        {"cv_model", "cv_rules"} (5-fold means), "cv_macro_per_fold", the
        same for the annotated PERSUADE essays under "persuade", "n_train",
        "n_test"; all labelled essays; the class-prior essays
        (:func:`prior_data`); the final model (None unless ``final``).
    """
    import multiprocessing as mp

    global _JOB_DATA
    cic, ann = discourse_data(log)
    prior = prior_data(log)
    _JOB_DATA = (cic, ann, prior, log)
    jobs = ([None] if final else []) + list(range(5))  # the largest fit first
    with mp.get_context("fork").Pool(processes) as pool:
        results = pool.map(_discourse_job, jobs, chunksize=1)
    _JOB_DATA = None
    by_job = dict(zip(jobs, results))
    folds = [by_job[k][0] for k in range(5)]
    held_model = by_job[HELD_OUT][1]
    final_model = by_job[None][1] if final else None
    scales = [f.pop("class_scale") for f in folds]

    def summary(key: str, classes) -> dict:
        """Held-out fold and CV means of one corpus's figures (``key`` model, ``key`` rules)."""
        scored = [f for f in folds if key + "model" in f]

        def mean(name):
            rows = [f[name] for f in scored]
            return {c: round(float(np.mean([r.get(c, 0.0) for r in rows])), 4) for c in list(classes) + ["macro"]}

        return {"model": folds[HELD_OUT].get(key + "model", {}), "rules": folds[HELD_OUT].get(key + "rules", {}),
                "cv_model": mean(key + "model"), "cv_rules": mean(key + "rules"),
                "cv_macro_per_fold": [round(f[key + "model"]["macro"], 4) for f in scored]}

    figures = {**summary("", D.GOLD_CLASSES),
               "n_train": folds[HELD_OUT]["n_train"], "n_test": folds[HELD_OUT]["n_test"], "n_unlabelled": 0,
               "n_prior": len(prior[0]), "class_scale_per_fold": scales}
    if ann:
        figures["persuade"] = {**summary("ann_", D.ALL_CLASSES), "n": len(ann),
                               "n_test": folds[HELD_OUT]["n_test_ann"], "weight": ANNOTATED_WEIGHT}
    return held_model, figures, cic + ann, prior, final_model


def holistic_features(discourse_model, log=_log):
    """Features for every scored essay (cached per discourse artefact and featuriser: the hashes of the
    segmenter's file and of the feature code are in the cache)."""
    import hashlib

    from ..discourse.model import MODEL_PATH
    from ..scoring import features as feature_code

    rows = read_scores()
    texts = read_persuade()
    rows = [r for r in rows if r["essay_id"] in texts]
    path = CACHE / "holistic_features.npz"
    ids = [r["essay_id"] for r in rows]
    segmenter = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest() if MODEL_PATH.exists() else ""
    # A change to the featuriser (a new spelling rule) must not reuse rows computed by the old one.
    segmenter += ":" + hashlib.sha256(Path(feature_code.__file__).read_bytes()).hexdigest()
    if path.exists():
        data = np.load(path, allow_pickle=False)
        if (list(data["ids"]) == ids and data["X"].shape[1] == len(feature_names())
                and "segmenter" in data and str(data["segmenter"]) == segmenter):
            return data["X"], data["y"], ids
    # The scorer reads the segmenter's elements without its class prior (as at run time).
    predict = (lambda text, pars, sents: discourse_model.predict(text, pars, sents, encode, prior=False))
    X = H.featurise(rows, texts, predict, encode, log)
    y = np.array([r["score"] for r in rows])
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, X=X, y=y, ids=np.array(ids), segmenter=np.array(segmenter))
    return X, y, ids


def confidence_figures(probs: np.ndarray, pred: np.ndarray, gold: np.ndarray) -> dict:
    """How well ``probs`` (n x 6) back the reported scores ``pred``.

    The confidence shown to a teacher is the probability of the reported
    score, so it is judged against exact agreement: mean confidence vs
    accuracy, and the expected calibration error over ten confidence bins.
    Also: how often the likeliest score is the reported one, the Brier score
    and the log-loss of the gold score.
    """
    rows = np.arange(len(gold))
    conf = probs[rows, pred - 1]
    hit = pred == gold
    bins = np.clip((conf * 10).astype(int), 0, 9)
    ece = sum(abs(conf[bins == b].mean() - hit[bins == b].mean()) * (bins == b).mean()
              for b in range(10) if (bins == b).any())
    return {"mean_confidence": round(float(conf.mean()), 4), "accuracy": round(float(hit.mean()), 4),
            "ece": round(float(ece), 4), "mode_is_score": round(float((probs.argmax(1) + 1 == pred).mean()), 4),
            "brier": round(float(((probs - np.eye(6)[gold - 1]) ** 2).sum(1).mean()), 4),
            "log_loss": round(float(-np.log(np.clip(probs[rows, gold - 1], 1e-12, None)).mean()), 4)}


def prompts_of(ids) -> list[str]:
    """Each scored essay's prompt (holistic_scores.csv), in ``ids`` order."""
    prompt = {r["essay_id"]: r["prompt"] for r in read_scores()}
    return [prompt[i] for i in ids]


def holistic_round(X, y, ids):
    """Fit on the training folds, score the held-out fold (and the mean-score baseline)."""
    texts = read_persuade()
    test = np.array([H.fold_of(i) == HELD_OUT for i in ids])
    tr_ids = [i for i, t in zip(ids, test) if not t]
    te_texts = [texts[i] for i, t in zip(ids, test) if t]
    model = H.train(X[~test], y[~test], tr_ids, [texts[i] for i in tr_ids], seed=SEED, log=_log,
                    prompts=prompts_of(tr_ids))
    # as shipped: each held-out essay scored by the scorer the topic gate picks
    pred, probs, seen = model.score_many(X[test], te_texts)
    Xte = model.augment(X[test], te_texts)
    base = mean_score(list(y[~test]))
    figures = {
        "qwk": round(qwk(y[test], pred), 4),
        "baseline_mean_score": base,
        "baseline_qwk": round(qwk(y[test], [base] * int(test.sum())), 4),
        "exact_agreement": round(float((pred == y[test]).mean()), 4),
        "adjacent_agreement": round(float((np.abs(pred - y[test]) <= 1).mean()), 4),
        **confidence_figures(probs, pred, y[test]),
        "classifier": confidence_figures(model.classifier_probabilities(Xte), pred, y[test]),
        "n_train": int((~test).sum()), "n_test": int(test.sum()),
        "cv_qwk_mean": model.info["cv"]["qwk_mean"], "cv_qwk_per_fold": model.info["cv"]["qwk_per_fold"],
        "full_stack_qwk": round(qwk(y[test], model.predict(Xte)), 4),
    }
    if model.neutral is not None:
        npred, _, _ = model.neutral.score_many(X[test], te_texts)
        figures["topic_neutral"] = {"share_of_heldout": round(float((~seen).mean()), 4),
                                    "gate_cutoff": model.gate.cutoff,
                                    "heldout_qwk": round(qwk(y[test], npred), 4), **model.neutral.info["lopo"]}
    return model, figures


def _disc_table(title: str, fig: dict, classes) -> list[str]:
    lines = [title, f"  {'class':22s} {'model':>7s} {'rules':>7s} {'CV model':>9s} {'CV rules':>9s}"]
    for c in list(classes) + ["macro"]:
        m, r = fig["model"].get(c, float("nan")), fig["rules"].get(c, float("nan"))
        cm, cr = fig.get("cv_model", {}).get(c, float("nan")), fig.get("cv_rules", {}).get(c, float("nan"))
        lines.append(f"  {c:22s} {m:7.3f} {r:7.3f} {cm:9.3f} {cr:9.3f}")
    return lines


def format_figures(disc: dict, hol: dict) -> str:
    """The evaluation table printed by ``make eval`` and ``make train``."""
    lines = _disc_table(f"Discourse (Feedback Prize F1 on CIC; held-out fold: {disc['n_test']} essays, "
                        f"trained on {disc['n_train']} CIC + annotated; CV: mean of 5 folds over essays)",
                        disc, D.GOLD_CLASSES)
    lines += ["  (model: shipped recipe; rules: paragraph-position rules; Lead is not annotated in CIC:",
              "   predicted Lead counts as unannotated text.)"]
    if "persuade" in disc:
        per = disc["persuade"]
        lines += _disc_table(f"Discourse (Feedback Prize F1 on project-annotated PERSUADE essays, seven classes; "
                             f"held-out fold: {per['n_test']} of {per['n']} essays; CV: 5 folds)",
                             per, D.ALL_CLASSES)
    lines += [f"Holistic score (held-out PERSUADE fold: {hol['n_test']} essays, trained on {hol['n_train']})",
              f"  QWK {hol['qwk']:.3f}   5-fold CV on the training part {hol.get('cv_qwk_mean', float('nan')):.3f}"
              f"   baseline (mean score {hol['baseline_mean_score']}) QWK {hol['baseline_qwk']:.3f}",
              f"  exact {hol['exact_agreement']:.3f}  adjacent {hol['adjacent_agreement']:.3f}  "
              f"confidence of the reported score {hol['mean_confidence']:.3f} vs its accuracy {hol['accuracy']:.3f}"
              f"  ECE {hol['ece']:.3f}  likeliest = reported {hol['mode_is_score']:.3f}"
              f"  Brier {hol['brier']:.3f}  log-loss {hol['log_loss']:.3f}"]
    if "full_stack_qwk" in hol:
        lines.append(f"  (QWK {hol['full_stack_qwk']:.3f} with every held-out essay scored by the full stack,"
                     " none by the topic-neutral scorer)")
    if "topic_neutral" in hol:
        t = hol["topic_neutral"]
        lines += [f"  topic-neutral scorer (for essays unlike the training prompts; gate cut-off {t['gate_cutoff']:.3f},"
                  f" {t['share_of_heldout']:.1%} of the held-out fold): held-out QWK {t['heldout_qwk']:.3f};"
                  f" leaving one prompt out QWK {t['qwk']:.3f}",
                  "    per prompt: " + ", ".join(f"{g.strip(chr(34))} {q:.3f} ({t['bias_per_prompt'][g]:+.2f})"
                                               for g, q in t["qwk_per_prompt"].items())]
    if "classifier" in hol:
        c = hol["classifier"]
        lines += [f"  (the classifier's own probabilities: confidence {c['mean_confidence']:.3f}, ECE {c['ece']:.3f},"
                  f" likeliest = reported {c['mode_is_score']:.3f}, Brier {c['brier']:.3f},"
                  f" log-loss {c['log_loss']:.3f})"]
    return "\n".join(lines)


def fit_holistic(segmenter, steps: tuple[str, str]) -> dict:
    """Held-out figures, then the final holistic model on all scored essays (saved); returns the figures."""
    _log(f"{steps[0]} holistic: features and held-out evaluation")
    X, y, ids = holistic_features(segmenter)
    _, hol_fig = holistic_round(X, y, ids)
    _log(f"{steps[1]} holistic: final model on all scored essays")
    texts = read_persuade()
    final_hol = H.train(X, y, ids, [texts[i] for i in ids], seed=SEED, log=_log, prompts=prompts_of(ids))
    final_hol.info = {"heldout": hol_fig, "cv_all": final_hol.info["cv"], "n": len(ids), "seed": SEED}
    final_hol.save()
    return hol_fig


def holistic_only() -> int:
    """Refit only the holistic scorer, on features from the shipped segmenter (``--holistic``)."""
    from ..discourse.model import shipped_model

    t0 = time.time()
    seg = shipped_model()
    if seg is None:
        print("No shipped discourse model: run `make train` first.", file=sys.stderr)
        return 2
    hol_fig = fit_holistic(seg, steps=("1/2", "2/2"))
    print(json.dumps(hol_fig, indent=2, default=float))
    _log(f"done in {time.time() - t0:.0f}s")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    np.random.seed(SEED)
    if "--holistic" in argv:
        return holistic_only()
    t0 = time.time()
    _log("1-2/4 discourse: 5 training folds + held-out evaluation, and the final model on all labelled essays"
         " (CIC + annotated PERSUADE), in 2 processes")
    eval_disc, disc_fig, labelled, prior, final_disc = discourse_round(final=True)
    n_ann = sum(1 for p in labelled if p.meta.get("has_lead"))
    final_disc.info = {"heldout": disc_fig, "n_cic": len(labelled) - n_ann, "n_annotated": n_ann,
                       "annotated_weight": ANNOTATED_WEIGHT, "n_unlabelled": 0, "n_prior": len(prior[0]),
                       "class_scale": final_disc.class_scale, "seed": SEED}
    final_disc.save()
    hol_fig = fit_holistic(final_disc, steps=("3/4", "4/4"))
    figures = {"discourse": disc_fig, "holistic": hol_fig, "seconds": round(time.time() - t0)}
    (CACHE / "metrics.json").write_text(json.dumps(figures, indent=2, default=float) + "\n")
    print(format_figures(disc_fig, hol_fig))
    _log(f"done in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
