"""Counter-evidence from the topic pack's evidence bank."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from essaylens.api import default_pipeline
from essaylens.essay import Essay
from essaylens.report.build import build_report
from essaylens.settings import Settings


@pytest.fixture(scope="module")
def seed_with_pack(seed_text):
    loader = pytest.importorskip("essaylens.packs.loader")
    try:
        pack = loader.load_pack("russia-1917")
    except Exception:  # the pack is not installed in this checkout
        pytest.skip("russia-1917 pack not available")
    question = next(q for q in pack.questions if q.id == "popular-or-coup")
    essay = Essay(seed_text)
    essay.set("settings", Settings())
    for st in default_pipeline().stages:
        if st.name == "pack":
            # The pack as the pack stage selects it: essay hypotheses mapped to the pack's.
            hmap = {h.id: ("coup" if "coup" in h.label.lower() else "popular") for h in essay.question_parsed.hypotheses}
            essay.set("pack", SimpleNamespace(id=pack.id, title=pack.title, match_score=1.0, pack=pack,
                                              question=question, hypothesis_map=hmap))
        elif st.name != "pack":
            essay = st(essay)
    return build_report(essay)


def test_argument_counter_suggests_neglected_side(seed_with_pack):
    r = seed_with_pack
    coup = next(h.id for h in r.question.hypotheses if "coup" in h.label.lower())
    assert r.stance.essay.hypothesis == coup
    sugg = r.counter_evidence
    assert sugg and all(s.hypothesis != coup for s in sugg)
    assert all(s.sources for s in sugg)
    text = " ".join(s.text.lower() for s in sugg)
    for topic in ("soviets", "garrison", "second congress", "kornilov"):
        assert topic in text
    assert any(s.historians for s in sugg)


def test_argument_counter_named_in_feedback(seed_with_pack):
    c = next(c for c in seed_with_pack.feedback if c.kind == "counterargument")
    assert c.suggestion and "argued by" in c.suggestion
