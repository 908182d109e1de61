"""``essaylens segment``: the structure-only annotation and the corpus command.

The essays are the project's own examples and the class-set builder of the
runner tests; third-party essays are read from ../shared only.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essaylens.annotate import annotate_text
from essaylens.annotate.structure import annotate_structure, sentence_docs
from essaylens.api import analyze
from essaylens.batch.segment import SCORE_FIELDS, segment
from essaylens.cli import app
from essaylens.discourse.export import word_indices
from essaylens.essay import Essay
from essaylens.training.metrics import feedback_f1

from test_batch_runner import write_class_set

CLASSES = {"Lead", "Position", "Claim", "Counterclaim", "Rebuttal", "Evidence", "Concluding Statement"}


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def examples(examples_dir) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(examples_dir.glob("*.txt"))}


def test_structure_annotation_keeps_header_and_paragraphs_of_the_full_one(examples):
    for text in examples.values():
        full = annotate_text(Essay(text))
        light = annotate_structure(Essay(text))
        assert light.header == full.header
        assert light.paragraphs == full.paragraphs
        assert not light.has("tokens") and not light.has("entities")
        sents = light.sentences
        assert sents and all(s.start >= light.body_start for s in sents)
        # No sentence crosses a paragraph break, and every one has text.
        for s in sents:
            assert any(p.start <= s.start and s.end <= p.end for p in light.paragraphs)
            assert text[s.start:s.end].strip() == text[s.start:s.end]


def test_senter_finds_sentence_ends():
    text = "The war began in 1914. It ended in 1918! Was it worth it? Few soldiers thought so."
    essay = annotate_structure(Essay(text), doc=sentence_docs([text])[0])
    assert [text[s.start:s.end] for s in essay.sentences] == [
        "The war began in 1914.", "It ended in 1918!", "Was it worth it?", "Few soldiers thought so."]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, examples):
    folder = write_class_set(tmp_path_factory.mktemp("seg") / "in", 5)  # + an empty and a binary file
    rows = [{"essay_id": name, "text": text} for name, text in examples.items()]
    rows += [
        {"essay_id": "=formula", "text": "<script>alert('x')</script> " + examples["ww1_blame"]},
        {"essay_id": "french", "text": "La révolution d'octobre fut un coup d'État préparé par le parti bolchevique, "
                                       "et la plupart des ouvriers de Petrograd ne le savaient pas encore. " * 3},
        {"essay_id": "blank", "text": "  "},
    ]
    jsonl = folder.parent / "set.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path_factory.mktemp("seg_out")
    return {"folder": folder, "jsonl": jsonl, "rows": rows,
            "folder_result": segment(folder, out / "folder"), "folder_out": out / "folder",
            "jsonl_result": segment(jsonl, out / "jsonl", chunk_size=2), "jsonl_out": out / "jsonl"}


def test_segment_writes_the_three_files_in_input_order(segmented):
    out, result = segmented["jsonl_out"], segmented["jsonl_result"]
    scores = _rows(out / "scores.csv")
    errors = _rows(out / "errors.csv")
    ids = [r["essay_id"] for r in segmented["rows"]]
    assert result.total == len(ids) and result.succeeded == len(scores) and result.exit_code == 4
    # Spreadsheet formulas are neutralised; everything else keeps its id and order.
    assert [r["essay_id"] for r in scores] == ["'=formula" if i == "=formula" else i for i in ids
                                               if i not in {"french", "blank"}]
    assert {r["essay_id"] for r in errors} == {"french", "blank"}
    codes = {r["essay_id"]: r["error"][:4] for r in errors}
    assert codes == {"french": "E007", "blank": "E001"}
    assert list(scores[0]) == SCORE_FIELDS
    for r in scores:
        assert 1 <= int(r["holistic_score"]) <= 6
        probs = [float(r[f"p{k}"]) for k in range(1, 7)]
        assert abs(sum(probs) - 1) < 0.01
        assert float(r["confidence"]) == pytest.approx(probs[int(r["holistic_score"]) - 1], abs=1e-4)
        assert int(r["elements"]) > 0 and int(r["paragraphs"]) >= 1


def test_segment_rows_are_feedback_prize_rows(segmented):
    texts = {r["essay_id"]: r["text"] for r in segmented["rows"]}
    texts["'=formula"] = texts["=formula"]
    disc = _rows(segmented["jsonl_out"] / "discourse.csv")
    assert disc and list(disc[0]) == ["id", "class", "predictionstring"]
    for r in disc:
        assert r["class"] in CLASSES
        idx = [int(x) for x in r["predictionstring"].split()]
        assert idx == sorted(idx) and idx[-1] < len(texts[r["id"]].split())


def test_a_folder_with_broken_files_loses_nothing(segmented):
    result, out = segmented["folder_result"], segmented["folder_out"]
    assert result.total == 7 and result.succeeded == 5 and result.failed == 2
    assert {r["essay_id"] for r in _rows(out / "errors.csv")} == {"student_empty", "student_binary"}
    assert len(_rows(out / "scores.csv")) == 5


def test_segment_agrees_with_analyze(segmented, examples):
    """The senter's sentences change the elements little and the score not at all on these essays."""
    disc = _rows(segmented["jsonl_out"] / "discourse.csv")
    scores = {r["essay_id"]: int(r["holistic_score"]) for r in _rows(segmented["jsonl_out"] / "scores.csv")}
    gold, pred = [], []
    for name, text in examples.items():
        report = analyze(text, essay_id=name)
        assert abs(report.scores.holistic - scores[name]) <= 1
        gold += [(name, el.type, set(word_indices(text, el.start, el.end))) for el in report.discourse]
        pred += [(name, r["class"], {int(x) for x in r["predictionstring"].split()}) for r in disc if r["id"] == name]
    assert feedback_f1(gold, pred, sorted(CLASSES))["macro"] >= 0.6
    found = {c for _, c, _ in gold} & {c for _, c, _ in pred}
    assert {"Position", "Claim", "Evidence"} <= found


