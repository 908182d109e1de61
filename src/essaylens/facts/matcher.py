"""Match essay sentences to a pack's misconceptions, facts and timeline.

Three kinds of evidence decide a match, most certain first:

* cue groups: every group of a misconception's or fact's patterns matches the
  sentence (names and aliases included, fuzzily), no ``unless`` qualifier is
  present, and the statement is not negated or reported as a myth;
* embeddings: the sentence is close in meaning to the misconception's claim or
  one of its paraphrases *and* names one of its anchors (so "the cruiser's
  shot" cannot match a claim about a battleship unless the Aurora is named);
* structured values: numbers, ratios and dates in the sentence are compared
  with the fact's value within its tolerance.

A statement is called incorrect only when a pack fact or misconception
contradicts it; what matches nothing is at most "unverifiable".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..report.models import FactCheck
from . import calendar as cal
from .claims import SentenceFacts, plain_numbers
from .knowledge import CompiledItem, CompiledPack, TextIndex

#: Cosine similarity above which a paraphrase counts (fast static embeddings).
PARAPHRASE_THRESHOLD = 0.85
_NEGATION = re.compile(r"\b(?:not|never|no|nor|neither|hardly|isn't|wasn't|weren't|didn't|rather than|instead of)\b|n't\b",
                       re.IGNORECASE)
_DEBUNK = re.compile(r"\b(?:myths?|legends?|misconceptions?|contrary to|wrongly|mistakenly|falsely|untrue|"
                     r"it is often (?:said|claimed|thought)|popular (?:belief|image|view))\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:after|before|later|earlier|until|following|since|months?|weeks?|days?|years?|"
                       r"previous|prior)\b", re.IGNORECASE)


@dataclass
class EventHit:
    """A timeline event found in a sentence, with the date written for it."""

    sentence: SentenceFacts
    event: object
    strong: bool
    date: object | None  # DateMention (local offsets) or None
    style: str | None  # "os", "ns", "both", "neither" or None (no date / no calendar choice)


def _negated(sent: SentenceFacts, spans: list[tuple[int, int]]) -> bool:
    if _DEBUNK.search(sent.text):
        return True
    lo = max(0, min(s for s, _ in spans) - 30)
    hi = max(e for _, e in spans)
    return bool(_NEGATION.search(sent.text[lo:hi]))


def _context_ok(ci: CompiledItem, idx: TextIndex, i: int) -> bool:
    return not ci.context or idx.any_match(ci.context, i, back=2)


def _check(sent: SentenceFacts, start: int, end: int, verdict: str, rule: str, correction: str | None,
           sources: list[str], fact_id: str | None) -> FactCheck:
    return FactCheck(start=sent.start + start, end=sent.start + end, verdict=verdict, correction=correction,
                     sources=sources, rule=rule, claim=sent.text[start:end], fact_id=fact_id)


def misconception_checks(cp: CompiledPack, sents: list[SentenceFacts], vectors: np.ndarray,
                         idx: TextIndex) -> list[FactCheck]:
    """Sentences that state a known misconception, by cues or by paraphrase.

    Args:
        cp: the compiled pack.
        sents: the essay's sentences.
        vectors: one embedding row per sentence.
        idx: the essay's pattern index.

    Returns:
        FactChecks with the misconception's verdict, correction and sources.
    """
    out: list[FactCheck] = []
    sims = _cosine(vectors, cp.claim_vectors) if len(cp.claim_texts) and len(sents) else np.zeros((len(sents), 0))
    cue_cands = [idx.candidates(ci.cues) if ci.cues else set() for ci in cp.misconceptions]
    best = _best_per_owner(sims, cp.claim_owner, len(cp.misconceptions))
    for i, sent in enumerate(sents):
        close = set(np.nonzero(best[i] >= PARAPHRASE_THRESHOLD)[0].tolist()) if best.size else set()
        todo = sorted(close | {k for k, c in enumerate(cue_cands) if i in c})
        hits = []
        for k in todo:
            ci = cp.misconceptions[k]
            m = ci.item
            by_cues = i in cue_cands[k]
            if idx.any_match(ci.unless, i) or not _context_ok(ci, idx, i):
                continue
            spans = idx.first_spans(ci.cues, i) if by_cues else None
            how = "cues"
            if spans is None:
                # A paraphrase must be close in meaning, name an anchor, and still
                # meet all but one cue group: embeddings alone are too topical.
                partial = [g for g in ci.cues if idx.spans_in(g, i)]
                anchors = idx.spans_in(ci.anchors, i)
                if len(ci.cues) < 3 or len(partial) < len(ci.cues) - 1 or not anchors:
                    continue
                spans = [min(idx.spans_in(g, i)) for g in partial]
                how = "paraphrase"
            if _negated(sent, spans):
                continue
            if how == "cues":
                # Cover every word of the claim, not just each group's first match.
                spans = spans + [sp for g in ci.cues for mt in g for sp in mt.spans(sent.text, sent.entities)]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            hits.append((len(ci.cues) if how == "cues" else 0, m, start, end, how))
        # The most specific misconception wins where two say the same thing.
        hits.sort(key=lambda h: (-h[0], h[1].verdict != "incorrect", h[1].id))
        kept = []
        for h in hits:
            if any(set(h[1].fact_ids) & set(k[1].fact_ids) for k in kept):
                continue
            kept.append(h)
        for _, m, start, end, how in kept:
            out.append(_check(sent, start, end, m.verdict, f"misconception:{m.id}" + ("" if how == "cues" else "~"),
                              m.correction, cp.pack.cite(m.sources), m.fact_ids[0] if m.fact_ids else None))
    return out


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # einsum avoids multi-threaded BLAS, whose start-up costs more than these small products.
    return np.einsum("ij,kj->ik", a, b)


def _best_per_owner(sims: np.ndarray, owner: list[int], n: int) -> np.ndarray:
    """Per sentence, the best similarity to each misconception (claim or paraphrase)."""
    best = np.full((sims.shape[0], n), -1.0, dtype=np.float32)
    if sims.size:
        np.maximum.at(best.T, np.asarray(owner), sims.T)
    return best


def fact_checks(cp: CompiledPack, sents: list[SentenceFacts], idx: TextIndex) -> list[FactCheck]:
    """Sentences that state a pack fact: value compared, verdict given.

    Returns:
        correct / incorrect / disputed FactChecks for facts with cues.
    """
    out = []
    for ci in cp.facts:
        f = ci.item
        if not ci.cues:
            continue
        for i in sorted(idx.candidates(ci.cues)):
            sent = sents[i]
            spans = idx.first_spans(ci.cues, i)
            if spans is None or idx.any_match(ci.unless, i) or not _context_ok(ci, idx, i):
                continue
            verdict, num_spans = _compare(f, sent, spans[0])
            if verdict is None and ci.matches and idx.any_match(ci.matches, i):
                verdict = "correct"
            if verdict is None:
                # A disputed number needs a number stated; a disputed view needs only the claim.
                if not f.disputed or f.kind in ("count", "percent", "number", "ratio"):
                    continue
                verdict = "disputed"
            if f.disputed and verdict == "incorrect":
                verdict = "disputed"  # outside the usual estimates, but historians differ
            if verdict == "correct" and _negated(sent, spans):
                continue
            all_spans = spans + num_spans
            start, end = min(s for s, _ in all_spans), max(e for _, e in all_spans)
            out.append(_check(sent, start, end, verdict, f"fact:{f.id}",
                              None if verdict == "correct" else f.statement, cp.pack.cite(f.sources), f.id))
    return out


def _near(sent: SentenceFacts, nums, anchor: tuple[int, int], limit: int = 60):
    """Numbers in the same clause as the fact's subject, within ``limit`` characters."""
    out = []
    for n in nums:
        lo, hi = (anchor[1], n.start) if n.start >= anchor[1] else (n.end, anchor[0])
        between = sent.text[min(lo, hi):max(lo, hi)]
        if max(0, hi - lo) <= limit and not _CLAUSE_BREAK.search(between):
            out.append(n)
    return out


