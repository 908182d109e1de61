"""Mark schemes: validation with lines, the CLI, and the seed's marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from essaylens.api import analyze
from essaylens.errors import KnowledgeError
from essaylens.marking.features import EssayFeatures
from essaylens.marking.loader import DEFAULT_SCHEMES, SchemeValidationError, list_schemes, load_scheme, validate_file
from essaylens.marking.marker import apply_scheme, holds


def test_marking_builtin_schemes_validate():
    assert {s.id for s in list_schemes()} >= set(DEFAULT_SCHEMES)
    ap = load_scheme("ap-leq")
    assert ap.max == 6 and [c.max for c in ap.criteria] == [1, 1, 2, 2]


@pytest.mark.parametrize("expr, expected", [("thesis", False), ("!thesis", True), ("n >= 2", True), ("n < 2", False), ("", False)])
def test_marking_conditions(expr, expected):
    assert holds(expr, {"thesis": False, "n": 3}) is expected


def test_marking_unknown_feature_names_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nname: Bad\nkind: points\nmax: 1\nsource: test scheme\ncriteria:\n  - id: one\n    name: One\n    max: 1\n"
        "    rules:\n      - points: 1\n        when: [no_such_feature]\n        reason: never\n", encoding="utf-8")
    with pytest.raises(SchemeValidationError) as err:
        validate_file(bad)
    assert "line 12" in str(err.value) and "E200" in str(err.value)


def test_marking_schema_error_names_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: Bad\nkind: points\nmax: 2\nsource: test scheme\nextra_field: 1\ncriteria:\n"
                   "  - id: one\n    name: One\n    max: 1\n    rules:\n      - points: 3\n        reason: too many\n",
                   encoding="utf-8")
    with pytest.raises(SchemeValidationError) as err:
        validate_file(bad)
    text = str(err.value)
    assert "extra_field" in text and "line 6" in text


def test_marking_unknown_scheme():
    with pytest.raises(KnowledgeError):
        load_scheme("no-such-scheme")


def test_marking_levels_place_mark():
    f = EssayFeatures(values={"has_side": True, "n_analysis": 2, "n_specific_evidence": 3})
    m = apply_scheme(load_scheme("gcse-levels"), f)
    assert m.level.startswith("Level 2") and 5 <= m.total <= 8
    assert m.total == sum(c.points for c in m.criteria)


STRONG = {"thesis": True, "reasoning": True, "n_analysis": 8, "n_linked_evidence": 6, "n_specific_evidence": 12,
          "has_side": True, "has_counterargument": True, "has_rebuttal": True, "has_conclusion": True,
          "conclusion_judgement": True, "accurate": True, "complexity": True, "context": True, "n_context": 2}


@pytest.mark.parametrize("scheme", ["gcse-levels", "ib-bands"])
def test_marking_levels_best_fit_is_coherent(scheme):
    s = load_scheme(scheme)
    weak = apply_scheme(s, EssayFeatures(values={"n_specific_evidence": 1}))
    middle = apply_scheme(s, EssayFeatures(values={**STRONG, "has_rebuttal": False, "complexity": False,
                                                   "n_analysis": 3, "n_linked_evidence": 2}))
    strong = apply_scheme(s, EssayFeatures(values=STRONG))
    assert weak.total < middle.total < strong.total == s.max
    for m in (weak, middle, strong):
        # The points add up to the total, and the level row names the level awarded.
        assert m.total == sum(c.points for c in m.criteria)
        level_row = next(c for c in m.criteria if c.id == "level")
        assert level_row.reason.startswith("Best fit: " + m.level.split(":")[0])
        assert all(c.max == 0 for c in m.criteria if c.id not in {"level", "within-level"})


def test_marking_best_fit_allows_one_gap():
    """A level is reached when most of its descriptor holds, as in levels marking."""
    s = load_scheme("gcse-levels")
    m = apply_scheme(s, EssayFeatures(values={**STRONG, "has_rebuttal": False}))
    assert m.level.startswith("Level 4") and m.total < s.max
    assert "not yet" in next(c for c in m.criteria if c.id == "level").reason


def test_marking_points_scheme_ranks_essays():
    ap = load_scheme("ap-leq")
    weak = apply_scheme(ap, EssayFeatures(values={"n_specific_evidence": 1}))
    strong = apply_scheme(ap, EssayFeatures(values=STRONG))
    assert weak.total <= 1 and strong.total == 6


def test_marking_seed(seed_report):
    marks = {m.scheme: m for m in seed_report.marks}
    assert set(marks) == set(DEFAULT_SCHEMES)
    ap = marks["ap-leq"]
    assert 2 <= ap.total <= 4
    assert ap.total == sum(c.points for c in ap.criteria)
    assert all(c.reason and len(c.reason) > 20 for c in ap.criteria)
    assert next(c for c in ap.criteria if c.id == "thesis").points == 0
    assert marks["gcse-levels"].level.startswith("Level 2")
    for m in marks.values():
        assert 0 <= m.total <= m.max
        assert m.total == sum(c.points for c in m.criteria)


def _examples_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="session")
def example_marks():
    d = _examples_dir()
    if not d.is_dir():
        pytest.skip("examples/ absent")
    return {p.stem: {m.scheme: m for m in analyze(p).marks}
            for p in sorted(d.glob("*.txt"))}


def test_marking_examples_calibrated(example_marks):
    strong, good, weak = (example_marks[n] for n in ("popular_revolution", "ww1_blame", "weak_essay"))
    assert strong["ap-leq"].total >= 5 and good["ap-leq"].total >= 4 and weak["ap-leq"].total <= 1
    assert strong["gcse-levels"].level.startswith(("Level 4", "Level 3"))
    assert good["gcse-levels"].level.startswith(("Level 4", "Level 3"))
    assert weak["gcse-levels"].level.startswith("Level 1")
    analysis = next(c for c in strong["ap-leq"].criteria if c.id == "analysis")
    assert analysis.points >= 1 and "describes events" not in analysis.reason
    for scheme in ("ap-leq", "gcse-levels", "ib-bands"):
        assert weak[scheme].total < good[scheme].total <= strong[scheme].total + 1


def test_marking_scheme_option(seed_path):
    r = analyze(seed_path, scheme="ap-leq")
    assert [m.scheme for m in r.marks] == ["ap-leq"]


def test_marking_cli():
    from essaylens.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["scheme", "list"])
    assert out.exit_code == 0 and "ap-leq" in out.output
    out = runner.invoke(app, ["scheme", "show", "ap-leq"])
    assert out.exit_code == 0 and "Contextualization" in out.output
    builtin = Path(load_scheme.__module__.replace(".", "/"))  # noqa: F841
    from essaylens.marking.loader import builtin_dir

    out = runner.invoke(app, ["scheme", "validate", str(builtin_dir() / "ib-bands.yaml")])
    assert out.exit_code == 0 and out.output.startswith("OK")
