"""Journey of offline entry (issue 16): a reporter of Sư đoàn 316's Trung đoàn 98 (148 is
the conflict journey's) opens the report page (the service worker keeps it), loses the
connection, reopens the page from the device, types a figure (kept in the page's queue, said
on the row and in the status bar), gets the connection back (the figure is sent through the
version check), submits, and the division's roll-up counts the figure; the unit's figure
through the API, asked (and cached) before, shows it at once."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.test_journeys_reviews import signed_in

pytestmark = pytest.mark.browser


def test_a_figure_typed_offline_is_sent_when_the_connection_is_back(browser, server):  # type: ignore[no-untyped-def]
    query = server["query"]
    (report, unit, parent, period), *_ = query(
        "select r.id, u.id, u.parent_id, r.period_id from reporting_report r"
        " join org_unit u on u.id = r.unit_id join reporting_period p on p.id = r.period_id"
        " join reporting_reportform f on f.id = r.form_id"
        " where p.is_open = 1 and r.state = 'draft' and f.code = 'BC6T-623-QK2'"
        " and u.code = 'SD316-E98'"
    )
    page = signed_in(browser, server, "qk2.baocao")
    url = f"{server['url']}/reports/{report}/"
    page.goto(url)
    # The service worker installs and takes the page; the next visit keeps the page.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    row = page.locator("tbody.entry-group:has(input[name=value][data-slot='1'])").first
    indicator = int(row.get_attribute("data-indicator"))

    # Offline: the page comes from the device, and the figure waits in the queue.
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("[data-testid=entry-grid]")).to_be_visible()
    row = page.locator(f"#row-{indicator}")
    row.locator("input[name=value]").fill("77")
    row.locator("input[name=comment]").focus()
    expect(row.locator(".entry-status")).to_have_attribute("data-state", "queued")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "queued")
    assert query(
        "select count(*) from reporting_datavalue where report_id = ? and indicator_id = ?"
        " and value = 77",
        report,
        indicator,
    ) == [(0,)]

    # Back online: the queue is sent, the row is saved.
    page.context.set_offline(False)
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    expect(page.locator(f"#row-{indicator} .entry-status")).not_to_have_attribute(
        "data-state", "queued"
    )
    stored = query(
        "select value from reporting_datavalue where report_id = ? and indicator_id = ?",
        report,
        indicator,
    )
    assert [float(value) for (value,) in stored] == [77.0]

    # Submitted, the figure rolls up to the division at once.
    def rolled() -> float:
        found = query(
            "select value_sum from reporting_rollup where unit_id = ? and indicator_id = ?"
            " and period_id = ? and basis = 'submitted'",
            parent,
            indicator,
            period,
        )
        return float(found[0][0]) if found else 0.0

    before = rolled()
    # The unit's figure through the API, asked twice (the second answer is the cached read);
    # the submission below must show in the next answer all the same.
    ((code, symbol),) = query(
        "select i.code, r.symbol from resolutions_indicator i"
        " join resolutions_resolution r on r.id = i.resolution_id where i.id = ?",
        indicator,
    )
    ((unit_code,),) = query("select code from org_unit where id = ?", unit)
    ((period_code,),) = query("select code from reporting_period where id = ?", period)
    analytics = f"{server['url']}/api/v1/analytics/?" + urlencode(
        {
            "indicator": code,
            "resolution": symbol,
            "unit": unit_code,
            "period": period_code,
            "basis": "submitted",
        }
    )

    def shown() -> float:
        answer = page.request.get(analytics)
        assert answer.ok, answer.text()[:300]
        return float(answer.json()["value"] or 0)

    shown_before = shown()
    assert shown() == shown_before
    page.reload()
    # Figures far from the unit's earlier ones are explained before submitting.
    flagged = page.locator("tbody.entry-group:has(.entry-status[data-state=warning])")
    for pk in [element.get_attribute("data-indicator") for element in flagged.all()]:
        warned = page.locator(f"#row-{pk}")
        warned.locator("input[name=comment]").fill("Đã kiểm tra lại số liệu.")
        warned.locator("input[name=comment]").press("Tab")
        expect(warned.locator(".entry-status")).not_to_have_attribute("data-state", "warning")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    page.locator("[data-testid=submit-report]").click()
    expect(page.locator("[data-testid=state-badge]")).to_have_class(re.compile("state-submitted"))
    assert rolled() - before == pytest.approx(77.0)
    assert shown() - shown_before == pytest.approx(77.0)
    assert unit != parent
