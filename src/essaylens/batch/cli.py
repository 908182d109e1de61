"""``essaylens mark``: the class-set command. Thin: parse options, call ``batch.mark``.

The main CLI mounts ``mark_command``; ``python -m essaylens.batch.cli`` runs it
on its own. Imports stay light here because the main CLI imports this module
at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

EXIT_OK, EXIT_PARTIAL = 0, 4
#: Failures listed at the end of a run; errors.csv holds them all.
SHOW_FAILURES = 20


def mark_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="A folder of essay files, a .zip, "
                                                                      "or a .csv/.jsonl of rows (essay_id, text).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; it also holds the resumable store.")],
    pack: Annotated[str, typer.Option(help="Topic pack: auto, none, or a pack name.")] = "auto",
    scheme: Annotated[Optional[list[str]], typer.Option(help="Mark scheme(s); repeat for several. "
                                                             "Default: all.")] = None,
    pack_dir: Annotated[Optional[list[Path]], typer.Option(help="Extra folder of topic packs.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the models once).")] = 1,
    engine: Annotated[str, typer.Option(help="local (processes on this machine) or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786; "
                                                          "without it --engine dask starts a LocalCluster.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Mark a class set: per-essay reports, a gradebook and a class dashboard.

    Writes reports.jsonl, grades.csv, discourse.csv, errors.csv, similar.csv,
    essays/*.html and class.html into --out. An interrupted run continues
    where it stopped when given the same command again.
    Exit code 0 when every essay was marked, 4 when some failed.

    Examples:

      essaylens mark class_9b/ --out marked/

      essaylens mark essays.zip --out marked/ --workers 2 --scheme gcse-levels

      essaylens mark corpus.jsonl --out big/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from rich.console import Console

    from ..errors import EssayLensError
    from ..settings import Settings
    from .runner import mark

    console = Console(stderr=True)
    dirs = [str(p) for p in pack_dir or []]
    if os.environ.get("ESSAYLENS_PACK_DIR"):
        dirs.append(os.environ["ESSAYLENS_PACK_DIR"])
    settings = Settings(pack=pack, scheme=tuple(scheme or ()), pack_dirs=tuple(dirs))
    try:
        with _progress(console, quiet) as report_progress:
            result = mark(input_path, out, settings=settings, workers=workers, engine=engine,
                          scheduler=scheduler, progress=report_progress)
    except EssayLensError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    _summary(console, result)
    raise typer.Exit(result.exit_code)


def segment_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="A folder of essay files, a .zip, "
                                                                      "or a .csv/.jsonl of rows (essay_id, text).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the models once).")] = 1,
    engine: Annotated[str, typer.Option(help="local (processes on this machine) or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786; "
                                                          "without it --engine dask starts a LocalCluster.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress line.")] = False,
) -> None:
    """Discourse elements and holistic scores only, for a large corpus (no report, marks or fact check).

    Writes discourse.csv (Feedback Prize format: id,class,predictionstring),
    scores.csv (score, confidence, probability of each score, counts) and
    errors.csv into --out, in input order. Sentences come from spaCy's fast
    sentence recogniser instead of the full parse; the elements and scores
    are otherwise those of essaylens analyze. Exit code 0 when every essay
    was segmented, 4 when some failed.

    Examples:

      essaylens segment district.jsonl --out structure/ --workers 2

      essaylens segment district.jsonl --out structure/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from ..errors import EssayLensError
    from .segment import segment

    def report_progress(done: int) -> None:
        if not quiet:
            typer.echo(f"\r{done} essays segmented", err=True, nl=False)

    try:
        result = segment(input_path, out, workers=workers, progress=report_progress, engine=engine,
                         scheduler=scheduler)
    except EssayLensError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    if not quiet:
        typer.echo("", err=True)
    typer.echo(f"{result.succeeded} of {result.total} essays segmented and scored, {result.failed} failed "
               f"({result.elapsed_s:.1f} s, model loading included). Outputs in {result.out_dir}/", err=True)
    for f in result.failures[:SHOW_FAILURES]:
        typer.echo(f"  {f['essay_id']}: {f['error']}", err=True)
    if result.failed > SHOW_FAILURES:
        typer.echo(f"  ... and {result.failed - SHOW_FAILURES} more (all in errors.csv)", err=True)
    raise typer.Exit(result.exit_code)


class _progress:
    """A Rich progress bar with ETA, fed by ``mark``'s progress callback."""

    def __init__(self, console, quiet: bool):
        self.console, self.quiet = console, quiet
        self.bar = self.task = None

    def __enter__(self):
        if self.quiet:
            return None
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.bar = Progress(TextColumn("[bold]marking"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("essays"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            TextColumn("{task.fields[current]}"), console=self.console, transient=False)
        self.bar.__enter__()
        return self.update

    def update(self, done: int, total: int, essay_id: str | None) -> None:
        if self.task is None:
            # Essays already in the store count as done but not towards the speed (ETA).
            self.task = self.bar.add_task("mark", total=total, completed=0, current="")
            self.bar.reset(self.task, total=total, completed=done, current="")
            return
        self.bar.update(self.task, completed=done, current=essay_id or "")

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _summary(console, result) -> None:
    console.print(
        f"{result.succeeded} of {result.total} essays marked ({result.reused} from an earlier run), "
        f"{result.failed} failed, {len(result.similar_pairs)} similar pair(s). Outputs in {result.out_dir}/",
        markup=False, highlight=False,
    )
    if result.failures:
        console.print(f"[bold red]{result.failed} essay(s) could not be marked[/] (all in errors.csv):")
        for f in result.failures[:SHOW_FAILURES]:
            console.print(f"  {f.essay_id}: {f.error}", markup=False, highlight=False)
        if result.failed > SHOW_FAILURES:
            console.print(f"  ... and {result.failed - SHOW_FAILURES} more")


if __name__ == "__main__":
    typer.run(mark_command)
