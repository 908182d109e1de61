"""Pack selection: auto picks by content, none disables, a name forces."""

from __future__ import annotations

import pytest

from essaylens.packs.select import THRESHOLD, select_pack
from essaylens.report.models import Hypothesis, Question

RUSSIA = [
    "In October 1917 the Bolsheviks under Lenin overthrew the Provisional Government in Petrograd.",
    "The Military Revolutionary Committee of the Petrograd Soviet organised the Red Guards.",
    "Kerensky had lost the support of the army after the Kornilov affair.",
]
WW1 = [
    "The assassination of Franz Ferdinand in Sarajevo started the July Crisis.",
    "Germany gave Austria-Hungary a blank cheque, and the Schlieffen Plan required an attack through Belgium.",
    "Fritz Fischer argued that Germany wanted war in 1914.",
]
OTHER = [
    "Students should be allowed to use their phones at school because they help with research.",
    "Many teachers think phones distract pupils from their lessons.",
    "A fair policy would let students use phones at lunch only.",
]


def _q(text, hyps=()):
    return Question(text=text, kind="either-or",
                    hypotheses=[Hypothesis(id=f"h{i}", label=l, text=t) for i, (l, t) in enumerate(hyps, 1)])


def test_packs_select_auto_picks_russia_with_hypothesis_map():
    q = _q("The October Revolution - a popular workers' revolution or a coup d'état?",
           [("Popular workers' revolution", "a popular workers' revolution"), ("Coup d'état", "a coup d'état")])
    sel = select_pack("auto", q, q.text, RUSSIA)
    assert sel is not None and sel.id == "russia-1917" and sel.match_score >= THRESHOLD
    assert sel.question.id == "popular-or-coup"
    assert sel.hypothesis_map == {"h1": "popular", "h2": "coup"}


def test_packs_select_auto_picks_ww1():
    q = _q("How far was Germany to blame for the First World War?")
    sel = select_pack("auto", q, q.text, WW1)
    assert sel is not None and sel.id == "ww1-causes"


def test_packs_select_unrelated_essay_runs_generic():
    q = _q("Should students be allowed phones in school?")
    assert select_pack("auto", q, q.text, OTHER) is None


def test_packs_select_none_and_forced():
    q = _q("")
    assert select_pack("none", q, "", RUSSIA) is None
    forced = select_pack("versailles", q, "", OTHER)
    assert forced is not None and forced.id == "versailles"


def test_packs_select_seed_report_uses_russia(seed_report):
    assert seed_report.pack is not None and seed_report.pack.id == "russia-1917"
    assert any(f.verdict == "incorrect" for f in seed_report.facts)
