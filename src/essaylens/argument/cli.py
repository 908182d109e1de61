"""``essaylens argument-map PATH --format argdown|dot|mermaid|json``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .export import FORMATS, export


def argument_map_command(
    path: Annotated[Path, typer.Argument(help="An essay file (.txt .md .docx .pdf .html).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "argdown",
    pack: Annotated[str, typer.Option(help="Topic pack name, 'auto' or 'none'.")] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Print the essay's argument map (thesis, claims, evidence, analysis, attacks).

    Example: essaylens argument-map essay.txt --format dot | dot -Tsvg > map.svg
    """
    from ..api import analyze

    if fmt not in FORMATS:
        from ..errors import Messages, UsageError

        raise UsageError(Messages.E203.format(fmt=fmt, known=", ".join(FORMATS)))
    report = analyze(path, pack=pack)
    text = export(report.argument, fmt, {h.id: h.label for h in report.question.hypotheses})
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)
