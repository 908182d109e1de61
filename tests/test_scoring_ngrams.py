"""The numpy n-gram TF-IDF ridge matches scikit-learn; the scorer loads without sklearn/LightGBM."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from essaylens.scoring.model import MODEL_PATH
from essaylens.scoring.ngrams import NgramRidge, analyze, count_ngrams

DOCS = [
    "The Bolsheviks seized power in October 1917.  It was a coup, not a revolution!",
    "Some historians argue that the workers supported Lenin; others disagree.\n\nI think it was both.",
    "Short.",
    "",
    "Lenin's  slogan 'Peace, Land and Bread' won over soldiers, peasants and workers alike.",
    "A a a a b b c. Naïve café résumé -- 1917/18 e-mail co-operate.",
    "the the the war and the war and the peace; the end",
    "The Provisional Government was weak, and the Petrograd Soviet held real power in the city.",
    "Kerensky failed because the war went on and the Kornilov affair armed the Red Guards.",
]
SETTINGS = [
    dict(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b"),
    dict(analyzer="word", ngram_range=(1, 1)),
    dict(analyzer="char", ngram_range=(1, 4)),
    dict(analyzer="char_wb", ngram_range=(3, 5)),
    dict(analyzer="char_wb", ngram_range=(1, 2)),
]


@pytest.mark.parametrize("kw", SETTINGS, ids=lambda kw: f"{kw['analyzer']}{kw['ngram_range']}")
def test_scoring_ngrams_match_sklearn(kw):
    sk = pytest.importorskip("sklearn.feature_extraction.text")
    from sklearn.linear_model import Ridge

    vec = sk.TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kw)
    A = vec.fit_transform(DOCS)
    y = np.arange(len(DOCS), dtype=float)
    ridge = Ridge(alpha=1.0).fit(A, y)
    ours = NgramRidge.from_sklearn(vec, ridge)
    new = DOCS[::-1] + ["Unseen words only: zyxw qqq.", "the THE The tHe"]
    assert np.abs(ours.transform(new) - vec.transform(new).toarray()).max() < 1e-6
    # scikit-learn predicts in float32 here; ours is float64, hence the looser bound.
    assert np.abs(ours.predict(new) - ridge.predict(vec.transform(new))).max() < 1e-5
    analyzer = vec.build_analyzer()
    for d in new:
        assert sorted(analyze(d, **{k: v for k, v in kw.items()})) == sorted(analyzer(d))
        assert count_ngrams(d, **kw) == Counter(analyzer(d))


def test_scoring_ngrams_several_targets_match_sklearn():
    sk = pytest.importorskip("sklearn.feature_extraction.text")
    from sklearn.linear_model import Ridge

    vec = sk.TfidfVectorizer(sublinear_tf=True, dtype=np.float32, analyzer="char", ngram_range=(1, 3))
    A = vec.fit_transform(DOCS)
    y = np.arange(len(DOCS), dtype=float)
    Y = np.column_stack([y] + [(y > k).astype(float) for k in (1, 3, 5)])
    ridge = Ridge(alpha=1.0).fit(A, Y)
    ours = NgramRidge.from_sklearn(vec, ridge)
    assert ours.n_targets == 4
    new = DOCS[::-1] + ["Unseen words only: zyxw qqq."]
    got = ours.predict(new)
    assert got.shape == (len(new), 4)
    assert np.abs(got - ridge.predict(vec.transform(new))).max() < 1e-5
    single = NgramRidge.from_sklearn(vec, Ridge(alpha=1.0).fit(A, y))
    assert single.n_targets == 1 and single.predict(new).shape == (len(new),)
    assert np.abs(single.predict(new) - got[:, 0]).max() < 1e-5


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="the holistic model has not been trained")
def test_scoring_model_loads_without_sklearn_or_lightgbm():
    code = ("import sys, numpy as np\n"
            "from essaylens.scoring.model import shipped_model\n"
            "m = shipped_model()\n"
            "from essaylens.scoring.features import feature_names\n"
            "print(m.score(np.zeros(len(feature_names()), np.float32), 'A short essay. It ends.'))\n"
            "bad = [k for k in sys.modules if k.split('.')[0] in ('sklearn', 'lightgbm')]\n"
            "print('BAD', bad)\n"
            "sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
