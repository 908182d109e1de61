"""The web app in Debian's Chromium, driven by Playwright: what a teacher does.

The server runs with uvicorn on a free loopback port in a thread. Screenshots
of every page go to ``test-artifacts/web/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"

# Three short essays written for this test, on the seed's question, taking different sides.
CLASS_SET = {
    "amira.txt": """Amira Khan
History
The October Revolution: a popular revolution or a coup?
The Bolsheviks did not seize power alone. By September 1917 they had won majorities in the Petrograd and Moscow
soviets, which shows that many workers trusted them. The Kornilov affair made the Provisional Government look
weak and armed the Red Guards. This suggests that the revolution had real popular support.
In conclusion, October was a popular revolution carried out by the soviets rather than a plot.
""",
    "ben.txt": """Ben Ortiz
History
The October Revolution: a popular revolution or a coup?
The seizure of power in October 1917 was planned by a small group. Lenin pushed the Central Committee to vote
for an insurrection, and Trotsky's Military Revolutionary Committee organised it. Only a few thousand soldiers
and Red Guards took part. This shows that the revolution was a coup by a disciplined party.
However, the Bolsheviks did have support in the soviets. Even so, the rising itself was a coup.
""",
    "chloe.txt": """Chloe Martin
History
The October Revolution: a popular revolution or a coup?
There are arguments on both sides. The workers were tired of the war and of food shortages, and many backed the
slogan of peace, land and bread. On the other hand the Winter Palace was taken by a small force at night.
This means that the answer depends on whether we look at the mood of the people or at the events of one night.
""",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The web app on a free loopback port; yields its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    from essaylens.web import create_app

    port = _free_port()
    app = create_app(data_dir=tmp_path_factory.mktemp("browser-data"), token="")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_web_paste_seed_and_see_report(server, page, seed_text):
    page.goto(server + "/")
    assert page.get_by_role("heading", name="Analyse an essay").is_visible()
    shot(page, "01-analyse")
    page.get_by_label("Paste the essay").fill(seed_text)
    page.get_by_role("button", name="Analyse essay").click()
    page.wait_for_url("**/reports/*")
    assert "Sam James" in page.content()
    assert page.locator("#el-nav").is_visible()
    shot(page, "02-report")
    page.goto(server + "/history")
    assert page.get_by_role("link", name="Sam James").is_visible()
    shot(page, "05-history")


def test_browser_web_class_set_dashboard(server, page, tmp_path):
    paths = []
    for name, text in CLASS_SET.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    page.goto(server + "/classes")
    shot(page, "03-classes")
    page.get_by_label("Choose the essays").set_input_files(paths)
    page.get_by_label("Name of the class set").fill("10B October Revolution")
    page.get_by_role("button", name="Upload and mark").click()
    page.wait_for_url("**/classes/*")
    page.get_by_role("link", name="Open the class dashboard").wait_for(timeout=120_000)
    shot(page, "04-class-progress-done")
    page.get_by_role("link", name="Open the class dashboard").click()
    page.wait_for_url("**/dashboard")
    shot(page, "06-dashboard")
    assert "10B October Revolution" in page.content()
    assert page.locator("#el-nav").is_visible()
    page.get_by_role("link", name="Essays in this class set").click()
    page.wait_for_url("**/classes/*")
    for name in CLASS_SET:
        assert page.get_by_role("link", name=Path(name).stem, exact=True).is_visible()


def test_browser_web_packs_and_docs(server, page):
    page.goto(server + "/packs")
    assert page.get_by_role("heading", name="Topic packs and mark schemes").is_visible()
    shot(page, "07-packs")
    links = page.locator("main a[href^='/packs/']")
    if links.count():
        links.first.click()
        page.wait_for_url("**/packs/*")
        shot(page, "08-pack")
    page.goto(server + "/packs")
    schemes = page.locator("main a[href^='/schemes/']")
    if schemes.count():
        schemes.first.click()
        page.wait_for_url("**/schemes/*")
        shot(page, "09-scheme")
    page.goto(server + "/api/docs")
    shot(page, "10-api-docs")
    page.goto(server + "/reports/does-not-exist")
    shot(page, "11-not-found")
