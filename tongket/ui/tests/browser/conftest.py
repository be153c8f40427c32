"""Browser journeys: Debian's Chromium driven by Playwright against the real server (gunicorn)
on loopback, with a fresh SQLite database holding the demo data. A failing journey leaves a
screenshot in test-results/."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
RESULTS = ROOT / "test-results"
PASSWORD = "tongket-demo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    data_dir = tmp_path_factory.mktemp("tongket-data")
    env = os.environ | {
        "TONGKET_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TONGKET_DEMO": "1",
        "TONGKET_LOGIN_MAX_FAILURES": "50",
    }
    env.pop("TONGKET_DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/login/", timeout=1)  # noqa: S310 - loopback only
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise RuntimeError(
            "the server did not start: " + (data_dir / "server.log").read_text()[-2000:]
        )

    def unit_id(code: str) -> int:
        with sqlite3.connect(data_dir / "tongket.sqlite3") as db:
            return db.execute("select id from org_unit where code = ?", (code,)).fetchone()[0]

    def query(sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(data_dir / "tongket.sqlite3") as db:
            return db.execute(sql, params).fetchall()

    yield {"url": url, "unit_id": unit_id, "query": query}
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # An assertion waits as long as an action: on a loaded machine a step that renders and
    # stores two Word files (issuing a resolution) takes seconds, not the default five.
    expect.set_options(timeout=15_000)
    executable = os.environ.get("TONGKET_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(browser, server, request):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.base = server["url"]
    page.console_errors = errors
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base + "/")
