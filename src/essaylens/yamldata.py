"""YAML knowledge files (topic packs, mark schemes) read with line-accurate errors.

Files load with libyaml when it is present, because loading is on the
start-up path. Line marks are needed only to report problems, so the node tree
is composed only then, and pydantic's error locations are walked down it to
the line that holds the offending field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeError, Messages

Loc = tuple  # a pydantic error location: keys and list indices

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str, read_error: str, **fields: str) -> tuple[str, Any]:
    """The text and parsed data of one YAML file.

    Args:
        path: the file.
        read_error: a message template with ``{path}`` and ``{detail}`` (and
            any ``fields``) for an unreadable file.

    Raises:
        KnowledgeError: the file cannot be read, or is not valid YAML (E023).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeError(read_error.format(path=path, detail=err.strerror or str(err), **fields)) from None
    try:
        return text, yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise KnowledgeError(Messages.E023.format(path=path, line=line,
                                                  detail=getattr(err, "problem", str(err)))) from None


def compose(text: str) -> Any:
    """The YAML node tree of ``text``, whose nodes keep their lines."""
    return yaml.compose(text, Loader=_FastLoader)


def problems_at(path: str, text: str, located: list[tuple[Loc, str]]) -> list[str]:
    """E020 messages naming the file, the line and the field of each problem.

    Args:
        path: the file, for the message.
        text: its YAML text.
        located: (pydantic-style location, what is wrong) pairs.
    """
    node = compose(text)
    return [Messages.E020.format(path=path, line=line_of(node, tuple(loc)), field=dotted(tuple(loc)), detail=msg)
            for loc, msg in located]


def dotted(loc: Loc) -> str:
    """A location as a field path: ``facts[0].value``."""
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
