"""``essaylens scheme list|show NAME|validate PATH|json-schema``: mark schemes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .features import FEATURES
from .loader import SchemeValidationError, json_schema, list_schemes, load_scheme, validate_file

scheme_app = typer.Typer(help="Mark schemes: list, show, validate. Example: essaylens scheme show ap-leq", no_args_is_help=True)


@scheme_app.command("list")
def list_command(
    dirs: Annotated[list[Path], typer.Option("--dir", help="Extra folder of schemes.")] = [],  # noqa: B006
) -> None:
    """List the mark schemes. Example: essaylens scheme list"""
    for s in list_schemes(dirs):
        typer.echo(f"{s.id:14} {s.kind:9} max {s.max:g}  {s.name}")


@scheme_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="Scheme id or YAML path.")],
    dirs: Annotated[list[Path], typer.Option("--dir", help="Extra folder of schemes.")] = [],  # noqa: B006
) -> None:
    """Show a scheme's criteria, rules and levels. Example: essaylens scheme show gcse-levels"""
    s = load_scheme(name, dirs)
    typer.echo(f"{s.name} ({s.id}), {s.kind}, out of {s.max:g}")
    typer.echo(f"Source: {s.source}")
    for lv in s.levels:
        typer.echo(f"  {lv.name} ({lv.min:g}-{lv.max:g}): {lv.descriptor}  when: {', '.join(lv.when) or 'always'}")
    for c in s.criteria:
        typer.echo(f"- {c.name} [{c.id}] 0-{c.max:g}")
        for r in c.rules:
            typer.echo(f"    {r.points:g} if {' and '.join(r.when) or 'otherwise'}: {r.reason}")


@scheme_app.command("validate")
def validate_command(path: Annotated[Path, typer.Argument(help="A scheme YAML file.")]) -> None:
    """Validate a scheme file; errors name line and field. Example: essaylens scheme validate my-scheme.yaml"""
    try:
        s = validate_file(path)
    except SchemeValidationError as err:
        for p in err.problems:
            typer.echo(p, err=True)
        raise typer.Exit(2) from None
    typer.echo(f"OK {path}: {s.id}, {len(s.criteria)} criteria, max {s.max:g}")


@scheme_app.command("features")
def features_command() -> None:
    """List the essay features rules may test. Example: essaylens scheme features"""
    for name, meaning in sorted(FEATURES.items()):
        typer.echo(f"{name:22} {meaning}")


@scheme_app.command("json-schema")
def json_schema_command() -> None:
    """Print the JSON Schema of the scheme format. Example: essaylens scheme json-schema > scheme.schema.json"""
    typer.echo(json_schema(), nl=False)
