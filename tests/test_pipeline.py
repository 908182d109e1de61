"""The Essay container and the Pipeline contract."""

from __future__ import annotations

import pytest

from essaylens.errors import PipelineError
from essaylens.essay import Essay, Span
from essaylens.pipeline import Pipeline, stage


@stage("one", assigns=("a",))
def _one(essay):
    essay.set("a", 1)
    return essay


@stage("two", requires=("a",), assigns=("b",))
def _two(essay):
    essay.set("b", essay.a + 1)
    return essay


@stage("liar", assigns=("c",))
def _liar(essay):
    return essay


@stage("broken", assigns=())
def _broken(essay):
    return "not an essay"


def test_pipeline_runs_in_order_and_records_timings():
    essay = Pipeline([_one, _two])(Essay("Some text."))
    assert essay.b == 2
    assert set(essay.timings) == {"one", "two"}


def test_pipeline_rejects_unmet_requirement_at_build_time():
    with pytest.raises(PipelineError, match="E011"):
        Pipeline([_two, _one])


def test_pipeline_checks_declared_assignments():
    with pytest.raises(PipelineError, match="E013"):
        Pipeline([_liar])(Essay("x"))


def test_pipeline_checks_stage_returns_essay():
    with pytest.raises(PipelineError, match="E012"):
        Pipeline([_broken])(Essay("x"))


def test_pipeline_without_treats_dropped_layers_as_given():
    p = Pipeline([_one, _two]).without("one")
    assert p.names == ("two",)


def test_essay_text_is_immutable_and_layers_write_once():
    essay = Essay("Hello world.")
    with pytest.raises(AttributeError):
        essay.text = "changed"
    essay.set("x", 1)
    with pytest.raises(PipelineError, match="E014"):
        essay.set("x", 2)
    with pytest.raises(PipelineError, match="E015"):
        essay["missing"]
    assert essay.get("missing", "d") == "d"


def test_span_helpers():
    a, b = Span(0, 5), Span(3, 8)
    assert a.overlaps(b) and not a.contains(b) and Span(0, 10).contains(b)
    assert Essay("Hello world").span_text(Span(6, 11)) == "world"


def test_default_pipeline_is_valid():
    from essaylens.api import default_pipeline

    names = default_pipeline().names
    assert names[0] == "annotate" and names[-1] == "feedback"
