"""The proof page in a real browser: Debian's Chromium driven by Playwright (never
`playwright install`: the system browser is used). Skipped, with the reason printed,
where Chromium or Playwright is missing (`.ci/run` installs Chromium)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES
from test_serve import Server

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (as .ci/run does)")
PATIENCE = 60.0  # seconds: a ceiling for waiting on a condition, never a fixed sleep; a loaded machine is slow
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900})
        context.set_default_timeout(PATIENCE * 1000)  # every wait_for / click (Playwright's own default: 30 s)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def guanxin(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    shutil.copytree(EXAMPLES / "guanxin", folder / "guanxin")
    innovation = folder / "guanxin/innovation.md"  # half its copy: a short story, a diagnostic to click
    innovation.write_text(innovation.read_text(encoding="utf-8").split("\n\n")[0] + "\n", encoding="utf-8")
    server = Server(folder / "guanxin/page.yaml", tmp_path_factory.mktemp("cache"), folder)
    yield server, folder / "guanxin"
    server.stop()


def _shown(page) -> int:
    return int(page.locator("body").get_attribute("data-serial") or 0)


def _until(page, test, timeout: float = PATIENCE):
    """Poll ``test`` until it holds (the page's own CSP forbids the eval behind
    wait_for_function); the ceiling only stops a test that would never get there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = test()
        if value:
            return value
        page.wait_for_timeout(10)
    raise AssertionError("the proof page did not get there")


def _wait_shown_after(page, serial: int) -> int:
    return _until(page, lambda: _shown(page) > serial and _shown(page))


def test_the_desk_loop_in_a_browser(browser, guanxin):
    server, folder = guanxin
    page = browser.new_page()
    page.goto(server.url)
    page.wait_for_selector("body[data-serial]")
    assert page.title().endswith("· paiban") and "关心下一代" in page.title()

    # hover a block: its id, kind and fit
    letter = page.locator('.block[data-id="letter"]').first
    letter.hover(position={"x": 40, "y": 40})
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert text.startswith("letter · article") and "容量 88 行 / 已用" in text and "guanxin/page.yaml:28" in text

    # click it: where it is defined, its copy file, and a button that copies file:line
    letter.click(position={"x": 40, "y": 40})
    assert page.locator("#info-defined").inner_text() == "guanxin/page.yaml:28"
    assert page.locator("#info-copy").inner_text() == "guanxin/letter.md"
    page.click("#copy-defined")
    _until(page, lambda: page.locator("body").get_attribute("data-copied") == "guanxin/page.yaml:28")

    # click a diagnostic: its block is highlighted
    short = page.locator("#diags li[data-code='short']").first
    block_id = short.get_attribute("data-block")
    short.click()
    highlighted = page.locator(".block.highlight")
    assert highlighted.count() >= 1 and {highlighted.nth(i).get_attribute("data-id")
                                          for i in range(highlighted.count())} == {block_id}
    assert page.locator("#info-id").inner_text() == block_id

    # zoom in, scroll: an edit of the copy brings the new proof in place, zoom and scroll kept
    for _ in range(4):
        page.click("#zoom-in")
    viewport = page.locator("#viewport")
    viewport.evaluate("v => { v.scrollTop = 300; v.scrollLeft = 120; }")
    scroll = viewport.evaluate("v => [v.scrollTop, v.scrollLeft]")
    assert scroll == [300, 120]
    zoom, width = page.locator("#zoom-level").inner_text(), page.locator("#sheet").evaluate("s => s.offsetWidth")
    serial = _shown(page)
    letter_md = folder / "letter.md"
    original = letter_md.read_text(encoding="utf-8")
    letter_md.write_text(original + "\n\n" + "新增的一段文字。" * 30 + "\n", encoding="utf-8")
    saved = time.time()
    _wait_shown_after(page, serial)
    shown_at = int(page.locator("body").get_attribute("data-shown-at")) / 1000
    assert shown_at >= saved - 0.01  # the proof of this save (its 300 ms budget: benchmarks/vs_typst.py)
    assert page.locator("#zoom-level").inner_text() == zoom
    assert page.locator("#sheet").evaluate("s => s.offsetWidth") == width
    assert viewport.evaluate("v => [v.scrollTop, v.scrollLeft]") == scroll
    assert page.locator(".block.over[data-id='letter']").count() >= 1
    assert page.locator("#diags li[data-code='overset'][data-block='letter']").count() == 1
    assert page.locator(".mark.overset").count() >= 1

    # break the YAML: the error with file:line over the last good proof
    page_yaml = folder / "page.yaml"
    good_yaml = page_yaml.read_text(encoding="utf-8")
    page_yaml.write_text(good_yaml.replace("columns: 8\n", "columns: [8\n", 1), encoding="utf-8")
    errors = page.locator("#errors")
    errors.wait_for(state="visible")
    assert "guanxin/page.yaml:" in errors.inner_text() and "error:" in errors.inner_text()
    assert page.locator("#page").is_visible() and _shown(page) > serial  # the last good proof stays
    assert page.locator("#status").inner_text().startswith("errors")

    # fix it: the proof again, without the error
    shown = _shown(page)
    letter_md.write_text(original, encoding="utf-8")
    page_yaml.write_text(good_yaml, encoding="utf-8")
    errors.wait_for(state="hidden")
    _wait_shown_after(page, shown)
    assert page.locator(".block.over[data-id='letter']").count() == 0
    page.close()


def test_an_issue_shows_thumbnails_and_opens_any_page(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("issue")
    shutil.copytree(EXAMPLES, folder / "examples")
    server = Server(folder / "examples/issue.yaml", tmp_path_factory.mktemp("cache"), folder)
    try:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector("body[data-serial]")
        thumbs = page.locator("#thumbs figure")
        assert thumbs.count() == 2
        images = page.locator("#thumbs img")
        _until(page, lambda: all(images.nth(i).evaluate("i => i.naturalWidth") > 0 for i in range(images.count())))
        assert "劳动者之窗" in page.locator("#title").inner_text()
        thumbs.nth(1).click()
        _until(page, lambda: "关心下一代" in page.locator("#title").inner_text())
        page.wait_for_selector('.block[data-id="letter"]')
        assert page.locator("#thumbs figure.current").get_attribute("data-index") == "1"
        page.close()
    finally:
        server.stop()
