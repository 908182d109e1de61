"""The facts stage: check an essay's statements against its topic pack and itself.

With a pack, sentences are matched to the pack's misconceptions, facts and
timeline (see :mod:`.matcher`); the generic checks (:mod:`.generic`) run with
or without one. Where two checks cover the same words the more serious and
more specific one is kept, and "correct" never hides a problem in the same
sentence. The result is ``list[FactCheck]`` sorted by start offset.
"""

from __future__ import annotations

import re

import numpy as np

from ..pipeline import stage
from ..report.models import FactCheck
from . import calendar as cal
from .claims import SentenceFacts, plain_numbers, sentence_facts
from .generic import anachronism_checks, arithmetic_checks, calendar_mixing_checks, chronology_checks
from .knowledge import TextIndex, compile_pack, encode
from .matcher import event_date_checks, event_hits, fact_checks, loose_styles, misconception_checks

_RUSSIA = re.compile(r"\b(?:Russia\w*|Petrograd|Bolshevik\w*|Menshevik\w*|Tsar\w*|Czar\w*|Lenin|Kerensky|Soviets?)\b")
_CLAIMY = re.compile(r"\bthe (?:first|only|largest|biggest|greatest|smallest|strongest|earliest|last)\s+(?!World War|Congress|time\b)"
                     r"[a-z]+", re.I)
#: Lower number = kept first when checks overlap.
_PRIORITY = {"misconception": 0, "timeline": 1, "arithmetic": 2, "fact": 3, "calendar-mixing": 4,
             "chronology": 5, "anachronism": 6, "unverifiable": 9}
_VERDICT_RANK = {"incorrect": 0, "imprecise": 1, "disputed": 2, "unverifiable": 3, "correct": 4}


def check_facts(text: str, sentences, dates, numbers, entities=(), pack=None) -> list[FactCheck]:
    """All fact checks for one essay.

    Args:
        text: the essay's full text.
        sentences: sentence spans.
        dates: DateMentions (annotate layer).
        numbers: NumberMentions (annotate layer).
        entities: spaCy entity spans.
        pack: the selected ``Pack`` or None for generic mode.

    Returns:
        FactChecks sorted by start offset.
    """
    cp = compile_pack(pack) if pack is not None else None
    sents = sentence_facts(text, sentences, dates, numbers, entities, cp.entities if cp else None)
    russian = (pack is not None and pack.region.lower() == "russia") or (
        pack is None and len(_RUSSIA.findall(text)) >= 2 and not re.search(r"\b19(?:19|[2-9]\d)\b", text))
    checks: list[FactCheck] = []
    hits = []
    if cp is not None and sents:
        vectors = np.asarray(encode([s.text for s in sents]), dtype=np.float32)
        idx = TextIndex(sents, text)
        hits = event_hits(cp, sents, vectors, idx)
        checks += misconception_checks(cp, sents, vectors, idx)
        checks += fact_checks(cp, sents, idx)
        checks += event_date_checks(cp, hits)
        checks += anachronism_checks(pack, sents)
    loose = loose_styles(cp, sents, hits) if cp is not None else []
    mixing = calendar_mixing_checks(text, sents, hits + loose, russian=russian)
    checks += mixing
    checks += chronology_checks(hits, sents)
    checks += arithmetic_checks(sents)
    checks = _resolve(checks)
    if cp is not None:
        checks = _add_calendar_notes(checks, hits, mixing, sents, cp)
        checks += _unverifiable(sents, checks)
    return sorted(checks, key=lambda c: (c.start, c.end, c.rule))


def _family(check: FactCheck) -> str:
    return check.rule.split(":")[0]


def _resolve(checks: list[FactCheck]) -> list[FactCheck]:
    ranked = sorted(checks, key=lambda c: (_VERDICT_RANK[c.verdict], _PRIORITY.get(_family(c), 8), c.start, c.rule))
    kept: list[FactCheck] = []
    for c in ranked:
        clash = False
        for k in kept:
            overlap = c.start < k.end and k.start < c.end
            if not overlap:
                continue
            if c.verdict == "correct" or _family(c) == _family(k) == "timeline":
                clash = True
            elif _family(c) == "timeline" and _family(k) == "misconception":
                clash = True
            elif c.rule == k.rule or (c.fact_id and c.fact_id == k.fact_id):
                clash = True
            if clash:
                break
        if not clash:
            kept.append(c)
    return kept


def _add_calendar_notes(checks, hits, mixing, sents, cp) -> list[FactCheck]:
    """Tell a wrong date in the essay's own calendar when the essay uses New Style."""
    ns_examples = [h for h in hits if h.style == "ns" and h.date is not None]
    os_examples = [h for h in hits if h.style == "os" and h.date is not None]
    if not ns_examples and not any(m.rule == "calendar-mixing" for m in mixing) or os_examples:
        return checks
    example = ns_examples[0].sentence.text[ns_examples[0].date.start:ns_examples[0].date.end] if ns_examples \
        else next(m.claim for m in mixing if m.rule == "calendar-mixing")
    out = []
    for c in checks:
        if c.verdict == "incorrect" and _family(c) in ("misconception", "timeline"):
            for h in hits:
                if not h.strong or h.date is None or h.event.date_os is None:
                    continue
                ds = h.sentence.start + h.date.start
                if c.start <= ds < c.end or ds <= c.start < h.sentence.start + h.date.end:
                    ns = cal.format_date(cal.parse_iso(h.event.date_ns))
                    note = (f" The essay dates other events New Style ('{example}'); "
                            f"in New Style this was {ns}.")
                    c = c.model_copy(update={"correction": (c.correction or "") + note})
                    break
        out.append(c)
    return out


def _unverifiable(sents: list[SentenceFacts], checks: list[FactCheck]) -> list[FactCheck]:
    """Statements of counts, shares or firsts that no pack fact covers."""
    out = []
    for s in sents:
        if any(s.start <= c.start < s.end for c in checks):
            continue
        nums = [n for n in plain_numbers(s) if n.percent or n.value >= 100]
        claim = _CLAIMY.search(s.text)
        if not (nums or claim) or s.text.rstrip().endswith("?"):
            continue
        lo, hi = (nums[0].start, nums[-1].end) if nums else (claim.start(), claim.end())
        out.append(FactCheck(start=s.start + lo, end=s.start + hi, verdict="unverifiable", rule="unverifiable",
                             claim=s.text[lo:hi], sources=[],
                             correction="No fact in the topic pack covers this; check it against your notes."))
    return out


@stage("facts", requires=("pack", "dates", "numbers", "entities", "sentences"), assigns=("facts",))
def facts_stage(essay):
    selected = essay.get("pack")
    pack = getattr(selected, "pack", None) if selected is not None else None
    essay.set("facts", check_facts(essay.text, essay.get("sentences", []), essay.get("dates", []),
                                   essay.get("numbers", []), essay.get("entities", []), pack))
    return essay
