"""Journey of the resolution pages: the Ministry's tracking officer registers a plan, imports
its indicators and targets from the template it downloads, splits the directorate's target to
the units below and sees the mismatch when a factory's share changes; the Quân khu 2 reporter
then sees only the targets of its own subtree."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import ROOT, log_in

pytestmark = pytest.mark.browser


def run_jobs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run the queued background jobs once, as `tongket serve`'s worker would, against the
    journey server's data directory."""
    data_dirs = sorted(
        tmp_path_factory.getbasetemp().glob("tongket-data*"), key=lambda p: p.stat().st_mtime
    )
    env = os.environ | {
        "TONGKET_DATA_DIR": str(data_dirs[-1]),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TONGKET_DEMO": "1",
    }
    env.pop("TONGKET_DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tongket",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_register_import_split_and_see_the_mismatch_then_a_reporter_sees_its_subtree(
    page, server, tmp_path, tmp_path_factory
):
    # The tracking officer registers a plan of the Ministry; the symbol is read as typed.
    log_in(page, "bqp.theodoi")
    page.click(".app-nav a[href='/resolutions/']")
    page.click("[data-testid=register-resolution]")
    page.select_option("#id_kind", "plan")
    page.fill("#id_symbol", "27/KH-BQP")
    expect(page.locator("[data-testid=symbol-check]")).to_contain_text("KH")
    page.fill("#id_issuing_unit", "BQP")
    page.fill("#id_issued_on", "05/01/2025")
    page.fill("#id_subject", "Kế hoạch sản xuất quốc phòng giai đoạn 2025-2027")
    page.fill("#id_horizon_from", "2025")
    page.fill("#id_horizon_to", "2027")
    page.click("[data-testid=save-resolution]")
    expect(page.locator("h1")).to_have_text("Số: 27/KH-BQP")
    expect(page.locator(".alert-success")).to_contain_text("27/KH-BQP")
    detail_url = page.url

    # Imports its indicators and targets from the template it downloads and fills in.
    page.click("[data-testid=excel-menu]")
    page.click("[data-testid=import-link]")
    with page.expect_download() as download_info:
        page.click("[data-testid=download-template]")
    template = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(template)
    assert template.suffix == ".xlsx"
    workbook = load_workbook(template)
    workbook["Chỉ tiêu"].append(
        ["SX01", "Sản lượng đạn dược sản xuất", "tấn", "số", "tổng", "tăng", None, None]
    )
    for row in (["SX01", "TCCNQP", None, 900], ["SX01", "TCCNQP", 2025, 300]):
        workbook["Giao chỉ tiêu"].append(row)
    filled = tmp_path / "chi-tieu.xlsx"
    workbook.save(filled)
    page.set_input_files("#id_file", str(filled))
    page.click("[data-testid=start-import]")
    expect(page).to_have_url(re.compile(r"/jobs/\d+/\?back="))
    expect(page.locator("[data-testid=job-status]")).to_be_visible()
    run_jobs(tmp_path_factory)
    expect(page.locator("[data-testid=job-status]")).to_have_attribute("data-status", "done")
    page.click(".page-actions a")  # back to the resolution
    expect(page).to_have_url(detail_url)
    expect(page.locator("[data-testid=indicator-table]")).to_contain_text("SX01")

    # Splits the directorate's 2025 target evenly to the units below, from the grid.
    page.click("[data-testid=targets-SX01]")
    page.click("[data-testid=target-grid] a:text-is('Tổng cục Công nghiệp quốc phòng')")
    expect(page.locator("[data-testid=grid-root]")).to_have_text("Tổng cục Công nghiệp quốc phòng")
    tccnqp_2025 = page.locator("[data-testid=cell-TCCNQP-2025]")
    tccnqp_2025.locator("input[name=value]").click()
    page.keyboard.press("Alt+s")  # the split dialog for this very cell
    dialog = page.locator("#action-modal")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-testid=cascade-source]")).to_contain_text("300")
    dialog.locator("input[name=method][value=even]").check()
    dialog.locator("[data-testid=dialog-submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    z111 = page.locator("[data-testid=cell-Z111-2025] input[name=value]")
    expect(z111).to_have_value("50")  # 300 over the party committee and five factories
    expect(page.locator("[data-testid=cell-TCCNQP-2025] [data-testid=mismatch]")).to_have_count(0)

    # Changes a factory's share with the keyboard: the directorate's cell shows the gap.
    z111.click()
    z111.fill("60")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=cell-Z111-PX1-2025] input[name=value]")).to_be_focused()
    mismatch = page.locator("[data-testid=cell-TCCNQP-2025] [data-testid=mismatch]")
    expect(mismatch).to_contain_text("310")
    expect(mismatch).to_contain_text("10")
    expect(page.locator("[data-testid=issue-list]")).to_contain_text(
        "Tổng cục Công nghiệp quốc phòng, 2025"
    )
    expect(page.locator("[data-testid=cell-Z111-2025]")).to_have_class(re.compile("cell-adjusted"))
    grid_url = page.url.split("?")[0]
    assert not page.console_errors, page.console_errors

    # The Quân khu 2 reporter reads the plan's targets of its own subtree only.
    page.click(".user-menu")
    page.click("[data-testid=logout]")
    log_in(page, "qk2.baocao")
    page.goto(grid_url)
    expect(page.locator("[data-testid=grid-root]")).to_have_text("Quân khu 2")
    grid = page.locator("[data-testid=target-grid]")
    expect(grid).to_contain_text("Sư đoàn 316")
    expect(grid).not_to_contain_text("Nhà máy Z111")
    expect(grid.locator("[data-target-input]")).to_have_count(0)
    response = page.goto(f"{grid_url}?unit={server['unit_id']('TCCNQP')}")
    assert response.status == 404
