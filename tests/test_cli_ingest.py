"""The CLI on bad input: exit 3 for each bad essay alone, exit 4 for a batch with some failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essaylens.cli import app
from ingest_builders import encrypt_pdf, make_pdf

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli_bad")
    files = {}
    for name in ("empty.txt", "whitespace.txt", "image.txt", "invalid_utf8.txt", "corrupt.docx", "french.txt"):
        files[name] = d / name
        files[name].write_bytes((DATA / name).read_bytes())
    files["huge.txt"] = d / "huge.txt"
    files["huge.txt"].write_bytes(b"The war went on and on. " * (10 * (1 << 20) // 24 + 1))
    pdf = make_pdf(d / "plain.pdf", [["Sam James", "The Bolsheviks seized power in October 1917."]])
    files["locked.pdf"] = encrypt_pdf(pdf, d / "locked.pdf")
    return files


CODES = {"empty.txt": "E001", "whitespace.txt": "E001", "image.txt": "E002", "huge.txt": "E050",
         "invalid_utf8.txt": "E004", "corrupt.docx": "E005", "locked.pdf": "E006", "french.txt": "E007"}


@pytest.mark.parametrize("name", sorted(CODES))
def test_cli_bad_input_alone_exits_3(bad_files, name):
    result = runner.invoke(app, ["analyze", str(bad_files[name]), "--format", "json"])
    assert result.exit_code == 3, result.output
    assert CODES[name] in result.output
    assert "Traceback" not in result.output


def test_cli_empty_stdin_exits_3():
    result = runner.invoke(app, ["analyze", "-"], input=b"")
    assert result.exit_code == 3 and "E001" in result.output


def test_cli_batch_with_bad_inputs_exits_4(bad_files, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Priya Patel\nHistory\nWhy did the Provisional Government fall in 1917?\n"
        "The Provisional Government fell because it kept Russia in the war. Soldiers deserted in their "
        "thousands. This shows that the government had lost the army's loyalty long before October.\n",
        encoding="utf-8",
    )
    out = tmp_path / "reports.jsonl"
    paths = [str(bad_files[name]) for name in sorted(CODES)]
    result = runner.invoke(app, ["analyze", *paths[:4], str(good), *paths[4:], "--format", "jsonl",
                                 "-o", str(out)])
    assert result.exit_code == 4, result.output
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["essay_id"] for r in reports] == ["good"]
    for code in set(CODES.values()):
        assert code in result.output
    assert "Traceback" not in result.output
