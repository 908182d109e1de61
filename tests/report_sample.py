"""A hand-made, fully filled Report for the renderer tests.

The essay is written for these tests (not taken from any data set) and every
section of the Report is filled, so the renderers can be designed and tested
against complete data while the analysis stages are still being built.
"""

from __future__ import annotations

from essaylens.report.models import (
    AnalysisLink, ArgumentEdge, ArgumentGraph, ArgumentNode, Comment, Criterion, DiscourseElement,
    EssayStance, FactCheck, Hypothesis, Mark, Meta, Paragraph, Question, Report, Scores, SpanRef,
    Stance, Suggestion, Summary,
)

HEADER = "Priya Shah\nHistory\nWas the Treaty of Versailles too harsh on Germany?\n"
BODY = (
    "When the war ended in 1918 the victors met in Paris to decide Germany's fate. Historians still argue "
    "about the result. This essay argues that the treaty was harsh but not as crushing as Germans claimed.\n"
    "The treaty took land and money from Germany. Germany lost about 13% of its European territory, "
    "including Alsace-Lorraine, and its army was cut to 100,000 men. Reparations were set in 1921 at "
    "132 billion gold marks. This shows that the Allies wanted to stop Germany from fighting again.\n"
    "Some historians say the treaty was fair. Keynes argued in 1919 that the payments would ruin Europe, "
    "but later writers such as Sally Marks point out that Germany paid only a small part of the bill. "
    "This suggests the burden was lighter than it looked.\n"
    "In conclusion, the treaty was harsh in its terms yet weak in how it was enforced, which is why it "
    "failed to keep the peace."
)
TEXT = HEADER + BODY


