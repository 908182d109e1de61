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
    f = EssayFeatures(values={"n_analysis": 1, "n_specific_evidence": 1})
    m = apply_scheme(load_scheme("gcse-levels"), f)
    assert m.level.startswith("Level 2") and 5 <= m.total <= 8


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
