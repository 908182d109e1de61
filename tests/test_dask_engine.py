"""The Dask engine gives byte-for-byte the local engine's outputs (LocalCluster, 2 worker processes)."""

from __future__ import annotations

import pytest

from essaylens.batch import mark

from test_batch_runner import write_class_set

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_matches_local_engine(tmp_path):
    folder = write_class_set(tmp_path / "in", 5, broken=True)
    local = mark(folder, tmp_path / "local")
    # mark() with engine="dask" starts its own LocalCluster (2 processes) when no scheduler is given.
    dask = mark(folder, tmp_path / "dask", engine="dask", workers=2, chunk_size=2)
    assert dask.succeeded == local.succeeded == 5 and dask.failed == local.failed == 2
    for name in ("reports.jsonl", "grades.csv", "discourse.csv", "errors.csv", "similar.csv", "class.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert 1 <= len(dask.worker_peak_rss_mb) <= 2  # one entry per Dask worker process that did work


def test_dask_bad_scheduler_is_a_usage_error(tmp_path, monkeypatch):
    from essaylens.batch import dask_engine
    from essaylens.errors import UsageError

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")

    folder = write_class_set(tmp_path / "in", 1, broken=False)
    with pytest.raises(UsageError, match="E508"):
        mark(folder, tmp_path / "out", engine="dask", scheduler="tcp://127.0.0.1:9")


def test_dask_segment_matches_local_segment(tmp_path):
    from essaylens.batch.segment import segment

    folder = write_class_set(tmp_path / "in", 4, broken=True)
    local = segment(folder, tmp_path / "local")
    dask = segment(folder, tmp_path / "dask", engine="dask", workers=2, chunk_size=2)
    assert dask.succeeded == local.succeeded == 4 and dask.failed == local.failed == 2
    for name in ("discourse.csv", "scores.csv", "errors.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
