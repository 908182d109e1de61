"""Find, read and validate mark schemes; errors name file, line and field.

Built-in schemes live in ``marking/schemes/*.yaml``; users add folders with
``Settings.scheme_dirs``. Validation has two layers: the pydantic schema
(:mod:`.schema`), and a check that every rule condition names a known
feature (:data:`.features.FEATURES`). Line numbers come from the composed YAML
node tree, as for topic packs.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from ..errors import KnowledgeError, Messages
from ..resources import package_path
from ..yamldata import compose, dotted, line_of, problems_at, read_yaml
from .features import FEATURES
from .schema import CONDITION, Scheme

#: Schemes applied when the run names none.
DEFAULT_SCHEMES = ("ap-leq", "gcse-levels", "ib-bands", "holistic")


class SchemeValidationError(KnowledgeError):
    """A scheme file failed validation; ``problems`` holds one line per error."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__("\n".join(problems))


def builtin_dir() -> Path:
    """The folder of the schemes that ship with EssayLens."""
    return package_path("marking", "schemes")


def _files(dirs: Iterable[str | Path] = ()) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in [*map(Path, dirs), builtin_dir()]:
        if d.is_dir():
            for p in sorted(d.glob("*.yaml")):
                found.setdefault(p.stem, p)
    return found


def list_schemes(dirs: Iterable[str | Path] = ()) -> list[Scheme]:
    """Every scheme found, user folders first, sorted by id.

    Args:
        dirs: extra folders to search before the built-in one.
    """
    return sorted((load_scheme(p) for p in _files(dirs).values()), key=lambda s: s.id)


def load_scheme(name_or_path: str | Path, dirs: Iterable[str | Path] = ()) -> Scheme:
    """Load a scheme by id (``ap-leq``) or by path.

    Args:
        name_or_path: a scheme id or a YAML file.
        dirs: extra folders holding user schemes.

    Raises:
        KnowledgeError: E022 when no scheme has that name; validation errors.
    """
    path = Path(name_or_path)
    if not (path.suffix in {".yaml", ".yml"} and path.is_file()):
        files = _files(dirs)
        if str(name_or_path) not in files:
            raise KnowledgeError(Messages.E022.format(name=str(name_or_path), known=", ".join(sorted(files))))
        path = files[str(name_or_path)]
    st = path.stat()
    return _cached(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=64)
def _cached(path: str, _mtime: int, _size: int) -> Scheme:
    return validate_file(path)


def validate_file(path: str | Path) -> Scheme:
    """Parse and validate one scheme file, collecting every problem with its line.

    Args:
        path: the YAML file.

    Returns:
        The Scheme.

    Raises:
        KnowledgeError: E023 for YAML syntax; SchemeValidationError listing problems.
    """
    path = str(path)
    text, data = read_yaml(path, Messages.E202, scheme="?")
    if not isinstance(data, dict):
        raise SchemeValidationError(path, [Messages.E020.format(path=path, line=1, field="(top)",
                                                                detail="a mark scheme is a mapping of fields")])
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as err:
        raise SchemeValidationError(path, problems_at(path, text, [(e["loc"], e["msg"]) for e in err.errors()])) from None
    problems = []
    known = ", ".join(sorted(FEATURES))
    places = [(("criteria", i, "rules", j, "when", k), expr)
              for i, c in enumerate(scheme.criteria) for j, r in enumerate(c.rules) for k, expr in enumerate(r.when)]
    places += [(("levels", i, "when", k), expr) for i, lv in enumerate(scheme.levels) for k, expr in enumerate(lv.when)]
    places += [(("criteria", i, "points_from"), c.points_from) for i, c in enumerate(scheme.criteria) if c.points_from]
    node = None  # composed (for line numbers) only when there is a problem
    for loc, expr in places:
        m = CONDITION.match(expr)
        if m and m.group("name") in FEATURES:
            continue
        node = node or compose(text)
        where = dict(path=path, line=line_of(node, loc), field=dotted(loc), expr=expr)
        problems.append(Messages.E201.format(**where) if not m
                        else Messages.E200.format(**where, feature=m.group("name"), known=known))
    if problems:
        raise SchemeValidationError(path, problems)
    return scheme


def json_schema() -> str:
    """The JSON Schema of the scheme format, for editors and outside tools."""
    return json.dumps(Scheme.model_json_schema(), indent=2, sort_keys=True) + "\n"
