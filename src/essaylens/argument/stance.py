"""Stance of each argument unit toward each hypothesis of the question.

A unit (a claim, an evidence span, an analysis sentence, the thesis...) gets a
score in [-1, 1] toward every hypothesis, with a confidence, from three kinds
of signal:

* wording: the hypothesis' own distinctive words and the pack's aliases for
  it, read with their polarity: negation ("was not a coup"), comparison
  ("more a coup than a rising"), concession ("although..."), attribution
  ("some historians argue...") and the question frame ("whether A or B");
* meaning: embedding similarity to the hypothesis texts, contrasted across
  the hypotheses so that topic words shared by all of them cancel out;
* the pack's evidence bank: similarity to evidence items tagged with the
  hypothesis they support, weighted by their strength.

Scores are relative: for an either-or question, support for one hypothesis is
evidence against the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .meaning import content_stems, encode, fold

#: Words that flip the polarity of a hypothesis mention a few words later.
_NEGATORS = re.compile(r"^(?:not|never|no|neither|nor|hardly|without|nothing|less|rather|instead|little|\w+n't|cannot)$")
#: Words that open a new clause; polarity and concession do not cross them.
_CLAUSE_BREAK = re.compile(r"^(?:but|however|yet|whereas|although|though|while|whilst|despite|nevertheless|because|so|and)$")
_CONCESSIVE = re.compile(r"^(?:although|though|while|whilst|despite|admittedly|granted)$")
_ATTRIBUTION = re.compile(
    r"\b(?:some (?:\w+ )?(?:historians|people|writers|critics|scholars)?\s*(?:argue|say|claim|believe|think|suggest|see)|"
    r"others (?:argue|say|claim|believe|think|suggest)|it (?:could|can|may|might) be (?:argued|said|claimed)|"
    r"one (?:could|might|may) argue|(?:historians|critics|scholars) (?:such as|like) \w+|"
    r"(?:according to|in the view of) (?:some|historians|[a-z]+ historians)|[a-z]+ historians (?:argue|claim|see)|"
    r"(?:argues|claims|contends|suggests|maintains) that)\b"
)
_QUESTION_FRAME = re.compile(r"\b(?:whether|if)\b[^.;:?]*\bor\b[^.;:?,]*")
#: Words after which a hypothesis word is predicated of the event, not narrated.
_PREDICATION = frozenset({"was", "were", "is", "being", "been", "truly", "genuinely", "really", "idea", "view", "case"})
_HEDGE = re.compile(r"\b(?:partly|partially|to some extent|in some ways|in part|somewhat|arguably|perhaps|possibly|may have been|might have been)\b")
_ARGUING = re.compile(
    r"\b(?:support|supports|supported|prove|proves|shows?|showed|suggests?|demonstrates?|indicates?|evidence|"
    r"clearly|conclude|argue|believe|therefore|thus|confirms?|means?)\b"
)


@dataclass
class HypothesisProfile:
    """Everything stance reads about one hypothesis.

    Args:
        id: the essay hypothesis id (``h1``...).
        texts: descriptions to embed (the question's wording, pack text).
        terms: distinctive stems with their weights.
        phrases: folded multi-word aliases matched as whole phrases.
        evidence: pack evidence items that support it, as (text, strength, item).
    """

    id: str
    texts: list[str]
    terms: dict[str, float] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)
    head: str | None = None
    evidence: list[tuple[str, float, object]] = field(default_factory=list)


@dataclass
class UnitScore:
    """The stance of one unit, with how it was reached."""

    scores: dict[str, float]
    confidence: float
    lexical: dict[str, float]
    framed: bool = False
    attributed: bool = False
    balanced_cue: bool = False


def _pack_hypothesis(pack, pack_hid: str | None):
    if pack is None or pack_hid is None:
        return None
    questions = [pack.question] if getattr(pack, "question", None) else list(pack.pack.questions)
    for q in questions:
        for h in q.hypotheses:
            if h.id == pack_hid:
                return h
    return None


def build_profiles(question, pack=None) -> list[HypothesisProfile]:
    """One profile per hypothesis of ``question``, enriched from ``pack``.

    Args:
        question: the essay's Question (report model).
        pack: the SelectedPack or None.

    Returns:
        Profiles in the question's hypothesis order.
    """
    hyps = [h.model_copy() for h in question.hypotheses] if question is not None else []
    if not hyps:
        return []
    extra_phrases = _decompose(question, hyps)
    for h in hyps:
        # "the October Revolution a popular uprising": the alternative is what the article opens.
        tail = re.search(r"\b(?:a|an)\s+[^,]*$", h.text)
        if tail and tail.start() > 0:
            h.text = tail.group(0)
    hmap = dict(getattr(pack, "hypothesis_map", {}) or {}) if pack is not None else {}
    own = {h.id: set(content_stems(f"{h.text} {h.label}")) for h in hyps}
    # Words of the question outside the alternatives name its topic, not a side.
    topic_text = fold(question.text or "")
    for h in hyps:
        topic_text = topic_text.replace(fold(h.text), " ").replace(fold(h.label), " ")
    topic = set(content_stems(topic_text))
    # Names of actors (the pack's entities, capitalised rare words) are topic, not side.
    pack_names: set[str] = set()
    if pack is not None:
        for ent in getattr(pack.pack, "entities", []) or []:
            pack_names.update(content_stems(ent.name))
    profiles = []
    for h in hyps:
        others = set().union(*(s for k, s in own.items() if k != h.id))
        all_stems = content_stems(h.text)
        names = _proper_stems(h.text) | pack_names
        stems = [s for s in all_stems if s not in others and s not in topic and s not in names]
        terms = {s: _term_weight(s) for s in stems}
        head = all_stems[-1] if len(all_stems) >= 2 else None
        if head in terms:
            terms[head] = 0.25  # the head noun alone ("revolution") names the topic more than a side
        # Embed the hypothesis without the topic's words, which every side shares.
        core = " ".join(w for w in h.text.split() if not set(content_stems(w)) & (topic | names)) or h.text
        texts = [core, h.text]
        phrases = [fold(h.text).strip(" .'"), fold(h.label).strip(" .'")]
        prof = HypothesisProfile(id=h.id, texts=texts, terms=terms, head=head,
                                 phrases=[p for p in phrases if " " in p] + extra_phrases.get(h.id, []))
        ph = _pack_hypothesis(pack, hmap.get(h.id))
        if ph is not None:
            prof.texts.append(ph.text)
            # The pack's label ("Popular revolution") names the side as well as its aliases do.
            for alias in [*(getattr(ph, "aliases", []) or []), getattr(ph, "label", "") or ""]:
                if not alias.strip():
                    continue
                prof.texts.append(alias)
                # "a revolution from below" also matches "a genuine revolution from below".
                folded = re.sub(r"^(?:a|an|the)\s+", "", fold(alias).strip(" .'"))
                if " " in folded:
                    prof.phrases.append(folded)
                else:
                    for s in content_stems(folded):
                        if s not in others and s not in topic:
                            prof.terms.setdefault(s, 0.8)
            qid = getattr(getattr(pack, "question", None), "id", None)
            for item in pack.pack.evidence:
                for sup in item.supports:
                    if sup.hypothesis == ph.id and (qid is None or sup.question == qid):
                        prof.evidence.append((item.text, float(sup.strength), item))
        profiles.append(prof)
    # Terms claimed by two hypotheses (through aliases) decide nothing.
    for prof in profiles:
        for other in profiles:
            if other is not prof:
                for s in list(prof.terms):
                    if s in other.terms:
                        prof.terms.pop(s)
    return profiles


_NEGATED_FORMS = re.compile(r"^(?:not the case that|other factors matter more than:?|not:?)\s*", re.I)
_CONTRAST = re.compile(r"^(?P<x>.+?)(?:,?\s+not\s+|\s+rather than\s+|\s+instead of\s+|\s+more than\s+)(?P<y>.+)$", re.I)
_COPULA = re.compile(r"^.*?\b(?:was|were|is|are|be|been)\s+(?:(?:mainly|mostly|largely|more|really|simply|just|primarily)\s+)?", re.I)
#: Verdict phrases of proposition questions, by the hypothesis label they answer.
_VERDICTS = {
    "agree": [r"i (?:would |strongly |largely |mostly )?agree", r"agree with (?:the|this) (?:statement|view|claim|interpretation)"],
    "disagree": [r"i (?:would |strongly |largely |mostly )?disagree", r"(?:do|would) not agree", r"disagree with"],
    "to a great extent": [r"to a (?:great|large|considerable|significant) extent", r"to a great degree"],
    "to a limited extent": [r"to a (?:limited|small|lesser) extent", r"only (?:partly|partially|to some extent)"],
}


def _decompose(question, hyps) -> dict[str, list[str]]:
    """Rewrite proposition hypotheses as the alternatives they contrast.

    "'X was a coup, not a revolution.' How far do you agree?" and "How far
    was X a coup rather than a revolution?" oppose a coup (agree / great
    extent) to a revolution (disagree / limited extent). The negated partner
    ("not the case that...") otherwise shares every word with its
    proposition. Mutates ``hyps`` in place.

    Returns:
        Verdict phrases (regular expressions) per hypothesis id.
    """
    phrases: dict[str, list[str]] = {}
    for h in hyps:
        phrases[h.id] = list(_VERDICTS.get(h.label.lower(), []))
    if getattr(question, "kind", "") not in {"statement", "to-what-extent", "was-x-a-y"} or len(hyps) != 2:
        return phrases
    first, second = hyps
    if not _NEGATED_FORMS.match(second.text):
        return phrases
    # "nothing more than a coup" means "merely a coup": no contrast there.
    plain = re.sub(r"\b(?:nothing|no|little) more than\s+", "", first.text.strip(" .?"), flags=re.I)
    m = _CONTRAST.match(plain)
    if m:
        x = _COPULA.sub("", m.group("x")).strip() or m.group("x")
        tail = re.search(r"\b(?:a|an)\s+[^,]*$", x)
        first.text = tail.group(0) if tail and tail.start() > 0 else x
        second.text = m.group("y").strip()
    else:
        first.text = _COPULA.sub("", plain).strip() or plain
        second.text = ""  # the bare negation: scored only as "against the first"
    return phrases


def _proper_stems(text: str) -> set[str]:
    """Stems of capitalised rare words (names such as "Bolshevik") in ``text``."""
    from wordfreq import zipf_frequency

    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z'’]+", text):
        if w[0].isupper() and zipf_frequency(fold(w).strip("'"), "en") < 4.0:
            out.update(content_stems(w))
    return out


def _term_weight(stem_: str) -> float:
    """Weight of a lone hypothesis word: common words ("workers") say little alone."""
    from wordfreq import zipf_frequency

    return 1.0 if zipf_frequency(stem_.replace("'", ""), "en") < 4.2 else 0.25


def _negated_by_parse(doc, start: int, end: int) -> bool:
    """Whether spaCy's parse attaches a negation to the clause of a mention."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    for _ in range(4):
        if any(c.dep_ == "neg" and c.i < span.start for c in tok.children):
            return True
        if tok.pos_ in {"VERB", "AUX"} or tok.head is tok:
            break
        tok = tok.head
    return False


