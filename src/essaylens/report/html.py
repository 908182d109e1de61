"""Self-contained HTML report: one file, no network, CSS and SVG inline.

The annotated essay is built here as escaped markup (every character of the
essay goes through :func:`markupsafe.escape`); the page around it is a Jinja2
template with autoescaping on, so essay text can never become markup. Colour
is always doubled by words: each discourse element starts with a text tag and
has its own underline pattern, fact flags spell out their verdict, and sides
carry a letter and a shape.
"""

from __future__ import annotations

import functools
from importlib import metadata

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .models import Report
from .svg_map import argument_map_svg, balance_svg
from .view import (
    ANALYSIS_STYLE, DISCOURSE_STYLES, SEVERITY_WORDS, FactRef, NumberedComment, Side, body_paragraphs,
    fact_comments, fmt_num, holistic_note, number_comments, number_facts, number_links, pieces, scheme_marks, short,
    side_of, sides, suggestion_of, unchecked_facts,
)

_CLOSE = Markup("</span>")


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("essaylens.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship in the package; no stat() per render
    )
    env.filters["num"] = fmt_num
    env.filters["short"] = short
    return env


@functools.lru_cache(maxsize=1)
def _version() -> str:
    try:
        return metadata.version("essaylens")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "dev"


def side_badge(side: Side) -> Markup:
    """An inline badge: the side's shape and letter, then its name in words."""
    return Markup('<span class="side side-{shape}" style="--side:{colour}">'
                  '<span class="badge" aria-hidden="true">{letter}</span> {label}</span>').format(
        shape=side.shape, colour=side.colour, letter=side.letter, label=side.label)


def _fact_flag(ref: FactRef, note: int | None) -> Markup:
    """A compact inline flag: the verdict symbol and the fact's number, nothing more.

    The correction travels in the tooltip (title), in an accessible description
    and in the margin note / fact-check table the flag links to, so the
    student's sentence stays readable.
    """
    f = ref.fact
    if f.verdict == "correct":
        return Markup('<span class="ftick" id="fact-{n}" title="{l}: checked, correct">'
                      '<span aria-hidden="true">✓</span><span class="vh">{l} correct</span></span>').format(
            n=ref.number, l=ref.label)
    tip = f"{ref.label} {ref.word}" + (f": {f.correction}" if f.correction else "")
    if ref.repeat_of:
        tip += f" (same as F{ref.repeat_of})"
    target = f"note-{note}" if note is not None else f"factrow-{ref.number}"
    data = Markup(' data-note="{}"').format(note) if note is not None else Markup("")
    return Markup('<a class="fbadge v-{v}" id="fact-{n}" href="#{t}"{d} title="{tip}" aria-describedby="fdesc-{n}">'
                  '<span aria-hidden="true">{icon}</span> {l}<span class="vh"> {word}</span></a>'
                  '<span hidden id="fdesc-{n}">{corr}</span>').format(
        v=f.verdict, n=ref.number, t=target, d=data, tip=tip, icon=ref.icon, l=ref.label, word=ref.word,
        corr=f.correction or ref.word)


