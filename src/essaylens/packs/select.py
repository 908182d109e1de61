"""The pack stage: choose the topic pack that matches the essay.

``Settings.pack`` decides: ``"none"`` disables packs, a name forces that pack,
and ``"auto"`` (the default) scores every pack on the search path against the
essay and keeps the best one above :data:`THRESHOLD`, else none (generic
mode). The score blends three signals, each in 0..1:

* how close the essay's question (or title) is to the pack's questions;
* how close the essay's body is to the pack's content (evidence, timeline);
* how many of the pack's people, bodies and places the essay names.

Pack embeddings are computed once per process. The chosen pack's question is
the one nearest the essay's question, and ``hypothesis_map`` pairs each essay
hypothesis with the nearest pack hypothesis (labels, texts and aliases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import KnowledgeError
from ..pipeline import stage
from .schema import Pack, PackQuestion

#: Minimum blended score for ``--pack auto`` to pick a pack.
THRESHOLD = 0.45
#: Minimum similarity for an essay hypothesis to map to a pack hypothesis.
HYPOTHESIS_THRESHOLD = 0.25


@dataclass
class SelectedPack:
    """The pack chosen for one essay."""

    id: str
    title: str
    match_score: float
    pack: Pack
    question: PackQuestion | None = None
    hypothesis_map: dict[str, str] = field(default_factory=dict)


def _encode(texts: list[str]) -> np.ndarray:
    from ..facts.knowledge import encode

    return np.asarray(encode(texts), dtype=np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.sqrt((v * v).sum()))
    return v / n if n else v


@dataclass
class _Profile:
    pack: Pack
    question_texts: list[str]
    question_owner: list[int]
    question_vectors: np.ndarray
    content_vector: np.ndarray
    finder: object
    debate_vectors: np.ndarray


_PROFILES: dict[tuple[int, int], _Profile] = {}


def _profile(pack: Pack, encoder_key: int) -> _Profile:
    """The pack's question and content embeddings, computed once per process."""
    key = (id(pack), encoder_key)
    if key not in _PROFILES:
        _PROFILES[key] = _build_profile(pack)
    return _PROFILES[key]


def _build_profile(pack: Pack) -> _Profile:
    from ..facts.knowledge import EntityFinder

    texts, owner = [], []
    for i, q in enumerate(pack.questions):
        for t in [q.text, *q.aliases]:
            texts.append(t)
            owner.append(i)
    content = [e.text for e in pack.evidence] + [t.event for t in pack.timeline] + [pack.title, pack.description]
    content_vec = _unit(_encode([c for c in content if c]).mean(axis=0))
    # What each question's answers talk about: its hypotheses and the evidence
    # tagged with them, for essays that state no question of their own.
    debate = []
    for q in pack.questions:
        words = [f"{h.label}. {h.text}. {' '.join(h.aliases)}" for h in q.hypotheses]
        words += [e.text for e in pack.evidence if any(s.question == q.id for s in e.supports)]
        debate.append(_unit(_encode(words).mean(axis=0)))
    return _Profile(pack, texts, owner, _encode(texts), content_vec, EntityFinder.build(pack),
                    np.vstack(debate) if debate else np.zeros((0, 1), np.float32))


def _encoder_key() -> int:
    from ..facts import knowledge

    return id(knowledge._encoder)


def score_pack(pack: Pack, question_text: str, body_sentences: list[str], body_text: str,
               asked: bool = True) -> tuple[float, int | None]:
    """Blended match score of one pack, and the index of its nearest question.

    Args:
        pack: the candidate pack.
        question_text: the essay's question or title ("" when none).
        body_sentences: the essay's body sentences.
        body_text: the body as one string (for name matching).
        asked: whether ``question_text`` is a question the essay asks (else a
            bare title, which scores the pack but does not pick its question).

    Returns:
        ``(score, question index or None)``.
    """
    prof = _profile(pack, _encoder_key())
    q_sim, q_idx = 0.0, None
    if question_text.strip():
        sims = np.einsum("j,kj->k", _encode([question_text])[0], prof.question_vectors)
        j = int(np.argmax(sims))
        q_sim, q_idx = float(sims[j]), prof.question_owner[j]
    c_sim = 0.0
    if body_sentences:
        body_vec = _unit(_encode(body_sentences).mean(axis=0))
        c_sim = float(np.dot(body_vec, prof.content_vector))
    named = prof.finder.find(body_text)
    e_score = min(1.0, len(named) / 6.0)
    weights = (0.35, 0.4, 0.25) if question_text.strip() else (0.0, 0.6, 0.4)
    score = weights[0] * q_sim + weights[1] * c_sim + weights[2] * e_score
    if (q_idx is None or not asked) and body_sentences and len(prof.debate_vectors):
        q_idx = int(np.argmax(prof.debate_vectors @ body_vec))
    return score, q_idx


