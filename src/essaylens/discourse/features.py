"""Discourse units and their features, shared by training and run time.

A *unit* is a sentence, or a clause of one where the sentence turns on a
connective ("..., but I do not believe that...", "...; however, ..."): this is
how a lead and a position, or a counterclaim and its rebuttal, can share one
sentence. Each unit gets a feature row: where it sits (essay, paragraph,
sentence), which discourse cues it and its neighbours carry, and sentence
embeddings of the unit, its neighbours, its paragraph and the whole essay.

The functions here are pure: they take offsets and an ``encode`` function, so
tests can pass a stand-in encoder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import cues

#: Labels the unit classifier predicts; "None" is text no element covers.
LABELS = ("None", "Lead", "Position", "Claim", "Counterclaim", "Rebuttal", "Evidence",
          "Concluding Statement")

#: Where a sentence may be cut into two units: before a contrastive or
#: consequential connective that follows a comma or semicolon.
_CLAUSE_BREAK = re.compile(
    r"(?:[,;:]|\s-{1,2}|\s–)\s+(?=(?:but|however|yet|although|though|whereas|while|nevertheless|"
    r"which (?:shows|proves|suggests|means|supports|demonstrates|indicates)|"
    r"so (?:i|we|it|this)|therefore|thus|and (?:this|that) (?:shows|proves|means|is why)|"
    r"i (?:believe|think|feel|agree|disagree|would argue)|in my opinion)\b)",
    re.IGNORECASE,
)
_SEMI = re.compile(r";\s+")
#: A sentence end the parser missed because the next sentence starts in
#: lower case ("...more than one person. when you seek..."), common in
#: school essays; abbreviations ("e.g. the") are not ends.
_LOWER_START = re.compile(r"(?<![.\s][a-z])(?<!\b(?:eg|ie|vs|mr|dr|st|no))(?<!\b(?:etc|mrs|i\.e|e\.g|a\.m|p\.m))"
                          r"[.!?]+[\"')\u201d]?\s+(?-i:(?=[a-z]))", re.IGNORECASE)
_MIN_WORDS = 4

_CUES = (cues.ANALYSIS, cues.ANALYSIS_INLINE, cues.POSITION, cues.COUNTER, cues.REBUTTAL,
         cues.CONCLUSION, cues.CLAIM_OPENER, cues.EVIDENCE_HINT)
_FIRST_PERSON = re.compile(r"\b(?:i|my|me|we|our|us)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:should|must|ought|need to|have to|would)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unit:
    """One classifiable piece of the body."""

    start: int
    end: int
    paragraph: int
    sentence: int
    piece: int
    n_pieces: int


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``[start, end)`` where the sentence splits into clauses."""
    piece = text[start:end]
    cuts: list[int] = []
    found = list(_CLAUSE_BREAK.finditer(piece)) + list(_SEMI.finditer(piece)) + list(_LOWER_START.finditer(piece))
    for pos in sorted({start + m.end() for m in found}):
        left = text[(cuts[-1] if cuts else start):pos]
        right = text[pos:end]
        if len(left.split()) >= _MIN_WORDS and len(right.split()) >= _MIN_WORDS:
            cuts.append(pos)
    return cuts


def make_units(text: str, paragraphs: Sequence[tuple[int, int]],
               sentences: Sequence[tuple[int, int]]) -> list[Unit]:
    """Cut the body into units.

    Args:
        text: the essay text.
        paragraphs: body paragraph offsets, in order.
        sentences: body sentence offsets, in order (each inside one paragraph).

    Returns:
        Units in text order; each clause keeps its sentence's index.
    """
    units: list[Unit] = []
    for si, (s, e) in enumerate(sentences):
        par = next((pi for pi, (ps, pe) in enumerate(paragraphs) if ps <= s < pe), 0)
        bounds = [s, *_cuts(text, s, e), e]
        pieces = []
        for a, b in zip(bounds, bounds[1:]):
            seg = text[a:b]
            a2 = a + len(seg) - len(seg.lstrip())
            b2 = b - (len(seg) - len(seg.rstrip()))
            if b2 > a2:
                pieces.append((a2, b2))
        for k, (a, b) in enumerate(pieces):
            units.append(Unit(a, b, par, si, k, len(pieces)))
    return units


