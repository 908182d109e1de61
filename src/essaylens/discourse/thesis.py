"""The thesis an introduction states in the question's own terms.

The segmenter learns what a Position looks like from PERSUADE essays, where a
thesis usually follows an opening hook and often carries a cue ("I believe",
"I will argue"). History students are taught to answer the question in their
first sentence, in its words and without a cue: "Germany was mainly to blame
for the First World War." for *Was Germany to blame for the First World
War?*. The model reads such an opening as a Lead, and the essay then has no
thesis, or only the elaboration after it.

:func:`place_thesis` corrects that with what the segmenter cannot see: the
question. An introduction sentence *answers the question* when

* it is a statement (not a question, not in brackets, not the question's own
  text) whose main clause is not existential ("There were two revolutions...");
* its grammatical subject names the question's topic (shares a content word
  with the question);
* the rest of it predicates what the question asks: a content word of the
  question outside the subject ("...was not *fair*", "...*responsible* for the
  outbreak"), or a side in the words of a hypothesis or the pack's aliases
  (:func:`essaylens.argument.stance.lexical_scores`);
* it says so in the writer's own voice: neither framed as the question
  ("whether A or B"), attributed to others ("Some historians claim...", "...is
  often described as..."), nor undecided ("It is difficult to say...").

Such a sentence becomes the Position when the introduction has none (and the
first paragraph is an introduction, not the first argument of an essay that
starts without one: see :func:`opens_with_introduction`). When it
opens the introduction ahead of a model Position with no cue of its own, it
becomes a Position too, and when that Position begins in the next sentence
with only a lead's words between, the two are one thesis. When the model's
Position holds only a later clause of such a sentence, the whole sentence
is the thesis. A Position the model placed before it, or one with an
explicit or an undecided cue ("I believe", "it is hard to decide"), is left
alone, as is every essay without a set question: one in its title or its
pack (a question inside the introduction is as often a hook, "Have you ever
wondered why...?", as the task).
"""

from __future__ import annotations

from typing import Sequence

from ..report.models import DiscourseElement
from . import cues
from .model import RULE_CONFIDENCE

#: Verbs that report a view rather than state one ("historians see...", "is often called...").
REPORTING = frozenset(
    "argue claim say see call describe present portray regard view treat believe think consider suggest label "
    "brand dismiss celebrate remember depict interpret blame praise".split())
#: Subjects that are the writer, whose reporting verbs do state a view ("I believe...").
_WRITER = frozenset({"i", "we"})
#: Question words and instructions that are not the question's content.
_FRAME_WORDS = frozenset(
    "extent far agree disagree degree statement explain assess discuss evaluate consider much true view "
    "significant reason reasons main important".split())
#: Openings of a clausal subject that is an indirect question ("Whether Charles I was to blame is...").
_INDIRECT = frozenset({"whether", "if", "how", "why", "what", "who", "which"})
#: Where a question the essay must answer comes from (report ``Question.source``).
SET_QUESTION = frozenset({"title", "pack"})
#: An introduction has at most this many sentences, or is shorter than this share of the median body paragraph.
INTRO_SENTENCES = 3
INTRO_SHARE = 0.75
#: The least content-word echo of a side (stance.lexical_scores, relative) that counts as naming it.
SIDE_SCORE = 0.5


def _stems(text: str) -> set[str]:
    from ..argument.meaning import content_stems

    return set(content_stems(text))


def question_stems(text: str) -> set[str]:
    """Content stems of a question, less the words that frame it ("to what extent", "assess")."""
    return _stems(text) - _FRAME_WORDS


def _words(tokens) -> set[str]:
    """Content stems of tokens, as written and as lemmatised ("won" is "win")."""
    out: set[str] = set()
    for t in tokens:
        out |= _stems(t.text) | _stems(t.lemma_)
    return out


def answers_question(sent, question_stems: set[str], profiles, doc=None) -> bool:
    """Whether a parsed sentence states an answer to the question in its terms.

    Args:
        sent: the sentence as a spaCy Span.
        question_stems: content stems of the question, less its frame words.
        profiles: the question's hypothesis profiles (:func:`essaylens.argument.stance.build_profiles`).
        doc: the essay's Doc (for the stance scorer's negation check).
    """
    from ..argument.stance import _ATTRIBUTION, _QUESTION_FRAME, _relative, lexical_scores
    from ..argument.meaning import fold

    text = sent.text.strip()
    low = fold(text)
    if not text or text.endswith("?") or cues.PARENTHETICAL.match(text) or cues.UNDECIDED.search(low):
        return False
    if _QUESTION_FRAME.search(low) or _ATTRIBUTION.search(low):
        return False
    root = next((t for t in sent if t.dep_ == "ROOT"), None)
    if root is None or any(c.dep_ == "expl" for c in root.children):
        return False
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None)
    if subj is None or subj.left_edge.lower_ in _INDIRECT:
        return False
    if root.lemma_.lower() in REPORTING and subj.lower_ not in _WRITER:
        return False
    inside = {t.i for t in subj.subtree}
    subject = _words(t for t in sent if t.i in inside) & question_stems
    if not subject:
        return False
    predicate = _words(t for t in sent if t.i not in inside)
    if predicate & (question_stems - subject):
        return True
    if profiles:
        lex, framed, attributed = lexical_scores(text, sent.start_char, profiles, doc)
        if not framed and not attributed and max(_relative(lex).values(), default=0.0) >= SIDE_SCORE:
            return True
    return False


