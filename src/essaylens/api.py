"""The library entry point: ``analyze(text_or_path) -> Report``.

The CLI, the batch runner and the web app all call these functions; they hold
no analysis logic of their own.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path

from .annotate import annotate_stage
from .argument import argument_stage
from .discourse import analysis_stage, discourse_stage
from .essay import Essay
from .facts import facts_stage
from .feedback import feedback_stage
from .ingest import Document, read_document
from .marking import marking_stage
from .packs.select import pack_stage
from .pipeline import Pipeline
from .question import question_final_stage, question_stage
from .report.build import build_report
from .report.models import Report
from .scoring import holistic_stage
from .settings import Settings

@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The full pipeline, in DESIGN.md's stage order."""
    return Pipeline(
        [
            annotate_stage,
            question_stage,
            pack_stage,
            question_final_stage,
            discourse_stage,
            analysis_stage,
            holistic_stage,
            facts_stage,
            argument_stage,
            marking_stage,
            feedback_stage,
        ]
    )


def analyze_document(doc: Document, settings: Settings | None = None, *, parsed=None) -> Report:
    """Run the pipeline over one Document.

    Args:
        doc: the essay as read.
        settings: pack, scheme and view choices.
        parsed: an optional pre-parsed spaCy Doc of ``doc.text``.
    """
    from .annotate.stage import annotate_text
    from .ingest import check_text

    check_text(doc.text, doc.source)
    essay = Essay(doc.text, essay_id=doc.essay_id, source=doc.source, fmt=doc.fmt)
    essay.set("settings", settings or Settings())
    if parsed is not None:
        t0 = time.perf_counter()
        annotate_text(essay, parsed)
        annotate_s = time.perf_counter() - t0
        essay = _after_annotate()(essay)
        essay.timings = {"annotate": annotate_s, **essay.timings}
    else:
        essay = default_pipeline()(essay)
    return build_report(essay)


@functools.lru_cache(maxsize=1)
def _after_annotate() -> Pipeline:
    return default_pipeline().without("annotate")


def analyze(text_or_path: str | Path, *, pack: str = "auto", scheme: str | tuple[str, ...] = (),
            essay_id: str | None = None) -> Report:
    """Analyse one essay given as text or as a path to a file.

    Args:
        text_or_path: the essay's text, or a path to a .txt/.md/.docx/.pdf/.html file.
        pack: topic pack name, ``"auto"`` or ``"none"``.
        scheme: mark scheme name(s); empty applies the defaults.
        essay_id: an id for the report (defaults to the file stem or "essay").

    Returns:
        The Report.
    """
    schemes = (scheme,) if isinstance(scheme, str) and scheme else tuple(scheme or ())
    settings = Settings(pack=pack, scheme=schemes)
    if isinstance(text_or_path, Path) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 4096
        and Path(text_or_path).suffix and Path(text_or_path).is_file()
    ):
        doc = read_document(text_or_path)
        if essay_id:
            doc = Document(essay_id, doc.text, doc.source, doc.fmt, doc.path)
    else:
        doc = Document(essay_id or "essay", str(text_or_path), "<text>", "txt")
    return analyze_document(doc, settings)
