"""Take the README's screenshots from a running Tổng Kết holding the demo data.

    make demo                      # in another terminal: serves at http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000

Writes overview.png (the home page), unit-tree.png (the unit tree with Quân ủy Trung ương
and Bộ Quốc phòng opened), dashboard.png (the dashboard of Quân khu 2 on Resolution 623),
campaign.png (the review of Resolution 382) and dossier.png (its review report) into
--out (docs/img by default), at the 1366×768 office screen the
product is designed for. Drives Chromium through Playwright (Debian's /usr/bin/chromium by
default, as the browser tests do).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def log_in(page: Page, base_url: str, user: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def overview(page: Page, base_url: str, out: Path) -> Path:
    page.goto(f"{base_url}/")
    page.wait_for_load_state("networkidle")
    path = out / "overview.png"
    page.screenshot(path=str(path))
    return path


def unit_tree(page: Page, base_url: str, out: Path) -> Path:
    page.goto(f"{base_url}/units/")
    tree = page.locator("[data-testid=unit-tree]")
    top = tree.locator("li", has_text="Quân ủy Trung ương").first
    top.locator("[data-tree-toggle]").first.click()
    expect(tree.locator("a", has_text="Bộ Quốc phòng")).to_be_visible()
    ministry = tree.locator("li", has=page.locator("a", has_text="Bộ Quốc phòng")).last
    ministry.locator("[data-tree-toggle]").first.click()
    expect(tree.locator("a", has_text="Quân khu 2")).to_be_visible()
    page.wait_for_load_state("networkidle")
    path = out / "unit-tree.png"
    page.screenshot(path=str(path))
    return path


def dashboard(page: Page, base_url: str, out: Path) -> Path:
    page.goto(f"{base_url}/dashboards/")
    page.locator("main a", has_text="623-NQ").first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the charts animate in
    path = out / "dashboard.png"
    page.screenshot(path=str(path))
    return path


def campaign(page: Page, base_url: str, out: Path) -> Path:
    page.goto(f"{base_url}/campaigns/")
    page.locator("table a", has_text="382").first.click()
    page.wait_for_load_state("networkidle")
    path = out / "campaign.png"
    page.screenshot(path=str(path))
    return path


def dossier(page: Page, base_url: str, out: Path) -> Path:
    """The draft review report of the campaign open in the page (run after campaign)."""
    page.locator("a[href*='/documents/']").first.click()
    page.wait_for_load_state("networkidle")
    path = out / "dossier.png"
    page.screenshot(path=str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="tongket-demo")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    parser.add_argument("--language", default="vi-VN", help="browser locale")
    args = parser.parse_args()

    base_url = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=args.language)
        page = context.new_page()
        log_in(page, base_url, args.user, args.password)
        for take in (overview, unit_tree, dashboard, campaign, dossier):
            print(take(page, base_url, args.out))
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
