"""Discourse rows in the Feedback Prize submission format.

A Feedback Prize row is ``id,class,predictionstring``: the essay id, the
element type, and the indices of the words it covers, where words are the
pieces of the essay text split on whitespace. The batch command calls
:func:`write_discourse_csv` to write ``discourse.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable


def word_indices(text: str, start: int, end: int) -> list[int]:
    """Indices of the whitespace-split words that ``[start, end)`` covers.

    Args:
        text: the full text the offsets point into.
        start: first character of the span.
        end: one past its last character.

    Returns:
        The word indices, in order (empty for an empty span).
    """
    if end <= start:
        return []
    first = len(text[:start].split())
    # A span that starts inside a word counts that word as its first.
    if start > 0 and not text[start - 1].isspace() and not text[start].isspace():
        first -= 1
    n = len(text[start:end].split())
    return list(range(first, first + n))


def predictionstring(text: str, start: int, end: int) -> str:
    """The Feedback Prize ``predictionstring`` of a span (space-joined word indices).

    Example:
        >>> predictionstring("We should act now. It is late.", 19, 30)
        '4 5 6'
    """
    return " ".join(map(str, word_indices(text, start, end)))


def discourse_rows(report) -> list[tuple[str, str, str]]:
    """(id, class, predictionstring) for each element of one Report."""
    rows = []
    for el in report.discourse:
        ps = predictionstring(report.text, el.start, el.end)
        if ps:
            rows.append((report.essay_id, el.type, ps))
    return rows


def write_discourse_csv(reports: Iterable, path: str | Path) -> int:
    """Write the discourse elements of ``reports`` as a submission CSV.

    Args:
        reports: Report objects (anything with ``essay_id``, ``text`` and
            ``discourse``).
        path: the CSV to write (header ``id,class,predictionstring``).

    Returns:
        The number of rows written.
    """
    n = 0
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "class", "predictionstring"])
        for report in reports:
            for row in discourse_rows(report):
                writer.writerow(row)
                n += 1
    return n
