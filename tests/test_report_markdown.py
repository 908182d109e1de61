"""Markdown report: content, escaping, degradation, determinism."""

from __future__ import annotations

import pytest

from essaylens.report.markdown import md_escape, render_markdown
from essaylens.report.models import Meta, Report
from essaylens.report.render import render
from report_sample import rich_report


@pytest.fixture(scope="module")
def md() -> str:
    return render_markdown(rich_report())


def test_report_markdown_sections_in_order(md):
    heads = [line for line in md.splitlines() if line.startswith("#")]
    assert heads[0] == "# Was the Treaty of Versailles too harsh on Germany?"
    order = ["## At a glance", "## The essay, annotated", "## Argument map", "## Marks", "## Fact check"]
    assert [h for h in heads if h in order] == order


def test_report_markdown_content(md):
    assert "**Holistic score:** 4 / 6" in md and "**GCSE levels:** 12 / 16 (Level 3)" in md
    assert "| Context | 0 / 1 | No wider context of the 1919 settlement. |" in md
    assert "**[Counterclaim]** Some historians say the treaty was fair." in md
    # Fact flags are footnote references; the correction is in the footnote, once.
    assert "Keynes argued in 1919 ≈[^F3]" in md
    assert md.count("Keynes published") == 2  # the fact-check row and the footnote
    assert "\n[^F3]: ≈ Imprecise: Keynes published" in md
    assert "✓[^" not in md and "about 13% ✓ of its European" in md
    assert "**(5)**" in md and "> **5. Important** (conclusion)" in md
    assert "- **Thesis** [B · Not too harsh]" in md and "_attacked by_ **Claim** [A · Too harsh]" in md
    assert "- A clear thesis that takes a side." in md


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "**bold** _it_ [link](http://x) `code`", "# heading | pipe"])
def test_report_markdown_escapes(raw):
    out = md_escape(raw)
    assert "<" not in out
    for ch in "*_[]`#|":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch)


def test_report_markdown_script_essay_is_inert():
    text = "Ann\nHistory\nTitle\nThe body says <script>alert(1)</script> plainly.\n"
    report = Report(essay_id="x", meta=Meta(body_start=text.index("The body")), text=text)
    out = render_markdown(report)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; plainly." in out


def test_report_markdown_empty_report_degrades():
    out = render_markdown(Report(essay_id="e", meta=Meta(), text="One line."))
    for phrase in ("No argument map was built", "No mark scheme was applied", "not been assessed", "One line."):
        assert phrase in out


def test_report_markdown_deterministic_and_dispatched():
    assert render(rich_report(), "markdown") == render_markdown(rich_report()) == render_markdown(rich_report())


def test_report_markdown_seed(seed_report):
    out = render_markdown(seed_report)
    assert "Sam James" in out and "¶2" in out


def test_report_markdown_unverifiable_and_holistic_once():
    from essaylens.report.models import FactCheck, Mark, Scores

    base = rich_report()
    i = base.text.index("Historians still argue")
    report = base.model_copy(update={
        "facts": [*base.facts, FactCheck(start=i, end=i + 22, verdict="unverifiable", rule="unverifiable")],
        "marks": [*base.marks, Mark(scheme="holistic", name="Holistic score (1-6)", total=4, max=6)],
        "scores": Scores(holistic=4, holistic_confidence=0.5)})
    out = render_markdown(report)
    essay = out[out.index("## The essay, annotated"):out.index("## Argument map")]
    assert "Historians still argue" in essay and "[^F4]" not in out and "Unverifiable" not in out
    assert "_Not checked (1), no source in the topic pack covers it:_ “Historians still argue”" in out
    assert "Holistic score (1-6)" not in out and "**Holistic score:** 4 / 6 (confidence 50%)" in out