def test_segment_is_deterministic_across_workers_and_chunks(segmented, tmp_path):
    again = segment(segmented["jsonl"], tmp_path / "two", workers=2, chunk_size=3)
    assert again.total == segmented["jsonl_result"].total
    for name in ("discourse.csv", "scores.csv", "errors.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (segmented["jsonl_out"] / name).read_bytes(), name


def test_segment_cli(segmented, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["segment", str(segmented["jsonl"]), "--out", str(tmp_path / "cli"), "-q"])
    assert res.exit_code == 4, res.output
    assert "segmented and scored, 2 failed" in res.output
    assert (tmp_path / "cli" / "scores.csv").read_bytes() == (segmented["jsonl_out"] / "scores.csv").read_bytes()
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    res = runner.invoke(app, ["segment", str(empty), "--out", str(tmp_path / "none")])
    assert res.exit_code == 3 and "E510" in res.output
    assert not (tmp_path / "none" / "scores.csv").exists()
    res = runner.invoke(app, ["segment", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "none")])
    assert res.exit_code == 3 and "E511" in res.output


def test_segment_usage_errors(segmented, tmp_path):
    from essaylens.errors import UsageError

    with pytest.raises(UsageError, match="E507"):
        segment(segmented["jsonl"], tmp_path / "x", engine="spark")
    with pytest.raises(UsageError, match="E509"):
        segment(segmented["jsonl"], tmp_path / "x", workers=0)


def _poison_task(chunk):
    """A task that kills its worker process on the item "poison" (for the pool test)."""
    import os

    if "poison" in chunk:
        os._exit(1)
    return [{"item": x} for x in chunk]


def _no_init():
    pass


def test_pool_loses_only_the_item_that_kills_its_worker():
    from essaylens.batch.runner import run_pool

    chunks = [["a", "b"], ["c", "poison", "d"], ["e"]]
    rows = list(run_pool(chunks, 2, task=_poison_task, init=_no_init,
                         crash=lambda chunk: [{"lost": x} for x in chunk]))
    assert rows == [{"item": "a"}, {"item": "b"}, {"item": "c"}, {"lost": "poison"}, {"item": "d"}, {"item": "e"}]


def _torch_state(chunk):
    import sys

    return [{"item": x, "torch": repr(sys.modules.get("torch", "absent"))} for x in chunk]


def test_pool_workers_keep_torch_out():
    # thinc imports PyTorch on spaCy's import when it is installed; a worker never needs it.
    from essaylens.batch.runner import run_pool

    rows = list(run_pool([["a"], ["b"]], 2, task=_torch_state, init=_no_init))
    assert [r["item"] for r in rows] == ["a", "b"] and {r["torch"] for r in rows} == {"None"}
