"""Reasoning detection: which sentences analyse, and what evidence they interpret.

Good writers reason without the formulaic frames that school guides teach
("This shows...", "Therefore..."): "This change was driven by events rather
than by plotting", "A conspiracy of a few cannot explain why no one fought",
"Yet this view confuses the method with the cause". This module reads each
body sentence for four kinds of reasoning, from its words and its spaCy parse:

- causal: connectives and verbs of cause ("because", "as a result", "led to",
  "driven by", "which meant that");
- inferential: what something shows or must mean ("suggests", "cannot
  explain", counterfactual "would not have");
- evaluative: judging weight or validity ("more important than", "outweighs",
  "confuses", "overlooks", "convincing");
- comparative: weighing one account against another ("rather than",
  "whereas", "more ... than").

Grammar adds weight (a present-tense or modal main verb, an abstract or
back-referring subject, the sentence's discourse role), and narration takes
it away (dates, numbers, a named actor doing something in the past tense).
"The Tsar abdicated in March 1917." is narration; "These were not results the
party could fake." is inference. The formulaic frames of :mod:`.cues` always
count, so essays that use them keep their analysis.

Each reasoning sentence is then linked to the evidence it interprets: the
sentences before it in its paragraph back to the previous reasoning or claim
sentence; its own words when it states its evidence itself; or, for a
paragraph's opening interpretation, the evidence that follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..essay import Essay, Span
from ..report.models import AnalysisLink, SpanRef
from . import cues

_I = re.IGNORECASE

#: A past participle after "would have", "could have": a counterfactual ("could have saved"), not
#: possession ("could only have six battleships").
_PARTICIPLE = (r"(?:been|had|made|met|set|put|let|cut|come|become|run|got|"
               r"\w+(?:ed|en|wn|ne|nd|nk|ght|lt|nt|pt|ft|st|ut|id|ld|ck|ng|un|on))\b")

#: (kind, weight, pattern). The first match of each kind counts.
MARKERS: tuple[tuple[str, float, re.Pattern], ...] = (
    # An explanation built as one: "Because X, Y...", "Without X, Y would...",
    # "By doing X, he ensured...". Such a sentence reasons even while it names
    # the dates and people of what it explains.
    ("causal", 2.5, re.compile(
        r"^(?:because|since (?!\d|the (?:start|beginning|end)\b|(?:january|february|march|april|may|june|july|august|"
        r"september|october|november|december)\b))[^,.;]{6,},|^by (?!evening|morning)\w+ing\b[^,.;]{3,},", _I)),
    ("inferential", 2.5, re.compile(
        r"^(?:without|had it not been for|but for|if)\b[^.;]*,[^.;]*\b(?:would|could|might)(?: not| never| \w+ly)? have\s+"
        + _PARTICIPLE, _I)),
    ("inferential", 2.0, re.compile(
        r"\b(?:(?:can|could)(?:not|n't| not)|does not|do not|did not|would not|would)\s+(?:fully\s+|alone\s+|really\s+)?"
        r"explain\b|\bexplains? (?:why|how)\b|\bis (?:why|the reason)\b|\bthe reason (?:why|that|for)\b|"
        r"\b(?:must|cannot|can't|could not|couldn't|would not|wouldn't|would|could|might|may) (?:(?:not|never|hardly|surely|well|still|even|\w+ly) ){0,2}have\s+" + _PARTICIPLE + r"|"
        r"\btells? us\b|\b(?:confirms?|confirmed|shows?|showed|proves?|proved|reveals?|revealed) (?:this|these|those)\b|"
        r"\b(?:this|that|which|it) (?:meant|means) (?:that\b)?|\b(?:meant|means) that\b|\b(?:does|did|do) not mean\b|"
        r"\b(?:suggests?|suggested|implies|implied|indicates?|indicated|proves?|proved|demonstrates?|"
        r"demonstrated|reveals?|revealed|shows?|showed|shown|confirms?|confirmed) (?:that|how|why)\b|"
        r"\b(?:is|was|are|were) (?:a sign|proof|a symptom|a measure) (?:of|that)\b", _I)),
    ("causal", 2.0, re.compile(
        r"\bbecause\b|\bas a (?:direct )?(?:result|consequence)\b|\bdue to\b|\bowing to\b|"
        r"\b(?:led|leads|lead|leading) (?:directly |in turn )?to\b|\bresult(?:s|ed)? in\b|\bcaus(?:ed|ing)\b|"
        r"\b(?:driven|caused|brought about|undermined|weakened|strengthened) by\b|"
        r"\b(?:so that|consequently|hence|thus|therefore)\b|\bmade (?:it|this|that|them) (?:possible|impossible|inevitable)\b|"
        r"\bmade (?:\w+ ){1,3}(?:look|seem|appear|feel)\b|\bensur(?:e|es|ed|ing) (?:that )?\w+", _I)),
    ("causal", 1.5, re.compile(
        r"\bthanks to\b|\bin turn\b|\bdepend(?:s|ed)? (?:on|upon)\b|\b(?:a|the) (?:response|reaction) to\b|"
        r"\bthe (?:product|result|consequence|outcome) of\b|"
        r"(?<!\bnot )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )"
        r"\b(?:enabled|allowed|forced|encouraged|provoked|prompted|triggered|contributed to)\b|"
        r"\bsince (?!\d|the (?:start|beginning|end)\b|(?:january|february|march|april|may|june|july|august|"
        r"september|october|november|december)\b)", _I)),
    ("evaluative", 2.0, re.compile(
        r"\b(?:more|less|most|least) (?:important|significant|decisive|convincing|persuasive|likely|plausible|"
        r"responsible|to blame|influential|serious|fundamental)\b|\boutweigh(?:s|ed)?\b|"
        r"\b(?:crucial|decisive|fundamental|pivotal|the key (?:factor|reason|cause|point))\b|"
        r"\b(?:unconvincing|convincing|persuasive|flawed|misleading|mistaken|exaggerat\w+|oversimplif\w+|"
        r"underestimat\w+|overstat\w+)\b|\b(?:confuses|ignores|overlooks|neglects|misreads|fails to)\b|"
        r"\b(?:a|the) (?:weakness|strength|limit|flaw) of\b|\b(?:to some|to a (?:large|great|limited)) extent\b|"
        r"\bonly partly\b|\bnot (?:solely|only|simply|merely|entirely)\b|"
        r"\b(?:undermine|strengthen|weaken|challenge|contradict|fit)(?:s|ed)? (?:the|this|that|their|his|her) "
        r"(?:\w+ ){0,2}(?:view|argument|case|interpretation|claim|idea|pattern|theory|explanation|thesis)\b", _I)),
    ("comparative", 1.0, re.compile(
        r"\brather than\b|\binstead of\b|\bwhereas\b|\bunlike\b|\bin contrast\b|\bby contrast\b|"
        r"\b(?:more|less|greater|smaller|stronger|weaker) \w+ than\b|\bmore than (?:a|an|just|simply|merely)\b", _I)),
)

#: Subjects that are ideas rather than actors: the nouns arguments are made of.
_ABSTRACT_SUFFIX = re.compile(r"(?:tion|sion|ment|ity|ness|ism|ance|ence|ship|ure|ing|acy|ery)$")
_ARGUMENT_NOUNS = frozenset(
    "view argument case claim idea interpretation explanation evidence factor reason cause point theory "
    "support change planning conspiracy consent pressure fear anger discontent weakness strength failure "
    "success collapse approach account picture pattern story role method motive aim goal problem question "
    "answer result effect impact consequence policy decision power authority legitimacy".split())
_BACK_REFERENCE = frozenset({"this", "that", "these", "those", "it", "which", "such"})
_NARRATION_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"})
_INTERPRETIVE_ROLES = frozenset({"Claim", "Rebuttal", "Concluding Statement"})
_SPECIFIC_DATE = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                            r"\b(?:spring|summer|autumn|winter)\b", _I)
#: A sentence scoring this much or more reasons.
THRESHOLD = 2.0
#: What each unit of narration (a specific date, a number, a named actor in the past) takes off a marked reasoning score.
NARRATION_COST = 0.5


@dataclass
class Reading:
    """How a sentence reads: its reasoning score, the kind, and the marker."""

    score: float
    kind: str | None
    marker: str
    narration: float

    @property
    def cue(self) -> str:
        """The AnalysisLink cue: the marker, or a short description."""
        return f"{self.kind}: {self.marker}" if self.kind else self.marker


def _root(sent):
    return next((t for t in sent if t.dep_ == "ROOT"), None)


def _subject(root):
    if root is None:
        return None
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None)
    if subj is None and root.dep_ != "ROOT":
        return None
    return subj


def grammar(sent) -> tuple[float, float, list[str]]:
    """Grammar cues of reasoning and of narration in one parsed sentence.

    Args:
        sent: a spaCy Span (one sentence).

    Returns:
        (reasoning weight, narration weight, notes naming the cues found).
    """
    reasoning, narration, notes = 0.0, 0.0, []
    root = _root(sent)
    if root is None:
        return reasoning, narration, notes
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    modal = any(a.tag_ == "MD" for a in aux) or root.tag_ == "MD"
    present = root.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in aux)
    past = (root.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux)
            or (root.tag_ == "VBN" and not aux)) and not modal
    if modal:
        reasoning += 1.0
        notes.append("modal")
    elif present:
        reasoning += 1.0
        notes.append("present tense")
    elif any(t.tag_ == "MD" for t in sent):
        reasoning += 0.5
        notes.append("modal")
    subj = _subject(root)
    if subj is not None:
        low = subj.lower_
        if low in _BACK_REFERENCE or (subj.pos_ == "DET" and low in _BACK_REFERENCE):
            reasoning += 1.0
            notes.append("back-reference")
        elif subj.pos_ == "NOUN" and not subj.ent_type_ and (
                subj.lemma_.lower() in _ARGUMENT_NOUNS or _ABSTRACT_SUFFIX.search(low)):
            reasoning += 0.75
            notes.append("abstract subject")
        elif subj.ent_type_ in _NARRATION_ENTS and past:
            narration += 1.0
        if notes and any(c.dep_ == "neg" for c in root.children):
            reasoning += 0.5
            notes.append("denial")
    elif past:
        narration += 0.25
    # Specific dates narrate ("on 3 July", "in 1916"); spans of time ("within weeks") do not.
    dates = sum(1 for e in sent.ents if e.label_ == "DATE" and _SPECIFIC_DATE.search(e.text))
    numbers = sum(1 for e in sent.ents if e.label_ in {"CARDINAL", "PERCENT", "QUANTITY", "MONEY"})
    narration += min(2.0, 1.0 * dates) + min(1.0, 0.5 * numbers)
    if past and not notes:
        notes.append("past narration")
    return reasoning, narration, notes


def read_sentence(text: str, sent=None, role: str | None = None) -> Reading:
    """Read one sentence for reasoning.

    Args:
        text: the sentence.
        sent: its spaCy Span, when parsed (grammar cues need it).
        role: its discourse element type, when known.

    Returns:
        The Reading; ``score >= THRESHOLD`` means the sentence reasons.
    """
    formula = cues.is_analysis(text)
    if formula:
        return Reading(score=10.0, kind=None, marker=formula, narration=0.0)
    score, kind, marker, kinds = 0.0, None, "", set()
    for name, weight, pattern in MARKERS:
        m = pattern.search(text)
        if m is None:
            continue
        kinds.add(name)
        if weight > score:
            score, kind, marker = weight, name, " ".join(m.group(0).lower().split())
    score += 0.5 * max(0, len(kinds) - 1)
    g_reason, narration, notes = grammar(sent) if sent is not None else (0.0, 0.0, [])
    told = "past narration" in notes
    notes = [n for n in notes if n != "past narration"]
    score += g_reason
    if role in _INTERPRETIVE_ROLES:
        score += 0.5
    # Inference, cause and evaluation stay reasoning when they cite the events
    # they interpret; a comparison inside a story does not.
    score -= narration * (1.0 if kind == "comparative" else NARRATION_COST)
    if kind is None:
        # Grammar alone reasons only when it is clearly not narration.
        if narration > 0 or told or g_reason < 2.0:
            score = min(score, THRESHOLD - 0.5)
        kind, marker = "interpretive", " and ".join(notes) or "judgement"
    elif told and kind == "comparative":
        score -= 0.5
    return Reading(score=round(score, 3), kind=kind, marker=marker, narration=narration)


def _element_types(essay: Essay, s: Span) -> tuple[str | None, bool]:
    """The discourse type covering most of ``s``, and whether ``s`` wholly holds a
    structural element (thesis, counterclaim, conclusion) that must stay one."""
    best, best_n, holds = None, 0, False
    for d in essay.get("discourse", []) or []:
        n = min(s.end, d.end) - max(s.start, d.start)
        if n > best_n:
            best, best_n = d.type, n
        if s.start <= d.start and d.end <= s.end and d.type in {"Position", "Counterclaim", "Concluding Statement"}:
            holds = True
    return best, holds


def _states_evidence(essay: Essay, s: Span) -> bool:
    text = essay.span_text(s)
    if text.lower().lstrip().startswith("the fact that") or cues.EVIDENCE_HINT.search(text):
        return True
    return any(s.start <= e.start < s.end and e.label in _NARRATION_ENTS | {"DATE"} for e in essay.get("entities", []) or [])


def reasoning_sentences(essay: Essay) -> dict[tuple[int, int], Reading]:
    """The essay's reasoning sentences with how each reads.

    Formulaic analysis counts in every paragraph; other reasoning only in body
    paragraphs (not an introduction or a closing conclusion paragraph; a long
    first paragraph is the first argument of an essay with no introduction), and
    never a sentence that holds a whole thesis, counterclaim or conclusion
    element, whose role the argument needs to keep.

    Args:
        essay: an Essay with sentences, paragraphs, doc and discourse layers.

    Returns:
        {(start, end): Reading} for each reasoning sentence.
    """
    from .thesis import opens_with_introduction

    pars = essay.get("paragraphs", []) or []
    doc = essay.get("doc")
    n = len(pars)
    # An essay that starts straight into its first point has no introduction to skip.
    intro = 0 if opens_with_introduction(essay) else -1
    out: dict[tuple[int, int], Reading] = {}
    for pi, par in enumerate(pars):
        body = not ((pi == intro and n > 1) or (pi == n - 1 and n >= 3))
        for s in essay.sentences_in(par):
            if s.start < essay.body_start:
                continue
            text = essay.span_text(s)
            if cues.is_analysis(text):
                out[(s.start, s.end)] = read_sentence(text)
                continue
            role, holds = _element_types(essay, s)
            if not body or holds or role == "Counterclaim":
                continue
            sent = doc.char_span(s.start, s.end, alignment_mode="expand") if doc is not None else None
            reading = read_sentence(text, sent, role)
            if reading.score >= THRESHOLD:
                out[(s.start, s.end)] = reading
    return out


def find_analysis_links(essay: Essay, max_back: int = 4) -> list[AnalysisLink]:
    """Link each reasoning sentence to the evidence it interprets.

    The evidence is the run of sentences before it in its paragraph, back to
    the previous reasoning sentence or the paragraph's opening claim (at most
    ``max_back``); right after another reasoning sentence it shares that one's
    evidence. A sentence that states its own evidence (a date, a name, "the
    fact that...") links to itself when nothing precedes it; a paragraph's
    opening interpretation links to the evidence that follows it.

    Args:
        essay: an Essay with sentences, paragraphs, doc and discourse layers.
        max_back: the most sentences to link in either direction.

    Returns:
        One AnalysisLink per reasoning sentence, in text order.
    """
    found = reasoning_sentences(essay)
    discourse = essay.get("discourse", []) or []
    links: list[AnalysisLink] = []

    def reasons(s: Span) -> bool:
        return (s.start, s.end) in found

    def claim_like(s: Span) -> bool:
        return any(d.type in {"Position", "Claim", "Lead"} and d.start <= s.start < d.end for d in discourse)

    for par in essay.get("paragraphs", []) or []:
        sents = [s for s in essay.sentences_in(par) if s.start >= essay.body_start]
        for i, s in enumerate(sents):
            reading = found.get((s.start, s.end))
            if reading is None:
                continue
            evidence: list[SpanRef] = []
            for j in range(i - 1, max(-1, i - 1 - max_back), -1):
                prev = sents[j]
                if reasons(prev):
                    if not evidence and links and (links[-1].start, links[-1].end) == (prev.start, prev.end):
                        evidence = list(links[-1].evidence)
                    break
                if j == 0 and claim_like(prev):
                    break
                evidence.insert(0, SpanRef(start=prev.start, end=prev.end))
            if not evidence and i == 0:
                # A paragraph's opening interpretation interprets the evidence that follows it,
                # even when it names an actor itself ("German war planning made war likely.").
                for nxt in sents[1:1 + max_back]:
                    if reasons(nxt):
                        break
                    evidence.append(SpanRef(start=nxt.start, end=nxt.end))
            if not evidence and _states_evidence(essay, s):
                evidence = [SpanRef(start=s.start, end=s.end)]
            links.append(AnalysisLink(start=s.start, end=s.end, cue=reading.cue, evidence=evidence))
    return links