def _span(fragment: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return start, start + len(fragment)


def _sentence(prefix: str) -> tuple[int, int]:
    start = TEXT.index(prefix)
    end = TEXT.index(".", start + len(prefix) - 1) + 1
    while TEXT[end - 3:end] in {"00,", "0,0"} or TEXT[end - 2:end] == "1.":
        end = TEXT.index(".", end) + 1
    return start, end


def rich_report(text: str = TEXT) -> Report:
    """Build the sample Report (``text`` may be swapped for injection tests of equal layout)."""
    body_start = len(HEADER)
    paragraphs, pos = [], body_start
    for line in BODY.split("\n"):
        paragraphs.append(Paragraph(start=pos, end=pos + len(line)))
        pos += len(line) + 1
    lead, position = _sentence("When the war"), _sentence("This essay argues")
    lead = (lead[0], _sentence("Historians still")[1])
    claim1, ev1a = _sentence("The treaty took"), _sentence("Germany lost about")
    ev1b, an1 = _span("Reparations were set in 1921 at 132 billion gold marks."), _sentence("This shows that")
    counter, ev2 = _sentence("Some historians"), _span(
        "Keynes argued in 1919 that the payments would ruin Europe, but later writers such as Sally Marks "
        "point out that Germany paid only a small part of the bill.")
    rebut, concl = _sentence("This suggests"), (_span("In conclusion")[0], len(TEXT))

    def el(kind: str, span: tuple[int, int], para: int, conf: float = 0.8) -> DiscourseElement:
        return DiscourseElement(type=kind, start=span[0], end=span[1], confidence=conf, paragraph=para)

    def node(nid: str, kind: str, span: tuple[int, int], hyp: str | None) -> ArgumentNode:
        label = " ".join(TEXT[span[0]:span[1]].split())
        return ArgumentNode(id=nid, type=kind, start=span[0], end=span[1], label=label, hypothesis=hyp)

    nodes = [
        node("t", "thesis", position, "h2"), node("c1", "claim", claim1, "h1"),
        node("e1", "evidence", ev1a, "h1"), node("e2", "evidence", ev1b, "h1"),
        node("a1", "analysis", an1, "h1"), node("cc", "counterclaim", counter, "h2"),
        node("e3", "evidence", ev2, "h2"), node("r", "rebuttal", rebut, "h2"),
        node("k", "conclusion", concl, "h2"),
    ]
    edges = [
        ArgumentEdge(source="e1", target="a1", relation="explains"),
        ArgumentEdge(source="e2", target="a1", relation="explains"),
        ArgumentEdge(source="a1", target="c1", relation="supports"),
        ArgumentEdge(source="c1", target="t", relation="attacks"),
        ArgumentEdge(source="e3", target="cc", relation="supports"),
        ArgumentEdge(source="cc", target="c1", relation="attacks"),
        ArgumentEdge(source="r", target="t", relation="supports"),
        ArgumentEdge(source="k", target="t", relation="supports"),
    ]
    pct = _span("13%")
    rep = _span("132 billion gold marks")
    keynes = _span("Keynes argued in 1919")
    return Report(
        essay_id="versailles_sample",
        meta=Meta(author="Priya Shah", subject="History", title="Was the Treaty of Versailles too harsh on Germany?",
                  word_count=len(BODY.split()), source="sample.txt", format="txt",
                  author_span=SpanRef(start=0, end=10), subject_span=SpanRef(start=11, end=18),
                  title_span=SpanRef(start=19, end=len(HEADER) - 1), body_start=body_start),
        text=text,
        paragraphs=paragraphs,
        question=Question(text="Was the Treaty of Versailles too harsh on Germany?", kind="was-x-a-y", source="title",
                          hypotheses=[Hypothesis(id="h1", label="Too harsh", text="the treaty was too harsh"),
                                      Hypothesis(id="h2", label="Not too harsh", text="the treaty was not too harsh")]),
        discourse=[el("Lead", lead, 0), el("Position", position, 0, 0.9), el("Claim", claim1, 1),
                   el("Evidence", (ev1a[0], ev1b[1]), 1), el("Claim", an1, 1, 0.6),
                   el("Counterclaim", counter, 2), el("Evidence", ev2, 2), el("Rebuttal", rebut, 2, 0.55),
                   el("Concluding Statement", concl, 3)],
        analysis_links=[AnalysisLink(start=an1[0], end=an1[1], cue="This shows",
                                     evidence=[SpanRef(start=ev1a[0], end=ev1a[1]), SpanRef(start=ev1b[0], end=ev1b[1])]),
                        AnalysisLink(start=rebut[0], end=rebut[1], cue="This suggests",
                                     evidence=[SpanRef(start=ev2[0], end=ev2[1])])],
        stance=Stance(essay=EssayStance(hypothesis="h2", committal=True, confidence=0.71, one_sided=False,
                                        has_counterargument=True, has_conclusion=True),
                      balance={"h1": 3, "h2": 2}),
        argument=ArgumentGraph(nodes=nodes, edges=edges),
        counter_evidence=[Suggestion(hypothesis="h1", text="The war-guilt clause (Article 231) was deeply resented in Germany.",
                                     strength=0.7, historians=["Margaret MacMillan"], sources=["Treaty text, Art. 231"])],
        facts=[FactCheck(start=pct[0], end=pct[1], verdict="correct", rule="pack-fact", claim="13% of territory",
                         sources=["Treaty of Versailles, Part II"]),
               FactCheck(start=rep[0], end=rep[1], verdict="correct", rule="pack-fact", claim="132 billion gold marks",
                         sources=["London Schedule of Payments, 1921"]),
               FactCheck(start=keynes[0], end=keynes[1], verdict="imprecise", rule="date",
                         correction="Keynes published 'The Economic Consequences of the Peace' in December 1919; "
                                    "he had argued this at the conference itself.",
                         sources=["Keynes 1919"], claim="Keynes argued in 1919")],
        marks=[Mark(scheme="gcse-levels", name="GCSE levels", total=12, max=16, level="Level 3",
                    criteria=[Criterion(id="AO1", name="Knowledge", points=4, max=6,
                                        reason="Accurate figures on land, army and reparations."),
                              Criterion(id="AO2", name="Explanation", points=5, max=6,
                                        reason="Both sides explained, with a clear judgement."),
                              Criterion(id="SPaG", name="Spelling and grammar", points=3, max=4,
                                        reason="Clear and accurate writing.")]),
               Mark(scheme="ap-leq", name="AP LEQ", total=4, max=6,
                    criteria=[Criterion(id="A", name="Thesis", points=1, max=1, reason="Defensible thesis in the introduction."),
                              Criterion(id="B", name="Context", points=0, max=1, reason="No wider context of the 1919 settlement."),
                              Criterion(id="C", name="Evidence", points=2, max=2, reason="Specific evidence used to support the argument."),
                              Criterion(id="D", name="Analysis and reasoning", points=1, max=2,
                                        reason="Some complexity: weighs Keynes against later historians.")])],
        scores=Scores(holistic=4, holistic_confidence=0.62),
        feedback=[Comment(kind="thesis", severity="praise", start=position[0], end=position[1], priority=0.6,
                          message="A clear thesis that answers the question and takes a side."),
                  Comment(kind="analysis", severity="medium", start=an1[0], end=an1[1], priority=0.7,
                          message="This links the evidence to the Allies' aims, but not to whether the terms were too harsh.",
                          suggestion="Add a sentence saying what the figures mean for the question."),
                  Comment(kind="fact", severity="low", start=keynes[0], end=keynes[1], priority=0.4,
                          message="Keynes made this case at the conference too; name his book."),
                  Comment(kind="conclusion", severity="high", start=concl[0], end=concl[1], priority=0.8,
                          message="The conclusion adds enforcement, a new idea never argued in the body.",
                          suggestion="Either argue enforcement in a paragraph or keep the conclusion to your case."),
                  Comment(kind="structure", severity="medium", start=0, end=len(TEXT), priority=0.5,
                          message="Four paragraphs with a clear route; the body needs one more developed paragraph.")],
        summary=Summary(went_well=["A clear thesis that takes a side.", "Precise figures for land, army and reparations."],
                        even_better_if=["Explain how each piece of evidence answers the question.",
                                        "Keep new ideas out of the conclusion."]),
    )
