"""A topic pack compiled for checking: regexes, entity finders and embeddings.

Compiling is done once per pack and encoder per process (cached), so the
facts stage itself only runs the compiled patterns and one batch of sentence
embeddings per essay.

Cue patterns are case-insensitive regular expressions anchored at word
edges; ``@id`` stands for any name or alias of entity ``id``. Entity names are
found exactly and, for capitalised words, fuzzily (rapidfuzz), so "Avrora",
"Kerenski" or "Kolontai" still count.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from rapidfuzz import fuzz, process

from ..packs.schema import Pack

Encoder = Callable[[list[str]], np.ndarray]
_encoder: Encoder | None = None
_lock = threading.Lock()
_cache: dict[tuple[str, int, int], "CompiledPack"] = {}


def set_encoder(encoder: Encoder | None) -> None:
    """Use ``encoder`` instead of :func:`essaylens.embed.encode` (tests); None restores it."""
    global _encoder
    _encoder = encoder
    _cache.clear()


def encode(texts: list[str]) -> np.ndarray:
    """Embed texts with the injected encoder or the package's fast static model."""
    if _encoder is not None:
        return _encoder(texts)
    from ..embed import encode as _encode

    return _encode(texts)


def _wrap(pattern: str) -> str:
    # \b where the pattern starts/ends with a word character: faster than lookarounds.
    head = r"\b" if re.match(r"[A-Za-z0-9]", pattern) else r"(?<![\w])"
    tail = r"\b" if re.search(r"[A-Za-z0-9]$", pattern) else r"(?![\w])"
    return f"{head}(?:{pattern}){tail}"


