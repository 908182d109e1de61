"""Topic packs: schema, loader errors with file/line/field, JSON Schema, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essaylens.errors import KnowledgeError
from essaylens.packs.cli import pack_app
from essaylens.packs.loader import PackValidationError, list_packs, load_pack, validate_file
from essaylens.packs.schema import Pack
from essaylens.resources import package_path

DATA = Path(__file__).parent / "data" / "packs"
SHIPPED = ("russia-1917", "ww1-causes", "versailles")


@pytest.mark.parametrize("name", SHIPPED)
def test_packs_shipped_pack_validates_and_is_sourced(name):
    pack = load_pack(name)
    assert pack.id == name
    for section in ("timeline", "facts", "misconceptions", "evidence", "historiography"):
        items = getattr(pack, section)
        assert items, section
        assert all(item.sources for item in items), section
    for q in pack.questions:
        assert len(q.hypotheses) >= 2
    citations = pack.cite([s.id for s in pack.sources])
    assert all(str(s.year) in c for s, c in zip(pack.sources, citations))


def test_packs_russia_meets_size_targets():
    pack = load_pack("russia-1917")
    assert len(pack.timeline) >= 60
    assert len(pack.facts) >= 80
    assert len(pack.misconceptions) >= 25
    assert len(pack.evidence) >= 30
    covered = {s.question for e in pack.evidence for s in e.supports}
    assert covered >= {"popular-or-coup", "pg-fall", "bolshevik-success"}
    schools = " ".join(h.school for h in pack.historiography).lower()
    for school in ("soviet", "liberal", "revisionist"):
        assert school in schools


def test_packs_russia_dates_old_and_new_style_13_days_apart():
    from essaylens.facts.calendar import julian_to_gregorian, parse_iso

    pack = load_pack("russia-1917")
    checked = 0
    for ev in pack.timeline:
        os_, ns = parse_iso(ev.date_os), parse_iso(ev.date_ns)
        if os_ and os_[2] and ns[2]:
            assert julian_to_gregorian(*os_) == ns, ev.id
            checked += 1
    assert checked >= 50


def test_packs_json_schema_file_is_current():
    on_disk = json.loads(package_path("packs", "pack.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(Pack.model_json_schema()))


def test_packs_errors_name_file_line_and_field():
    with pytest.raises(PackValidationError) as info:
        validate_file(DATA / "broken.yaml")
    message = str(info.value)
    assert "broken.yaml" in message
    assert "line 19: facts[0].colour" in message  # the stray key
    assert info.value.exit_code == 2


def test_packs_reference_errors_point_at_the_citing_line(tmp_path):
    fixed = tmp_path / "refs.yaml"
    fixed.write_text((DATA / "broken.yaml").read_text(encoding="utf-8").replace("    colour: blue\n", ""),
                     encoding="utf-8")
    with pytest.raises(PackValidationError) as info:
        validate_file(fixed)
    assert "line 25: facts[1].sources[0]: unknown source id 'nosuch'" in str(info.value)


def test_packs_yaml_syntax_error_is_reported_with_line():
    with pytest.raises(KnowledgeError) as info:
        validate_file(DATA / "bad_syntax.yaml")
    assert "E023" in str(info.value) and "bad_syntax.yaml" in str(info.value)


def test_packs_unknown_name_lists_known_packs():
    with pytest.raises(KnowledgeError) as info:
        load_pack("no-such-pack")
    assert "E021" in str(info.value) and "russia-1917" in str(info.value)


def test_packs_user_folder_from_env_and_dirs(tmp_path, monkeypatch):
    src = package_path("packs", "data", "versailles.yaml").read_text(encoding="utf-8")
    (tmp_path / "my-versailles.yaml").write_text(src.replace("id: versailles", "id: my-versailles"), encoding="utf-8")
    assert "my-versailles" in [p.name for p in list_packs([tmp_path])]
    monkeypatch.setenv("ESSAYLENS_PACK_DIR", str(tmp_path))
    assert load_pack("my-versailles").id == "my-versailles"


def test_packs_cli_list_show_validate_new(tmp_path):
    runner = CliRunner()
    out = runner.invoke(pack_app, ["list"])
    assert out.exit_code == 0 and all(n in out.output for n in SHIPPED)
    out = runner.invoke(pack_app, ["show", "russia-1917"])
    assert out.exit_code == 0 and "popular-or-coup" in out.output
    out = runner.invoke(pack_app, ["validate", str(DATA / "broken.yaml")])
    assert out.exit_code == 2 and "colour" in out.output
    out = runner.invoke(pack_app, ["new", "cold-war", "-o", str(tmp_path)])
    assert out.exit_code == 0
    assert validate_file(tmp_path / "cold-war.yaml").id == "cold-war"
    assert runner.invoke(pack_app, ["new", "cold-war", "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(pack_app, ["new", "Bad Name", "-o", str(tmp_path)]).exit_code == 2


@pytest.mark.parametrize("command", ["list", "show", "validate", "new", "schema"])
def test_packs_cli_help_has_example(command):
    out = CliRunner().invoke(pack_app, [command, "--help"])
    assert out.exit_code == 0 and "Example" in out.output
