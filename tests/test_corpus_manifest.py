"""Checks on the project-written corpus: example essays, test essays, questions.

The manifests (examples/manifest.yaml, tests/data/essays/manifest.yaml) record,
for each essay, its question, the side it argues, its structure and the factual
errors planted in it alongside accurate statements a checker must leave alone.
Other tests read these records as ground truth, so this module makes sure they
stay consistent with the essay files: every quote must be found in its essay,
every label must come from a known set, and the corpus must keep the size and
variety that the generality tests rely on. It also checks that the corpus shares
no run of words with the seed essay, which must never be copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ESSAYS = REPO / "tests" / "data" / "essays"
EXAMPLES = REPO / "examples"
QUESTIONS = REPO / "tests" / "data" / "questions.yaml"

KINDS = {"either-or", "to-what-extent", "why", "was-x-a-y", "statement"}
SIDES = {"coup", "popular", "balanced", "germany-to-blame", "not-solely-germany", "fair", "unfair", None}
ERROR_TYPES = {"ship", "date", "calendar", "number", "person", "place", "myth", "body"}
CALENDARS = {"OS", "NS", "mixed", "none"}
LEVELS = {"weak", "middle", "strong"}
ESSAY_KEYS = {"file", "question", "kind", "side", "committal", "has_counterargument", "has_conclusion",
              "planted_errors", "accurate_statements"}
OPTIONAL_KEYS = {"question_source", "level", "calendar", "expected_answer", "leaning"}
ANSWERS = {"yes", "no", "agree", "disagree", "to a great extent", "to a limited extent", None}


def _load(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("essays"), list), f"{path}: needs an 'essays' list"
    return data["essays"]


def _entries() -> list[tuple[Path, dict]]:
    out = []
    for folder in (EXAMPLES, ESSAYS):
        for entry in _load(folder / "manifest.yaml"):
            out.append((folder, entry))
    return out


def _words(text: str) -> int:
    return len(re.findall(r"\b[\w'’-]+\b", text))


def _body(text: str, entry: dict) -> str:
    """The essay without its header lines (a title question is the last of them)."""
    if entry.get("question_source", "title") != "title":
        return text
    i = text.index(entry["question"]) + len(entry["question"])
    return text[i:]


ENTRIES = _entries()


@pytest.mark.parametrize("folder,entry", ENTRIES, ids=[e["file"] for _, e in ENTRIES])
def test_entry_structure(folder: Path, entry: dict) -> None:
    assert ESSAY_KEYS <= set(entry), f"missing keys: {sorted(ESSAY_KEYS - set(entry))}"
    assert set(entry) <= ESSAY_KEYS | OPTIONAL_KEYS, f"unknown keys: {sorted(set(entry) - ESSAY_KEYS - OPTIONAL_KEYS)}"
    assert (folder / entry["file"]).is_file()
    assert entry["kind"] in KINDS
    assert entry["side"] in SIDES
    for flag in ("committal", "has_counterargument", "has_conclusion"):
        assert isinstance(entry[flag], bool), flag
    assert entry.get("calendar", "none") in CALENDARS
    assert entry.get("level", "middle") in LEVELS
    assert entry.get("question_source", "title") in {"title", "introduction"}
    answer = entry.get("expected_answer")
    assert answer in ANSWERS or answer.lower() in entry["question"].lower(), answer
    assert entry.get("leaning") in SIDES
    if "leaning" in entry:
        assert entry["side"] == "balanced"
    for err in entry["planted_errors"]:
        assert set(err) == {"quote", "type", "correction"}, err
        assert err["type"] in ERROR_TYPES, err
        assert len(err["correction"]) > 15, err
    for ok in entry["accurate_statements"]:
        assert set(ok) == {"quote", "note"}, ok


@pytest.mark.parametrize("folder,entry", ENTRIES, ids=[e["file"] for _, e in ENTRIES])
def test_quotes_found_once(folder: Path, entry: dict) -> None:
    text = (folder / entry["file"]).read_text(encoding="utf-8")
    assert entry["question"] in text, "the recorded question is not in the essay"
    spans = []
    for item in entry["planted_errors"] + entry["accurate_statements"]:
        n = text.count(item["quote"])
        assert n == 1, f"{item['quote']!r} found {n} times"
        start = text.index(item["quote"])
        spans.append((start, start + len(item["quote"]), item in entry["planted_errors"]))
    # A planted error and an accurate statement never cover the same text.
    errs = [s for s in spans if s[2]]
    oks = [s for s in spans if not s[2]]
    for a in errs:
        for b in oks:
            assert a[1] <= b[0] or b[1] <= a[0], f"error {text[a[0]:a[1]]!r} overlaps {text[b[0]:b[1]]!r}"


@pytest.mark.parametrize("folder,entry", ENTRIES, ids=[e["file"] for _, e in ENTRIES])
def test_header_then_paragraphs(folder: Path, entry: dict) -> None:
    text = (folder / entry["file"]).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) >= 4, "an essay needs a header or title and several paragraphs"
    if entry.get("question_source", "title") == "title":
        head = "\n".join(lines[:3])
        assert entry["question"] in head, "a title question belongs in the first three lines"


def test_every_file_is_listed() -> None:
    for folder in (EXAMPLES, ESSAYS):
        listed = {e["file"] for e in _load(folder / "manifest.yaml")}
        present = {p.name for p in folder.glob("*.txt")}
        assert listed == present, f"{folder.name}: unlisted {sorted(present - listed)}, missing {sorted(listed - present)}"


def test_test_essay_lengths_and_mix() -> None:
    entries = _load(ESSAYS / "manifest.yaml")
    assert len(entries) >= 12
    for e in entries:
        n = _words((ESSAYS / e["file"]).read_text(encoding="utf-8"))
        assert 200 <= n <= 460, f"{e['file']}: {n} words"
    r17 = [e for e in entries if e["side"] in {"coup", "popular", "balanced"}]
    sides = [e["side"] for e in r17]
    assert sides.count("coup") >= 3 and sides.count("popular") >= 3 and sides.count("balanced") >= 2
    coup = [e for e in r17 if e["side"] == "coup"]
    assert any(e["committal"] for e in coup) and any(not e["committal"] for e in coup)
    assert sum(len(e["planted_errors"]) for e in r17) >= 15
    types = {err["type"] for e in r17 for err in e["planted_errors"]}
    assert {"ship", "date", "calendar", "number", "person", "myth"} <= types
    assert sum(len(e["accurate_statements"]) for e in r17) >= 15
    others = {e["side"] for e in entries} - {"coup", "popular", "balanced"}
    assert {"germany-to-blame", "not-solely-germany", "fair", "unfair"} <= others


def test_example_lengths() -> None:
    want = {"popular_revolution.txt": (450, 700), "ww1_blame.txt": (400, 800), "weak_essay.txt": (100, 350)}
    for name, (lo, hi) in want.items():
        n = _words((EXAMPLES / name).read_text(encoding="utf-8"))
        assert lo <= n <= hi, f"{name}: {n} words"
    assert (EXAMPLES / "README.md").is_file()


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    toks = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def test_no_text_shared_with_seed(seed_text: str) -> None:
    seed = _shingles(seed_text, 7)
    for folder, entry in ENTRIES:
        text = (folder / entry["file"]).read_text(encoding="utf-8")
        shared = _shingles(_body(text, entry), 7) & seed
        assert not shared, f"{entry['file']} shares wording with the seed: {sorted(' '.join(s) for s in shared)[:3]}"


def test_questions_file() -> None:
    items = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    assert len(items) >= 40
    intro_only = 0
    for q in items:
        assert set(q) <= {"title", "intro", "kind", "hypotheses", "note", "h1_contains"}, q
        assert q["kind"] in KINDS, q
        assert q["title"] or q["intro"], q
        title = q["title"]
        if not title or not title.rstrip().endswith(("?", ".")):
            assert q["intro"], q
            intro_only += 1
        hyps = q["hypotheses"]
        if q["kind"] == "either-or":
            assert isinstance(hyps, list) and len(hyps) == 2, q
        if isinstance(hyps, list):
            assert len(hyps) == 2 and all(isinstance(h, str) and h for h in hyps), q
            source = (title or "") + " " + (q["intro"] or "")
            assert all(h.lower() in source.lower() for h in hyps), q
        else:
            assert isinstance(hyps, int) and hyps >= 0, q
        if "h1_contains" in q:
            assert q["kind"] == "statement" and q["h1_contains"] in (title or ""), q
    assert intro_only >= 8
    kinds = [q["kind"] for q in items]
    assert all(kinds.count(k) >= 5 for k in KINDS), kinds
