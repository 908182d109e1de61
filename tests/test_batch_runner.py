"""Class-set runner: inputs in order, outputs, failures, resume after kill -9, workers.

The essays here are written for these tests (short, so the suite stays fast);
``write_class_set`` is shared with the Dask test.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from essaylens.batch import mark
from essaylens.batch.store import STORE_NAME

QUESTIONS = [
    "Was the October Revolution a popular uprising or a coup?",
    "How far was Germany to blame for the First World War?",
    "Why did the Weimar Republic collapse?",
    "Was the Treaty of Versailles too harsh?",
]
OPENINGS = [
    "Historians have argued about this question for a century, and the evidence points in more than one direction.",
    "This essay will weigh the main arguments on both sides before reaching a judgement.",
    "The answer depends on which groups and which months we look at most closely.",
    "Most textbooks give a simple answer, but the sources show a more complicated picture.",
]
BODIES = [
    "In 1917 the Bolsheviks won majorities in the Petrograd and Moscow soviets. This shows that many workers "
    "supported them. However, the seizure of the Winter Palace was planned by a small Military Revolutionary "
    "Committee, which suggests a coup carried out by a disciplined party.",
    "Germany gave Austria-Hungary a blank cheque in July 1914. This suggests that Berlin was willing to risk a "
    "wider war. On the other hand, Russia mobilised its army early and the alliance system dragged every power "
    "into the conflict.",
    "Hyperinflation in 1923 destroyed the savings of the middle classes. Therefore many voters lost faith in "
    "democracy. The Great Depression after 1929 brought mass unemployment, and the Nazi vote rose sharply in the "
    "elections of 1930 and 1932.",
    "The treaty took Alsace-Lorraine and the Saar coalfields from Germany and limited its army to one hundred "
    "thousand men. This shows how much Germany lost. Yet Germany kept most of its industry and remained the "
    "largest state in central Europe.",
    "Lenin's slogan of peace, land and bread appealed to soldiers and peasants who were tired of the war. This "
    "shows why support grew so quickly in the autumn. Even so, the Constituent Assembly was closed in January 1918 "
    "after the Bolsheviks lost the election.",
]
CONCLUSIONS = [
    "In conclusion, the evidence suggests that both explanations hold some truth, but the stronger case is the first.",
    "Overall, the second argument is more convincing because it explains the timing of events.",
    "To conclude, no single factor is enough; the causes worked together.",
]
AUTHORS = ["Maya Patel", "Jonah Brooks", "Aisha Khan", "Liam O'Connor", "Sofia Rossi", "Ethan Clarke"]


def essay_text(n: int) -> str:
    """A short, distinct essay built from the pools above."""
    return "\n".join([
        AUTHORS[n % len(AUTHORS)], "History", QUESTIONS[n % len(QUESTIONS)],
        OPENINGS[n % len(OPENINGS)] + f" It is essay number {n} in this set.",
        BODIES[n % len(BODIES)] + " " + BODIES[(n + 2) % len(BODIES)],
        CONCLUSIONS[n % len(CONCLUSIONS)],
    ]) + "\n"


def write_class_set(folder: Path, n: int, *, broken: bool = True) -> Path:
    """A folder of ``n`` essays (plus an empty and a binary file when ``broken``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"student_{i:02d}.txt").write_text(essay_text(i), encoding="utf-8")
    if broken:
        (folder / "student_empty.txt").write_text("   \n", encoding="utf-8")
        (folder / "student_binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture(scope="session")
def class_set(tmp_path_factory) -> Path:
    return write_class_set(tmp_path_factory.mktemp("class") / "in", 6)


@pytest.fixture(scope="session")
def marked(class_set, tmp_path_factory):
    out = tmp_path_factory.mktemp("marked") / "out"
    calls = []
    result = mark(class_set, out, progress=lambda d, t, e: calls.append((d, t, e)))
    return result, out, calls


def test_batch_mark_writes_every_output(marked):
    result, out, _ = marked
    for name in ("reports.jsonl", "grades.csv", "discourse.csv", "errors.csv", "similar.csv", "class.html"):
        assert (out / name).is_file(), name
    assert (out / STORE_NAME).is_file()
    assert result.total == 8 and result.succeeded == 6 and result.failed == 2
    assert result.exit_code == 4


def test_batch_pages_drawn_during_the_run_equal_pages_drawn_at_the_end(marked, class_set, tmp_path):
    from essaylens.batch.outputs import PAGES_DIR

    _, out, _ = marked
    pages = sorted((out / "essays").glob("*.html"))
    assert len(pages) == 6 and not (out / PAGES_DIR).exists()
    # A resumed run has no pages drawn in advance: it draws them at the end, byte for byte the same.
    again = tmp_path / "again"
    shutil.copytree(out, again)
    shutil.rmtree(again / "essays")
    mark(class_set, again)
    assert [p.read_bytes() for p in pages] == [(again / "essays" / p.name).read_bytes() for p in pages]


def test_batch_reports_in_input_order(marked):
    _, out, _ = marked
    ids = [json.loads(line)["essay_id"] for line in (out / "reports.jsonl").read_text().splitlines()]
    assert ids == [f"student_{i:02d}" for i in range(6)]
    first = json.loads((out / "reports.jsonl").read_text().splitlines()[0])
    assert "timings" not in first and first["meta"]["author"] == "Maya Patel"


def test_batch_failures_recorded_not_fatal(marked):
    result, out, _ = marked
    with open(out / "errors.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["essay_id"] for r in rows} == {"student_empty", "student_binary"}
    assert all(r["error"].startswith("E0") for r in rows)
    with open(out / "grades.csv", newline="") as fh:
        grades = list(csv.DictReader(fh))
    assert [g["essay_id"] for g in grades][:1] == ["student_00"]
    assert {g["status"] for g in grades} == {"ok", "failed"}
    assert len(grades) == 8


def test_batch_discourse_csv_format(marked):
    _, out, _ = marked
    with open(out / "discourse.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id", "class", "predictionstring"]
    text = json.loads((out / "reports.jsonl").read_text().splitlines()[0])["text"]
    n_words = len(text.split())
    for essay_id, cls, pred in rows[1:]:
        idx = [int(x) for x in pred.split()]
        assert idx == sorted(idx) and idx
        if essay_id == "student_00":
            assert max(idx) < n_words


def test_batch_progress_callback(marked):
    _, _, calls = marked
    assert calls[0] == (2, 8, None)  # the two unreadable inputs count as done at once
    assert calls[-1][:2] == (8, 8)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_batch_class_dashboard_escaped(marked):
    _, out, _ = marked
    page = (out / "class.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "Sides taken" in page and "Similar submissions" in page and "student_binary" in page


def test_batch_resume_reuses_store(marked, class_set):
    _, out, _ = marked
    before = (out / "reports.jsonl").read_bytes()
    again = mark(class_set, out)
    assert again.reused == 6 and again.analysed == 0  # unreadable inputs fail at reading, again
    assert (out / "reports.jsonl").read_bytes() == before
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM results WHERE status='ok'").fetchone()[0] == 6


def test_batch_cli_exit_codes(class_set, tmp_path):
    from typer.testing import CliRunner
    import typer

    from essaylens.batch.cli import mark_command

    app = typer.Typer()
    app.command()(mark_command)
    runner = CliRunner()
    res = runner.invoke(app, [str(class_set), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 4, res.output
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(essay_text(1), encoding="utf-8")
    res = runner.invoke(app, [str(good), "--out", str(tmp_path / "o2"), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, [str(tmp_path / "missing"), "--out", str(tmp_path / "o3"), "-q"])
    assert res.exit_code == 3
    res = runner.invoke(app, [str(good), "--out", str(tmp_path / "o4"), "--engine", "spark"])
    assert res.exit_code == 2 and "E507" in res.output
    assert "Example" in (mark_command.__doc__ or "")


def test_batch_resume_after_kill_9(tmp_path):
    folder = write_class_set(tmp_path / "in", 14, broken=False)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "essaylens.batch.cli", str(folder), "--out", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = out / STORE_NAME
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if store.exists():
                try:
                    with sqlite3.connect(store, timeout=1) as db:
                        stored = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
                except sqlite3.Error:
                    stored = 0
                if stored >= 3:
                    break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be killed")
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "reports.jsonl").exists()
    resumed = mark(folder, out)
    assert resumed.reused >= 3 and resumed.reused + resumed.analysed == 14
    assert resumed.failed == 0
    lines = (out / "reports.jsonl").read_text().splitlines()
    assert [json.loads(x)["essay_id"] for x in lines] == [f"student_{i:02d}" for i in range(14)]
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 14
    fresh = mark(folder, tmp_path / "fresh")
    assert (tmp_path / "fresh" / "reports.jsonl").read_bytes() == (out / "reports.jsonl").read_bytes()
    assert fresh.reused == 0


def test_batch_two_workers_identical(class_set, marked, tmp_path):
    _, out, _ = marked
    result = mark(class_set, tmp_path / "w2", workers=2)
    for name in ("reports.jsonl", "grades.csv", "discourse.csv", "class.html", "errors.csv"):
        assert (tmp_path / "w2" / name).read_bytes() == (out / name).read_bytes(), name
    assert len(result.worker_peak_rss_mb) >= 1
