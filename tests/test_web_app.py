"""The web app through in-process ASGI requests: API contract, pages, safety."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from essaylens.report.models import Report  # noqa: E402
from essaylens.web import create_app  # noqa: E402
from essaylens.web.uploads import Limits  # noqa: E402

# A short essay written for these tests (not from any dataset).
ESSAY = """Alex Morgan
History
Was the Great Fire of London in 1666 a disaster or an opportunity?
The Great Fire began in a bakery on Pudding Lane in September 1666 and burned for four days. It destroyed
thousands of houses and most of the medieval city, including the old St Paul's Cathedral.
Some historians argue that the fire was above all a disaster. Around seventy thousand people lost their homes,
and many merchants lost their goods and their trade. This shows that ordinary Londoners paid a heavy price.
However, the fire also gave London a chance to rebuild. New buildings had to be made of brick and stone, and
Christopher Wren designed a new cathedral and many churches. This suggests that the city became safer.
In conclusion, the fire was a disaster for the people who lived through it, but in the long run it was an
opportunity that made London a better city.
"""


def wait_for(client: TestClient, batch_id: str, timeout: float = 120.0) -> dict:
    """Poll a class set until it finishes."""
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/api/v1/batches/{batch_id}").json()
        if status["status"] in ("done", "failed") or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(data_dir=tmp_path_factory.mktemp("webdata"), token="",
                     limits=Limits(file_bytes=200_000, request_bytes=2_000_000, files=5, text_chars=20_000))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def analysed(client):
    r = client.post("/api/v1/analyze", json={"text": ESSAY, "essay_id": "fire"})
    assert r.status_code == 200, r.text
    return r


def test_web_analyze_returns_report_contract(analysed):
    report = Report.model_validate(analysed.json())
    assert report.essay_id == "fire"
    assert report.text == ESSAY
    assert report.meta.author == "Alex Morgan"
    assert analysed.headers["x-essaylens-report-id"]


def test_web_analyze_matches_library(analysed):
    from essaylens.api import analyze

    direct = analyze(ESSAY, essay_id="fire")
    assert Report.model_validate(analysed.json()).to_json(timings=False) == direct.to_json(timings=False)


def test_web_report_stored_and_listed(client, analysed):
    rid = analysed.headers["x-essaylens-report-id"]
    got = client.get(f"/api/v1/reports/{rid}")
    assert got.status_code == 200
    assert got.json()["essay_id"] == "fire"
    listed = client.get("/api/v1/reports").json()
    assert any(row["id"] == rid and row["author"] == "Alex Morgan" for row in listed)
    page = client.get(f"/reports/{rid}")
    assert page.status_code == 200 and "Alex Morgan" in page.text and 'id="el-nav"' in page.text
    history = client.get("/history")
    assert f"/reports/{rid}" in history.text


@pytest.mark.parametrize("path", ["/", "/classes", "/history", "/packs", "/api/docs"])
def test_web_pages_render(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "<h1>" in r.text and "http://" not in r.text.replace("http://127.0.0.1:8000", "")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"


def test_web_openapi_lists_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/analyze", "/api/v1/reports", "/api/v1/reports/{report_id}", "/api/v1/batches",
                 "/api/v1/batches/{batch_id}", "/api/v1/batches/{batch_id}/results", "/api/v1/packs",
                 "/api/v1/schemes"):
        assert path in spec["paths"]
    assert not any(p.startswith("/classes") for p in spec["paths"])


def test_web_essay_text_is_escaped(client):
    evil = ESSAY.replace("Pudding Lane", "Pudding Lane <script>alert('x')</script> <img src=x onerror=alert(1)>")
    r = client.post("/analyse", data={"text": evil, "pack": "auto", "scheme": ""}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_web_analyse_form_upload_txt(client):
    r = client.post("/analyse", files={"file": ("morgan.txt", ESSAY.encode(), "text/plain")},
                    data={"text": "", "pack": "none"}, follow_redirects=False)
    assert r.status_code == 303
    assert "Alex Morgan" in client.get(r.headers["location"]).text


@pytest.mark.parametrize("name,data,ctype,status", [
    ("essay.exe", b"MZ\x90\x00", "application/octet-stream", 415),
    ("essay.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain", 415),
    ("essay.pdf", b"not a pdf at all", "application/pdf", 415),
    ("essay.txt", b"fine text", "image/png", 415),
    ("essay.txt", b"x" * 300_000, "text/plain", 413),
])
def test_web_upload_refused(client, name, data, ctype, status):
    r = client.post("/api/v1/analyze/file", files={"file": (name, data, ctype)})
    assert r.status_code == status, r.text
    assert r.json()["code"].startswith("E6")


def test_web_paste_errors_are_clear(client):
    assert client.post("/api/v1/analyze", json={"text": "   "}).status_code == 400
    big = client.post("/api/v1/analyze", json={"text": "word " * 5000})
    assert big.status_code == 413 and "E003" in big.json()["detail"]
    page = client.post("/analyse", data={"text": "", "pack": "auto"})
    assert page.status_code == 400 and "E611" in page.text and "<textarea" in page.text


def test_web_request_body_cap(client):
    r = client.post("/api/v1/analyze", content=b"{" + b" " * 2_100_000 + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "E613"


def test_web_unknown_ids_404(client):
    assert client.get("/api/v1/reports/nope").status_code == 404
    assert client.get("/api/v1/batches/nope").status_code == 404
    page = client.get("/reports/nope")
    assert page.status_code == 404 and "E607" in page.text and "<h1>" in page.text


def test_web_rejects_foreign_host(client):
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_web_class_set_zip_with_a_bad_file(client):
    data = _zip({"class/a.txt": ESSAY.encode(), "class/b.txt": ESSAY.replace("Alex Morgan", "Sam Lee").encode(),
                 "class/broken.pdf": b"garbage", "__MACOSX/._a.txt": b"junk", "class/.hidden.txt": b"x"})
    r = client.post("/api/v1/batches", files={"files": ("class.zip", data, "application/zip")},
                    data={"name": "Year 9 fire"})
    assert r.status_code == 202, r.text
    status = wait_for(client, r.json()["id"])
    assert status["status"] == "done" and status["total"] == 2 and status["done"] == 2
    assert [e["essay_id"] for e in status["errors"]] == ["broken"]
    results = client.get(status["results"]).json()
    assert [rep["essay_id"] for rep in results["reports"]] == ["a", "b"]
    dash = client.get(status["dashboard"])
    assert dash.status_code == 200 and 'id="el-nav"' in dash.text
    grades = client.get(f"/classes/{status['id']}/grades.csv")
    assert grades.text.splitlines()[0].startswith("essay_id,") and len(grades.text.splitlines()) == 3


def test_web_class_set_csv_form(client):
    csv_data = "student,text\nkim,\"" + ESSAY.replace('"', '""') + "\"\nlee,\n"
    r = client.post("/classes", files={"files": ("set.csv", csv_data.encode(), "text/csv")},
                    data={"name": "", "pack": "auto", "scheme": ""}, follow_redirects=False)
    assert r.status_code == 303
    batch_id = r.headers["location"].rsplit("/", 1)[-1]
    status = wait_for(client, batch_id)
    assert status["done"] == 1 and status["failed"] == 1
    page = client.get(f"/classes/{batch_id}").text
    assert "Open the class dashboard" in page and "kim" in page


def test_web_class_set_jsonl_with_bad_lines_keeps_the_good_essays(client):
    import json

    lines = [json.dumps({"id": "kim", "full_text": ESSAY}), "{not json", json.dumps({"id": "lee"}), "[1, 2]"]
    r = client.post("/classes", files={"files": ("set.jsonl", ("\n".join(lines) + "\n").encode(), "application/json")},
                    data={"name": "", "pack": "auto", "scheme": ""}, follow_redirects=False)
    assert r.status_code == 303
    status = wait_for(client, r.headers["location"].rsplit("/", 1)[-1])
    # One bad line is one failed essay, never the whole file.
    assert status["done"] == 1 and status["failed"] == 3


@pytest.mark.parametrize("files,code", [
    ([("files", ("notes.csv", b"name,score\nkim,3\n", "text/csv"))], "E605"),
    ([("files", ("a.zip", b"PK\x03\x04broken", "application/zip"))], "E604"),
    ([("files", (f"e{i}.txt", ESSAY.encode(), "text/plain")) for i in range(7)], "E601"),
])
def test_web_class_set_refused(client, files, code):
    r = client.post("/api/v1/batches", files=files)
    assert r.status_code in (400, 413, 415)
    assert r.json()["code"] == code


def test_web_unknown_pack_is_400(client):
    from essaylens.web import knowledge

    if not knowledge.list_packs():
        pytest.skip("no topic packs installed")
    r = client.post("/api/v1/analyze", json={"text": ESSAY, "pack": "no-such-pack"})
    assert r.status_code == 400 and "E021" in r.json()["detail"]


def test_web_packs_and_schemes_api(client):
    packs = client.get("/api/v1/packs").json()
    assert isinstance(packs, list)
    for p in packs:
        if not p["error"]:
            assert client.get(f"/api/v1/packs/{p['id']}").status_code == 200
            assert client.get(f"/packs/{p['id']}").status_code == 200
    schemes = client.get("/api/v1/schemes").json()
    for s in schemes:
        if not s["error"]:
            assert client.get(f"/schemes/{s['id']}").status_code == 200
    assert client.get("/api/v1/packs/no-such-pack").status_code == 404


# --- the token --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    app = create_app(data_dir=tmp_path_factory.mktemp("locked"), token="s3cret-token")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_web_token_required_everywhere(locked):
    assert locked.get("/api/v1/health").status_code == 401
    assert locked.get("/api/v1/openapi.json").status_code == 401
    r = locked.get("/history", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/history")
    assert locked.get("/api/v1/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert locked.get("/api/v1/health", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert locked.get("/api/v1/health", headers={"X-EssayLens-Token": "s3cret-token"}).status_code == 200


def test_web_token_login_cookie(locked):
    bad = locked.post("/login", data={"token": "nope", "next": "/history"}, follow_redirects=False)
    assert bad.status_code == 401 and "E614" in bad.text
    ok = locked.post("/login", data={"token": "s3cret-token", "next": "//evil.example/x"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    cookie = ok.cookies.get("essaylens_session")
    assert cookie and "s3cret-token" not in cookie
    assert "httponly" in ok.headers["set-cookie"].lower() and "samesite=strict" in ok.headers["set-cookie"].lower()
    assert locked.get("/history").status_code == 200
    locked.post("/logout")
    locked.cookies.clear()
    assert locked.get("/api/v1/health").status_code == 401


def test_web_serve_command_documented():
    from typer.testing import CliRunner

    from essaylens.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "Example" in result.output
