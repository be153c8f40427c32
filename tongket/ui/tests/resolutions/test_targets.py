"""The target grid: units as rows and years as columns, cell-by-cell saving with its checks,
the split of a target and its phasing; readers and other branches see only what reaches
them and write nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongket.core.models import ChangeLog
from tongket.resolutions import selectors
from tongket.resolutions.models import Target
from tongket.ui.tests.resolutions.helpers import HTMX, indicator, unit

pytestmark = pytest.mark.django_db


# --- The target grid ----------------------------------------------------------------------


def post_cell(client, kt01, code: str, year: int | None, value: str, **extra):  # type: ignore[no-untyped-def]
    target = Target.objects.filter(indicator=kt01, unit__code=code, year=year).first()
    return client.post(
        f"/indicators/{kt01.pk}/targets/cell/",
        {
            "unit": unit(code).pk,
            "year": year or "",
            "root": unit("TCCNQP").pk,
            "value": value,
            "version": target.version if target else "",
            **extra,
        },
        **HTMX,
    )


def test_the_grid_has_units_as_rows_and_years_as_columns(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    with django_assert_max_num_queries(20):
        response = client.get(f"/indicators/{kt01.pk}/targets/")
    grid = response.context["grid"]
    assert response.context["root"].code == "TCCNQP"
    assert grid["years"] == list(range(2008, 2023))
    assert [r["unit"].code for r in grid["rows"]][:3] == ["TCCNQP", "DU-TCCNQP", "Z111"]
    assert all(row["editable"] for row in grid["rows"])
    assert grid["cascade_issues"] == 0
    assert response.content.decode().count("data-target-input") == len(grid["rows"]) * 16


def test_a_saved_cell_answers_itself_and_the_checks_out_of_band(client, officer):
    """Given the factories add up to the directorate's 2008 target, when Z111's share is
    raised by 22 the answer carries the cell, the directorate's cell marked with the gap in
    words and the checks, and the adjustment keeps the old value and the reason."""
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    old = Target.objects.get(indicator=kt01, unit__code="Z111", year=2008)
    parent = Target.objects.get(indicator=kt01, unit__code="TCCNQP", year=2008)
    new_value = old.value + 22
    response = post_cell(
        client, kt01, "Z111", 2008, f"{new_value:,.1f}".replace(",", " "), reason="Bổ sung"
    )
    assert response.status_code == 200
    body = response.content.decode()
    tccnqp, z111 = unit("TCCNQP").pk, unit("Z111").pk
    assert f'id="cell-{z111}-2008"' in body
    assert f'hx-swap-oob="outerHTML" id="cell-{tccnqp}-2008"' in body
    assert 'id="grid-checks" hx-swap-oob="true"' in body
    assert f'id="unit-{z111}"' in body  # the row's phasing warning
    issues = response.context["grid"]["issues"]
    assert [(i["unit"].code, i["year"], i["difference"]) for i in issues] == [
        ("TCCNQP", 2008, Decimal(22))
    ]
    assert response.context["grid"]["issues"][0]["parent"] == parent.value
    target = Target.objects.get(pk=old.pk)
    assert target.value == new_value
    adjustment = target.adjustments.first()
    assert (adjustment.old_value, adjustment.reason, adjustment.username) == (
        old.value,
        "Bổ sung",
        "bqp.theodoi",
    )
    history = client.get(f"/targets/{target.pk}/history/", **HTMX)
    assert history.context["adjustments"][0].old_value == old.value
    assert "Bổ sung" in history.content.decode()


def test_an_emptied_cell_removes_the_target_and_a_bad_number_stays_in_the_cell(client, officer):
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    before = Target.objects.get(indicator=kt01, unit__code="Z113", year=2009).value
    response = post_cell(client, kt01, "Z113", 2009, "năm nghìn")
    assert response.context["error"] and 'class="cell-error"' in response.content.decode()
    assert 'value="năm nghìn"' in response.content.decode()
    assert Target.objects.get(indicator=kt01, unit__code="Z113", year=2009).value == before
    post_cell(client, kt01, "Z113", 2009, "")
    assert not Target.objects.filter(indicator=kt01, unit__code="Z113", year=2009).exists()
    z115 = Target.objects.get(indicator=kt01, unit__code="Z115", year=2010)
    stale = post_cell(client, kt01, "Z115", 2010, "1", version="999")
    assert stale.context["error"]
    assert Target.objects.get(pk=z115.pk).value == z115.value


def test_a_reader_sees_the_grid_without_inputs_and_writes_nothing(client, users):
    client.force_login(users["cnqp.baocao"])
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    response = client.get(f"/indicators/{kt01.pk}/targets/")
    assert response.context["root"].code == "TCCNQP"
    assert "data-target-input" not in response.content.decode()
    changes = ChangeLog.objects.count()
    answer = post_cell(client, kt01, "Z111", 2008, "1")
    assert answer.context["error"]
    assert ChangeLog.objects.count() == changes


def test_the_quan_khu_2_reporter_sees_only_the_targets_of_its_subtree(client, users):
    client.force_login(users["qk2.baocao"])
    qk2 = unit("QK2")
    hc03 = indicator("623-NQ/QUTW", "HC03")
    grid = client.get(f"/indicators/{hc03.pk}/targets/").context["grid"]
    assert grid["rows"][0]["unit"] == qk2
    assert all(row["unit"].path.startswith(qk2.path) for row in grid["rows"])
    assert any(cell["target"] for row in grid["rows"] for cell in row["cells"])
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    assert (
        client.get(f"/indicators/{kt01.pk}/targets/", {"unit": unit("TCCNQP").pk}).status_code
        == 404
    )
    z111 = Target.objects.filter(indicator=kt01, unit__code="Z111").first()
    assert client.get(f"/targets/{z111.pk}/history/").status_code == 404


def test_a_target_split_evenly_adds_up_exactly(client, officer):
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    z121 = unit("Z121")
    parent = Target.objects.get(indicator=kt01, unit=z121, year=2010)
    dialog = client.get(
        f"/indicators/{kt01.pk}/targets/cascade/",
        {"unit": z121.pk, "year": "2010", "root": unit("TCCNQP").pk},
        **HTMX,
    )
    assert [c["unit"].code for c in dialog.context["children"]] == ["Z121-PX1", "Z121-PX2"]
    assert dialog.context["parent"] == parent
    response = client.post(
        f"/indicators/{kt01.pk}/targets/cascade/",
        {"unit": z121.pk, "year": "2010", "method": "even", "root": unit("TCCNQP").pk},
        **HTMX,
    )
    assert response["HX-Redirect"] == f"/indicators/{kt01.pk}/targets/?unit={unit('TCCNQP').pk}"
    shares = Target.objects.filter(indicator=kt01, unit__parent=z121, year=2010)
    assert sum(t.value for t in shares) == parent.value and shares.count() == 2


def test_a_split_by_hand_shows_the_gap_and_a_proportion_needs_a_base(client, officer):
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    z121 = unit("Z121")
    px1, px2 = unit("Z121-PX1"), unit("Z121-PX2")
    url = f"/indicators/{kt01.pk}/targets/cascade/"
    base = {"unit": z121.pk, "year": "2011", "root": z121.pk}
    refused = client.post(url, base | {"method": "proportional"}, **HTMX)
    assert refused.context["form"].errors["base_indicator"]
    bad = client.post(url, base | {"method": "manual", f"share-{px1.pk}": "nhiều"}, **HTMX)
    assert bad.status_code == 200 and bad.context["children"][0]["error"]
    client.post(
        url,
        base | {"method": "manual", f"share-{px1.pk}": "1.000,0", f"share-{px2.pk}": "1.000,5"},
    )
    values = dict(
        Target.objects.filter(indicator=kt01, year=2011, unit__in=[px1, px2]).values_list(
            "unit__code", "value"
        )
    )
    assert values == {"Z121-PX1": Decimal(1000), "Z121-PX2": Decimal("1000.5")}
    grid = client.get(f"/indicators/{kt01.pk}/targets/", {"unit": z121.pk}).context["grid"]
    gap = next(i for i in grid["issues"] if i["unit"] == z121 and i["year"] == 2011)
    parent = Target.objects.get(indicator=kt01, unit=z121, year=2011).value
    assert gap["children"] == Decimal("2000.5") and gap["difference"] == Decimal("2000.5") - parent
    page = client.get(f"/indicators/{kt01.pk}/targets/", {"unit": z121.pk}).content.decode()
    assert f'id="cell-{z121.pk}-2011" class="num target-cell cell-mismatch' in page
    assert 'data-testid="mismatch"' in page and 'data-testid="issue-list"' in page


def test_a_whole_horizon_target_is_phased_over_the_years(client, officer):
    client.force_login(officer)
    kt01 = indicator("382-NQ/ĐUQSTW", "KT01")
    z111 = unit("Z111")
    whole = Target.objects.get(indicator=kt01, unit=z111, year__isnull=True)
    client.post(f"/indicators/{kt01.pk}/targets/phase/", {"unit": z111.pk, "root": z111.pk})
    yearly = Target.objects.filter(indicator=kt01, unit=z111, year__isnull=False)
    assert yearly.count() == 15 and sum(t.value for t in yearly) == whole.value
    grid = selectors.target_grid(user=officer, indicator=kt01, root=z111)
    assert grid["phasing_issues"] == 0