def place_thesis(essay, elements: Sequence[DiscourseElement]) -> list[DiscourseElement]:
    """The elements with an introduction's question-answering sentence as the Position.

    Args:
        essay: an annotated Essay with ``question``, ``paragraphs``,
            ``sentences`` and ``doc`` (and ``pack``, when one matched).
        elements: the decoded discourse elements, in text order.

    Returns:
        The elements, changed only as the module docstring says.
    """
    elements = list(elements)
    question = essay.get("question")
    doc = essay.get("doc")
    pars = [p for p in essay.get("paragraphs", []) or [] if p.end > essay.body_start]
    # Only a set question (the essay's title, or the pack's) is one to answer: a
    # question inside the introduction is as often a hook ("Have you ever...?").
    if (question is None or not question.text or question.source not in SET_QUESTION or doc is None
            or len(pars) < 2):
        return elements
    qstems = question_stems(question.text)
    if not qstems:
        return elements
    intro = pars[0]
    in_intro = [d for d in elements if d.paragraph == 0]
    positions = [d for d in in_intro if d.type == "Position"]
    sentences = [s for s in essay.sentences_in(intro) if s.start >= essay.body_start
                 and not (question.start is not None and question.end is not None
                          and s.start < question.end and question.start < s.end)]
    if not sentences:
        return elements
    from ..argument.stance import build_profiles

    profiles = build_profiles(question, essay.get("pack"))

    def answers(sent) -> bool:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        return span is not None and answers_question(span, qstems, profiles, doc)

    for k, sent in enumerate(sentences):
        held = [d for d in positions if d.start < sent.end and sent.start < d.end]
        if held:
            # The model's Position comes first and stands; when it holds only a
            # later clause of a sentence that answers the question, the whole
            # sentence is the thesis ("William won mainly because..., although...").
            if (held[0].start > sent.start or held[-1].end < sent.end) and answers(sent):
                return _relabel(essay.text, elements, sent.start, max(sent.end, held[-1].end))
            return elements
        if not answers(sent):
            continue
        if not opens_with_introduction(essay):
            return elements
        if not positions:
            return _relabel(essay.text, elements, sent.start, sent.end)
        if k > 0 or any(cues.POSITION.search(essay.text[d.start:d.end]) or cues.UNDECIDED.search(essay.text[d.start:d.end])
                        for d in positions):
            return elements
        # An opening thesis ahead of the model's uncued Position: the Position is
        # its elaboration when only a lead's words lie between them in the next
        # sentence; else both stand.
        nxt = sentences[k + 1] if k + 1 < len(sentences) else None
        between = [d for d in in_intro if sent.end <= d.start < positions[0].start]
        if nxt is not None and positions[0].start < nxt.end and all(d.type == "Lead" for d in between):
            return _relabel(essay.text, elements, sent.start, max(d.end for d in positions))
        return _relabel(essay.text, elements, sent.start, sent.end)
    return elements


def opens_with_introduction(essay) -> bool:
    """Whether the essay's first paragraph reads as an introduction rather than its first argument.

    An essay that starts straight into its first point opens with a body
    paragraph: as long as the others, its topic sentence echoing the question
    ("The alliance system divided the great powers...") without being a
    thesis. An introduction is short: at most :data:`INTRO_SENTENCES`
    sentences, or under :data:`INTRO_SHARE` of the median body paragraph's
    words. A one-paragraph essay has no introduction.
    """
    pars = [p for p in essay.get("paragraphs", []) or [] if p.end > essay.body_start]
    if len(pars) < 2:
        return False
    first = [s for s in essay.sentences_in(pars[0]) if s.start >= essay.body_start]
    if len(first) <= INTRO_SENTENCES:
        return True
    words = [len(essay.text[max(p.start, essay.body_start):p.end].split()) for p in pars]
    body = sorted(words[1:-1] if len(words) >= 3 else words[1:])
    return words[0] < INTRO_SHARE * body[len(body) // 2]


def _relabel(text: str, elements: list[DiscourseElement], start: int, end: int) -> list[DiscourseElement]:
    """Make [start, end) of the introduction one Position: elements inside it
    are absorbed, those across its edges cut at it."""
    out: list[DiscourseElement] = []
    inside: list[DiscourseElement] = []
    for d in elements:
        if d.end <= start or d.start >= end:
            out.append(d)
            continue
        inside.append(d)
        if d.start < start:
            out.append(d.model_copy(update={"end": len(text[:start].rstrip())}))
        if d.end > end:
            out.append(d.model_copy(update={"start": end + len(text[end:d.end]) - len(text[end:d.end].lstrip())}))
    conf = max([RULE_CONFIDENCE] + [d.confidence for d in inside if d.type == "Position"])
    out.append(DiscourseElement(type="Position", start=start, end=end, confidence=round(conf, 4), paragraph=0))
    return sorted((d for d in out if d.end > d.start), key=lambda d: (d.start, d.end))
