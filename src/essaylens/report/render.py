"""One entry point for the reports people read: ``render(report, fmt)``.

The CLI's ``analyze --format html|md|docx -o OUT`` and the web app call this;
it picks the renderer and nothing else.

Example:
    >>> from essaylens.report.render import render
    >>> page = render(report, "html")            # str
    >>> data = render(report, "docx", "essay.docx")  # bytes
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Messages, UsageError
from .models import Report

FORMATS = ("html", "md", "docx")


def render(report: Report, fmt: str, source_path: str | Path | None = None) -> bytes | str:
    """Render ``report`` in a human-readable format.

    Args:
        report: the Report.
        fmt: ``"html"`` (self-contained page), ``"md"`` (Markdown) or ``"docx"`` (Word).
        source_path: for ``docx``, the student's own .docx to annotate; any other
            path (or None) gives a fresh document.

    Returns:
        ``str`` for html and md, ``bytes`` for docx.

    Raises:
        UsageError: E402 for an unknown format; E400/E401 when the .docx cannot be annotated.
    """
    key = fmt.lower().lstrip(".")
    key = {"markdown": "md", "htm": "html", "word": "docx"}.get(key, key)
    if key == "html":
        from .html import render_html

        return render_html(report)
    if key == "md":
        from .markdown import render_markdown

        return render_markdown(report)
    if key == "docx":
        from .docx_out import render_docx

        return render_docx(report, source_path)
    raise UsageError(Messages.E402.format(fmt=fmt, known=", ".join(FORMATS)))
