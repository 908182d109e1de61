"""The terminal view: a Rich rendering of one Report.

It shows the header, the question and its hypotheses, then the essay with each
discourse element colour-coded *and* tagged with its type, analysis sentences
marked with the evidence they interpret, and the stage outputs that exist
(facts, marks, comments).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .models import Report

STYLES = {
    "Lead": "grey70",
    "Position": "bold magenta",
    "Claim": "bold cyan",
    "Counterclaim": "bold red",
    "Rebuttal": "bold yellow",
    "Evidence": "green",
    "Concluding Statement": "bold blue",
}
TAGS = {
    "Lead": "LEAD", "Position": "POS", "Claim": "CLAIM", "Counterclaim": "COUNTER",
    "Rebuttal": "REBUT", "Evidence": "EVID", "Concluding Statement": "CONCL",
}
VERDICT_STYLE = {"incorrect": "bold red", "imprecise": "yellow", "disputed": "magenta",
                 "correct": "green", "unverifiable": "grey50"}


def _essay_text(report: Report) -> Text:
    text = report.text
    out = Text()
    analysis = {(a.start, a.end): i + 1 for i, a in enumerate(report.analysis_links)}
    evidence_of: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(report.analysis_links):
        for e in a.evidence:
            evidence_of.setdefault((e.start, e.end), []).append(i + 1)
    elements = sorted(report.discourse, key=lambda d: d.start)
    cursor = report.meta.body_start
    sentences = [s for s in report.sentences if s.start >= cursor]
    for el in elements:
        if el.start > cursor:
            out.append(text[cursor:el.start], style="dim")
        out.append(f"[{TAGS[el.type]}] ", style=f"reverse {STYLES[el.type]}")
        pos = el.start
        for s in sentences:
            if el.start <= s.start < el.end:
                if s.start > pos:
                    out.append(text[pos:s.start], style=STYLES[el.type])
                # An element may end inside a sentence (a clause-level
                # element): the rest of the sentence belongs to the next one.
                end = min(s.end, el.end)
                out.append(text[s.start:end], style=STYLES[el.type])
                key = (s.start, s.end)
                if end == s.end:
                    if key in analysis:
                        out.append(f" ⟵A{analysis[key]}", style="bold white on dark_green")
                    for n in evidence_of.get(key, []):
                        out.append(f" ·E{n}", style="dark_green")
                pos = end
        if el.end > pos:
            out.append(text[pos:el.end], style=STYLES[el.type])
        cursor = el.end
    if cursor < len(text):
        out.append(text[cursor:], style="dim")
    return out


def render_terminal(report: Report, console: Console | None = None) -> None:
    """Print the report to the terminal.

    Args:
        report: the Report to show.
        console: a Rich console (a new one on stdout by default).
    """
    console = console or Console()
    m = report.meta
    head = Table.grid(padding=(0, 2))
    head.add_row("Author", m.author or "—")
    head.add_row("Subject", m.subject or "—")
    head.add_row("Title", m.title or "—")
    head.add_row("Words", str(m.word_count))
    q = report.question
    head.add_row("Question", f"{q.text or '—'}  [{q.kind}, from {q.source}]")
    for h in q.hypotheses:
        head.add_row(f"  {h.id}", h.label)
    if report.pack:
        head.add_row("Topic pack", f"{report.pack.title} ({report.pack.id})")
    if report.stance.essay.hypothesis or report.stance.units:
        e = report.stance.essay
        side = next((h.label for h in q.hypotheses if h.id == e.hypothesis), "balanced / unclear")
        head.add_row("Side", f"{side} (committal: {'yes' if e.committal else 'no'})")
    if report.scores.holistic:
        head.add_row("Holistic", f"{report.scores.holistic}/6")
    console.print(Panel(head, title=f"EssayLens — {report.essay_id}", border_style="cyan"))

    legend = Text("Key: ")
    for name, style in STYLES.items():
        legend.append(f"[{TAGS[name]}] {name}", style=f"reverse {style}")
        legend.append("  ")
    legend.append(" ⟵A n = analysis sentence n,  ·E n = evidence it interprets", style="dark_green")
    console.print(legend)
    console.print(Panel(_essay_text(report), title="Essay", border_style="white"))

    if report.facts:
        t = Table(title="Fact checks", show_lines=False)
        for col in ("Verdict", "Statement", "Correction"):
            t.add_column(col)
        for f in report.facts:
            t.add_row(Text(f.verdict, style=VERDICT_STYLE.get(f.verdict, "")),
                      report.text[f.start:f.end][:80], f.correction or "")
        console.print(t)
    for mark in report.marks:
        t = Table(title=f"{mark.name or mark.scheme}: {mark.total:g}/{mark.max:g}"
                  + (f" ({mark.level})" if mark.level else ""))
        t.add_column("Criterion")
        t.add_column("Points", justify="right")
        t.add_column("Reason")
        for c in mark.criteria:
            t.add_row(c.name or c.id, f"{c.points:g}/{c.max:g}" if c.max else "—", c.reason)
        console.print(t)
    if report.feedback:
        t = Table(title="Comments")
        t.add_column("#", justify="right")
        t.add_column("Severity")
        t.add_column("Comment")
        for i, c in enumerate(report.feedback, 1):
            t.add_row(str(i), c.severity, c.message + (f"\n→ {c.suggestion}" if c.suggestion else ""))
        console.print(t)
    if report.summary.went_well or report.summary.even_better_if:
        console.print(Group(
            Text("What went well", style="bold green"),
            *[Text(f"• {w}") for w in report.summary.went_well],
            Text("Even better if", style="bold yellow"),
            *[Text(f"• {w}") for w in report.summary.even_better_if],
        ))
    for w in report.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
