"""Find, read and validate topic packs, with errors that name file, line and field.

Packs ship inside the package (``essaylens/packs/data/*.yaml``); user packs
come from folders given with ``--pack-dir`` or the ``ESSAYLENS_PACK_DIR``
environment variable (several folders separated by ``os.pathsep``). A user
pack with the same name as a shipped one overrides it.

Reading and line-accurate errors come from :mod:`essaylens.yamldata`, which
the mark-scheme loader shares.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from ..errors import KnowledgeError, Messages
from ..resources import package_path
from ..yamldata import problems_at, read_yaml
from .schema import Pack, check_references

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
    text, data = read_yaml(path, Messages.E101)
    if not isinstance(data, dict):
        raise PackValidationError(path, [Messages.E020.format(path=path, line=1, field="(top)",
                                                              detail="a pack is a mapping of fields")])
    try:
        pack = Pack.model_validate(data)
    except ValidationError as err:
        raise PackValidationError(path, problems_at(path, text, [(e["loc"], e["msg"]) for e in err.errors()])) from None
    refs = check_references(pack)
    if refs:
        raise PackValidationError(path, problems_at(path, text, refs))
    return pack
