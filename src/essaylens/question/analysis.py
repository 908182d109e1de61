"""Parse an essay question into its kind and competing hypotheses.

History questions come in a handful of forms, and each form says what the
positions are:

* either-or: "The October Revolution - a popular rising or a coup?"; the two
  alternatives are the hypotheses;
* to-what-extent / how-far: "How far was X the main reason for Y?"; the
  proposition against "other factors mattered more";
* why: "Why did the Provisional Government fall?"; the factors, when the
  question or the introduction names them;
* was-X-a-Y: "Was Stalin a revolutionary?"; yes against no;
* a statement to assess: "'Versailles was too harsh.' Assess this view.";
  agree against disagree.

The question is taken from the title; when the title is not a question, from
the introduction ("...it is difficult to say whether this was A or B").
"""

from __future__ import annotations

import re

from ..essay import Essay
from ..report.models import Hypothesis, Question

_APOS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
#: Loanwords students write without their accents.
_LOANWORDS = {"coup d'etat": "coup d'état", "detente": "détente", "laissez faire": "laissez-faire"}

_AUX = r"(?:was|were|is|are|did|does|do|has|have|had|should|could|would|can|will)"
_EXTENT = re.compile(
    r"^(?:to what extent|how far|how much|in what ways? and to what extent|how (?:significant|important|successful|far do you agree)|"
    r"how accurate is it to say)\b",
    re.I,
)
_AGREE = re.compile(r"\b(?:do you agree|how far do you agree|assess this view|discuss|evaluate (?:this|the) (?:view|claim|statement)|"
                    r"assess the validity|how valid is this|how convincing)\b", re.I)