def map_hypotheses(essay_hyps, pack_question: PackQuestion | None) -> dict[str, str]:
    """Pair essay hypotheses with pack hypotheses by meaning, one to one.

    Args:
        essay_hyps: the essay Question's hypotheses (id, label, text).
        pack_question: the pack question they should map onto.

    Returns:
        essay hypothesis id -> pack hypothesis id.
    """
    if not essay_hyps or pack_question is None:
        return {}
    e_vecs = _encode([f"{h.label}. {h.text}" for h in essay_hyps])
    cand_texts, owner = [], []
    for j, h in enumerate(pack_question.hypotheses):
        for t in [h.label, h.text, *h.aliases]:
            cand_texts.append(t)
            owner.append(j)
    c_vecs = _encode(cand_texts)
    sims = np.einsum("ij,kj->ik", e_vecs, c_vecs)
    best = np.full((len(essay_hyps), len(pack_question.hypotheses)), -1.0)
    for k, j in enumerate(owner):
        best[:, j] = np.maximum(best[:, j], sims[:, k])
    pairs = sorted(((float(best[i, j]), i, j) for i in range(best.shape[0]) for j in range(best.shape[1])),
                   key=lambda p: (-p[0], p[1], p[2]))
    out, used_e, used_p = {}, set(), set()
    for s, i, j in pairs:
        if s < HYPOTHESIS_THRESHOLD or i in used_e or j in used_p:
            continue
        out[essay_hyps[i].id] = pack_question.hypotheses[j].id
        used_e.add(i)
        used_p.add(j)
    return dict(sorted(out.items()))


def select_pack(choice: str, question, title: str, body_sentences: list[str], dirs=()) -> SelectedPack | None:
    """Choose the pack for one essay.

    Args:
        choice: ``"auto"``, ``"none"`` or a pack name/path.
        question: the essay's Question (may have no text).
        title: the essay's title line ("" when none).
        body_sentences: the essay's body sentences.
        dirs: extra pack folders.

    Returns:
        The SelectedPack, or None for generic mode.

    Raises:
        KnowledgeError: a forced pack that does not exist or is invalid.
    """
    from .loader import list_packs, load_pack

    if choice in ("none", "", None):
        return None
    asked = bool(question is not None and question.text)
    qtext = (question.text if asked else "") or title or ""
    body = " ".join(body_sentences)
    if choice != "auto":
        pack = load_pack(choice, dirs)
        score, q_idx = score_pack(pack, qtext, body_sentences, body, asked)
        candidates = [(score, pack, q_idx)]
    else:
        candidates = []
        for info in list_packs(dirs):
            try:
                pack = load_pack(info.path)
            except KnowledgeError:
                continue  # an invalid user pack must not break analysis; `pack validate` reports it
            score, q_idx = score_pack(pack, qtext, body_sentences, body, asked)
            candidates.append((score, pack, q_idx))
        candidates.sort(key=lambda c: (-c[0], c[1].id))
        if not candidates or candidates[0][0] < THRESHOLD:
            return None
    score, pack, q_idx = candidates[0]
    pq = pack.questions[q_idx] if q_idx is not None else None
    from ..question.stage import adopts_pack_question

    hyps = list(question.hypotheses) if question is not None else []
    if adopts_pack_question(question, pq):
        # The essay names no positions: the pack question's hypotheses stand
        # in, as h1, h2... (see essaylens.question.stage.resolve_question).
        mapping = {f"h{i}": h.id for i, h in enumerate(pq.hypotheses, 1)}
    else:
        mapping = map_hypotheses(hyps, pq)
    return SelectedPack(id=pack.id, title=pack.title, match_score=round(float(score), 4), pack=pack, question=pq,
                        hypothesis_map=mapping)


@stage("pack", requires=("question_parsed", "sentences"), assigns=("pack",))
def pack_stage(essay):
    settings = essay.get("settings")
    choice = getattr(settings, "pack", "auto") if settings is not None else "auto"
    dirs = tuple(getattr(settings, "pack_dirs", ()) or ())
    header = essay.header
    title = essay.span_text(header.title) if header.title else ""
    body = [essay.span_text(s) for s in essay.get("sentences", []) if s.start >= header.body_start]
    essay.set("pack", select_pack(choice, essay.get("question_parsed"), title, body, dirs))
    return essay