@dataclass(eq=False)
class EntityFinder:
    """Finds pack entities in text, exactly or fuzzily."""

    exact: dict[str, tuple[re.Pattern, tuple[str, ...]]] = field(default_factory=dict)
    fuzzy_names: list[str] = field(default_factory=list)
    fuzzy_ids: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, pack: Pack) -> "EntityFinder":
        finder = cls()
        for ent in pack.entities:
            names = sorted({ent.name, *ent.aliases}, key=len, reverse=True)
            alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
            keys = tuple(sorted({n.lower()[:4] for n in names}))
            finder.exact[ent.id] = (re.compile(_wrap(f"(?:{alts})"), re.IGNORECASE), keys)
            for n in names:
                # Fuzzy matching only for distinctive proper names.
                if len(n) >= 5 and n[:1].isupper() and " " not in n.strip():
                    finder.fuzzy_names.append(n.lower())
                    finder.fuzzy_ids.append(ent.id)
        return finder

    def find(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Entity id -> spans (offsets into ``text``)."""
        return self.find_in(text, [(0, len(text))])[0]

    def find_in(self, text: str, bounds: list[tuple[int, int]]) -> list[dict[str, list[tuple[int, int]]]]:
        """Entity spans per sentence, local to each; every pattern runs once over ``text``.

        Args:
            text: the full text.
            bounds: sentence ``(start, end)`` offsets, in order.

        Returns:
            One dict (entity id -> local spans) per sentence.
        """
        starts = [b[0] for b in bounds]
        out: list[dict[str, list[tuple[int, int]]]] = [{} for _ in bounds]

        def put(eid: str, s: int, e: int) -> None:
            i = bisect.bisect_right(starts, s) - 1
            if i < 0 or e > bounds[i][1]:
                return
            spans = out[i].setdefault(eid, [])
            ls, le = s - bounds[i][0], e - bounds[i][0]
            if not any(a <= ls < b for a, b in spans):
                spans.append((ls, le))

        low = text.lower()
        for eid, (rx, keys) in self.exact.items():
            if any(k in low for k in keys):
                for m in rx.finditer(text):
                    put(eid, m.start(), m.end())
        if self.fuzzy_names:
            for m in re.finditer(r"\b[A-Z][a-z]{4,}\b", text):
                word = m.group(0).lower()
                hit = self._fuzzy(word)
                if hit is not None:
                    put(hit, m.start(), m.end())
        return out

    @functools.lru_cache(maxsize=4096)
    def _fuzzy(self, word: str) -> str | None:
        hit = process.extractOne(word, self.fuzzy_names, scorer=fuzz.ratio, score_cutoff=84)
        return self.fuzzy_ids[hit[2]] if hit else None

    def __hash__(self) -> int:
        return id(self)


class Matcher:
    """One compiled pattern: a regex, or an ``@entity`` reference."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.entity = pattern[1:] if pattern.startswith("@") else None
        self.rx = None if self.entity else _compile(pattern)
        self.prefixes = None if self.entity else literal_prefixes(pattern)

    def spans(self, text: str, entities: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
        """Every match in ``text`` (entity references give every mention)."""
        if self.entity:
            return list(entities.get(self.entity, []))
        return [(m.start(), m.end()) for m in self.rx.finditer(text)]


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return parts + [cur]


def literal_prefixes(pattern: str) -> list[str] | None:
    """Lower-case literal text each alternative must start with, for a fast
    substring pre-check; None when some alternative has no usable prefix."""
    out = []
    for alt in _top_level_alternatives(pattern):
        lit = ""
        for j, ch in enumerate(alt):
            if ch.isalnum() or ch in " '-":
                if j + 1 < len(alt) and alt[j + 1] in "?*{":
                    break
                lit += ch
            else:
                break
        lit = lit.lower().strip()
        if len(lit) < 2:
            return None
        out.append(lit)
    return out


@functools.lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(_wrap(pattern), re.IGNORECASE)


def compile_patterns(patterns: list[str]) -> list[Matcher]:
    return [Matcher(p) for p in patterns]


class TextIndex:
    """Pattern matches over a whole essay, bucketed by sentence (each pattern runs once).

    Args:
        sentences: objects with ``start``, ``end``, ``text`` and ``entities``
            (entity id -> spans local to the sentence).
        text: the full essay text.
    """

    def __init__(self, sentences, text: str):
        self.sentences = sentences
        self.text = text
        self._starts = [s.start for s in sentences]
        self._low = text.lower()
        self._memo: dict[str, dict[int, tuple[int, int]]] = {}

    def hits(self, m: Matcher) -> dict[int, tuple[int, int]]:
        """Sentence index -> first local span of the pattern in that sentence."""
        got = self._memo.get(m.pattern)
        if got is not None:
            return got
        got = {}
        if m.entity:
            for i, s in enumerate(self.sentences):
                spans = s.entities.get(m.entity)
                if spans:
                    got[i] = min(spans)
        elif m.prefixes is None or any(p in self._low for p in m.prefixes):
            for mt in m.rx.finditer(self.text):
                i = bisect.bisect_right(self._starts, mt.start()) - 1
                if i < 0 or i in got:
                    continue
                s = self.sentences[i]
                if mt.end() <= s.end:
                    got[i] = (mt.start() - s.start, mt.end() - s.start)
        self._memo[m.pattern] = got
        return got

    def candidates(self, groups: list[list[Matcher]]) -> set[int]:
        """Sentences where every group has a match."""
        out: set[int] | None = None
        for group in groups:
            found = set().union(*(self.hits(m).keys() for m in group)) if group else set()
            out = found if out is None else out & found
            if not out:
                return set()
        return out or set()

    def first_spans(self, groups: list[list[Matcher]], i: int) -> list[tuple[int, int]] | None:
        """One span per group (the earliest match) in sentence ``i``, or None."""
        out = []
        for group in groups:
            hits = [h[i] for h in (self.hits(m) for m in group) if i in h]
            if not hits:
                return None
            out.append(min(hits))
        return out

    def any_match(self, matchers: list[Matcher], i: int, back: int = 0) -> bool:
        """Whether any pattern matches sentence ``i`` (or one of the ``back`` before it)."""
        return any(j in self.hits(m) for m in matchers for j in range(max(0, i - back), i + 1))

    def spans_in(self, matchers: list[Matcher], i: int) -> list[tuple[int, int]]:
        return [h[i] for h in (self.hits(m) for m in matchers) if i in h]


@dataclass
class CompiledItem:
    """A fact, misconception or event with compiled cue groups."""

    item: object
    cues: list[list[Matcher]]
    unless: list[Matcher]
    context: list[Matcher]
    anchors: list[Matcher]
    matches: list[Matcher]


@dataclass
class CompiledPack:
    """Everything the checker needs from one pack."""

    pack: Pack
    entities: EntityFinder
    facts: list[CompiledItem]
    misconceptions: list[CompiledItem]
    events: list[CompiledItem]
    claim_texts: list[str]
    claim_owner: list[int]
    claim_vectors: np.ndarray
    event_vectors: np.ndarray
    facts_by_id: dict[str, object]


def _item(obj) -> CompiledItem:
    return CompiledItem(
        item=obj,
        cues=[compile_patterns(g) for g in getattr(obj, "cues", [])],
        unless=compile_patterns(getattr(obj, "unless", [])),
        context=compile_patterns(getattr(obj, "context", [])),
        anchors=compile_patterns(getattr(obj, "anchors", [])),
        matches=compile_patterns(getattr(obj, "matches", [])),
    )


def compile_pack(pack: Pack) -> CompiledPack:
    """Compile (or fetch from the process cache) a pack for checking.

    Args:
        pack: a validated pack.

    Returns:
        The CompiledPack; pack embeddings are computed once per process.
    """
    key = (pack.id, id(pack), id(_encoder))
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            return hit
        miscs = [_item(m) for m in pack.misconceptions]
        texts, owner = [], []
        for i, m in enumerate(pack.misconceptions):
            for t in [m.claim, *m.paraphrases]:
                texts.append(t)
                owner.append(i)
        events = [_item(e) for e in pack.timeline]
        vectors = encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        ev_vectors = encode([e.event for e in pack.timeline]) if pack.timeline else np.zeros((0, 1), np.float32)
        compiled = CompiledPack(
            pack=pack, entities=EntityFinder.build(pack), facts=[_item(f) for f in pack.facts],
            misconceptions=miscs, events=events, claim_texts=texts, claim_owner=owner,
            claim_vectors=np.asarray(vectors, dtype=np.float32), event_vectors=np.asarray(ev_vectors, np.float32),
            facts_by_id={f.id: f for f in pack.facts},
        )
        _cache[key] = compiled
        return compiled
