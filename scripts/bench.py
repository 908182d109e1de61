"""Benchmark EssayLens on the PERSUADE corpus and write BENCHMARKS.md.

Measures, on a seeded sample of ../shared/data/persuade_essays.jsonl:

* class-set throughput (``essaylens.batch.mark``) with 1 and 2 workers, each
  run in a fresh process: essays/s end to end and in steady state, the 2/1
  speed-up, and peak memory per worker;
* a bare spaCy parse of the same essays (one process) and the pipeline/spaCy
  time ratio;
* issue 2's figures: for 200 essays, the full pipeline against a bare spaCy
  parse in one process, and the cold start of ``essaylens analyze`` on one essay;
* mean time per pipeline stage, and the discourse + holistic essays/s;
* issue 3's figure: segmentation + holistic scoring as ``essaylens segment``
  runs them (the text checks, the structure-only annotation with spaCy's
  ``senter``, the discourse segmenter, the holistic scorer) over the whole
  corpus with 2 worker processes, against a bare spaCy parse of the same
  essays with 2 processes (``--segscore-n`` to take fewer); and the same two
  stages after EssayLens's full parse (as in ``essaylens analyze``/``mark``)
  on the first ``--segscore-full-n`` essays;
* a cProfile of the pipeline on 50 essays (where the time goes).

Usage: python scripts/bench.py [--n 1000 | --all] [--workers 1,2] [--segscore-n N] [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from essaylens.resources import keep_torch_out

# As the console script and the batch workers do: when PyTorch is installed
# (make train-deps), spaCy's thinc would import it in every process of the
# benchmark (its spawned pools re-import this module), which the run time
# never does. Set ESSAYLENS_ALLOW_TORCH=1 to measure with it.
TORCH_INSTALLED = importlib.util.find_spec("torch") is not None
TORCH_KEPT_OUT = keep_torch_out() and TORCH_INSTALLED

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "persuade_essays.jsonl"
EXAMPLE = REPO / "examples" / "popular_revolution.txt"
TARGETS = {"essays_per_s_2w": 17.0, "speedup": 1.8, "rss_mb": 600.0, "ratio": 1.5, "cold_s": 2.0,
           "segscore_eps": 20.0}


def load_sample(n: int | None, seed: int) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    if n is None or n >= len(rows):
        return rows
    return random.Random(seed).sample(rows, n)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cpu": cpu, "nproc": os.cpu_count(), "ram_gib": round(mem_kb / 1024 ** 2, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "load": os.getloadavg()}


# -- child mode: one class-set run in a fresh process ----------------------------
def child_mark(sample: str, out: str, workers: int) -> None:
    from essaylens.batch import mark
    from essaylens.batch.worker import peak_rss_mb

    stamps: list[float] = []
    t0 = time.perf_counter()
    result = mark(sample, out, workers=workers, progress=lambda d, t, e: stamps.append(time.perf_counter()))
    wall = time.perf_counter() - t0
    done = stamps[1:]  # the first call is the start-up report
    steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 2 and done[-1] > done[0] else float("nan")
    rss = dict(result.worker_peak_rss_mb)
    if workers == 1:
        rss = {os.getpid(): peak_rss_mb()}
    print(json.dumps({"workers": workers, "n": result.total, "ok": result.succeeded, "failed": result.failed,
                      "wall_s": wall, "analysis_s": result.seconds, "essays_per_s": result.total / wall,
                      "steady_essays_per_s": steady, "rss_mb": sorted(rss.values()),
                      "similar_pairs": len(result.similar_pairs)}))


def run_mark(sample: Path, workers: int, tmp: Path) -> dict:
    out = tmp / f"out_w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run([sys.executable, __file__, "--child-mark", str(sample), str(out), str(workers)],
                          capture_output=True, text=True, check=True)
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    stats["stages"] = stage_means(out / "essaylens.sqlite")
    return stats


def stage_means(db_path: Path) -> dict[str, float]:
    """Mean seconds per stage over the stored reports."""
    with sqlite3.connect(db_path) as db:
        rows = [json.loads(r[0]) for r in db.execute("SELECT timings FROM results WHERE status='ok'")]
    stages: dict[str, list[float]] = {}
    for t in rows:
        for k, v in t.items():
            stages.setdefault(k, []).append(v)
    return {k: statistics.fmean(v) for k, v in stages.items()}


# -- issue 3: segment + score over the corpus, in worker processes ----------------
def _segscore_worker(job: tuple[str, list[str]]) -> dict:
    """One worker's share: load the models, then segment + score its essays.

    ``mode``: ``"spacy"`` (a bare parse only), ``"segment"`` (what
    ``essaylens segment`` runs, in its chunks) or ``"full"`` (EssayLens's
    full parse in chunks of :data:`essaylens.batch.runner.CHUNK_SIZE`, as a
    class-set run parses, then the segmenter and the scorer).
    """
    mode, texts = job
    t0 = time.perf_counter()
    if mode == "segment":
        from essaylens.batch.segment import CHUNK_SIZE as SEGMENT_CHUNK, load_models, segment_chunk
        from essaylens.ingest import Document

        load_models()
        docs = [Document(f"e{i}", text, "bench", "jsonl") for i, text in enumerate(texts)]
        segment_chunk(docs[:1])
        t1 = time.perf_counter()
        failed = 0
        for lo in range(0, len(docs), SEGMENT_CHUNK):
            failed += sum(row["status"] != "ok" for row in segment_chunk(docs[lo:lo + SEGMENT_CHUNK]))
        return {"n": len(texts), "load_s": t1 - t0, "work_s": time.perf_counter() - t1, "failed": failed}
    if mode == "spacy":
        from essaylens.resources import spacy_nlp

        nlp = spacy_nlp()
        nlp("Warm up.")
        t1 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        return {"n": len(texts), "load_s": t1 - t0, "work_s": time.perf_counter() - t1, "failed": 0}
    from essaylens.annotate.parse import parse_many
    from essaylens.annotate.stage import annotate_text
    from essaylens.batch.runner import CHUNK_SIZE
    from essaylens.discourse.stage import discourse_stage
    from essaylens.essay import Essay
    from essaylens.scoring.holistic import score_essay

    warm = annotate_text(Essay(texts[0]))
    discourse_stage(warm)
    score_essay(warm)
    t1 = time.perf_counter()
    failed = 0
    # Parsed in chunks of the class-set runner's size, as `essaylens mark` parses them.
    for lo in range(0, len(texts), CHUNK_SIZE):
        chunk = texts[lo:lo + CHUNK_SIZE]
        for text, doc in zip(chunk, parse_many(chunk)):
            try:
                essay = annotate_text(Essay(text), doc=doc)
                discourse_stage(essay)
                score_essay(essay)
            except Exception:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
                failed += 1
    return {"n": len(texts), "load_s": t1 - t0, "work_s": time.perf_counter() - t1, "failed": failed}


def segment_score(texts: list[str], workers: int = 2, full_n: int = 2000) -> dict:
    """Segment + score and a bare spaCy parse of ``texts``, each in ``workers`` fresh processes.

    ``"segment"`` and ``"spacy"`` run over all ``texts``; ``"full"`` (the
    two stages after the full parse) over the first ``full_n``.

    The essays are dealt round-robin to the workers. ``wall_s`` runs from
    starting the processes to the last result, so it includes start-up and
    model loading; ``steady`` rates leave those out (slowest worker's work time).
    """
    import multiprocessing as mp

    from essaylens.batch.worker import single_thread_environment

    # One BLAS thread per process, as `essaylens mark` starts its workers:
    # with the default two per process, the numpy matrix products of the
    # GRU and the scorer spin against the other process for the same 2 cores.
    single_thread_environment()
    ctx = mp.get_context("spawn")
    out = {}
    full = texts[:full_n]
    for mode, run in (("spacy", texts), ("segment", texts), ("full", full)):
        shares = [run[i::workers] for i in range(workers)]
        t0 = time.perf_counter()
        with ctx.Pool(workers) as pool:
            parts = pool.map(_segscore_worker, [(mode, share) for share in shares])
        wall = time.perf_counter() - t0
        out[mode] = {"n": len(run), "wall_s": wall, "eps": len(run) / wall,
                     "steady_eps": len(run) / max(p["work_s"] for p in parts),
                     "load_s": max(p["load_s"] for p in parts), "failed": sum(p["failed"] for p in parts)}
        print(f"issue 3, {mode}: {out[mode]['eps']:.2f} essays/s end to end, {out[mode]['steady_eps']:.2f} steady "
              f"({len(run)} essays, {workers} processes)", flush=True)
    out["n"], out["workers"] = len(texts), workers
    out["ratio"] = out["segment"]["wall_s"] / out["spacy"]["wall_s"]
    out["ratio_full"] = out["spacy"]["eps"] / out["full"]["eps"]
    return out


# -- in-process measurements ------------------------------------------------------
def spacy_parse(texts: list[str]) -> tuple[float, float, float]:
    """Bare ``nlp(text)`` against EssayLens's ``annotate.parse``, essay by essay, interleaved.

    Returns:
        (spaCy seconds, EssayLens parse seconds, share of spaCy's entities the parse finds exactly).
    """
    from essaylens.annotate.parse import parse
    from essaylens.resources import spacy_nlp

    nlp = spacy_nlp()
    nlp(texts[0])
    parse(texts[0])
    t_spacy = t_parse = 0.0
    gold = same = 0
    for text in texts:
        t0 = time.perf_counter()
        full = nlp(text)
        t1 = time.perf_counter()
        fast = parse(text)
        t_spacy, t_parse = t_spacy + t1 - t0, t_parse + time.perf_counter() - t1
        a = {(e.start_char, e.end_char, e.label_) for e in full.ents}
        gold, same = gold + len(a), same + len(a & {(e.start_char, e.end_char, e.label_) for e in fast.ents})
    return t_spacy, t_parse, same / max(1, gold)


def paired_times(rows: list[dict]) -> tuple[float, float, int]:
    """Bare spaCy parse and full pipeline, essay by essay, interleaved.

    Interleaving makes both measurements see the same background load, which
    on a shared machine matters more than anything else.

    Returns:
        (spaCy seconds, pipeline seconds, essays the pipeline refused).
    """
    from essaylens.api import analyze_document
    from essaylens.errors import EssayLensError
    from essaylens.ingest import Document
    from essaylens.resources import spacy_nlp

    nlp = spacy_nlp()
    analyze_document(Document("warm", rows[0]["text"], "bench"))
    t_spacy = t_pipe = 0.0
    failed = 0
    for r in rows:
        t0 = time.perf_counter()
        nlp(r["text"])
        t1 = time.perf_counter()
        try:
            analyze_document(Document(r["essay_id"], r["text"], "bench"))
        except EssayLensError:
            failed += 1
        t_spacy += t1 - t0
        t_pipe += time.perf_counter() - t1
    return t_spacy, t_pipe, failed


def profile(rows: list[dict], top: int = 25) -> str:
    from essaylens.api import analyze_document
    from essaylens.errors import EssayLensError
    from essaylens.ingest import Document

    prof = cProfile.Profile()
    prof.enable()
    for r in rows:
        try:
            analyze_document(Document(r["essay_id"], r["text"], "bench"))
        except EssayLensError:
            pass
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return "\n".join(ln.replace(str(REPO) + "/", "").replace(sys.prefix + "/", "") for ln in lines[start:])


def cold_start(runs: int = 3) -> float | None:
    exe = shutil.which("essaylens") or str(Path(sys.executable).with_name("essaylens"))
    if not Path(exe).exists() or not EXAMPLE.exists():
        return None
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([exe, "analyze", str(EXAMPLE), "--format", "json"], capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="essays in the sample (default 1000)")
    ap.add_argument("--all", action="store_true", help="the whole corpus (15.6k essays)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--issue2-n", type=int, default=200, help="essays for the pipeline/spaCy ratio of issue 2")
    ap.add_argument("--profile-n", type=int, default=50)
    ap.add_argument("--segscore-n", type=int, default=None,
                    help="essays for issue 3's segment+score run (default: the whole corpus)")
    ap.add_argument("--segscore-full-n", type=int, default=2000,
                    help="essays for the segment+score run after the full parse (default 2000)")
    ap.add_argument("--out", default=str(REPO / "BENCHMARKS.md"))
    ap.add_argument("--child-mark", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_mark:
        child_mark(args.child_mark[0], args.child_mark[1], int(args.child_mark[2]))
        return
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found: the benchmark needs ../shared/data")
    info = machine()
    rows = load_sample(None if args.all else args.n, args.seed)
    texts = [r["text"] for r in rows]
    print(f"sample: {len(rows)} essays; machine: {info['cpu']}, {info['nproc']} CPUs, load {info['load']}")
    results: dict = {"machine": info, "n": len(rows)}
    with tempfile.TemporaryDirectory(prefix="essaylens-bench-") as tmp_name:
        tmp = Path(tmp_name)
        sample = tmp / "sample.jsonl"
        sample.write_text("".join(json.dumps({"essay_id": r["essay_id"], "text": r["text"]}) + "\n" for r in rows))
        results["spacy_s"], results["parse_s"], results["ent_agree"] = spacy_parse(texts)
        print(f"bare spaCy parse: {len(rows) / results['spacy_s']:.2f} essays/s; "
              f"EssayLens parse: {len(rows) / results['parse_s']:.2f} essays/s")
        results["mark"] = []
        for w in [int(x) for x in args.workers.split(",")]:
            stats = run_mark(sample, w, tmp)
            results["mark"].append(stats)
            print(f"mark, {w} worker(s): {stats['essays_per_s']:.2f} essays/s end to end, "
                  f"{stats['steady_essays_per_s']:.2f} steady; peak RSS {stats['rss_mb']} MiB")
    sub = rows[: args.issue2_n]
    results["issue2_n"] = len(sub)
    results["issue2_spacy_s"], results["issue2_pipeline_s"], results["issue2_failed"] = paired_times(sub)
    print(f"issue 2: pipeline/spaCy on {len(sub)} essays = "
          f"{results['issue2_pipeline_s'] / results['issue2_spacy_s']:.2f}")
    corpus = load_sample(args.segscore_n, args.seed)
    results["segscore"] = segment_score([r["text"] for r in corpus], workers=2, full_n=args.segscore_full_n)
    results["cold_s"] = cold_start()
    print(f"cold start of essaylens analyze: {results['cold_s']}")
    results["profile"] = profile(rows[: args.profile_n])
    results["machine"]["load_end"] = os.getloadavg()
    Path(args.out).write_text(render_markdown(results, args), encoding="utf-8")
    print(f"wrote {args.out}")


def _fmt(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None or x != x else f"{x:.{digits}f}"


def render_markdown(r: dict, args) -> str:
    m = r["machine"]
    by_w = {s["workers"]: s for s in r["mark"]}
    one, two = by_w.get(1), by_w.get(2)
    speedup = two["essays_per_s"] / one["essays_per_s"] if one and two else None
    steady_speedup = (two["steady_essays_per_s"] / one["steady_essays_per_s"]) if one and two else None
    spacy_rate = r["n"] / r["spacy_s"]
    rss_max = max((max(s["rss_mb"]) for s in r["mark"] if s["rss_mb"]), default=None)
    ratio2 = r["issue2_pipeline_s"] / r["issue2_spacy_s"]
    L = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench.py`). Rerun it to refresh; figures depend on the machine and on "
        "what else is running.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} ({m['nproc']} logical CPUs visible)",
        f"- RAM: {m['ram_gib']} GiB",
        f"- Python {m['python']} on {m['platform']}",
        "- PyTorch: " + ("installed, kept out of every benchmark process as the run time keeps it out"
                         if TORCH_KEPT_OUT else "installed and allowed in (ESSAYLENS_ALLOW_TORCH=1)"
                         if TORCH_INSTALLED else "not installed"),
        f"- Load average at start {tuple(round(x, 2) for x in m['load'])}, at end "
        f"{tuple(round(x, 2) for x in m['load_end'])} (a load above the CPU count means other work shared the CPUs)",
        "",
        f"## Class-set throughput ({r['n']} PERSUADE essays, seed {args.seed})",
        "",
        "Each run is `essaylens.batch.mark` on a JSONL of the sample into an empty folder, in a fresh process: "
        "end to end includes start-up, model loading in each worker and writing every output "
        "(reports.jsonl, grades.csv, discourse.csv, per-essay HTML, class.html, similarity). Steady state is "
        "the rate between the first and the last finished essay.",
        "",
        "| workers | essays/s end to end | essays/s steady | peak RSS per worker (MiB) | failed |",
        "|---|---|---|---|---|",
    ]
    for s in r["mark"]:
        L.append(f"| {s['workers']} | {_fmt(s['essays_per_s'])} | {_fmt(s['steady_essays_per_s'])} | "
                 f"{', '.join(_fmt(x, 0) for x in s['rss_mb'])} | {s['failed']} |")
    L += [
        "",
        f"- Bare spaCy parse of the same essays (`en_core_web_sm`, one process, `nlp(text)` per essay): "
        f"{_fmt(spacy_rate)} essays/s.",
        f"- EssayLens's own parse (`annotate.parse`: spaCy's tags, parse and lemmas, entities only on "
        f"sentences that can hold one), interleaved with it: {_fmt(r['n'] / r['parse_s'])} essays/s "
        f"({_fmt(r['spacy_s'] / r['parse_s'])}x faster); it finds {_fmt(100 * r['ent_agree'], 1)}% of "
        "spaCy's entities exactly.",
    ]
    if one:
        L.append(f"- Pipeline (1 worker, steady) against the bare parse: "
                 f"{_fmt(spacy_rate / one['steady_essays_per_s'])}x the time.")
    L += [
        f"- 2 workers against 1: {_fmt(speedup)}x end to end, {_fmt(steady_speedup)}x steady.",
        f"- Similar pairs found in the sample: {r['mark'][0]['similar_pairs'] if r['mark'] else 'n/a'} "
        "(in PERSUADE these are mostly essays quoting the same source article of their prompt).",
        "",
        "| target | goal | measured | met |",
        "|---|---|---|---|",
    ]
    rate2 = two["essays_per_s"] if two else None
    checks = [
        ("full pipeline, 2 workers", f">= {TARGETS['essays_per_s_2w']} essays/s", rate2,
         rate2 is not None and rate2 >= TARGETS["essays_per_s_2w"]),
        ("2 workers vs 1", f">= {TARGETS['speedup']}x", speedup, speedup is not None and speedup >= TARGETS["speedup"]),
        ("memory per worker", f"<= {TARGETS['rss_mb']:.0f} MiB", rss_max,
         rss_max is not None and rss_max <= TARGETS["rss_mb"]),
        (f"pipeline/spaCy, {r['issue2_n']} essays (issue 2)", f"<= {TARGETS['ratio']}", ratio2,
         ratio2 <= TARGETS["ratio"]),
        ("cold start of `essaylens analyze`", f"<= {TARGETS['cold_s']} s", r["cold_s"],
         r["cold_s"] is not None and r["cold_s"] <= TARGETS["cold_s"]),
    ]
    for name, goal, value, ok in checks:
        L.append(f"| {name} | {goal} | {_fmt(value)} | {'yes' if ok else 'no'} |")
    if two:
        full = 15599 / two["essays_per_s"] / 60 if two["essays_per_s"] else None
        L += ["", f"At the 2-worker rate the whole 15.6k corpus takes about {_fmt(full, 1)} minutes "
                  "(target 15)."]
    stages = (one or (r["mark"][0] if r["mark"] else {})).get("stages", {})
    if stages:
        total = sum(stages.values())
        L += ["", "## Time per stage (1 worker, mean per essay)", "", "| stage | ms | share |", "|---|---|---|"]
        for k, v in sorted(stages.items(), key=lambda kv: -kv[1]):
            L.append(f"| {k} | {v * 1000:.1f} | {100 * v / total:.0f}% |")
        seg = sum(stages.get(k, 0.0) for k in ("discourse", "analysis", "holistic"))
        if seg:
            L += ["", f"Discourse + analysis + holistic stages alone: {_fmt(1 / seg, 1)} essays/s on one core "
                      "(after annotation; from the per-stage timings)."]
    L += [
        "",
        f"## Issue 2: {r['issue2_n']} essays in one process",
        "",
        "Each essay is parsed by bare spaCy and then analysed by the full pipeline, alternately, so that both "
        "see the same background load.",
        "",
        f"- Bare spaCy parse: {_fmt(r['issue2_spacy_s'])} s; full pipeline: {_fmt(r['issue2_pipeline_s'])} s "
        f"({r['issue2_failed']} essays refused); ratio {_fmt(ratio2)}.",
        f"- Cold start of `essaylens analyze examples/popular_revolution.txt --format json` "
        f"(median of 3): {_fmt(r['cold_s'])} s.",
        "",
    ]
    seg = r.get("segscore")
    if seg:
        a, b, c = seg["segment"], seg["spacy"], seg["full"]
        ok = a["eps"] >= TARGETS["segscore_eps"]
        L += [
            f"## Issue 3: segment + score, {seg['n']} PERSUADE essays, {seg['workers']} processes",
            "",
            "`essaylens segment`'s path: each process runs the text checks, the structure-only annotation "
            "(spaCy's `senter` for sentence boundaries, no tagger, parser or entities), the discourse segmenter "
            "and the holistic scorer, in chunks of 64, no output written. The bare parse is spaCy's full "
            "`nlp.pipe` over the same shares. The last row runs the same two stages after EssayLens's full "
            "parse, as `essaylens analyze` and `mark` do, on the first essays of the corpus. End to end runs "
            "from starting the processes to the last result (start-up and model loading included); steady is "
            "the essays over the slowest process's working time.",
            "",
            "| run | essays | essays/s end to end | essays/s steady | model loading (s) | failed |",
            "|---|---|---|---|---|---|",
            f"| segment + score (`essaylens segment`) | {a['n']} | {_fmt(a['eps'])} | {_fmt(a['steady_eps'])} | "
            f"{_fmt(a['load_s'])} | {a['failed']} |",
            f"| bare spaCy parse | {b['n']} | {_fmt(b['eps'])} | {_fmt(b['steady_eps'])} | {_fmt(b['load_s'])} | 0 |",
            f"| full parse + segment + score | {c['n']} | {_fmt(c['eps'])} | {_fmt(c['steady_eps'])} | "
            f"{_fmt(c['load_s'])} | {c['failed']} |",
            "",
            f"- Segment + score against the bare parse: {_fmt(seg['ratio'])}x the time "
            f"({_fmt(a['wall_s'], 0)} s against {_fmt(b['wall_s'], 0)} s).",
            f"- After the full parse: {_fmt(seg['ratio_full'])}x the bare parse's time per essay.",
            f"- Target >= {TARGETS['segscore_eps']:.0f} essays/s on 2 cores: {_fmt(a['eps'])}, "
            f"{'met' if ok else 'not met'}.",
            "",
        ]
    L += [
        f"## Profile ({args.profile_n} essays, cProfile, sorted by cumulative time)",
        "",
        "```",
        r["profile"],
        "```",
        "",
    ]
    return "\n".join(L)


if __name__ == "__main__":
    main()
