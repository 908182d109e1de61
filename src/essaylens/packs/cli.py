"""``essaylens pack ...``: list, show, validate and start topic packs.

The commands are thin: each parses its options, calls one library function
from :mod:`essaylens.packs.loader` and turns a ``KnowledgeError`` into one
clear line and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EssayLensError, KnowledgeError, Messages

pack_app = typer.Typer(
    help="Topic packs: curated, sourced knowledge for one history topic.\n\n"
         "Example: essaylens pack show russia-1917",
    no_args_is_help=True,
)

PackDirOpt = Annotated[Optional[list[Path]], typer.Option(
    "--pack-dir", help="Extra folder of user packs (repeatable; also $ESSAYLENS_PACK_DIR).")]

TEMPLATE = """\
# Topic pack {name}: validate with `essaylens pack validate {name}.yaml`.
schema_version: "1"
id: {name}
title: "{title}"
description: "What this pack covers."
region: ""            # e.g. Russia, when events are dated Old Style
calendar: gregorian   # or julian-gregorian
period: {{start: "1900-01-01", end: "1901-01-01"}}
sources:
  - {{id: src1, author: "Author", title: "Title", publisher: "Publisher", year: 2000}}
questions:
  - id: q1
    text: "Was X a Y?"
    kind: was-x-a-y
    hypotheses:
      - {{id: h-yes, label: "Yes", text: "X was a Y.", aliases: []}}
      - {{id: h-no, label: "No", text: "X was not a Y.", aliases: []}}
entities: []
timeline: []
facts: []
misconceptions: []
evidence: []
historiography: []
"""


def _fail(err: EssayLensError) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(err.exit_code)


@pack_app.command("list")
def list_command(pack_dir: PackDirOpt = None) -> None:
    """List the packs on the search path.

    Example: essaylens pack list --pack-dir ./my-packs
    """
    from .loader import list_packs, load_pack

    for info in list_packs(pack_dir or ()):
        try:
            title = load_pack(info.path).title
        except KnowledgeError as err:
            title = f"(invalid: {str(err).splitlines()[0]})"
        where = "built-in" if info.builtin else str(info.path)
        typer.echo(f"{info.name:<20} {title}  [{where}]")


@pack_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="Pack name or YAML path.")],
    pack_dir: PackDirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole pack as JSON.")] = False,
) -> None:
    """Summarise one pack: questions, hypotheses and how much it holds.

    Example: essaylens pack show russia-1917
    """
    from .loader import load_pack

    try:
        pack = load_pack(name, pack_dir or ())
    except KnowledgeError as err:
        _fail(err)
    if as_json:
        typer.echo(pack.model_dump_json(indent=2))
        return
    typer.echo(f"{pack.id}: {pack.title}")
    typer.echo(f"period {pack.period.start} .. {pack.period.end}; calendar {pack.calendar}")
    for q in pack.questions:
        typer.echo(f"  question {q.id} ({q.kind}): {q.text}")
        for h in q.hypotheses:
            typer.echo(f"    - {h.id}: {h.label}")
    for section in ("sources", "entities", "timeline", "facts", "misconceptions", "evidence", "historiography"):
        typer.echo(f"  {section:<15} {len(getattr(pack, section))}")


@pack_app.command("validate")
def validate_command(path: Annotated[Path, typer.Argument(help="The pack YAML file.")]) -> None:
    """Validate a pack file; every problem is printed with its line and field.

    Example: essaylens pack validate my-packs/cold-war.yaml
    """
    from .loader import validate_file

    try:
        pack = validate_file(path)
    except KnowledgeError as err:
        _fail(err)
    typer.echo(f"ok: {path} ({pack.id}: {len(pack.facts)} facts, {len(pack.misconceptions)} misconceptions, "
               f"{len(pack.timeline)} events, {len(pack.evidence)} evidence items)")


@pack_app.command("new")
def new_command(
    name: Annotated[str, typer.Argument(help="The new pack's name, e.g. cold-war.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write NAME.yaml into.")] = Path("."),
    title: Annotated[str, typer.Option(help="The pack's title.")] = "",
) -> None:
    """Write a pack skeleton to fill in.

    Example: essaylens pack new cold-war -o my-packs
    """
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        _fail(KnowledgeError(Messages.E103.format(name=name)))
    target = out / f"{name}.yaml"
    if target.exists():
        _fail(KnowledgeError(Messages.E102.format(name=name, path=target)))
    out.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(name=name, title=title or name.replace("-", " ").title()), encoding="utf-8")
    typer.echo(f"wrote {target}")


@pack_app.command("schema")
def schema_command() -> None:
    """Print the pack JSON Schema.

    Example: essaylens pack schema > pack.schema.json
    """
    from .schema import Pack

    typer.echo(json.dumps(Pack.model_json_schema(), indent=2, sort_keys=True))
