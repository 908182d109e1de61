"""The command-line interface (Typer). Thin: parse options, call the library,
turn library errors into one clear line and an exit code.

Exit codes: 0 ok, 2 usage, 3 unreadable input, 4 a partly failed batch.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import EssayLensError, InputError, UsageError

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_PARTIAL = 0, 2, 3, 4

app = typer.Typer(
    name="essaylens",
    help="EssayLens: mark argumentative history essays offline.\n\n"
         "Example: essaylens analyze essay.txt --format json -o report.json",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

FORMATS = ("text", "json", "jsonl", "html", "md", "docx")


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"essaylens {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """EssayLens: mark argumentative history essays offline.

    Example: essaylens analyze essay.txt
    """


def _settings(pack: str, scheme: list[str] | None, pack_dir: list[Path] | None, view: str):
    from .settings import Settings

    dirs = [str(p) for p in pack_dir or []]
    if os.environ.get("ESSAYLENS_PACK_DIR"):
        dirs.append(os.environ["ESSAYLENS_PACK_DIR"])
    return Settings(pack=pack, scheme=tuple(scheme or ()), pack_dirs=tuple(dirs), view=view)


def _render(report, fmt: str, source_path: str | None):
    """A report in one of the rich formats, via the renderers."""
    from .report import render as render_mod

    return render_mod.render(report, fmt, source_path=source_path)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Essay files (.txt .md .docx .pdf .html), JSONL/CSV files of "
                                                   "rows (essay_id, text), or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, jsonl, html, md or docx.")] = "text",
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (a folder when several "
                                                                       "essays are rendered to html/md/docx).")] = None,
    pack: Annotated[str, typer.Option(help="Topic pack: auto, none, or a pack name.")] = "auto",
    scheme: Annotated[Optional[list[str]], typer.Option(help="Mark scheme(s); repeat for several. "
                                                             "Default: all.")] = None,
    pack_dir: Annotated[Optional[list[Path]], typer.Option(help="Extra folder of topic packs.")] = None,
    view: Annotated[str, typer.Option(help="teacher (all comments) or student (top five).")] = "teacher",
) -> None:
    """Analyse one essay or many and print or write the Report.

    Examples:

      essaylens analyze essay.txt

      essaylens analyze essay.docx --format docx -o marked.docx

      essaylens analyze class.jsonl --format jsonl -o reports.jsonl
    """
    from .api import analyze_document
    from .ingest import InputFailure, iter_documents

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", EXIT_USAGE)
    if view not in ("teacher", "student"):
        _fail(f"unknown view {view!r}; choose teacher or student", EXIT_USAGE)
    settings = _settings(pack, scheme, pack_dir, view)
    reports, failures = [], []
    try:
        for item in iter_documents(paths):
            if isinstance(item, InputFailure):
                failures.append(item)
                typer.echo(f"error: {item.source}: {item.error}", err=True)
                continue
            try:
                reports.append((analyze_document(item, settings), item))
            except InputError as err:
                failures.append(InputFailure(item.essay_id, item.source, err))
                typer.echo(f"error: {item.source}: {err}", err=True)
    except EssayLensError as err:
        _fail(str(err), err.exit_code)
    if not reports:
        raise typer.Exit(EXIT_INPUT)
    try:
        _emit(reports, fmt, out)
    except EssayLensError as err:
        _fail(str(err), err.exit_code)
    except OSError as err:
        _fail(f"cannot write output: {err}", EXIT_USAGE)
    if failures:
        raise typer.Exit(EXIT_PARTIAL)


def _emit(reports, fmt: str, out: Path | None) -> None:
    if fmt == "text":
        from rich.console import Console

        from .report.terminal import render_terminal

        console = Console(file=open(out, "w", encoding="utf-8") if out else None,
                          width=110 if out else None, force_terminal=False if out else None)
        for report, _ in reports:
            render_terminal(report, console)
        return
    if fmt in ("json", "jsonl"):
        if fmt == "json" and len(reports) == 1:
            payload = reports[0][0].to_json() + "\n"
        elif fmt == "json":
            payload = json.dumps([json.loads(r.to_json()) for r, _ in reports], indent=2, ensure_ascii=False) + "\n"
        else:
            payload = "".join(r.to_json(indent=None) + "\n" for r, _ in reports)
        if out:
            out.write_text(payload, encoding="utf-8")
        else:
            sys.stdout.write(payload)
        return
    ext = {"html": ".html", "md": ".md", "docx": ".docx"}[fmt]
    if len(reports) > 1:
        if out is None:
            raise UsageError(f"{len(reports)} essays rendered as {fmt} need -o FOLDER")
        out.mkdir(parents=True, exist_ok=True)
    for report, doc in reports:
        data = _render(report, fmt, getattr(doc, "path", None) or (doc.source if doc.fmt == "docx" else None))
        target = out / f"{report.essay_id}{ext}" if len(reports) > 1 else out
        if target is None:
            if isinstance(data, bytes):
                raise UsageError("docx output needs -o FILE")
            sys.stdout.write(data)
        elif isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")


@app.command()
def schema() -> None:
    """Print the Report's JSON Schema.

    Example: essaylens schema > report.schema.json
    """
    from .report.models import Report

    typer.echo(json.dumps(Report.model_json_schema(), indent=2, sort_keys=True))


# Sub-commands that live beside their library code: (module, attribute, name, kind).
_MOUNTS = [
    ("essaylens.packs.cli", "pack_app", "pack", "group"),
    ("essaylens.marking.cli", "scheme_app", "scheme", "group"),
    ("essaylens.batch.cli", "mark_command", "mark", "command"),
    ("essaylens.batch.cli", "segment_command", "segment", "command"),
    ("essaylens.web.cli", "serve_command", "serve", "command"),
    ("essaylens.argument.cli", "argument_map_command", "argument-map", "command"),
]


def _mount() -> None:
    for module, attr, name, kind in _MOUNTS:
        try:
            if importlib.util.find_spec(module) is None:
                continue
        except ModuleNotFoundError:  # its parent package is not there yet
            continue
        obj = getattr(importlib.import_module(module), attr, None)
        if obj is None:
            continue
        if kind == "group":
            app.add_typer(obj, name=name)
        else:
            app.command(name)(obj)


_mount()


def main() -> None:
    """Console entry point: run the app, map stray library errors to one line."""
    from .resources import keep_torch_out

    keep_torch_out()  # the run time never uses PyTorch (see there)
    try:
        app()
    except EssayLensError as err:
        typer.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # a bug: one line for the user, the trace on request
        if os.environ.get("ESSAYLENS_DEBUG"):
            raise
        typer.echo(f"internal error: {type(err).__name__}: {err} (set ESSAYLENS_DEBUG=1 for details)", err=True)
        sys.exit(1)