def _cue_flags(t: str) -> list[float]:
    flags = [1.0 if (c.match(t) if c in (cues.ANALYSIS, cues.CONCLUSION, cues.CLAIM_OPENER, cues.REBUTTAL)
                     else c.search(t)) else 0.0 for c in _CUES]
    flags += [1.0 if _FIRST_PERSON.search(t) else 0.0, 1.0 if _SECOND_PERSON.search(t) else 0.0,
              1.0 if _MODAL.search(t) else 0.0, 1.0 if "?" in t else 0.0,
              1.0 if t[:1].islower() else 0.0]
    return flags


N_CUE = len(_CUES) + 5


_RULE_LABELS = ("Lead", "Position", "Claim", "Counterclaim", "Rebuttal", "Evidence", "Concluding Statement")


def rule_labels(text: str, units: Sequence[Unit], n_paragraphs: int) -> list[str]:
    """The paragraph-position rules (as in :mod:`.rules`) applied to units.

    Used as a feature: the model learns when to trust the rules.
    """
    out: list[str] = []
    after_counter = False
    for i, u in enumerate(units):
        t = text[u.start:u.end]
        last_in_par = i + 1 == len(units) or units[i + 1].paragraph != u.paragraph
        first_in_par = i == 0 or units[i - 1].paragraph != u.paragraph
        if first_in_par:
            after_counter = False
        if u.paragraph == 0 and n_paragraphs > 1:
            lab = "Position" if (cues.POSITION.search(t) or last_in_par) else "Lead"
        elif (u.paragraph == n_paragraphs - 1 and n_paragraphs >= 3) or cues.CONCLUSION.match(t):
            lab = "Concluding Statement"
        elif cues.COUNTER.search(t):
            lab, after_counter = "Counterclaim", True
        elif after_counter and cues.REBUTTAL.search(t):
            lab, after_counter = "Rebuttal", False
        elif first_in_par or cues.CLAIM_OPENER.match(t) or cues.is_analysis(t):
            lab = "Claim"
        else:
            lab = "Evidence"
        out.append(lab)
    return out


def unit_features(text: str, units: Sequence[Unit], n_paragraphs: int,
                  encode: Callable[[list[str]], np.ndarray], opener_words: int | None = None) -> np.ndarray:
    """The feature matrix for an essay's units.

    Args:
        text: the essay text.
        units: its units (from :func:`make_units`).
        n_paragraphs: number of body paragraphs.
        encode: sentence encoder returning L2-normalised rows.
        opener_words: width of the opener block (None: :data:`OPENER_WORDS`;
            a trained model passes the width it was trained with).

    Returns:
        float32 array, one row per unit: position and cue features, then the
        unit's embedding, the mean of its neighbours' and its paragraph's mean
        (cosines to the essay, the first and the last paragraph come before),
        the embedding of the unit's first ``opener_words`` words (when
        not 0), then the :data:`N_CONTEXT` columns of :func:`context_features`.
        :func:`view_columns` names the columns each of the model's two views
        reads.
    """
    n = len(units)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    texts = [text[u.start:u.end] for u in units]
    width = OPENER_WORDS if opener_words is None else opener_words
    openers = [" ".join(t.split()[:width]) for t in texts] if width else []
    both = np.asarray(encode(texts + openers), dtype=np.float32)  # one encoder call for both
    emb, opener = both[:n], both[n:]
    d = emb.shape[1]
    essay_mean = emb.mean(0)
    pars = sorted({u.paragraph for u in units})
    par_rank = {p: i for i, p in enumerate(pars)}
    n_par = max(len(pars), 1)
    par_mean = {p: emb[[i for i, u in enumerate(units) if u.paragraph == p]].mean(0) for p in pars}
    par_units = {p: [i for i, u in enumerate(units) if u.paragraph == p] for p in pars}
    first_mean, last_mean = par_mean[pars[0]], par_mean[pars[-1]]
    cue = np.array([_cue_flags(t) for t in texts], dtype=np.float32)
    rules = rule_labels(text, units, n_paragraphs)
    # Cosines of each unit to the essay, first and last paragraph means.
    refs = np.stack([essay_mean, first_mean, last_mean])
    cos = (emb @ refs.T) / (np.linalg.norm(refs, axis=1) + 1e-9)
    zeros_cue = np.zeros(N_CUE, np.float32)
    zeros_emb = np.zeros(d, np.float32)
    rows = []
    for i, u in enumerate(units):
        pr = par_rank[u.paragraph]
        members = par_units[u.paragraph]
        k = members.index(i)
        prev_cue = cue[i - 1] if i > 0 else zeros_cue
        next_cue = cue[i + 1] if i + 1 < n else zeros_cue
        same_prev = i > 0 and units[i - 1].paragraph == u.paragraph
        same_next = i + 1 < n and units[i + 1].paragraph == u.paragraph
        if same_prev and same_next:
            nb_mean = (emb[i - 1] + emb[i + 1]) / 2
        elif same_prev or same_next:
            nb_mean = emb[i - 1] if same_prev else emb[i + 1]
        else:
            nb_mean = zeros_emb
        words = len(texts[i].split())
        pos = [
            i / max(n - 1, 1), pr / max(n_par - 1, 1), float(pr == 0), float(pr == n_par - 1),
            float(n_par == 1), min(n_par, 8) / 8.0, k / max(len(members) - 1, 1), float(k == 0),
            float(k == len(members) - 1), min(len(members), 12) / 12.0, u.piece / max(u.n_pieces - 1, 1),
            float(u.n_pieces > 1), float(u.piece == 0), min(words, 60) / 60.0, float(same_prev),
            float(pr == 0 and k == len(members) - 1),
        ]
        rule = [float(rules[i] == r) for r in _RULE_LABELS]
        rows.append(np.concatenate([pos, rule, cue[i], prev_cue, next_cue, cos[i], emb[i], nb_mean,
                                    par_mean[u.paragraph], *opener[i:i + 1]]))
    return np.hstack([np.asarray(rows, dtype=np.float32), context_features(texts, units, emb)])