def essay_markup(report: Report, comments: list[NumberedComment],
                 flags: dict[int, FactRef] | None = None) -> list[dict]:
    """The body as a list of paragraph rows, each with escaped markup and its notes.

    Args:
        report: the Report.
        comments: numbered comments from :func:`number_comments`.
        flags: comment number -> fact, for fact comments the fact flag stands in for.

    Returns:
        One dict per paragraph: ``html`` (Markup) and ``notes`` (NumberedComment list).
    """
    text = report.text
    flags = flags or {}
    fact_refs = {r.number: r for r in number_facts(report)}
    note_of = {ref.number: n for n, ref in flags.items()}
    rows = []
    for index, span in enumerate(body_paragraphs(report)):
        out: list[str] = []
        open_el = open_an = False
        for piece in pieces(report, span, comments, index):
            el = piece.element
            if piece.element_starts or (el is None and open_el):
                if open_an:
                    out.append(_CLOSE)
                    open_an = False
                if open_el:
                    out.append(_CLOSE)
                    open_el = False
                if el is not None:
                    style = DISCOURSE_STYLES[el.type]
                    # An analysis sentence that is also the element gets one combined tag, not two.
                    both = piece.analysis_starts is not None
                    label = Markup("{} · Analysis A{}").format(style.label, piece.analysis) if both else style.label
                    out.append(Markup('<span class="el el-{k}" data-type="{t}" data-confidence="{c:.2f}">'
                                      '<span class="tag">{label}</span>').format(
                        k=style.key, t=el.type, c=el.confidence, label=label))
                    open_el = True
                    if both:
                        out.append(Markup('<span class="an" id="an-{n}">').format(n=piece.analysis))
                        open_an = True
            if open_an and (piece.analysis is None or (piece.analysis_starts is not None and not piece.element_starts)):
                out.append(_CLOSE)
                open_an = False
            if piece.analysis is not None and not open_an:
                if piece.analysis_starts is not None:
                    out.append(Markup('<span class="an" id="an-{n}"><span class="tag tag-an">Analysis A{n}</span>')
                               .format(n=piece.analysis))
                else:
                    out.append(Markup('<span class="an">'))
                open_an = True
            chunk = escape(text[piece.start:piece.end])
            for n, fact in piece.facts:
                if fact.verdict != "correct":
                    chunk = Markup('<mark class="fact v-{v}" data-fact="{n}">{c}</mark>').format(
                        v=fact.verdict, n=n, c=chunk)
            out.append(chunk)
            if piece.evidence_ends:
                refs = [Markup('<a href="#an-{n}">A{n}</a>').format(n=n) for n in piece.evidence_ends]
                out.append(Markup('<span class="evref" title="Analysis that interprets this evidence">→{}</span>')
                           .format(Markup(",").join(refs)))
            for n, _fact in piece.fact_ends:
                out.append(_fact_flag(fact_refs[n], note_of.get(n)))
            for n in piece.comment_ends:
                if n in flags:
                    continue
                out.append(Markup('<a class="cmark" href="#note-{n}" id="ref-{n}" aria-label="Comment {n}">'
                                  '{n}</a>').format(n=n))
        if open_an:
            out.append(_CLOSE)
        if open_el:
            out.append(_CLOSE)
        rows.append({"html": Markup("").join(out), "notes": [c for c in comments if c.paragraph == index]})
    return rows


def _edges_in_words(report: Report) -> list[str]:
    names = {n.id: n for n in report.argument.nodes}
    out = []
    for e in sorted(report.argument.edges, key=lambda e: (names[e.target].start if e.target in names else 0,
                                                          e.target, e.source)):
        s, t = names.get(e.source), names.get(e.target)
        if s and t:
            out.append(f"{s.type.title()} “{short(s.label, 70)}” {e.relation} "
                       f"{t.type.title()} “{short(t.label, 70)}”")
    return out


def context(report: Report) -> dict:
    """Everything the template shows, computed once from the Report."""
    table = sides(report)
    paragraphs = body_paragraphs(report)
    comments = number_comments(report, paragraphs)
    stance = report.stance
    assessed = bool(stance.units or stance.balance or stance.essay.hypothesis or stance.essay.confidence)
    refs = number_facts(report)
    flags = fact_comments(comments, refs)
    used_types = {d.type for d in report.discourse}
    return {
        "r": report,
        "title": report.meta.title or report.question.text or report.essay_id,
        "sides": [s for k, s in table.items() if k is not None],
        "badge": lambda hid: side_badge(side_of(table, hid)),
        "essay_side": side_of(table, stance.essay.hypothesis),
        "assessed": assessed,
        "rows": essay_markup(report, comments, flags),
        "flags": flags,
        "suggestion": suggestion_of,
        "general": [c for c in comments if c.paragraph is None],
        "comments": comments,
        "severity": SEVERITY_WORDS,
        "legend": [s for t, s in DISCOURSE_STYLES.items() if t in used_types] or list(DISCOURSE_STYLES.values()),
        "analysis_style": ANALYSIS_STYLE,
        "has_links": bool(report.analysis_links),
        "links": number_links(report),
        "facts": [(r, report.text[r.fact.start:r.fact.end]) for r in refs],
        "unchecked": [(f, report.text[f.start:f.end]) for f in unchecked_facts(report)],
        "marks": scheme_marks(report),
        "holistic_note": holistic_note(report),
        "map_svg": Markup(argument_map_svg(report)),
        "map_words": _edges_in_words(report),
        "balance_svg": Markup(balance_svg(report)),
        "version": _version(),
    }


def render_html(report: Report) -> str:
    """Render the report as one self-contained HTML page.

    Args:
        report: the Report to show.

    Returns:
        The page as a string (deterministic for a given report).
    """
    return _env().get_template("report.html.j2").render(**context(report))
