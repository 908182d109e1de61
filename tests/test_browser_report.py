"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Opens the seed's report and the hand-made sample, checks the highlighted
elements, the margin comments and the SVG map as rendered, runs axe-core (the
copy bundled in axe-playwright-python, injected locally; nothing is fetched)
and keeps screenshots and a print PDF in ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from essaylens.report.html import render_html
from report_sample import rich_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _open(context, report, tmp_path: Path, name: str):
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def _axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}"
            for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]


def _check_page(page, report, requests) -> None:
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
    elements = page.locator("#essay .essay .el")
    assert elements.count() >= len(report.discourse)
    for kind in sorted({d.type for d in report.discourse}):
        tag = page.locator(f'#essay .essay .el[data-type="{kind}"] > .tag').first
        assert tag.is_visible() and tag.inner_text().strip().lower().startswith(kind.lower())
    anchored = page.locator("#essay .essay .cmark")
    for i in range(anchored.count()):
        target = anchored.nth(i).get_attribute("href")
        assert page.locator(target).is_visible(), target
    if report.argument.nodes:
        svg = page.locator("svg.argmap")
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert svg.locator("g.node").count() == len(report.argument.nodes)
    assert _axe_serious(page) == []


def test_browser_report_seed(browser_context, seed_report, tmp_path):
    page, requests = _open(browser_context, seed_report, tmp_path, "seed")
    _check_page(page, seed_report, requests)
    # Fact flags are compact badges; the essay reads as the student's text first.
    for badge in page.locator("#essay .para .fbadge").all():
        assert len(badge.inner_text()) <= 20 and badge.get_attribute("title")
    assert page.locator("#essay .para .v-unverifiable").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report_seed.png"), full_page=True)
    page.pdf(path=str(ARTIFACTS / "report_seed_print.pdf"), format="A4", print_background=True)
    page.set_viewport_size({"width": 420, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "report_seed_narrow.png"), full_page=True)
    assert (ARTIFACTS / "report_seed.png").stat().st_size > 10_000
    page.close()


def test_browser_report_sample(browser_context, tmp_path):
    report = rich_report()
    page, requests = _open(browser_context, report, tmp_path, "sample")
    _check_page(page, report, requests)
    assert page.locator("#essay .essay .cmark").count() == 3  # the fourth comment is fact F3, marked by its flag
    assert page.locator("#essay .notes li").count() == 5
    flag = page.locator('mark.fact.v-imprecise').first
    assert flag.is_visible() and "Keynes" in flag.inner_text()
    badge = page.locator("#fact-3")
    assert badge.is_visible() and badge.get_attribute("title").startswith("F3 Imprecise")
    assert "F3" in badge.inner_text() and len(badge.inner_text()) < 20
    assert "Economic Consequences" not in " ".join(page.locator("#essay .para").all_inner_texts())
    # The fact flag lines its margin note up like a comment marker does.
    note4, flag = page.locator("#note-4").bounding_box(), badge.bounding_box()
    assert note4["x"] > flag["x"] and abs(note4["y"] - flag["y"]) < 120
    # Each margin note sits beside the text it belongs to on a wide screen.
    note, marker = page.locator("#note-5").bounding_box(), page.locator("#ref-5").bounding_box()
    assert note["x"] > marker["x"] and abs(note["y"] - marker["y"]) < 120
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report_sample.png"), full_page=True)
    page.close()


def test_browser_report_injection_does_not_run(browser_context, tmp_path):
    from essaylens.report.models import Meta, Report

    text = "Ann\nHistory\nTitle\nThe body says <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned=2\">.\n"
    report = Report(essay_id="x", meta=Meta(body_start=text.index("The body")), text=text)
    page, _ = _open(browser_context, report, tmp_path, "inject")
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in page.locator("#essay").inner_text()
    page.close()
