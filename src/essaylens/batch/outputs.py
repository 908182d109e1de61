"""Write a class set's outputs from the results store, in input order.

One pass over the stored results writes ``reports.jsonl``, ``discourse.csv``
and the per-essay HTML pages, and gathers the gradebook rows, the dashboard
summary and the texts for the similarity check; then ``grades.csv``,
``errors.csv``, ``similar.csv`` and ``class.html`` follow. Each file is written
to a temporary name and renamed, so a reader never sees half a file and an
interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import csv
import functools
import importlib
import importlib.util
import json
import os
import re
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..ingest import Document, InputFailure
from ..report.models import BatchError, Report
from .dashboard import ClassSummary, render_summary_html, side_label
from .similarity import SimilarPair, find_similar
from .store import ResultStore

#: Comments copied into the gradebook per essay.
TOP_COMMENTS = 3
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class OutputSet:
    """What :func:`write_outputs` produced."""

    files: dict[str, Path]
    failures: list[BatchError]
    similar_pairs: list[SimilarPair]
    succeeded: int


def cell(value: Any) -> Any:
    """A CSV cell safe to open in a spreadsheet (no formula injection from essay text)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def discourse_rows(report: Report) -> list[tuple[str, str, str]]:
    """The report's discourse elements as ``(id, class, predictionstring)`` rows.

    Uses the discourse package's exporter when it exists, so ``essaylens
    analyze`` and ``essaylens mark`` write identical rows.
    """
    if importlib.util.find_spec("essaylens.discourse.export") is not None:
        export = importlib.import_module("essaylens.discourse.export")
        if hasattr(export, "discourse_rows"):
            return export.discourse_rows(report)
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", report.text)]
    rows = []
    for el in report.discourse:
        idx = [n for n, (s, e) in enumerate(spans) if s < el.end and el.start < e]
        if idx:
            rows.append((report.essay_id, el.type, " ".join(map(str, idx))))
    return rows


def grade_row(report: Report) -> dict[str, Any]:
    """One gradebook row: ids, mark/max/level per scheme, holistic score, side and top comments."""
    row: dict[str, Any] = {
        "essay_id": report.essay_id, "author": report.meta.author or "", "status": "ok",
        "words": report.meta.word_count,
    }
    for mark in report.marks:
        row[f"{mark.scheme}_mark"] = _num(mark.total)
        row[f"{mark.scheme}_max"] = _num(mark.max)
        row[f"{mark.scheme}_level"] = mark.level or ""
    row["holistic"] = report.scores.holistic if report.scores.holistic is not None else ""
    row["side"] = side_label(report)
    row["committed"] = "yes" if report.stance.essay.committal else "no"
    row["fact_errors"] = sum(1 for f in report.facts if f.verdict in ("incorrect", "imprecise"))
    row["top_comments"] = " | ".join(c.message for c in report.feedback[:TOP_COMMENTS])
    row["error"] = ""
    return row


def _num(x: float) -> Any:
    return int(x) if float(x).is_integer() else round(float(x), 2)


@functools.lru_cache(maxsize=1)
def _html_renderer():
    """``render(report, "html")`` when the report renderers exist, else None."""
    if importlib.util.find_spec("essaylens.report.render") is None:
        return None
    module = importlib.import_module("essaylens.report.render")
    return getattr(module, "render", None)


#: Per-essay pages rendered while the analysis runs, keyed by store key, until
#: :func:`write_outputs` moves them under their final names.
PAGES_DIR = ".pages"


def prerender_page(out_dir: Path, key: str, report_json: str) -> None:
    """Render one essay's HTML page now, while the workers analyse the rest.

    The runner calls this as each result arrives, so the pages are drawn
    while the CPUs are still busy with analysis instead of one by one at the
    end. The page is written under a temporary name and renamed, so a page
    exists only whole; a run killed before :func:`write_outputs` leaves
    pages that the next run reuses or overwrites.
    """
    render = _html_renderer()
    if render is None:
        return
    pages = out_dir / PAGES_DIR
    pages.mkdir(parents=True, exist_ok=True)
    path = pages / f"{key}.html"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(Report.model_validate_json(report_json), "html"), encoding="utf-8")
    os.replace(tmp, path)


