"""The CLI: help with examples, version, schema, exit codes, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from essaylens.cli import app

runner = CliRunner()


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("essaylens ")


def test_cli_every_command_help_has_an_example():
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        helptext = cmd.help or ""
        if hasattr(cmd, "commands"):  # a sub-group: check its commands
            for sub in cmd.commands.values():
                assert "Example" in (sub.help or ""), f"{name} {sub.name} help has no example"
        else:
            assert "Example" in helptext, f"{name} help has no example"


def test_cli_schema_matches_committed_file(repo_dir):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"schema_version", "essay_id", "meta", "question", "discourse", "stance", "facts",
            "marks", "scores", "feedback"} <= set(schema["properties"])
    committed = (repo_dir / "src/essaylens/report/report.schema.json").read_text()
    assert json.loads(committed) == schema, "run `make schema` to refresh the committed schema"


def test_cli_analyze_seed_json(seed_path):
    result = runner.invoke(app, ["analyze", str(seed_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["meta"]["author"] == "Sam James"
    assert report["meta"]["subject"] == "History"
    assert report["meta"]["title"].startswith("The October Russian Revolution")
    assert report["question"]["kind"] == "either-or"
    assert len(report["question"]["hypotheses"]) == 2


def test_cli_unknown_format_is_usage_error(seed_path):
    result = runner.invoke(app, ["analyze", str(seed_path), "--format", "pdf"])
    assert result.exit_code == 2


def test_cli_missing_file_exits_3(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 3
    assert "Traceback" not in result.output


def test_cli_empty_file_exits_3(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("   \n")
    result = runner.invoke(app, ["analyze", str(p)])
    assert result.exit_code == 3
    assert "E001" in result.output


def test_cli_partial_batch_exits_4(tmp_path, examples_dir):
    good = tmp_path / "good.txt"
    good.write_text("A. Writer\nHistory\nWhy did the Tsar fall?\nThe war went badly for Russia in 1916. "
                    "This shows the regime was weak.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    out = tmp_path / "r.jsonl"
    result = runner.invoke(app, ["analyze", str(good), str(bad), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 4
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["essay_id"] == "good"


@pytest.mark.slow
def test_cli_json_is_byte_identical_across_processes(seed_path, tmp_path):
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        target = tmp_path / f"r{seed}.json"
        subprocess.run([sys.executable, "-m", "essaylens", "analyze", str(seed_path), "--format", "json",
                        "-o", str(target)], check=True, env=env)
        data = json.loads(target.read_text())
        data.pop("timings")
        outs.append(json.dumps(data, sort_keys=False))
    assert outs[0] == outs[1]


def test_terminal_view_shows_every_word_once_when_an_element_ends_mid_sentence(seed_report):
    import re

    from essaylens.report.terminal import _essay_text

    r = seed_report
    ends = {s.end for s in r.sentences}
    # The seed's introduction ends in a sentence cut into two clauses of two elements.
    assert any(d.end not in ends for d in r.discourse)
    body = re.sub(r"\[[A-Z]+\] | ⟵A\d+| ·E\d+", "", _essay_text(r).plain)
    assert body.split() == r.text[r.meta.body_start:].split()


def test_cli_entry_point_keeps_torch_out_unless_asked():
    from essaylens.resources import ALLOW_TORCH_ENV

    code = ("import sys; from essaylens import cli; sys.argv = ['essaylens', '--version']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('torch=' + repr(sys.modules.get('torch', 'absent')))")
    env = {k: v for k, v in os.environ.items() if k != ALLOW_TORCH_ENV}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "torch=None" in out
    allowed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**env, ALLOW_TORCH_ENV: "1"}, check=True).stdout
    assert "torch=None" not in allowed
    # A library import leaves it alone.
    lib = subprocess.run([sys.executable, "-c", "import sys, essaylens.api; print(repr(sys.modules.get('torch', 'absent')))"],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert lib.strip() != "None"
