"""The argument graph and its exports."""

from __future__ import annotations

import json

import pytest

from essaylens.argument.export import FORMATS, export
from essaylens.errors import UsageError
from essaylens.report.models import ArgumentEdge, ArgumentGraph, ArgumentNode

GRAPH = ArgumentGraph(
    nodes=[ArgumentNode(id="T1", type="thesis", start=0, end=5, label='It was a "coup"', hypothesis="h2"),
           ArgumentNode(id="E1", type="evidence", start=6, end=9, label="10 votes to 2", hypothesis="h2"),
           ArgumentNode(id="X1", type="counterclaim", start=10, end=12, label="Soviet majorities", hypothesis="h1")],
    edges=[ArgumentEdge(source="E1", target="T1", relation="supports"),
           ArgumentEdge(source="X1", target="T1", relation="attacks")])


def test_argument_export_argdown():
    text = export(GRAPH, "argdown", {"h1": "Popular revolution", "h2": "Coup"})
    assert "[T1]: It was a \"coup\" #thesis #(Coup)" in text
    assert "  <+ [E1]" in text and "  <- [X1]" in text


def test_argument_export_dot_quotes():
    text = export(GRAPH, "dot")
    assert text.startswith("digraph argument {") and text.rstrip().endswith("}")
    assert '\\"coup\\"' in text and "X1 -> T1" in text and "dashed" in text


def test_argument_export_mermaid():
    text = export(GRAPH, "mermaid")
    assert text.startswith("flowchart BT") and "X1 -.->|attacks| T1" in text


def test_argument_export_json_roundtrip():
    assert ArgumentGraph.model_validate(json.loads(export(GRAPH, "json"))) == GRAPH


def test_argument_export_unknown_format():
    with pytest.raises(UsageError):
        export(GRAPH, "svg")


def test_argument_seed_graph(seed_report):
    g = seed_report.argument
    types = {n.type for n in g.nodes}
    assert {"thesis", "claim", "evidence", "analysis"} <= types
    ids = {n.id for n in g.nodes}
    assert all(e.source in ids and e.target in ids for e in g.edges)
    kinds = {(next(n.type for n in g.nodes if n.id == e.source), next(n.type for n in g.nodes if n.id == e.target)) for e in g.edges}
    assert ("evidence", "analysis") in kinds and ("claim", "thesis") in kinds
    for fmt in FORMATS:
        assert export(g, fmt).strip()


def test_argument_map_cli(seed_path):
    from typer.testing import CliRunner

    from essaylens.cli import app

    result = CliRunner().invoke(app, ["argument-map", str(seed_path), "--format", "mermaid"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("flowchart BT")
