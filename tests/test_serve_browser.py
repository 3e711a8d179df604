"""The deliberation page in a real browser: headless Chromium (the system's, never a downloaded
one) driven by Playwright. Skipped when Chromium or Playwright is absent, except under CI=true.

Screenshots go to the test's tmp folder and, for people to look at, to /tmp/serve-shots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.i18n import set_language
from planner.web import Session, create_app

ROOT = Path(__file__).resolve().parents[1]
PHUC_THO = ROOT / "scenarios" / "phuc-tho-2023" / "scenario.toml"
PHUC_THO_GROUP = "2023-272"  # Huyện Phúc Thọ in the official list of 2023
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/serve-shots")


def _browser_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Chromium (/usr/bin/chromium) and Playwright for these tests")
        pytest.skip("no system Chromium or no Playwright")
    return sync_playwright


class Served:
    """The page served by uvicorn on 127.0.0.1 (a free port) in a thread of this process."""

    def __init__(self, session: Session) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(session, port=self.port), log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        # offline: any request that leaves 127.0.0.1 fails the test
        leaks: list[str] = []
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1:")
                else (leaks.append(route.request.url), route.abort())
            ),
        )
        page = context.new_page()
        page.set_default_timeout(90_000)
        yield page
        browser.close()
        assert not leaks, leaks


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _wait_done(page: Any, previous: str | None) -> str:
    """Wait for a run other than ``previous`` to finish; its id."""
    page.wait_for_function(
        """previous => { const r = document.querySelector('[data-testid=run]');
             return r && r.dataset.run !== previous && r.dataset.status !== 'running'
                    && r.dataset.status !== 'ranking'; }""",
        arg=previous or "",
    )
    return str(page.locator("[data-testid=run]").get_attribute("data-run"))


def _bar(page: Any, group: str) -> dict[str, float]:
    bar = page.locator(f"[data-testid=plan-1] [data-testid=bar-{group}]")
    return {k: float(bar.get_attribute(f"data-{k}")) for k in ("before", "after", "target")}


def test_solve_pin_resolve_and_lower_a_target(browser_page: Any, tmp_path: Path) -> None:
    set_language("vi")  # the default language of a person (the tests run in English)
    session = Session(PHUC_THO)
    served = Served(session)
    page = browser_page
    try:
        page.goto(served.url)
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "Phúc Thọ" in page.locator("[data-testid=scenario-name]").inner_text()
        _shot(page, tmp_path, "1-opened")

        page.click("[data-testid=solve]")
        first = _wait_done(page, None)
        assert page.locator("[data-testid=run]").get_attribute("data-status") == "plans"
        assert page.locator("[data-testid=plan-1]").count() == 1
        _shot(page, tmp_path, "2-plans")

        move = page.locator("[data-testid=plan-1] [data-testid=move]").first
        seat, official = move.get_attribute("data-seat"), move.get_attribute("data-official")
        move.locator("[data-testid=forbid]").click()
        page.wait_for_selector("[data-testid=pins]")
        assert official in page.locator("[data-testid=pins]").inner_text()
        page.click("[data-testid=solve]")
        second = _wait_done(page, first)
        assert page.locator("[data-testid=run]").get_attribute("data-status") == "plans"
        placed = page.locator(f"[data-testid=move][data-seat='{seat}'][data-official='{official}']")
        assert placed.count() == 0  # the forbid pin is honoured in every plan
        assert page.locator("[data-testid=compare]").count() == 1
        assert page.locator("[data-testid=kept-close]").count() == 1
        _shot(page, tmp_path, "3-pinned")

        before = _bar(page, PHUC_THO_GROUP)
        page.fill(f"[data-testid=target-{PHUC_THO_GROUP}]", "0.3")
        page.click("[data-testid=solve]")
        _wait_done(page, second)
        after = _bar(page, PHUC_THO_GROUP)
        assert after["target"] < before["target"]
        assert after["after"] < before["after"]  # fewer non-locals needed, fewer moved
        page.locator(f"[data-testid=bar-{PHUC_THO_GROUP}]").first.scroll_into_view_if_needed()
        _shot(page, tmp_path, "4-lower-target")
    finally:
        served.stop()
        session.close()


def test_infeasible_scenario_and_a_lever(browser_page: Any, tmp_path: Path) -> None:
    set_language(None)
    # Phúc Thọ at 95%: at most 32 of 36 seats can go to non-locals (35 needed); the scenario
    # is a copy whose data is the bundled folder, opened by its path on the page
    text = PHUC_THO.read_text(encoding="utf-8")
    data = (PHUC_THO.parent / "data").as_posix()
    text = text.replace('data = "data"', f'data = "{data}"')
    text = text.replace("min_nonlocal_ratio = 0.5", "min_nonlocal_ratio = 0.95")
    assert "0.95" in text and data in text
    scenario = tmp_path / "case" / "scenario.toml"
    scenario.parent.mkdir()
    scenario.write_text(text, encoding="utf-8")
    session = Session()
    served = Served(session)
    page = browser_page
    try:
        page.goto(served.url)
        page.fill("input[name=path]", str(scenario))
        page.click("[data-testid=open]")
        page.wait_for_selector("[data-testid=solve]")
        page.click("[data-testid=solve]")
        first = _wait_done(page, None)
        assert page.locator("[data-testid=run]").get_attribute("data-status") == "no_plan"
        assert page.locator("[data-testid=no-plan]").count() == 1
        _shot(page, tmp_path, "5-no-plan")
        page.click("[data-testid=lever-0]")
        _wait_done(page, first)
        assert page.locator("[data-testid=run]").get_attribute("data-status") == "plans"
        _shot(page, tmp_path, "6-lever-applied")
    finally:
        served.stop()
        session.close()


ROADMAP = ROOT / "scenarios" / "phuc-tho-roadmap" / "scenario.toml"


def test_roadmap_with_its_chart_and_batches(browser_page: Any, tmp_path: Path) -> None:
    set_language("vi")
    session = Session(ROADMAP)
    served = Served(session)
    page = browser_page
    try:
        assert session.opened is not None and session.opened.roadmap is not None
        batches = len(session.opened.roadmap.batches)
        groups = len(session.opened.groups)
        page.goto(served.url)
        section = page.locator("[data-testid=roadmap-section]")
        assert section.count() == 1
        assert page.locator("[data-testid=roadmap-dates]").input_value().count("/") == 2 * batches
        page.click("[data-testid=roadmap]")
        _wait_done(page, None)
        run = page.locator("[data-testid=run]")
        assert run.get_attribute("data-status") == "plans"
        chart = page.locator("[data-testid=roadmap-chart]")
        chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => { const i = document.querySelector('[data-testid=roadmap-chart]');"
            " return i && i.complete && i.naturalWidth > 0; }"
        )
        rows = page.locator("[data-testid=roadmap-row]")
        assert rows.count() == batches * groups
        seen = {rows.nth(i).get_attribute("data-batch") for i in range(rows.count())}
        assert seen == {str(k) for k in range(1, batches + 1)}
        for i in range(rows.count()):
            row = rows.nth(i)
            assert int(row.get_attribute("data-after")) >= int(row.get_attribute("data-required"))
        assert page.locator("[data-testid=download-zip]").count() == 1
        assert page.locator("[data-testid=roadmap]").is_enabled()  # again, once it is done
        section.scroll_into_view_if_needed()
        _shot(page, tmp_path, "7-roadmap")
        assert (tmp_path / "7-roadmap.png").stat().st_size > 0
    finally:
        served.stop()
        session.close()