def _compare(f, sent: SentenceFacts, anchor: tuple[int, int]) -> tuple[str | None, list[tuple[int, int]]]:
    """Compare a numeric or ratio fact with the numbers stated beside its subject."""
    if f.kind in ("count", "number", "percent") and isinstance(f.value, (int, float)):
        nums = _near(sent, plain_numbers(sent, percent=True if f.kind == "percent" else False), anchor)
        if not nums:
            return None, []
        tol = f.tolerance or 0.0
        close = [n for n in nums if abs(n.value - float(f.value)) <= tol]
        if close:
            return "correct", [(close[0].start, close[0].end)]
        return "incorrect", [(nums[0].start, nums[0].end)]
    if f.kind == "ratio" and isinstance(f.value, str) and "-" in f.value:
        want = [float(x) for x in f.value.split("-")]
        nums = plain_numbers(sent)
        values = [n.value for n in nums]
        if all(w in values for w in want):
            used = [n for n in nums if n.value in want]
            return "correct", [(used[0].start, used[-1].end)]
        if len(nums) >= 2:
            return "incorrect", [(nums[0].start, nums[-1].end)]
    return None, []


def event_hits(cp: CompiledPack, sents: list[SentenceFacts], vectors: np.ndarray,
               idx: TextIndex) -> list[EventHit]:
    """Timeline events named in each sentence, with the date the essay gives them.

    A strong hit matches the event's cue groups; a weak one shares two of its
    entities, or one entity and close meaning. Only strong hits may yield an
    "incorrect" date verdict; weak ones only tell which calendar a date uses.
    """
    hits: list[EventHit] = []
    sims = _cosine(vectors, cp.event_vectors) if len(cp.events) and len(sents) else np.zeros((len(sents), 0))
    cands = [idx.candidates(ci.cues) if ci.cues else set() for ci in cp.events]
    for i, sent in enumerate(sents):
        found: list[tuple[EventHit, int]] = []
        for k, ci in enumerate(cp.events):
            ev = ci.item
            spans = idx.first_spans(ci.cues, i) if i in cands[k] else None
            strong = spans is not None
            if not strong:
                if not ev.entities or not sent.entities:
                    continue
                shared = [e for e in ev.entities if e in sent.entities]
                if not (len(shared) >= 2 or (shared and sims[i, k] >= 0.75)):
                    continue
                spans = [sp for e in shared for sp in sent.entities[e]]
            if strong and ci.cues:
                # Distance from any occurrence of any of the event's words.
                spans = [sp for g in ci.cues for m in g for sp in m.spans(sent.text, sent.entities)] or spans
            date = _nearest_date(sent, spans)
            found.append((EventHit(sent, ev, strong, date, _style(cp, ev, date)), 0 if strong else 1))
        if not found:
            continue
        best = min(r for _, r in found)
        hits.extend(h for h, r in found if r == best)
    return hits


