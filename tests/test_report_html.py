"""HTML report: content, escaping, accessibility markup, degradation, determinism."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from essaylens.report.html import render_html
from essaylens.report.models import Meta, Report
from essaylens.report.render import render
from report_sample import HEADER, TEXT, rich_report


class _Tags(HTMLParser):
    """Collects tags, headings and text; fails on unbalanced span/mark nesting."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "path", "rect", "circle", "polygon"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[int] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self._in_script = tag == "script"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(rich_report())


def test_report_html_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(http" not in page
    assert "<link" not in page
    assert "@media print" in page


def test_report_html_balanced_and_headings_in_order(page):
    tags = _parse(page)
    assert tags.headings[0] == 1 and tags.headings.count(1) == 1
    for a, b in zip(tags.headings, tags.headings[1:]):
        assert b <= a + 1, f"heading jumps from h{a} to h{b}"


def test_report_html_shows_every_section(page):
    for heading in ("At a glance", "The essay, annotated", "Argument map", "Marks", "Fact check",
                    "What went well", "Even better if", "Evidence the essay did not use"):
        assert heading in page
    assert "Priya Shah" in page and "GCSE levels" in page and "12<small> / 16" in page
    assert "Level 3" in page and "No wider context of the 1919 settlement." in page


def test_report_html_labels_every_discourse_type_in_words(page):
    report = rich_report()
    for kind in {d.type for d in report.discourse}:
        assert re.search(rf'data-type="{kind}" data-confidence="[0-9.]+"><span class="tag">{kind}( · Analysis A\d+)?</span>', page), kind
    assert page.count('class="el el-') >= len(report.discourse)
    assert "Analysis A1" in page and "Analysis A2" in page and 'href="#an-1"' in page


def test_report_html_comment_markers_match_notes(page):
    markers = re.findall(r'class="cmark" href="#note-(\d+)" id="ref-\1"', page)
    notes = re.findall(r'<li value="(\d+)" id="note-\1"', page)
    # Comment 4 restates fact F3: the fact flag is its marker, so there is no second marker.
    assert markers == ["2", "3", "5"]
    assert 'href="#note-4" data-note="4"' in page
    assert sorted(notes) == ["1", "2", "3", "4", "5"]
    assert "Comments on the whole essay" in page


def _essay_html(page: str) -> str:
    return page[page.index('<div class="essay'):page.index('<section id="map"')]


def _visible_essay_text(page: str) -> str:
    """The annotated paragraphs' visible text: no tooltips, hidden descriptions or margin notes."""
    paras = re.findall(r'<p class="para".*?</p>', _essay_html(page), flags=re.S)
    joined = re.sub(r'<span hidden id="fdesc-\d+">.*?</span>', "", "".join(paras))
    return re.sub(r"<[^>]+>", "", joined)


def test_report_html_fact_flags_are_compact(page):
    assert re.search(r'<mark class="fact v-imprecise" data-fact="3">Keynes argued in 1919</mark>', page)
    flag = re.search(r'<a class="fbadge v-imprecise" id="fact-3"[^>]*title="([^"]*)"[^>]*'
                     r'aria-describedby="fdesc-3">(.*?)</a>', page)
    assert flag, "fact 3 has a compact badge with a tooltip and a description"
    assert "F3 Imprecise" in flag.group(1) and "Economic Consequences" in flag.group(1)
    assert re.sub(r"<[^>]+>", "", flag.group(2)) == "≈ F3 Imprecise"
    assert re.search(r'<span hidden id="fdesc-3">[^<]*Economic Consequences', page)
    # The correction is not printed inline; it is in the margin note and the fact-check table.
    assert "Economic Consequences" not in _visible_essay_text(page)
    assert "Economic Consequences" in page[page.index('<section id="facts"'):]
    # Correct facts get only a small tick, not a highlight.
    assert page.count('class="ftick"') == 2
    assert 'class="fact v-correct"' not in page


def test_report_html_unverifiable_facts_only_in_collapsed_group():
    from essaylens.report.models import FactCheck

    base = rich_report()
    i = base.text.index("Historians still argue")
    extra = FactCheck(start=i, end=i + 22, verdict="unverifiable", rule="unverifiable",
                      correction="No fact in the topic pack covers this.")
    page = render_html(base.model_copy(update={"facts": [*base.facts, extra]}))
    _parse(page)
    essay = _essay_html(page)
    assert "unverifiable" not in essay and "No fact in the topic pack" not in essay
    group = page[page.index('<details class="unchecked">'):]
    assert "Not checked (1)" in group and "Historians still argue" in group
    assert "<details class=\"unchecked\" open" not in page
    # Numbering of the checked facts does not change.
    assert 'id="fact-3"' in page and 'id="fact-4"' not in page


def test_report_html_one_holistic_card():
    from essaylens.report.models import Criterion, Mark, Scores

    base = rich_report()
    dup = Mark(scheme="holistic", name="Holistic score (1-6)", total=4, max=6,
               criteria=[Criterion(id="overall", name="Overall quality", points=4, max=6, reason="r")])
    report = base.model_copy(update={
        "marks": [*base.marks, dup],
        "scores": Scores(holistic=4, holistic_confidence=0.41,
                         holistic_probabilities={"3": 0.3, "4": 0.41, "5": 0.2})})
    page = render_html(report)
    header = page[:page.index("</header>")]
    assert header.count('class="slabel"') == len(base.marks) + 1
    assert "Holistic score (1-6)" not in page
    assert "confidence 41%; 3 also likely" in header
    assert page.count("Holistic score") == 2  # the card and the Marks section line


def test_report_html_svgs_are_labelled(page):
    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert '<title id="map-title">Argument map</title>' in page
    assert page.count('class="node ') == len(rich_report().argument.nodes)
    for kind in ("supports", "attacks", "explains"):
        assert f"edge-{kind}" in page
    assert "stroke-dasharray" in page  # attacks/explains differ by pattern, not only colour


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><b>&amp;"])
def test_report_html_escapes_essay_text(payload):
    body = TEXT[len(HEADER):]
    text = HEADER + body.replace("Historians still argue", payload[:22].ljust(22), 1)
    report = rich_report(text).model_copy(update={
        "meta": rich_report().meta.model_copy(update={"author": payload, "title": payload}),
        "summary": rich_report().summary.model_copy(update={"went_well": [payload]}),
    })
    page = render_html(report)
    tags = _parse(page)
    assert not any(tag in {"img", "b"} for tag, _ in tags.attrs)
    assert not any("onerror" in attrs for _, attrs in tags.attrs)
    assert len(tags.scripts) == 1 and "alert" not in tags.scripts[0]
    assert payload in "".join(tags.text)


def test_report_html_script_essay_shows_as_text():
    text = "Ann\nHistory\n<script>alert(1)</script> was the title\nThe body says <script>alert(1)</script> plainly.\n"
    report = Report(essay_id="x", meta=Meta(body_start=text.index("The body")), text=text)
    page = render_html(report)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; plainly." in page


def test_report_html_empty_report_degrades():
    report = Report(essay_id="empty", meta=Meta(), text="Just one short line of text.")
    page = render_html(report)
    _parse(page)
    for phrase in ("No argument map was built", "No mark scheme was applied", "No checkable statements",
                   "has not been assessed", "not scored"):
        assert phrase in page
    assert "Just one short line of text." in page


def test_report_html_is_deterministic():
    assert render_html(rich_report()) == render_html(rich_report())
    assert render(rich_report(), "html") == render_html(rich_report())


def test_report_html_seed(seed_report):
    page = render_html(seed_report)
    _parse(page)
    assert "Sam James" in page and "The October Russian Revolution" in page
    assert page.count('class="el el-') >= len(seed_report.discourse)
    if seed_report.argument.nodes:
        assert 'class="argmap"' in page
    assert page == render_html(seed_report)