def lexical_scores(text: str, offset: int, profiles: list[HypothesisProfile], doc=None) -> tuple[dict[str, float], bool, bool]:
    """Signed mentions of each hypothesis in one unit's text.

    Args:
        text: the unit's text.
        offset: where ``text`` starts in the essay (for the parse).
        profiles: the hypothesis profiles.
        doc: the essay's spaCy Doc, or None.

    Returns:
        (score per hypothesis id, whether a mention sat in a question frame,
        whether a mention was attributed to others).
    """
    low = fold(text)
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z][a-z']*", low)]
    stems = [content_stems(w)[0] if content_stems(w) else "" for w, _, _ in words]
    attributed = bool(_ATTRIBUTION.search(low))
    frames = [(m.start(), m.end()) for m in _QUESTION_FRAME.finditer(low)]
    framed_any = False
    out = {p.id: 0.0 for p in profiles}
    hits: list[tuple[str, int, int, float]] = []
    for p in profiles:
        for phrase in p.phrases:
            pattern = phrase if any(c in phrase for c in "(?|[\\") else re.escape(phrase)
            for m in re.finditer(rf"\b{pattern}\b", low):
                hits.append((p.id, m.start(), m.end(), 1.0))
        for i, s in enumerate(stems):
            if s in p.terms and not any(a <= words[i][1] < b for h_, a, b, _w in hits if h_ == p.id):
                hits.append((p.id, words[i][1], words[i][2], p.terms[s]))
    by_id = {p.id: p for p in profiles}
    upgraded = []
    for hid, a, b, weight in hits:
        idx = next(i for i, (_, ws, we) in enumerate(words) if we > a)
        p = by_id[hid]
        if weight < 1.0 and stems[idx] != p.head:
            near = {stems[k] for k in range(idx + 1, min(len(words), idx + 4))}
            before = {words[k][0] for k in range(max(0, idx - 3), idx)}
            if p.head in near or len(near & set(p.terms)) >= 1 or before & _PREDICATION:
                weight = 1.0  # "popular revolution", "was popular", "the idea of ... being"
        if stems[idx] == p.head and any(h == hid and h_a < a and a - h_a < 40 for h, h_a, _, _ in hits):
            continue  # the head of a modifier already counted
        upgraded.append((hid, a, b, weight))
    for hid, a, b, weight in upgraded:
        idx = next(i for i, (_, ws, we) in enumerate(words) if we > a)
        sign, conceded, than_less = 1.0, False, False
        for j in range(idx - 1, max(-1, idx - 7), -1):
            w = words[j][0]
            if _CLAUSE_BREAK.match(w):
                conceded = bool(_CONCESSIVE.match(w))
                break
            if j >= idx - 4 and (_NEGATORS.match(w) or (w == "from" and j > 0 and words[j - 1][0] == "far")):
                sign = -sign if w != "less" else -1.0
                break
            if w == "than":
                than_less = any(words[k][0] in {"less", "fewer"} for k in range(max(0, j - 6), j))
                sign = 1.0 if than_less else -1.0
                break
        if sign > 0 and _negated_by_parse(doc, offset + a, offset + b):
            sign = -1.0
        framed = any(fa <= a < fb for fa, fb in frames)
        framed_any |= framed
        w = weight * (0.0 if framed else 0.35 if conceded else 1.0)
        if _HEDGE.search(low):
            w *= 0.7
        out[hid] += sign * w
    return {k: float(np.clip(v, -1.0, 1.0)) for k, v in out.items()}, framed_any, attributed


def _relative(raw: dict[str, float]) -> dict[str, float]:
    """Scores relative to the other hypotheses, clipped to [-1, 1]."""
    ids = list(raw)
    if len(ids) < 2:
        return {k: float(np.clip(v, -1, 1)) for k, v in raw.items()}
    out = {}
    for k in ids:
        rest = [raw[o] for o in ids if o != k]
        out[k] = float(np.clip(raw[k] - sum(rest) / len(rest), -1.0, 1.0))
    return out


class StanceScorer:
    """Scores many units against the same hypotheses, sharing embeddings.

    Args:
        profiles: the hypothesis profiles (see :func:`build_profiles`).
        doc: the essay's spaCy Doc, for negation (optional).
    """

    def __init__(self, profiles: list[HypothesisProfile], doc=None):
        self.profiles = profiles
        self.doc = doc
        self._hyp_vecs = [encode(p.texts) for p in profiles]
        self._ev_vecs = [encode([t for t, _, _ in p.evidence]) if p.evidence else None for p in profiles]
        self._ev_strength = [np.array([s for _, s, _ in p.evidence], dtype=np.float32) for p in profiles]

    def score(self, texts: list[str], offsets: list[int]) -> list[UnitScore]:
        """Score each text.

        Args:
            texts: the units' texts.
            offsets: their start offsets in the essay.

        Returns:
            One UnitScore per text.
        """
        if not self.profiles or not texts:
            return [UnitScore({}, 0.0, {}) for _ in texts]
        vecs = encode(texts)
        out = []
        for i, text in enumerate(texts):
            lex, framed, attributed = lexical_scores(text, offsets[i], self.profiles, self.doc)
            meaning = {p.id: float((self._hyp_vecs[k] @ vecs[i]).max()) for k, p in enumerate(self.profiles)}
            bank: dict[str, float] = {}
            best_bank = 0.0
            for k, p in enumerate(self.profiles):
                ev = self._ev_vecs[k]
                if ev is None:
                    bank[p.id] = 0.0
                    continue
                sims = ev @ vecs[i]
                top = np.sort(sims * (0.5 + 0.5 * self._ev_strength[k]))[-2:]
                bank[p.id] = float(top.mean())
                best_bank = max(best_bank, float(sims.max()))
            lex_rel, mean_rel, bank_rel = _relative(lex), _relative(meaning), _relative(bank)
            bank_gate = float(np.clip((best_bank - 0.35) / 0.3, 0.0, 1.0)) if any(self._ev_vecs[k] is not None for k in range(len(self.profiles))) else 0.0
            arguing = 1.15 if _ARGUING.search(fold(text)) else 1.0
            raw = {}
            for p in self.profiles:
                raw[p.id] = float(np.clip(
                    0.75 * arguing * lex_rel[p.id] + 0.4 * np.tanh(4 * mean_rel[p.id]) * (0.0 if framed else 1.0)
                    + 0.8 * bank_gate * np.tanh(6 * bank_rel[p.id]), -1.0, 1.0))
            lex_strength = max((abs(v) for v in lex_rel.values()), default=0.0)
            bank_strength = bank_gate * max((abs(np.tanh(6 * v)) for v in bank_rel.values()), default=0.0)
            mean_strength = max((abs(np.tanh(4 * v)) for v in mean_rel.values()), default=0.0)
            conf = float(np.clip(0.6 * min(1.0, lex_strength) + 0.45 * bank_strength + 0.15 * mean_strength, 0.0, 0.95))
            balanced = bool(re.search(r"\b(?:both|combination|mixture|mix of|elements of|as much|neither)\b", fold(text)))
            out.append(UnitScore({k: round(v, 4) for k, v in raw.items()}, round(conf, 4), lex, framed, attributed, balanced))
        return out


def leading(scores: dict[str, float], threshold: float = 0.15) -> str | None:
    """The hypothesis a unit argues for, or None when no score passes ``threshold``.

    Args:
        scores: score per hypothesis id.
        threshold: the least score that counts as taking a side.
    """
    if not scores:
        return None
    hid, val = max(sorted(scores.items()), key=lambda kv: kv[1])
    return hid if val >= threshold else None