_RELATIVE_DATE = re.compile(r"\s*(?:by|until|till|since|before|after|from)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|while|whereas)\b|\bbut\b|\bwhich\b|\bwhile\b|\bthen\b|\band\b.*\b(?:on|in)\b")


def _nearest_date(sent: SentenceFacts, spans: list[tuple[int, int]]):
    """The date written closest to the event's words, within the same clause."""
    best, best_d = None, 46
    for d in sent.dates:
        for s, e in spans:
            lo, hi = (e, d.start) if d.start >= e else (d.end, s)
            dist = max(0, hi - lo)
            between = sent.text[min(lo, hi):max(lo, hi)]
            if d.month is None and dist > 12:
                continue  # a bare year attaches only to the words right beside it
            if dist < best_d and not _RELATIVE.search(between) and not _CLAUSE_BREAK.search(between):
                best, best_d = d, dist
    return best


def _style(cp: CompiledPack, ev, date) -> str | None:
    if date is None:
        return None
    mention = (date.year, date.month, date.day)
    ns = cal.within(mention, cal.parse_iso(ev.date_ns), cal.parse_iso(ev.end_ns))
    if ev.date_os is None or cp.pack.calendar != "julian-gregorian":
        return "both" if ns else "neither"
    os_ = cal.within(mention, cal.parse_iso(ev.date_os), cal.parse_iso(ev.end_os))
    return {(True, True): "both", (True, False): "os", (False, True): "ns"}.get((os_, ns), "neither")


def loose_styles(cp: CompiledPack, sents: list[SentenceFacts], hits: list[EventHit]) -> list[EventHit]:
    """Calendar of dates tied to no event: Old Style when they fit only some event's
    OS date, New Style when they fit only some event's NS date (weak evidence)."""
    if cp.pack.calendar != "julian-gregorian":
        return []
    attached = {(h.sentence.index, h.date.start) for h in hits if h.date is not None}
    events = [ci.item for ci in cp.events if ci.item.date_os and ci.item.date_os != ci.item.date_ns]
    out = []
    for sent in sents:
        for d in sent.dates:
            if (sent.index, d.start) in attached or d.day is None or d.calendar:
                continue
            m = (d.year, d.month, d.day)
            os_fit = [e for e in events if cal.within(m, cal.parse_iso(e.date_os), cal.parse_iso(e.end_os))]
            ns_fit = [e for e in events if cal.within(m, cal.parse_iso(e.date_ns), cal.parse_iso(e.end_ns))]
            if bool(os_fit) != bool(ns_fit):
                ev = (os_fit or ns_fit)[0]
                out.append(EventHit(sent, ev, False, d, "os" if os_fit else "ns"))
    return out


def event_date_checks(cp: CompiledPack, hits: list[EventHit]) -> list[FactCheck]:
    """Dates given to timeline events that fit neither calendar: incorrect."""
    out = []
    fits = {(h.sentence.index, h.date.start) for h in hits if h.date is not None and h.style != "neither"}
    for h in hits:
        if not h.strong or h.date is None or h.style != "neither":
            continue
        if _RELATIVE_DATE.match(h.sentence.text[h.date.start:h.date.end]):
            continue  # "by October", "until March": a bound, not the event's date
        if (h.sentence.index, h.date.start) in fits:
            continue  # the date belongs to another event named in the sentence
        ev, d = h.event, h.date
        when = _event_when(cp, ev)
        out.append(_check(h.sentence, d.start, d.end, "incorrect", f"timeline:{ev.id}",
                          f"{ev.event}: {when}.", cp.pack.cite(ev.sources), None))
    return out


def _event_when(cp: CompiledPack, ev) -> str:
    ns = cal.format_date(cal.parse_iso(ev.date_ns))
    if ev.date_os and ev.date_os != ev.date_ns and cp.pack.calendar == "julian-gregorian":
        return f"{cal.format_date(cal.parse_iso(ev.date_os))} (Old Style), {ns} (New Style)"
    return ns
