"""Header detection: the author line, the subject line and the title.

Students put a name, a subject and a title above the essay in many layouts:
one per line, squeezed onto one line ("Sam James History"), labelled
("Name: ..."), or not at all. Header lines are short and are not prose. The
author is found by entity recognition (a PERSON at the start of a line); a
squeezed line is split where the prefix is still recognised as a person and the
rest reads as a school subject: a common English noun, not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..essay import Header, Span

_LABEL_RE = re.compile(
    r"^\s*(?P<label>name|student|author|by|subject|course|class|title|question|essay)\s*[:\-–]\s*",
    re.IGNORECASE,
)
#: A few school subjects as a supporting hint; recognition does the real work.
_SUBJECT_HINTS = {
    "history", "english", "geography", "politics", "government", "economics", "sociology",
    "philosophy", "religious studies", "re", "rs", "ap history", "ap us history", "apush",
    "ap world history", "ap european history", "modern history", "ancient history",
    "citizenship", "civics", "social studies", "humanities", "classics", "literature",
}
_MAX_HEADER_WORDS = 30
#: Lines that set a task: a question, or an instruction to assess a claim.
_TASK_RE = re.compile(
    r"(?:\?\s*$|\b(?:discuss|assess this (?:view|claim|statement|interpretation)|how far do you agree|"
    r"to what extent do you agree|evaluate this (?:view|claim)|explain your answer)\b)",
    re.IGNORECASE,
)
#: A name written with initials: "A. Student", "J. R. Smith".
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?$")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets (trailing spaces trimmed)."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return out


def _is_prose(line: Line) -> bool:
    words = line.text.split()
    if len(words) > _MAX_HEADER_WORDS:
        return True
    # Two or more sentences on a line is prose, not a heading.
    return len(re.findall(r"[.!?](?:\s|$)", line.text.rstrip("?!. "))) >= 1 and len(words) > 12


def _looks_like_title(line: Line) -> bool:
    t = line.text
    if t.endswith("?"):
        return True
    words = [w for w in re.findall(r"[A-Za-z'’]+", t)]
    if not words or t.endswith("."):
        return len(words) <= 12 and not t.endswith(".")
    caps = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(len(w) > 3 for w in words) or 1
    return caps / long_words >= 0.6 or len(words) <= 12


def _is_subject(words: str) -> bool:
    from wordfreq import zipf_frequency

    w = words.strip().lower()
    if not w or len(w.split()) > 4 or "." in w:
        return False
    if w in _SUBJECT_HINTS:
        return True
    # A common lowercase noun is a subject; a rare one is probably a surname.
    return all(zipf_frequency(tok, "en") >= 4.0 for tok in w.split()) and words[:1].isupper()


def _person_prefix(nlp, text: str) -> int | None:
    """Length in characters of the PERSON entity that opens ``text``."""
    doc = nlp(text)
    ents = [e for e in doc.ents if e.label_ == "PERSON" and e.start_char == 0]
    if ents:
        return ents[0].end_char
    return None


def _split_person_subject(nlp, line: Line, tokens: list) -> tuple[Span, Span] | None:
    """Split "NAME SUBJECT" where NAME is still a person; known subjects win."""
    text = line.text
    for known_only in (True, False):
        for k in range(2, len(tokens)):
            tail = text[tokens[k].start():]
            ok = tail.strip().lower() in _SUBJECT_HINTS if known_only else _is_subject(tail)
            if ok and _person_prefix(nlp, text[: tokens[k - 1].end()]) is not None:
                return (
                    Span(line.start, line.start + tokens[k - 1].end()),
                    Span(line.start + tokens[k].start(), line.end),
                )
    return None


def _split_author_line(nlp, line: Line) -> tuple[Span | None, Span | None]:
    """Split a line into (author, subject) spans; either may be None."""
    text = line.text
    m = _LABEL_RE.match(text)
    if m:
        label = m.group("label").lower()
        value = Span(line.start + m.end(), line.end)
        if label in {"subject", "course", "class"}:
            return None, value
        if label in {"name", "student", "author", "by"}:
            return value, None
        return None, None
    tokens = list(re.finditer(r"\S+", text))
    if _INITIALS_RE.match(text):
        return Span(line.start, line.end), None
    person_end = _person_prefix(nlp, text)
    if person_end is not None:
        # The tagger often swallows the first word of a subject into the name
        # ("Priya Patel Modern" + "History"), so try every split of the line.
        split = _split_person_subject(nlp, line, tokens)
        if split:
            return split
    if person_end is not None and person_end >= len(text.rstrip(" ,;-–")):
        return Span(line.start, line.end), None
    if person_end is not None:
        rest = text[person_end:].strip(" ,;-–|")
        rest_start = text.index(rest, person_end) if rest else None
        subject = Span(line.start + rest_start, line.end) if rest and _is_subject(rest) else None
        return Span(line.start, line.start + person_end), subject
    if _is_subject(text):
        return None, Span(line.start, line.end)
    # Two capitalised words and nothing else: a name the tagger missed.
    if 2 <= len(tokens) <= 3 and all(t.group()[:1].isupper() and t.group().isalpha() for t in tokens):
        if not _is_subject(tokens[-1].group()):
            return Span(line.start, line.end), None
        return Span(line.start, line.start + tokens[-2].end()), Span(line.start + tokens[-1].start(), line.end)
    return None, None


def detect_header(text: str, nlp) -> Header:
    """Find the author, subject and title lines above the essay body.

    Args:
        text: the essay's full text.
        nlp: a spaCy pipeline with an entity recogniser.

    Returns:
        The header spans and the offset where the body begins.
    """
    lines = split_lines(text)
    if len(lines) < 2:
        return Header(body_start=lines[0].start if lines else 0)
    candidates: list[Line] = []
    for line in lines[:4]:
        if _is_prose(line) or line is lines[-1]:
            break
        candidates.append(line)
    if not candidates:
        return Header(body_start=lines[0].start)
    author = subject = title = None
    consumed = 0
    for i, line in enumerate(candidates):
        m = _LABEL_RE.match(line.text)
        if m and m.group("label").lower() in {"title", "question", "essay"}:
            title = Span(line.start + m.end(), line.end)
            consumed = i + 1
            break
        if _TASK_RE.search(line.text) and not m:
            title = Span(line.start, line.end)
            consumed = i + 1
            break
        if author is None or subject is None:
            a, s = _split_author_line(nlp, line)
            if a or s:
                author = author or a
                subject = subject or s
                consumed = i + 1
                continue
        if _looks_like_title(line):
            title = Span(line.start, line.end)
            consumed = i + 1
        break
    if consumed == 0:
        return Header(body_start=lines[0].start)
    body = lines[consumed] if consumed < len(lines) else None
    return Header(author=author, subject=subject, title=title, body_start=body.start if body else len(text))
