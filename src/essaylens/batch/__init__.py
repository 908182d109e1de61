"""Class sets: mark many essays at once, resumably, locally or on Dask.

``mark(input_path, out_dir)`` reads a folder, zip, CSV or JSONL of essays,
analyses each one (in worker processes or on a Dask cluster), keeps every
result in a SQLite store in ``out_dir`` so an interrupted run resumes, and
writes ``reports.jsonl``, ``grades.csv``, ``discourse.csv``, ``errors.csv``,
``similar.csv``, per-essay HTML and the ``class.html`` dashboard.

Exports load lazily: the CLI imports ``essaylens.batch.cli`` at start-up, and
that must not pull in datasketch, Jinja2 or Dask.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"BatchResult": ".runner", "mark": ".runner", "iter_inputs": ".inputs"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
