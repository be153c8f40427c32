"""The analysis pages: the pivot as table and chart, its exports, favourites saved and
shared, unit groups; another branch's objects answer 404."""

import csv
import io

import pytest
from openpyxl import load_workbook

import tongket.analysis.testing
from tongket.analysis import services
from tongket.analysis.models import UnitGroup, Visualization
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def hc(code: str) -> Indicator:
    return Indicator.objects.get(code=code, resolution__symbol="623-NQ/QUTW")


def query(**changes):  # type: ignore[no-untyped-def]
    qk2 = Unit.objects.get(code="QK2")
    base = {
        "shown": "1",
        "indicators": [hc("HC01").pk, hc("HC03").pk],
        "units": [qk2.pk],
        "relative": ["last_4_half_years"],
        "rows": "indicator",
        "columns": "period",
        "chart": "table",
        "totals": "1",
    }
    return {**base, **changes}


def test_the_pivot_page_shows_the_table_with_formulas_on_hover(client, users):
    client.force_login(users["qk2.baocao"])
    assert client.get("/analysis/").status_code == 200
    response = client.get("/analysis/", query())
    assert response.status_code == 200
    table = response.context["table"]
    assert [r.item("indicator").code for r in table.rows] == ["HC01", "HC03"]
    assert len(table.columns) == 4
    body = response.content.decode()
    first = next(c for c in table.cells[0] if c.formula)
    assert f'title="{first.formula}"' in body
    assert 'data-testid="pivot-table"' in body