#: The embedding of a unit's first this many words is a feature block of its
#: own (0: none): how a sentence opens ("Another reason...", "For example,")
#: tells a claim from its evidence, and the whole unit's mean embedding
#: dilutes it.
OPENER_WORDS = 4

#: Leading columns of :func:`unit_features` that are not embeddings: 16
#: position, 7 rule-label, 3 x N_CUE cue and 3 cosine columns.
N_STRUCT = 16 + len(_RULE_LABELS) + 3 * N_CUE + 3
#: Trailing columns of :func:`unit_features` from :func:`context_features`.
N_CONTEXT = 19

_WORD = re.compile(r"[A-Za-z']+")
_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those i you he she we they me him her us them my your his our their not no so do does did have has
had will would can could should may might must there here what which who whom whose when where why how than then
also very just about into over such more most some any all many much""".split())
_INNER_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_THIRD_PERSON = re.compile(r"\b(?:he|she|they|his|her|their|him|them)\b", re.IGNORECASE)
_PAST = re.compile(r"\b\w+ed\b")
_GENERIC = re.compile(r"\b(?:people|everyone|society|many|most|always|never|often|important|should|can|because)\b",
                      re.IGNORECASE)


def _content_words(t: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(t) if len(w) > 2 and w.lower() not in _STOP}


def context_features(texts: Sequence[str], units: Sequence[Unit], emb: np.ndarray) -> np.ndarray:
    """Context and specificity columns of each unit (:data:`N_CONTEXT` of them).

    Cosines to the previous, next and first unit of its paragraph, to the
    introduction's last unit and to the rest of its paragraph; content-word
    overlap with the introduction and the conclusion, and the share of its
    words used elsewhere in the essay; rates of capitalised words inside the
    sentence, digits, third-person pronouns, past-tense forms and generic
    words; mean word length; length relative to its paragraph's units; where
    it sits in its paragraph and how many paragraphs follow.

    Args:
        texts: the units' texts.
        units: the units.
        emb: their L2-normalised embeddings, one row per unit.

    Returns:
        float32 array of shape ``(len(units), N_CONTEXT)``.
    """
    n = len(units)
    words = [_content_words(t) for t in texts]
    pars: dict[int, list[int]] = {}
    for j, u in enumerate(units):
        pars.setdefault(u.paragraph, []).append(j)
    order = sorted(pars)
    rank = {p: r for r, p in enumerate(order)}
    intro = set().union(*(words[j] for j in pars[order[0]]))
    concl = set().union(*(words[j] for j in pars[order[-1]]))
    intro_last = pars[order[0]][-1]
    freq: dict[str, int] = {}
    for ws in words:
        for w in ws:
            freq[w] = freq.get(w, 0) + 1
    emb = np.asarray(emb, dtype=np.float32)
    sim = emb @ emb.T
    n_words = [max(len(t.split()), 1) for t in texts]
    out = np.zeros((n, N_CONTEXT), dtype=np.float32)
    for p, members in pars.items():
        m = len(members)
        idx = np.asarray(members)
        total = emb[idx].sum(0)
        mean_words = max(sum(len(texts[j].split()) for j in members) / m, 1.0)
        for k, i in enumerate(members):
            t, ws, nw = texts[i], words[i], n_words[i]
            if m > 1:
                rest = (total - emb[i]) / (m - 1)
                rest_cos = float(emb[i] @ rest / (np.linalg.norm(rest) + 1e-9))
            else:
                rest_cos = 0.0
            split = t.split()
            out[i] = (
                sim[i, i - 1] if k > 0 else -1.0,
                sim[i, i + 1] if k + 1 < m else -1.0,
                sim[i, members[0]],
                sim[i, intro_last],
                rest_cos,
                len(ws & intro) / (len(ws) + 1), len(ws & concl) / (len(ws) + 1),
                sum(freq[w] > 1 for w in ws) / len(ws) if ws else 0.0,
                len(_INNER_CAPS.findall(t)) / nw, sum(map(str.isdigit, t)) / max(len(t), 1),
                len(_THIRD_PERSON.findall(t)) / nw, len(_PAST.findall(t)) / nw, len(_GENERIC.findall(t)) / nw,
                sum(map(len, split)) / len(split) if split else 0.0,
                nw / mean_words,
                k / m, m - 1 - k, float(rank[p] == len(order) - 2), len(order) - 1 - rank[p],
            )
    return out


def insert_unit_columns(X: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``X`` with ``cols`` (one row per unit) inserted before its :data:`N_CONTEXT` trailing columns.

    How the unit n-gram ridge's scores join the features: the full view
    and the GRU read them, the structural view does not (:func:`view_columns`
    keeps reading the first :data:`N_STRUCT` and the last :data:`N_CONTEXT`).
    """
    c = X.shape[1] - N_CONTEXT
    return np.hstack([X[:, :c], np.asarray(cols, dtype=np.float32).reshape(len(X), -1), X[:, c:]])


