"""Web storage on SQLite and on a real PostgreSQL server that the test run starts itself.

The PostgreSQL server comes from Debian's ``postgresql`` package: ``initdb`` and
``pg_ctl`` into a temporary folder on a free loopback port, as the ``postgres``
user when the tests run as root (the server refuses root). The tests skip
cleanly when the binaries are absent.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from essaylens.report.models import Mark, Meta, Report, Scores
from essaylens.web.storage import BatchError, Store

ESSAY = ("Was the Great Fire of London a disaster?\nThe fire of 1666 destroyed most of the city. "
         "This shows that it was a disaster for Londoners, although it let Wren rebuild St Paul's.\n")


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """Start a throwaway PostgreSQL server; yield its SQLAlchemy URL; stop it."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL binaries (Debian package postgresql) are not installed")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="essaylens-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            runuser = None
        if not runuser:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root without a postgres user to run the server as")
        shutil.chown(base, "postgres", "postgres")
        as_user = [runuser, "-u", "postgres", "--"]
    data, sock, log = base / "data", base / "sock", base / "server.log"
    port = _free_port()

    def run(*cmd: str) -> subprocess.CompletedProcess:
        return subprocess.run(as_user + list(cmd), capture_output=True, text=True, timeout=120)

    run("mkdir", "-p", str(sock))
    res = run(initdb, "-D", str(data), "-A", "trust", "-U", "essaylens", "-E", "UTF8", "--no-sync")
    if res.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {res.stderr.strip()[:300]}")
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    res = run(pg_ctl, "-D", str(data), "-o", opts, "-l", str(log), "-w", "-t", "60", "start")
    if res.returncode != 0:
        detail = log.read_text(errors="replace")[-500:] if log.exists() else res.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {detail}")
    try:
        yield f"postgresql+psycopg2://essaylens@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(data_dir=tmp_path)
    else:
        url = request.getfixturevalue("postgres_url")
        s = Store(url)
        # each test starts from empty tables
        from essaylens.web.storage import Base

        Base.metadata.drop_all(s.engine)
        Base.metadata.create_all(s.engine)
    yield s
    s.dispose()


def _report(essay_id: str, total: float = 3) -> Report:
    return Report(essay_id=essay_id, meta=Meta(author="Kim Lee", title="The Great Fire", word_count=30),
                  text=ESSAY, scores=Scores(holistic=4),
                  marks=[Mark(scheme="ap-leq", name="AP LEQ", total=total, max=6)])


def test_web_storage_report_round_trip(store):
    report = _report("kim")
    rid = store.add_report(report, pack="auto")
    assert store.get_report(rid) == report
    row = store.get_report_row(rid)
    assert (row.author, row.holistic, row.mark) == ("Kim Lee", 4, "3/6 (AP LEQ)")
    assert store.get_report("missing") is None


def test_web_storage_history_newest_first(store):
    ids = []
    for n in range(3):
        ids.append(store.add_report(_report(f"e{n}")))
        time.sleep(0.01)
    rows = store.list_reports(limit=2)
    assert [r.id for r in rows] == ids[::-1][:2]
    assert store.count_reports() == 3
    assert [r.id for r in store.list_reports(limit=5, offset=2)] == ids[:1]


def test_web_storage_batches(store):
    bid = store.create_batch("Year 9", 2, pack="auto")
    store.add_report(_report("b"), batch_id=bid, position=1)
    store.add_report(_report("a"), batch_id=bid, position=0)
    store.update_batch(bid, status="done", done=2, errors=[BatchError("c", "c.pdf", "E005 bad pdf")])
    row = store.get_batch(bid)
    assert (row.status, row.done) == ("done", 2)
    assert store.batch_errors(row) == [BatchError("c", "c.pdf", "E005 bad pdf")]
    assert [r.essay_id for r in store.batch_reports(bid)] == ["a", "b"]
    assert store.count_reports(single_only=True) == 0
    assert [b.id for b in store.list_batches()] == [bid]


def test_web_storage_interrupted_batches_marked(store):
    bid = store.create_batch("left running", 5)
    store.update_batch(bid, status="running")
    store.fail_unfinished()
    assert store.get_batch(bid).status == "failed"


def test_web_storage_unicode_and_markup_kept(store):
    text = ESSAY + "Ленин <b>said</b> “all power to the soviets” — 🙂\n"
    report = Report(essay_id="unicode", meta=Meta(), text=text)
    rid = store.add_report(report)
    assert store.get_report(rid).text == text


@pytest.mark.postgres
def test_web_api_on_postgres(postgres_url, tmp_path):
    """The whole app, end to end, on PostgreSQL."""
    from fastapi.testclient import TestClient

    from essaylens.web import create_app

    app = create_app(db_url=postgres_url, token="")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        body = ("Jo Smith\nHistory\nWas the Great Fire of London in 1666 a disaster?\n"
                "The fire destroyed thousands of houses in four days. This shows that it was a disaster for "
                "the people of London. However, the city was rebuilt in brick and stone afterwards.\n")
        r = client.post("/api/v1/analyze", json={"text": body})
        assert r.status_code == 200, r.text
        rid = r.headers["x-essaylens-report-id"]
        assert client.get(f"/api/v1/reports/{rid}").json()["text"] == body
        assert client.get("/history").status_code == 200
