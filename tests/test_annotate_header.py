"""Header detection: author, subject and title lines above the essay body."""

from __future__ import annotations

import pytest

from essaylens.annotate.header import detect_header, split_lines

BODY = ("The Provisional Government fell because it kept Russia in the war. Soldiers deserted in their "
        "thousands and prices rose every month in the capital, so that by the autumn almost nobody would "
        "defend it.\nIn the end the Bolsheviks only had to walk in. This shows how weak it had become.\n")
TITLE = "Why did the Provisional Government fall in 1917?"


@pytest.fixture(scope="module")
def nlp():
    from essaylens.resources import spacy_nlp

    return spacy_nlp()


def _parts(text: str, nlp) -> tuple:
    header = detect_header(text, nlp)

    def cut(span):
        return None if span is None else text[span.start:span.end]

    return cut(header.author), cut(header.subject), cut(header.title), text[header.body_start:][:30]


def test_header_seed(seed_text, nlp):
    author, subject, title, body = _parts(seed_text, nlp)
    assert (author, subject) == ("Sam James", "History")
    assert title == ("The October Russian Revolution – A Spontaneous Popular Workers’ Revolution or a "
                     "Coup d’etat?")
    assert body.startswith("After the abdication of the")


CASES = [
    # one per line
    ("Priya Patel\nHistory\n" + TITLE + "\n" + BODY, ("Priya Patel", "History", TITLE)),
    ("Tom Ward\nModern History\n" + TITLE + "\n" + BODY, ("Tom Ward", "Modern History", TITLE)),
    # labelled
    ("Name: Tom Ward\nSubject: Modern History\nTitle: " + TITLE + "\n" + BODY,
     ("Tom Ward", "Modern History", TITLE)),
    ("Student: Aisha Khan\nClass: History\nQuestion: How far was the war to blame for the fall of the Tsar?\n"
     + BODY, ("Aisha Khan", "History", "How far was the war to blame for the fall of the Tsar?")),
    # squeezed onto one line, one- and two-word subjects
    ("Tom Ward History\n" + TITLE + "\n" + BODY, ("Tom Ward", "History", TITLE)),
    ("Priya Patel Modern History\n" + TITLE + "\n" + BODY, ("Priya Patel", "Modern History", TITLE)),
    ("Aisha Khan Modern History\n" + TITLE + "\n" + BODY, ("Aisha Khan", "Modern History", TITLE)),
    # title only, and no header at all
    (TITLE + "\n" + BODY, (None, None, TITLE)),
    (BODY, (None, None, None)),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[
    "per-line", "per-line-two-word-subject", "labelled", "labelled-student-class-question",
    "squeezed", "squeezed-two-word-subject", "squeezed-two-word-subject-2", "title-only", "none",
])
def test_header_layouts(text, expected, nlp):
    author, subject, title, body = _parts(text, nlp)
    assert (author, subject, title) == expected
    assert body == BODY[:30]


def test_header_body_start_is_zero_without_header(nlp):
    assert detect_header(BODY, nlp).body_start == 0


def test_header_single_line_essay(nlp):
    text = "Lenin took power in October 1917 and this shows the Bolsheviks were ready."
    header = detect_header(text, nlp)
    assert header.author is None and header.title is None and header.body_start == 0


def test_header_spans_point_into_the_full_text(nlp):
    text = "  Priya Patel  \r\nHistory\n\n" + TITLE + "\n" + BODY
    header = detect_header(text, nlp)
    assert text[header.author.start:header.author.end] == "Priya Patel"
    assert text[header.subject.start:header.subject.end] == "History"
    assert text[header.title.start:header.title.end] == TITLE


def test_split_lines_offsets():
    text = "a\n\n  b c \nd"
    assert [(ln.start, ln.end, ln.text) for ln in split_lines(text)] == [(0, 1, "a"), (5, 8, "b c"), (10, 11, "d")]