def test_a_chart_embeds_its_data_without_inline_script(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/analysis/", query(chart="line"))
    body = response.content.decode()
    assert '<script id="pivot-data" type="application/json">' in body
    assert "js/pivot.js" in body
    assert response.context["chart"]["chart"] == "line"


def test_a_bad_layout_is_named_on_the_form_and_nothing_shown(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/analysis/", query(rows="unit", columns="period"))
    assert response.status_code == 200
    assert response.context["table"] is None
    assert "filters" in response.context["errors"]


def test_exports_keep_numbers_as_numbers_under_a_title_block(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/analysis/", query(export="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("HC01")
    assert sheet["A5"].value == "Chỉ tiêu"
    hc01 = sheet["B6"]
    assert isinstance(hc01.value, int | float)
    assert hc01.number_format.startswith("#,##0")
    text = client.get("/analysis/", query(export="csv")).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["indicator_code", "indicator", "unit_code"]
    assert len(lines) == 1 + 2 * 4
    assert {line[0] for line in lines[1:]} == {"HC01", "HC03"}


def test_a_name_that_reads_as_a_formula_is_exported_as_text(client, users):
    """Given an indicator named like a spreadsheet formula, when the pivot is exported to CSV,
    then its name starts with an apostrophe (a spreadsheet shows it, never runs it), and the
    figures stay numbers."""
    Indicator.objects.filter(pk=hc("HC01").pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(users["qk2.baocao"])
    text = client.get("/analysis/", query(export="csv")).content.decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text))][1:]
    names = {row[1] for row in rows if row[0] == "HC01"}
    assert names == {'\'=HYPERLINK("http://x","y")'}
    figures = [row[5] for row in rows if row[5]]
    assert figures and all(float(figure) is not None for figure in figures)  # no apostrophe


def test_a_favourite_is_saved_shared_and_opened_by_a_colleague(client, users):
    """Given a pivot on screen, when the QK2 reporter saves it shared with QK2, then the QK2
    approver finds it among the favourites and opens the same table; a CNQP user does not."""
    qk2 = Unit.objects.get(code="QK2")
    client.force_login(users["qk2.baocao"])
    post = {k: v for k, v in query().items() if k != "shown"}
    response = client.post(
        "/analysis/favourites/", {**post, "name": "Hậu cần QK2", "shared": "on", "unit": qk2.pk}
    )
    favourite = Visualization.objects.get(name="Hậu cần QK2")
    assert response.status_code == 302 and f"favourite={favourite.pk}" in response["Location"]
    assert favourite.shared and favourite.unit == qk2
    assert favourite.spec["relative"] == ["last_4_half_years"]
    assert ChangeLog.objects.filter(action="visualization_create", object_id=str(favourite.pk))
    client.force_login(users["qk2.duyet"])
    listing = client.get("/analysis/favourites/")
    assert "Hậu cần QK2" in listing.content.decode()
    opened = client.get(f"/analysis/favourites/{favourite.pk}/", follow=True)
    assert len(opened.context["table"].rows) == 2
    deleted = client.post(f"/analysis/favourites/{favourite.pk}/delete/")
    assert deleted.status_code == 302 and Visualization.objects.filter(pk=favourite.pk).exists()
    client.force_login(users["cnqp.baocao"])
    assert "Hậu cần QK2" not in client.get("/analysis/favourites/").content.decode()
    assert client.get(f"/analysis/favourites/{favourite.pk}/").status_code == 404
    assert client.get("/analysis/", {"favourite": favourite.pk}).status_code == 404


def test_another_branch_is_not_found(client, users):
    """Given CNQP's favourite and group, a QK2 user gets 404 on each of their pages and
    changes nothing."""
    cnqp = Unit.objects.get(code="TCCNQP")
    owner = users["cnqp.baocao"]
    favourite = tongket.analysis.testing._visualization(cnqp, owner)
    group = tongket.analysis.testing.branch_group(cnqp)
    member = group.members.first()
    client.force_login(users["qk2.baocao"])
    before = ChangeLog.objects.count()
    for path in [
        f"/analysis/favourites/{favourite}/",
        f"/analysis/groups/{group.pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    for path in [
        f"/analysis/favourites/{favourite}/delete/",
        f"/analysis/groups/{group.pk}/",
        f"/analysis/groups/members/{member.pk}/end/",
    ]:
        assert client.post(path, {"unit": 1}).status_code == 404, path
    assert client.get("/analysis/", query(units=[cnqp.pk])).status_code == 404
    assert ChangeLog.objects.count() == before


def test_a_tracking_officer_keeps_groups_used_in_the_pivot(client, users):
    """Given the QK2 tracking officer, when a group of two divisions is created and a third
    unit added, then the pivot over the group has a row per member."""
    client.force_login(users["qk2.theodoi"])
    qk2 = Unit.objects.get(code="QK2")
    session = client.session
    session["tongket_active_unit"] = qk2.pk
    session.save()
    sd316, sd355 = Unit.objects.get(code="SD316"), Unit.objects.get(code="SD355")
    response = client.post(
        "/analysis/groups/",
        {"code": "bien gioi", "name": "Đơn vị biên giới", "units": [sd316.pk, sd355.pk]},
    )
    group = UnitGroup.objects.get(code="BIENGIOI")
    assert response.status_code == 302
    refused = client.post(f"/analysis/groups/{group.pk}/", {"unit": sd316.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors["unit"]
    assert group.members.count() == 2
    pivot = client.get(
        "/analysis/",
        query(
            units=[], groups=[group.pk], rows="unit", columns="period", indicators=[hc("HC03").pk]
        ),
    )
    assert [r.item("unit").code for r in pivot.context["table"].rows] == ["SD316", "SD355"]


def test_a_reporter_cannot_keep_groups(client, users):
    qk2 = Unit.objects.get(code="QK2")
    group = services.group_create(
        by=users["qk2.theodoi"], owner_unit=qk2, code="G1", name="Nhóm", units=[qk2]
    )
    client.force_login(users["qk2.baocao"])
    assert client.get(f"/analysis/groups/{group.pk}/").status_code == 200
    assert client.post(f"/analysis/groups/{group.pk}/", {"unit": qk2.pk}).status_code == 404
    assert client.post("/analysis/groups/", {"code": "G2", "name": "X"}).status_code == 404
    assert not UnitGroup.objects.filter(code="G2").exists()
