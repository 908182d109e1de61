"""Find, read and validate topic packs, with errors that name file, line and field.

Packs ship inside the package (``essaylens/packs/data/*.yaml``); user packs
come from folders given with ``--pack-dir`` or the ``ESSAYLENS_PACK_DIR``
environment variable (several folders separated by ``os.pathsep``). A user
pack with the same name as a shipped one overrides it.

The YAML is loaded with libyaml; only when validation fails is it composed
again, so that every node keeps its line. pydantic's error locations are then
walked down that node tree to the line that holds the offending field.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from ..errors import KnowledgeError, Messages
from ..resources import package_path
from .schema import Loc, Pack, check_references

ENV_VAR = "ESSAYLENS_PACK_DIR"
SUFFIXES = (".yaml", ".yml")


class PackValidationError(KnowledgeError):
    """A pack file failed validation; ``problems`` holds one line per error."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(Messages.E100.format(path=path, count=len(problems), details="\n".join(problems)))


@dataclass(frozen=True)
class PackInfo:
    """A pack file found on the search path."""

    name: str
    path: Path
    builtin: bool


def builtin_dir() -> Path:
    """The folder of packs shipped inside the package."""
    return package_path("packs", "data")


def search_dirs(dirs: Iterable[str | Path] = ()) -> list[Path]:
    """Pack folders in priority order: explicit dirs, the env variable, built-ins."""
    out = [Path(d) for d in dirs]
    env = os.environ.get(ENV_VAR, "")
    out += [Path(p) for p in env.split(os.pathsep) if p]
    out.append(builtin_dir())
    seen, unique = set(), []
    for d in out:
        key = str(d.resolve()) if d.exists() else str(d)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def list_packs(dirs: Iterable[str | Path] = ()) -> list[PackInfo]:
    """Every pack on the search path, by name; earlier folders win.

    Args:
        dirs: extra folders of user packs.

    Returns:
        PackInfo rows sorted by name.
    """
    found: dict[str, PackInfo] = {}
    builtin = builtin_dir()
    for d in search_dirs(dirs):
        if not d.is_dir():
            continue
        for path in sorted(d.iterdir()):
            if path.suffix in SUFFIXES and path.stem not in found and not path.name.startswith("."):
                found[path.stem] = PackInfo(path.stem, path, d == builtin)
    return [found[k] for k in sorted(found)]


def resolve(name_or_path: str | Path, dirs: Iterable[str | Path] = ()) -> Path:
    """The file for a pack name or path.

    Raises:
        KnowledgeError: no such pack (E021).
    """
    p = Path(name_or_path)
    if p.suffix in SUFFIXES and p.is_file():
        return p
    packs = list_packs(dirs)
    for info in packs:
        if info.name == str(name_or_path):
            return info.path
    raise KnowledgeError(Messages.E021.format(name=str(name_or_path), known=", ".join(i.name for i in packs) or "none"))


def load_pack(name_or_path: str | Path, dirs: Iterable[str | Path] = ()) -> Pack:
    """Load and validate one pack (cached per file version).

    Args:
        name_or_path: a pack name on the search path, or a YAML file path.
        dirs: extra folders of user packs.

    Returns:
        The validated Pack.

    Raises:
        KnowledgeError: unknown name (E021), bad YAML (E023) or invalid content (E100).
    """
    path = resolve(name_or_path, tuple(str(d) for d in dirs))
    stat = path.stat()
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int, _size: int) -> Pack:
    return validate_file(path)


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def validate_file(path: str | Path) -> Pack:
    """Parse and validate one pack file, collecting every problem with its line.

    Args:
        path: the YAML file.

    Returns:
        The Pack.

    Raises:
        KnowledgeError: E023 for YAML syntax, E100 listing every schema problem.
    """
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeError(Messages.E101.format(path=path, detail=err.strerror or str(err))) from None
    try:
        # libyaml when present: loading must be fast; lines are only needed
        # for error messages, so the node tree is composed only then.
        data = yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise KnowledgeError(Messages.E023.format(path=path, line=line, detail=getattr(err, "problem", str(err)))) from None
    if not isinstance(data, dict):
        raise PackValidationError(path, [Messages.E020.format(path=path, line=1, field="(top)",
                                                              detail="a pack is a mapping of fields")])
    try:
        pack = Pack.model_validate(data)
    except ValidationError as err:
        node = yaml.compose(text, Loader=_FastLoader)
        problems = []
        for e in err.errors():
            loc = tuple(e["loc"])
            problems.append(Messages.E020.format(path=path, line=line_of(node, loc), field=_dotted(loc),
                                                 detail=e["msg"]))
        raise PackValidationError(path, problems) from None
    refs = check_references(pack)
    if refs:
        node = yaml.compose(text, Loader=_FastLoader)
        raise PackValidationError(path, [
            Messages.E020.format(path=path, line=line_of(node, loc), field=_dotted(loc), detail=msg)
            for loc, msg in refs
        ])
    return pack


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def line_of(node: Any, loc: Loc) -> int:
    """The 1-based line of the deepest YAML node that ``loc`` reaches.

    Args:
        node: the composed YAML root node.
        loc: a pydantic error location (keys and list indices).

    Returns:
        The line number; a missing field points at its parent mapping.
    """
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key, value in node.value:
                if key.value == part:
                    line = key.start_mark.line + 1
                    nxt = value
                    break
            if nxt is None:
                return line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