def _safe_name(essay_id: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", essay_id).strip("._")[:100] or "essay"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


class _Atomic:
    """A text file written under a temporary name and renamed on success."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(path.name + ".tmp")
        self.fh = open(self.tmp, "w", encoding="utf-8", newline="")

    def commit(self) -> Path:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.path)
        return self.path


def write_outputs(out_dir: Path, items: Sequence[Document | InputFailure], keys: Sequence[str | None],
                  store: ResultStore, *, title: str = "Class set", html: bool = True) -> OutputSet:
    """Write every output file of a class set.

    Args:
        out_dir: the output folder.
        items: the inputs in order (documents and read failures).
        keys: each item's store key (None for read failures).
        store: the results store holding every analysed essay.
        title: the dashboard heading.
        html: whether to write per-essay HTML (when the renderer exists).

    Returns:
        The files written, the failures, the similar pairs and the success count.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    render = _html_renderer() if html else None
    failures: list[BatchError] = []
    summary = ClassSummary()
    grades: list[dict[str, Any]] = []  # small rows; columns are fixed once every scheme is known
    texts: list[tuple[str, str]] = []
    schemes: list[str] = []
    used_names: set[str] = set()
    files: dict[str, Path] = {}
    with ExitStack() as stack:
        reports_f = _Atomic(out_dir / "reports.jsonl")
        disc_f = _Atomic(out_dir / "discourse.csv")
        stack.callback(lambda: [f.fh.close() for f in (reports_f, disc_f)])
        disc = csv.writer(disc_f.fh, lineterminator="\n")
        disc.writerow(["id", "class", "predictionstring"])
        for item, key in zip(items, keys):
            if isinstance(item, InputFailure):
                failures.append(BatchError(essay_id=item.essay_id, source=item.source, error=str(item.error),
                                           code=getattr(item.error, "exit_code", 3)))
                continue
            stored = store.get(key) if key else None
            if stored is None or stored.status != "ok":
                error = stored.error if stored else "not analysed (the run stopped before this essay)"
                failures.append(BatchError(essay_id=item.essay_id, source=item.source, error=error or "",
                                           code=(stored.code if stored and stored.code is not None else 1)))
                continue
            reports_f.fh.write(stored.report + "\n")
            report = Report.model_validate_json(stored.report)
            for m in report.marks:
                if m.scheme not in schemes:
                    schemes.append(m.scheme)
            grades.append(grade_row(report))
            disc.writerows([tuple(cell(v) for v in row) for row in discourse_rows(report)])
            summary.add(report)
            texts.append((report.essay_id, report.text))
            if render is not None:
                essays_dir = out_dir / "essays"
                essays_dir.mkdir(exist_ok=True)
                target = essays_dir / f"{_safe_name(report.essay_id, used_names)}.html"
                ready = out_dir / PAGES_DIR / f"{key}.html"
                if ready.is_file():
                    os.replace(ready, target)
                else:
                    target.write_text(render(report, "html"), encoding="utf-8")
        files["reports"] = reports_f.commit()
        files["discourse"] = disc_f.commit()
    if render is not None:
        files["essays"] = out_dir / "essays"
    shutil.rmtree(out_dir / PAGES_DIR, ignore_errors=True)
    grades.extend(_failed_grade_row(f) for f in failures)
    files["grades"] = _write_csv(out_dir / "grades.csv", _grade_fields(schemes), _in_input_order(grades, items))
    files["errors"] = _write_csv(out_dir / "errors.csv", ["essay_id", "source", "code", "error"],
                                 [f.model_dump() for f in failures])
    pairs = find_similar(texts)
    del texts
    files["similar"] = _write_csv(out_dir / "similar.csv", _PAIR_FIELDS, [_pair_row(p) for p in pairs])
    page = _Atomic(out_dir / "class.html")
    page.fh.write(render_summary_html(summary, failures, pairs, title=title))
    files["class"] = page.commit()
    return OutputSet(files, failures, pairs, summary.essays)


_PAIR_FIELDS = ["essay_a", "essay_b", "jaccard", "jaccard_estimate", "containment", "shared_words",
                "passages", "longest_passage"]


def _pair_row(p: SimilarPair) -> dict[str, Any]:
    return {"essay_a": p.a, "essay_b": p.b, "jaccard": p.jaccard, "jaccard_estimate": p.jaccard_estimate,
            "containment": p.containment, "shared_words": p.shared_words, "passages": len(p.passages),
            "longest_passage": p.passages[0].a_text if p.passages else ""}


def _grade_fields(schemes: Sequence[str]) -> list[str]:
    fields = ["essay_id", "author", "status", "words"]
    for s in schemes:
        fields += [f"{s}_mark", f"{s}_max", f"{s}_level"]
    return fields + ["holistic", "side", "committed", "fact_errors", "top_comments", "error"]


def _failed_grade_row(f: BatchError) -> dict[str, Any]:
    return {"essay_id": f.essay_id, "status": "failed", "error": f.error}


def _in_input_order(rows: list[dict[str, Any]], items: Sequence[Any]) -> list[dict[str, Any]]:
    order = {item.essay_id: n for n, item in enumerate(items)}
    return sorted(rows, key=lambda r: order.get(r["essay_id"], len(order)))


def _write_csv(path: Path, fields: list[str], rows: Iterable[dict[str, Any]]) -> Path:
    f = _Atomic(path)
    writer = csv.DictWriter(f.fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v) for k, v in row.items()})
    return f.commit()


def pairs_json(pairs: Iterable[SimilarPair]) -> str:
    """The similar pairs as JSON (for the web app)."""
    return json.dumps([p.to_dict() for p in pairs], indent=2, sort_keys=True)