_WHY = re.compile(r"^(?:why|what (?:were|was) the (?:main |most important |key )?(?:reasons?|causes?|factors?)|explain why|account for)\b", re.I)
_WAS = re.compile(rf"^{_AUX}\b", re.I)
_WHETHER = re.compile(
    r"\b(?:whether|if)\s+(?P<body>[^.?!;]*?\bor\b[^.?!;]*)",
    re.I,
)
_INTRO_FRAMES = re.compile(
    r"\b(?:this essay (?:will )?(?:consider|assess|examine|explore|discuss|evaluate|argue|look at)|"
    r"the question (?:of|is)|(?:difficult|hard|impossible) to (?:say|decide|tell|judge)|"
    r"historians (?:disagree|debate|argue)|(?:i|we) (?:will|shall) (?:consider|assess|examine|discuss))\b",
    re.I,
)
_PREPOSITIONS = {"of", "in", "on", "by", "for", "to", "with", "from", "at", "into", "against", "between"}
_COPULAS = {"was", "were", "is", "are", "be", "been", "being", "whether", "as", "of", "become", "became"}
#: "...how far this view is correct": the claim to assess is in the sentence before.
_REFERS_BACK = re.compile(r"\b(?:this|that|the) (?:view|claim|statement|interpretation|argument|judgement)\b", re.I)
_REPORTED = re.compile(r"\b(?:claim|claims|argue|argues|argued|say|says|said|believe|believes|suggest|suggests|"
                       r"maintain|maintains|insist|insists)\s+that\s+(?P<claim>.+)$", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_FUNCTION_STARTS = {"a", "an", "the", "to", "by", "because", "through", "in", "due", "for", "of", "from",
                    "on", "with", "as", "more", "mainly", "largely", "its", "his", "her", "their"}


def _clean(text: str) -> str:
    text = " ".join(text.translate(_APOS).split())
    low = text.lower()
    for plain, accented in _LOANWORDS.items():
        i = low.find(plain)
        while i >= 0:
            text = text[:i] + accented + text[i + len(plain):]
            low = text.lower()
            i = low.find(plain, i + len(accented))
    return text


def _sentence_case(phrase: str) -> str:
    """Lower-case Title Case words, keeping names and acronyms."""
    words = phrase.split()
    titled = sum(w[:1].isupper() for w in words) >= max(2, len(words) * 0.6)
    if not titled:
        return phrase[:1].lower() + phrase[1:] if _ARTICLE.match(phrase) else phrase
    from wordfreq import zipf_frequency

    named = _named_words(phrase)
    out = []
    for i, w in enumerate(words):
        core = re.sub(r"[^A-Za-z]", "", w)
        if core.isupper() and len(core) > 1:
            out.append(w)  # acronym
        elif core and zipf_frequency(core.lower(), "en") >= 3.5 and not _PROPER.match(core) \
                and core not in named and w not in named:
            out.append(w[:1].lower() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


# Names of peoples and creeds ("Bolshevik", "Russian", "Marxist") keep their
# capitals by their suffix; other names by the entity recogniser.
_PROPER = re.compile(r"^[A-Z][a-z]+(?:ian|ians|ish|ese|ist|ists|ik|iks|ism|an|ans)$")
_NAME_LABELS = {"PERSON", "NORP", "GPE", "LOC", "ORG", "EVENT", "DATE", "FAC", "LAW", "WORK_OF_ART"}


def _named_words(phrase: str) -> set[str]:
    """Words inside named entities of ``phrase`` (people, places, bodies, months...)."""
    from ..resources import spacy_nlp

    doc = spacy_nlp()(phrase)
    return {t.text for e in doc.ents if e.label_ in _NAME_LABELS for t in e}


def _lower_first(statement: str) -> str:
    """Lower-case the first word only when it is a function word ("The", "It")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    first = statement.split()[0] if statement.split() else ""
    return statement[:1].lower() + statement[1:] if first.lower() in STOP_WORDS else statement


def _hyp(i: int, phrase: str) -> Hypothesis:
    phrase = phrase.strip(" ,;:-?.!\"'")
    text = _sentence_case(phrase)
    label = _ARTICLE.sub("", text)
    label = label[:1].upper() + label[1:]
    return Hypothesis(id=f"h{i}", label=label, text=text)


def _split_alternatives(body: str) -> tuple[str, str] | None:
    """Split "... A or B" into (A, B) using the parallel form of the two."""
    body = body.strip().rstrip("?.!")
    parts = re.split(r"\s+(?:or|rather than)\s+(?!not\b)", body, flags=re.I)
    if len(parts) < 2:
        return None
    left, right = " or ".join(parts[:-1]), parts[-1]
    right = re.split(r"\s*[,;]\s*|\s+(?:in|during|by)\s+(?=1[0-9]{3})", right)[0] if len(right.split()) > 12 else right
    # After a dash or colon, the alternatives are what follows it.
    for sep in (" - ", ": ", "- ", " -"):
        if sep in left:
            left = left.rsplit(sep, 1)[1]
            return left.strip(), right.strip()
    words = left.split()
    first = right.split()[0].lower() if right.split() else ""
    if first in _FUNCTION_STARTS:
        articles = {"a", "an", "the"}
        same = [i for i, w in enumerate(words)
                if w.lower() == first or (first in articles and w.lower() in articles)]
        # Prefer the candidate that follows a copula or "whether", as in
        # "whether it was a rising of the workers or a coup".
        # A copula that opens the question ("Was the October Revolution a rising or a
        # coup?") is inverted: the article after it opens the subject, not an alternative.
        after_copula = [i for i in same if i > 1 and words[i - 1].lower() in _COPULAS]
        pick = (after_copula or same or [None])[-1]
        # A later article that follows no preposition opens the alternative itself ("Was the
        # abolition of the slave trade in 1807 a moral or an economic decision?").
        # The article must match the right one's ("a moral" / "an economic decision"), not
        # open an object inside the left alternative ("a great leader who modernised the country").
        indefinite = first in {"a", "an"}
        later = [i for i in same if pick is not None and i > pick and words[i - 1].lower() not in _PREPOSITIONS
                 and (words[i].lower() in {"a", "an"}) == indefinite and words[i].lower() in articles]
        if later:
            pick = later[-1]
        if pick is not None:
            return " ".join(words[pick:]), right
    # Otherwise the alternative on the left is as long as the one on the right.
    n = max(1, len(right.split()))
    lead = re.match(rf"^{_AUX}\s+", left, re.I)
    if lead:
        left = left[lead.end():]
        words = left.split()
    return " ".join(words[-n:]) if len(words) > n else left, right


def _proposition(q: str) -> str:
    """Turn "was X the main reason..." into a statement-like phrase."""
    q = _EXTENT.sub("", q).strip(" ,?")
    q = re.sub(r"^(?:do you agree (?:with the view )?that|that)\s+", "", q, flags=re.I)
    return q


def analyse_question(text: str, source: str = "title") -> Question | None:
    """Classify one question and derive its hypotheses.

    Args:
        text: the question, from a title or a sentence of the introduction.
        source: ``"title"`` or ``"introduction"``.

    Returns:
        The Question, or None when ``text`` is not a question we recognise.
    """
    q = _clean(text)
    if not q:
        return None
    if _AGREE.search(q) and re.search(r"[\"']", q) or re.search(r"\b(?:assess this view|discuss)\.?$", q, re.I):
        quoted = re.search(r"(?:^|\s)([\"'])(.{8,}?)\1(?=\s|$|[.?!,;:])", q)
        statement = quoted.group(2) if quoted else re.split(r"[.?]\s", q)[0]
        statement = statement.strip(" .")
        return Question(text=q, kind="statement", source=source, hypotheses=[
            Hypothesis(id="h1", label="Agree", text=_sentence_case(statement)),
            Hypothesis(id="h2", label="Disagree", text=f"not the case that {_lower_first(statement)}"),
        ])
    if _EXTENT.match(q) or re.match(r"^how far do you agree", q, re.I):
        prop = _proposition(q)
        alts = _split_alternatives(prop) if re.search(r"\b(?:or|rather than)\b", prop, re.I) else None
        hyps = [
            Hypothesis(id="h1", label="To a great extent", text=prop),
            Hypothesis(id="h2", label="To a limited extent", text=f"other factors matter more than: {prop}"),
        ]
        if alts:
            hyps = [_hyp(1, alts[0]), _hyp(2, alts[1])]
        return Question(text=q, kind="to-what-extent", source=source, hypotheses=hyps)
    if _WHY.match(q):
        hyps = []
        factors = re.search(r"[:\-]\s*(.+\bor\b.+)$", q)
        if factors:
            alts = _split_alternatives(factors.group(1))
            if alts:
                hyps = [_hyp(1, alts[0]), _hyp(2, alts[1])]
        return Question(text=q, kind="why", source=source, hypotheses=hyps)
    has_or = re.search(r"\s+or\s+(?!not\b)", q, re.I) and q.rstrip().endswith("?") or _WHETHER.search(q)
    if has_or:
        m = _WHETHER.search(q)
        body = m.group("body") if m and source == "introduction" else q
        alts = _split_alternatives(body)
        if alts and all(a.strip() for a in alts):
            return Question(text=q, kind="either-or", source=source, hypotheses=[_hyp(1, alts[0]), _hyp(2, alts[1])])
    if _WAS.match(q) and q.endswith("?"):
        # "Was X a Y?" - the proposition, yes or no.
        m = re.match(rf"^(?P<aux>{_AUX})\s+(?P<rest>.+?)\??$", q, re.I)
        if m is None:  # "Can't they...?": an aux with a contraction is no was-X-a-Y question
            return None
        rest = m.group("rest")
        return Question(text=q, kind="was-x-a-y", source=source, hypotheses=[
            Hypothesis(id="h1", label="Yes", text=rest),
            Hypothesis(id="h2", label="No", text=f"not: {rest}"),
        ])
    if q.endswith("?") and re.match(r"^(?:what|how|which|who)\b", q, re.I):
        return Question(text=q, kind="why" if re.match(r"^(?:what|how)\b.*\b(?:cause|reason|lead|led|explain)", q, re.I) else "statement",
                        source=source, hypotheses=[])
    return None


def _statement_from(previous: str, frame: str) -> Question | None:
    """A statement question whose claim sits in the previous sentence."""
    if not re.search(r"\b(?:assess|evaluate|consider|examine|discuss|judge|test)\b|\bhow far\b|\bto what extent\b",
                     frame, re.I):
        return None
    m = _REPORTED.search(previous.strip().rstrip("."))
    claim = _clean(m.group("claim") if m else previous.strip().rstrip("."))
    return Question(text=_clean(f"{previous.strip()} {frame.strip()}"), kind="statement", source="introduction",
                    hypotheses=[
                        Hypothesis(id="h1", label="Agree", text=claim),
                        Hypothesis(id="h2", label="Disagree", text=f"not the case that {_lower_first(claim)}"),
                    ])


def find_question(essay: Essay) -> Question:
    """The essay's question from its title, else from its introduction."""
    header = essay.header
    if header.title is not None:
        found = analyse_question(essay.span_text(header.title), "title")
        if found is not None:
            return found.model_copy(update={"start": header.title.start, "end": header.title.end})
    paragraphs = essay.get("paragraphs", [])
    if paragraphs:
        intro = list(essay.sentences_in(paragraphs[0]))
        # Prefer an explicit question, then a "whether A or B" frame.
        ranked = sorted(
            intro,
            key=lambda s: (
                not essay.span_text(s).rstrip().endswith("?"),
                not _WHETHER.search(essay.span_text(s)),
                not _INTRO_FRAMES.search(essay.span_text(s)),
            ),
        )
        for s in ranked:
            sent = essay.span_text(s)
            idx = intro.index(s)
            if idx > 0 and _REFERS_BACK.search(sent) and _INTRO_FRAMES.search(sent + " this essay will assess"):
                found = _statement_from(essay.span_text(intro[idx - 1]), sent)
                if found is not None:
                    return found.model_copy(update={"start": intro[idx - 1].start, "end": s.end})
            candidate = sent
            if not sent.rstrip().endswith("?"):
                m = _WHETHER.search(sent) or re.search(r"\b(?:to what extent|how far|why)\b.*", sent, re.I)
                if not m:
                    continue
                candidate = sent if _WHETHER.search(sent) else m.group(0)
            found = analyse_question(candidate, "introduction")
            if found is not None and (found.hypotheses or found.kind in {"why", "to-what-extent"}):
                return found.model_copy(update={"start": s.start, "end": s.end})
    return Question()