def view_columns(width: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns of a :func:`unit_features` matrix read by the model's two views.

    Args:
        width: the matrix's number of columns.

    Returns:
        (full, structural): the full view reads the position, cue and
        embedding columns; the structural view reads no embedding, only the
        position, cue and cosine columns and :func:`context_features`.
    """
    full = np.arange(width - N_CONTEXT, dtype=np.int32)
    structural = np.concatenate([np.arange(N_STRUCT), np.arange(width - N_CONTEXT, width)]).astype(np.int32)
    return full, structural


def merge_units(units: Sequence[Unit], labels: Sequence[str], conf: Sequence[float]
                ) -> list[tuple[int, int, str, float, int]]:
    """Join neighbouring units of one label into elements.

    Runs of every type but Claim merge within a paragraph; each Claim unit
    stays its own element (an essay states several claims in a row, while a
    position or a conclusion usually runs over several sentences). "None" units are dropped.

    Returns:
        (start, end, label, confidence, paragraph) tuples in text order.
    """
    mergeable = {"Evidence", "Lead", "Position", "Concluding Statement", "Counterclaim", "Rebuttal"}
    out: list[list] = []
    prev_label = None
    for u, lab, c in zip(units, labels, conf):
        if lab == "None":
            prev_label = None
            continue
        if out and prev_label == lab and lab in mergeable and out[-1][4] == u.paragraph:
            s, _, _, pc, par = out[-1]
            w_old, w_new = out[-1][1] - s, u.end - u.start
            out[-1] = [s, u.end, lab, (pc * w_old + c * w_new) / (w_old + w_new), par]
        else:
            out.append([u.start, u.end, lab, float(c), u.paragraph])
        prev_label = lab
    return [tuple(x) for x in out]
