"""Similar submissions: near-duplicate essays in a class set and the passages they share.

Two steps, as in plagiarism checkers:

1. **Candidates** by MinHash/LSH (datasketch) over word 3-shingles of the
   lower-cased words. LSH finds the pairs whose shingle Jaccard is likely above
   the threshold without comparing every pair, so it scales to large sets.
2. **Evidence** for each candidate: the exact shingle Jaccard, the containment
   (how much of the shorter essay is in the longer), and the shared passages.
   Passages are runs of five or more identical words, found in any order (so
   reordered sentences still match), then joined across gaps of up to three
   words on both sides (so a swapped synonym does not split a copied passage).

Everything is seeded and sorted: the same set gives the same pairs every time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
#: Shorter essays are skipped: a few words give unstable estimates.
MIN_WORDS = 20
SEED = 1


@dataclass(frozen=True)
class SharedPassage:
    """A passage two essays share: character spans in each and its length in words."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int
    a_text: str
    b_text: str


@dataclass(frozen=True)
class SimilarPair:
    """Two essays that look alike, with the measurements that say how much."""

    a: str
    b: str
    jaccard_estimate: float
    jaccard: float
    containment: float
    shared_words: int
    passages: tuple[SharedPassage, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "a": self.a, "b": self.b, "jaccard_estimate": self.jaccard_estimate, "jaccard": self.jaccard,
            "containment": self.containment, "shared_words": self.shared_words,
            "passages": [p.__dict__ for p in self.passages],
        }


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their character spans."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def shingles(tokens: list[str], size: int = 3) -> set[str]:
    """The set of word n-grams (as strings) of a token list."""
    return {" ".join(tokens[i:i + size]) for i in range(max(0, len(tokens) - size + 1))}


def find_similar(essays: Iterable[tuple[str, str]], *, threshold: float = 0.3, containment: float = 0.3,
                 long_passage: int = 30, candidate_threshold: float = 0.15, num_perm: int = 128,
                 shingle_size: int = 3, min_passage_words: int = 8) -> list[SimilarPair]:
    """Pairs of essays whose word-shingle Jaccard (or containment) is high.

    Args:
        essays: (essay id, text) pairs, in input order.
        threshold: the Jaccard similarity from which a pair is reported.
        containment: the share of the shorter essay's shingles found in the
            other from which a pair is reported (a copied paragraph inside an
            otherwise different essay).
        long_passage: a candidate sharing one passage this long (in words) is
            reported whatever its overall overlap.
        candidate_threshold: the LSH threshold for candidates; below
            ``threshold`` so that containment cases reach the exact check.
        num_perm: MinHash permutations (more: better estimates, slower).
        shingle_size: words per shingle.
        min_passage_words: the shortest shared passage listed.

    Returns:
        Pairs sorted by Jaccard, highest first (ties by input order); in each
        pair ``a`` comes before ``b`` in the input.
    """
    ids: list[str] = []
    texts: list[str] = []
    shingle_sets: list[set[str]] = []
    for essay_id, text in essays:
        toks = [w for w, _, _ in words(text)]
        if len(toks) < MIN_WORDS:
            continue
        ids.append(essay_id)
        texts.append(text)
        shingle_sets.append(shingles(toks, shingle_size))
    if len(ids) < 2:
        return []
    hashes = MinHash.bulk([[s.encode("utf-8") for s in sorted(sh)] for sh in shingle_sets],
                          num_perm=num_perm, seed=SEED)
    lsh = MinHashLSH(threshold=min(candidate_threshold, threshold), num_perm=num_perm)
    candidates: set[tuple[int, int]] = set()
    for i, mh in enumerate(hashes):
        for j in lsh.query(mh):
            candidates.add((int(j), i))
        lsh.insert(str(i), mh)
    pairs = []
    for i, j in sorted(candidates):
        estimate = float(hashes[i].jaccard(hashes[j]))
        a, b = shingle_sets[i], shingle_sets[j]
        inter = len(a & b)
        exact = inter / len(a | b) if a or b else 0.0
        contained = inter / min(len(a), len(b)) if a and b else 0.0
        passages = shared_passages(texts[i], texts[j], min_words=min_passage_words)
        longest = passages[0].words if passages else 0
        if max(exact, estimate) < threshold and contained < containment and longest < long_passage:
            continue
        pairs.append(SimilarPair(
            a=ids[i], b=ids[j], jaccard_estimate=round(estimate, 4), jaccard=round(exact, 4),
            containment=round(contained, 4),
            shared_words=sum(p.words for p in passages), passages=tuple(passages),
        ))
    order = {essay_id: n for n, essay_id in enumerate(ids)}
    pairs.sort(key=lambda p: (-p.jaccard, -p.jaccard_estimate, order[p.a], order[p.b]))
    return pairs


def shared_passages(text_a: str, text_b: str, *, min_words: int = 8, seed_words: int = 5,
                    max_gap: int = 3, excerpt: int = 300) -> list[SharedPassage]:
    """Passages two texts share, longest first.

    Args:
        text_a: the first text.
        text_b: the second text.
        min_words: the shortest passage (in words of ``text_a``) to keep.
        seed_words: the run of identical words that starts a match.
        max_gap: words either side may differ by inside one passage (light edits).
        excerpt: at most this many characters of each passage's text are kept.

    Returns:
        Non-overlapping passages, longest first, then in the order of ``text_a``.
    """
    wa, wb = words(text_a), words(text_b)
    ta, tb = [w for w, _, _ in wa], [w for w, _, _ in wb]
    runs = _runs(ta, tb, seed_words)
    merged = _merge(runs, max_gap)
    chosen: list[tuple[int, int, int, int]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, ia, j, jb in sorted(merged, key=lambda r: (-(r[1] - r[0]), r[0], r[2])):
        if ia - i < min_words:
            continue
        span_a, span_b = set(range(i, ia)), set(range(j, jb))
        if span_a & used_a or span_b & used_b:
            continue
        used_a |= span_a
        used_b |= span_b
        chosen.append((i, ia, j, jb))
    out = []
    for i, ia, j, jb in chosen:
        a0, a1, b0, b1 = wa[i][1], wa[ia - 1][2], wb[j][1], wb[jb - 1][2]
        out.append(SharedPassage(a0, a1, b0, b1, ia - i, text_a[a0:a1][:excerpt], text_b[b0:b1][:excerpt]))
    return out


def _runs(ta: list[str], tb: list[str], k: int) -> list[tuple[int, int, int, int]]:
    """Maximal runs of identical words (start_a, end_a, start_b, end_b), at least ``k`` long."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(tb) - k + 1):
        index[tuple(tb[j:j + k])].append(j)
    runs = []
    for i in range(len(ta) - k + 1):
        for j in index.get(tuple(ta[i:i + k]), ()):
            if i > 0 and j > 0 and ta[i - 1] == tb[j - 1]:
                continue  # inside a run that started earlier
            n = k
            while i + n < len(ta) and j + n < len(tb) and ta[i + n] == tb[j + n]:
                n += 1
            runs.append((i, i + n, j, j + n))
    return runs


def _merge(runs: list[tuple[int, int, int, int]], max_gap: int) -> list[tuple[int, int, int, int]]:
    """Join runs that follow each other on both sides with small gaps (light edits)."""
    merged: list[tuple[int, int, int, int]] = []
    for run in sorted(runs):
        for n, (i, ia, j, jb) in enumerate(merged):
            gap_a, gap_b = run[0] - ia, run[2] - jb
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                merged[n] = (i, max(ia, run[1]), j, max(jb, run[3]))
                break
        else:
            merged.append(run)
    return merged
