"""The resolution pages: the list and its filters, registering with the issuer-code check,
the resolution page and its parts (status, relations, parties, files, objectives and tasks,
assignments, indicators), the target grid with its cell-by-cell saving, checks, split and
phasing, and the workbook. Data set up through the services on the demo; other branches 404."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.core.models import ChangeLog, Job
from tongket.core.text import sort_key
from tongket.org.models import Unit
from tongket.resolutions import selectors, services
from tongket.resolutions.models import (
    Assignment,
    Indicator,
    Item,
    Resolution,
    ResolutionAttachment,
    Target,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def resolution(symbol: str) -> Resolution:
    return Resolution.objects.get(symbol=symbol)


def indicator(symbol: str, code: str) -> Indicator:
    return Indicator.objects.get(resolution__symbol=symbol, code=code)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def symbols(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.symbol for r in response.context["page"].object_list]


@pytest.fixture
def officer(users):  # type: ignore[no-untyped-def]
    """The tracking officer of the Ministry: keeps the resolutions kept under BQP."""
    return users["bqp.theodoi"]


@pytest.fixture
def plan(officer):  # type: ignore[no-untyped-def]
    """A plan of the Ministry registered for the tests, kept by BQP, 2024–2026."""
    return services.resolution_create(
        by=officer,
        kind="plan",
        symbol="12/KH-BQP",
        issuing_unit=unit("BQP"),
        owner_unit=unit("BQP"),
        subject="Kế hoạch thử nghiệm",
        issued_on=datetime.date(2024, 1, 5),
        horizon_from=2024,
        horizon_to=2026,
    )


def record_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": "resolution",
        "symbol": "99-NQ/ĐUQSTW",
        "issuing_unit": "QUTW",
        "issued_on": "01/03/2020",
        "status": "in_force",
        "subject": "về thử nghiệm đăng ký nghị quyết",
        "horizon_from": "2020",
        "horizon_to": "2025",
        "owner_unit": "BQP",
        "classification": "none",
        "on_track_from": "90",
        "at_risk_from": "70",
    }
    return data | changes


# --- The list -----------------------------------------------------------------------------


def test_search_ignores_diacritics_and_finds_old_and_new_issuer_codes(client, officer):
    client.force_login(officer)
    assert "382-NQ/ĐUQSTW" in symbols(client.get("/resolutions/", {"q": "ky thuat"}))
    # The old abbreviation matches the symbol and every name the issuer ever had.
    assert "382-NQ/ĐUQSTW" in symbols(client.get("/resolutions/", {"q": "duqstw"}))
    assert "06-NQ/TW" not in symbols(client.get("/resolutions/", {"q": "duqstw"}))
    # The Commission's code since 2011 finds the symbol written with the old one.
    assert symbols(client.get("/resolutions/", {"q": "382-NQ/QUTW"})) == ["382-NQ/ĐUQSTW"]


def test_filters_narrow_the_list_and_stay_in_the_links(client, officer):
    client.force_login(officer)
    response = client.get("/resolutions/", {"kind": "coordination_programme"})
    assert symbols(response) == ["01-CTr/ĐUQS"]
    assert "kind=coordination_programme" in response.content.decode()
    assert symbols(client.get("/resolutions/", {"issuer": "DUQS-DL"})) == ["01-CTr/ĐUQS"]
    in_2023 = symbols(client.get("/resolutions/", {"year": "2023"}))
    assert "623-NQ/QUTW" in in_2023  # 2013–2020 and the following years
    assert "382-NQ/ĐUQSTW" not in in_2023  # 2008–2022
    services.resolution_set_status(
        by=officer, resolution=resolution("382-NQ/ĐUQSTW"), status="expired"
    )
    assert symbols(client.get("/resolutions/", {"status": "expired"})) == ["382-NQ/ĐUQSTW"]
    bad = client.get("/resolutions/", {"issuer": "KHONG-CO"})
    assert bad.status_code == 200 and bad.context["form"].errors["issuer"]


def test_subjects_sort_in_vietnamese_order(client, officer):
    client.force_login(officer)
    listed = client.get("/resolutions/", {"sort": "subject"}).context["page"].object_list
    keys = [sort_key(r.subject) for r in listed]
    assert keys == sorted(keys) and len(keys) >= 5
    issuers = client.get("/resolutions/", {"sort": "issuer"}).context["page"].object_list
    names = [sort_key(r.issuing_unit.name) for r in issuers]
    assert names == sorted(names)


def test_the_list_shows_only_what_reaches_the_user(client, users):
    client.force_login(users["qk2.baocao"])
    listed = symbols(client.get("/resolutions/"))
    assert "15/KH-BTL" in listed and "623-NQ/QUTW" in listed
    assert "06-NQ/TW" not in listed
    body = client.get("/resolutions/").content.decode()
    assert 'data-testid="register-resolution"' not in body


def test_the_list_keeps_a_bounded_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for query in ({}, {"q": "nghi quyet", "sort": "subject"}, {"issuer": "QUTW"}):
        with django_assert_max_num_queries(15):
            assert client.get("/resolutions/", query).status_code == 200


# --- Registering and editing --------------------------------------------------------------


def test_a_mismatched_issuer_code_is_registered_only_once_confirmed(client, officer):
    """Given the Commission's abbreviation in 2020 is QUTW, a symbol written ĐUQSTW is held
    with the warning and the box beside it; ticking the box registers it as written."""
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data())
    assert response.status_code == 200
    assert response.context["form"].errors["symbol"]
    body = response.content.decode()
    assert 'name="confirm_issuer"' in body and 'data-testid="issuer-warning"' in body
    assert not Resolution.objects.filter(symbol="99-NQ/ĐUQSTW").exists()

    response = client.post("/resolutions/new/", record_data(confirm_issuer="on"))
    created = Resolution.objects.get(symbol="99-NQ/ĐUQSTW")
    assert response.status_code == 302
    assert response["Location"] == f"/resolutions/{created.pk}/"
    assert created.issuer_code == "ĐUQSTW" and created.owner_unit.code == "BQP"
    assert ChangeLog.objects.filter(action="resolution_create", object_id=str(created.pk)).exists()


def test_an_unreadable_or_taken_symbol_is_refused_beside_the_field(client, officer):
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data(symbol="nghị quyết 382"))
    assert "symbol" in response.context["form"].errors
    response = client.post(
        "/resolutions/new/",
        record_data(symbol="382-NQ/ĐUQSTW", issued_on="29/11/2007", horizon_from="2008"),
    )
    assert "symbol" in response.context["form"].errors
    assert 'id="id_symbol-errors"' in response.content.decode()
    response = client.post("/resolutions/new/", record_data(horizon_from="2026"))
    assert "horizon_to" in response.context["form"].errors


def test_the_symbol_is_checked_as_it_is_typed(client, officer):
    client.force_login(officer)
    check = client.get(
        "/resolutions/symbol-check/", {"symbol": "15/KH-BTL", "issuing_unit": "QK2"}, **HTMX
    ).context["check"]
    assert check["symbol"].type_code == "KH" and check["symbol"].style == "state"
    assert check["duplicate"] == resolution("15/KH-BTL")
    response = client.get(
        "/resolutions/symbol-check/",
        {"symbol": "99-NQ/ĐUQSTW", "issuing_unit": "QUTW", "issued_on": "01/03/2020"},
    )
    assert response.context["check"]["warning"]
    assert 'name="confirm_issuer"' in response.content.decode()
    assert not client.get(
        "/resolutions/symbol-check/",
        {"symbol": "99-NQ/ĐUQSTW", "issuing_unit": "QUTW", "issued_on": "01/03/2008"},
    ).context["check"]["warning"]
    assert client.get("/resolutions/symbol-check/", {"symbol": "NQ"}).context["check"]["error"]


def test_edit_saves_and_refuses_a_stale_version(client, officer):
    client.force_login(officer)
    r382 = resolution("382-NQ/ĐUQSTW")
    data = record_data(
        symbol=r382.symbol,
        issuing_unit="QUTW",
        issued_on="29/11/2007",
        horizon_from="2008",
        horizon_to="2022",
        subject="về lãnh đạo công tác kỹ thuật trong tình hình mới (sửa)",
        version=str(r382.version),
    )
    first = client.post(f"/resolutions/{r382.pk}/edit/", data)
    assert first.status_code == 302, first.context["form"].errors
    r382.refresh_from_db()
    assert r382.subject.endswith("(sửa)")
    stale = client.post(f"/resolutions/{r382.pk}/edit/", data | {"subject": "khác"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert resolution("382-NQ/ĐUQSTW").subject.endswith("(sửa)")


def test_readers_may_not_register_or_change(client, users):
    client.force_login(users["qk2.baocao"])
    r623 = resolution("623-NQ/QUTW")
    assert client.get("/resolutions/new/").status_code == 403
    assert client.get(f"/resolutions/{r623.pk}/edit/").status_code == 403
    assert client.post(f"/resolutions/{r623.pk}/status/", {"status": "expired"}).status_code == 403
    assert resolution("623-NQ/QUTW").status == "in_force"


# --- The resolution page and its parts ----------------------------------------------------


def test_the_resolution_page_shows_its_parts_and_opens_the_asked_tab(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    r623 = resolution("623-NQ/QUTW")
    # The history tab names what its rows point at: one query per kind (items, units, fields).
    with django_assert_max_num_queries(32):
        response = client.get(f"/resolutions/{r623.pk}/", {"tab": "assignments"})
    assert response.status_code == 200
    assert response.context["tab"] == "assignments"
    assert len(response.context["indicators"]) == r623.indicators.count()
    assert response.context["keeper"] is True
    assert client.get(f"/resolutions/{r623.pk}/", {"tab": "nonsense"}).context["tab"] == (
        "indicators"
    )


def test_another_branch_resolution_is_not_found(client, users):
    client.force_login(users["qk2.baocao"])
    r06 = resolution("06-NQ/TW")
    for path in (f"/resolutions/{r06.pk}/", f"/resolutions/{r06.pk}/export/"):
        assert client.get(path).status_code == 404


def test_status_changed_from_a_dialog_reloads_the_page(client, officer, plan):
    client.force_login(officer)
    response = client.post(
        f"/resolutions/{plan.pk}/status/", {"status": "expired", "since": "31/12/2025"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/resolutions/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == "expired" and plan.status_since == datetime.date(2025, 12, 31)
    dialog = client.get(f"/resolutions/{plan.pk}/status/", **HTMX)
    assert b"modal-header" in dialog.content and b"<html" not in dialog.content


def test_a_relation_named_by_an_old_symbol_is_recorded_and_removed(client, officer, plan):
    client.force_login(officer)
    response = client.post(
        f"/resolutions/{plan.pk}/relations/", {"kind": "implements", "other": "382-NQ/QUTW"}
    )
    assert response.status_code == 302
    relation = plan.relations_out.get()
    assert relation.target == resolution("382-NQ/ĐUQSTW") and relation.kind == "implements"
    page = client.get(f"/resolutions/{plan.pk}/", {"tab": "relations"})
    assert page.context["relations"][0]["other"].symbol == "382-NQ/ĐUQSTW"
    client.post(f"/resolutions/{plan.pk}/relations/{relation.pk}/remove/")
    assert not plan.relations_out.exists()


def test_an_unknown_resolution_is_an_error_beside_the_field(client, officer, plan):
    client.force_login(officer)
    response = client.post(
        f"/resolutions/{plan.pk}/relations/", {"kind": "supersedes", "other": "999-NQ/XYZ"}, **HTMX
    )
    assert response.status_code == 200
    assert response.context["form"].errors["other"]
    assert "HX-Redirect" not in response


def test_parties_are_added_and_removed(client, officer):
    client.force_login(officer)
    programme = resolution("01-CTr/ĐUQS")
    before = programme.parties.count()
    client.post(f"/resolutions/{programme.pk}/parties/", {"unit": "QK2", "role": "phối hợp"})
    # 01-CTr/ĐUQS is kept in Đắk Lắk: the Ministry's officer keeps it from above.
    party = programme.parties.get(unit__code="QK2")
    assert party.role == "phối hợp" and programme.parties.count() == before + 1
    client.post(f"/resolutions/{programme.pk}/parties/{party.pk}/remove/")
    assert programme.parties.count() == before


def test_files_are_checked_downloaded_through_the_scope_and_removed(client, officer, users):
    client.force_login(officer)
    r06 = resolution("06-NQ/TW")
    response = client.post(
        f"/resolutions/{r06.pk}/files/",
        {"file": SimpleUploadedFile("nghi-quyet.txt", b"not a pdf"), "description": ""},
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = client.post(
        f"/resolutions/{r06.pk}/files/",
        {"file": SimpleUploadedFile("Nghị quyết 06.pdf", PDF), "description": "Bản ký"},
    )
    assert response.status_code == 302
    attachment = ResolutionAttachment.objects.get(resolution=r06)
    download = client.get(f"/resolutions/{r06.pk}/files/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(users["qk2.baocao"])
    assert client.get(f"/resolutions/{r06.pk}/files/{attachment.pk}/").status_code == 404
    client.force_login(officer)
    client.post(f"/resolutions/{r06.pk}/files/{attachment.pk}/remove/")
    assert not ResolutionAttachment.objects.filter(pk=attachment.pk).exists()


def test_objectives_tasks_and_measures_are_added_edited_moved_and_removed(client, officer, plan):
    client.force_login(officer)
    base = f"/resolutions/{plan.pk}/items/"
    client.post(base, {"kind": "objective", "title": "Mục tiêu một"})
    client.post(base, {"kind": "objective", "title": "Mục tiêu hai"})
    first = Item.objects.get(resolution=plan, title="Mục tiêu một")
    response = client.post(base, {"kind": "task", "title": "Nhiệm vụ", "parent": first.pk}, **HTMX)
    assert response["HX-Redirect"] == f"/resolutions/{plan.pk}/?tab=structure"
    task = Item.objects.get(resolution=plan, title="Nhiệm vụ")
    assert task.number == "1.1"
    empty = client.post(base, {"kind": "task", "title": ""}, **HTMX)
    assert empty.status_code == 200 and empty.context["form"].errors["title"]

    client.post(f"/items/{task.pk}/edit/", {"kind": "measure", "title": "Giải pháp"})
    task.refresh_from_db()
    assert (task.kind, task.title) == ("measure", "Giải pháp")
    second = Item.objects.get(resolution=plan, title="Mục tiêu hai")
    client.post(f"/items/{second.pk}/move/", {"direction": "up"})
    second.refresh_from_db()
    first.refresh_from_db()
    task.refresh_from_db()
    assert (second.number, first.number, task.number) == ("1", "2", "2.1")
    client.post(f"/items/{first.pk}/delete/")
    assert list(plan.items.values_list("title", flat=True)) == ["Mục tiêu hai"]
    history = client.get(f"/resolutions/{plan.pk}/", {"tab": "history"}).context["history"]
    assert {"item_create", "item_update", "item_move", "item_delete"} <= {e.action for e in history}


def test_assignments_with_coordinating_units_overdue_on_the_unit_page_and_reported(
    client, officer, users
):
    client.force_login(officer)
    r06 = resolution("06-NQ/TW")
    item = services.item_create(by=officer, resolution=r06, kind="task", title="Sản xuất thử")
    url = f"/resolutions/{r06.pk}/assignments/"
    data = {"item": item.pk, "lead_unit": "Z111", "deadline": "01/02/2024"}
    response = client.post(url, data | {"coordinating_units": "Z113, KHONG-CO"})
    assert "KHONG-CO" in str(response.context["form"].errors["coordinating_units"])
    assert client.post(url, data | {"coordinating_units": "Z113, Z115"}).status_code == 302
    assignment = Assignment.objects.get(item=item)
    assert {u.code for u in assignment.coordinating_units.all()} == {"Z113", "Z115"}

    page = client.get(f"/units/{unit('Z113').pk}/")
    assert assignment in page.context["assignments"]
    assert 'data-testid="unit-assignments"' in page.content.decode()
    detail = client.get(f"/resolutions/{r06.pk}/", {"tab": "assignments"})
    listed = next(a for a in detail.context["assignments"] if a.pk == assignment.pk)
    assert listed.status_now == "overdue"

    client.post(
        f"/assignments/{assignment.pk}/edit/",
        {
            "lead_unit": "Z111",
            "coordinating_units": "Z113",
            "deadline": "",
            "version": assignment.version,
        },
    )
    assignment.refresh_from_db()
    assert assignment.deadline is None and assignment.coordinating_units.count() == 1
    client.force_login(users["cnqp.baocao"])  # a reporter of the lead unit's branch
    client.post(f"/assignments/{assignment.pk}/status/", {"status": "done", "note": "Xong"})
    assignment.refresh_from_db()
    assert assignment.status == "done" and assignment.completed_on is not None
    client.force_login(users["qk2.baocao"])
    assert client.get(f"/assignments/{assignment.pk}/status/").status_code == 404
    client.force_login(officer)
    client.post(f"/assignments/{assignment.pk}/delete/")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


# --- Indicators ---------------------------------------------------------------------------


def test_the_formula_is_said_in_words(client, officer):
    client.force_login(officer)
    response = client.get(
        "/indicators/formula/",
        {
            "measure_kind": "ratio",
            "unit_aggregation": "ratio",
            "time_aggregation": "last",
            "direction": "higher",
        },
    )
    sentences = " ".join(str(s) for s in response.context["sentences"])
    assert "numerator" in sentences or "tử số" in sentences
    assert len(response.context["sentences"]) >= 4


def test_an_indicator_is_added_edited_and_removed(client, officer, plan):
    client.force_login(officer)
    url = f"/resolutions/{plan.pk}/indicators/new/"
    data = {
        "code": "T01",
        "name": "Tỷ lệ thử",
        "measure_kind": "ratio",
        "unit_of_measure": "%",
        "unit_aggregation": "sum",
        "time_aggregation": "last",
        "direction": "higher",
        "decimals": "1",
        "baseline_value": "85,5",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and refused.context["form"].errors["unit_aggregation"]
    response = client.post(url, data | {"unit_aggregation": "ratio"})
    created = Indicator.objects.get(resolution=plan, code="T01")
    assert response["Location"] == f"/indicators/{created.pk}/targets/"
    assert created.baseline_value == Decimal("85.5")
    client.post(
        f"/indicators/{created.pk}/edit/",
        data | {"unit_aggregation": "ratio", "name": "Tỷ lệ đạt", "version": created.version},
    )
    created.refresh_from_db()
    assert created.name == "Tỷ lệ đạt"
    client.post(f"/indicators/{created.pk}/delete/")
    assert not Indicator.objects.filter(pk=created.pk).exists()


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


# --- The workbook -------------------------------------------------------------------------


def filled_template(client, resolution_pk: int, indicators: list, targets: list) -> bytes:  # type: ignore[no-untyped-def]
    """The template downloaded from the page, filled in as a person would."""
    response = client.get(f"/resolutions/{resolution_pk}/template/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    for row in indicators:
        workbook["Chỉ tiêu"].append(row)
    for row in targets:
        workbook["Giao chỉ tiêu"].append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_import_runs_as_a_job_and_comes_back_to_the_resolution(
    client, officer, plan, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    content = filled_template(
        client,
        plan.pk,
        [["SX01", "Sản lượng", "tấn", "số", "tổng", "tăng", None, None]],
        [["SX01", "TCCNQP", None, 900], ["SX01", "Z111", 2024, "300"]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/resolutions/{plan.pk}/import/",
            {"file": SimpleUploadedFile("chi-tieu.xlsx", content)},
        )
    job = Job.objects.latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/?back=%2Fresolutions%2F{plan.pk}%2F"
    job.refresh_from_db()
    assert job.status == "done", job.errors
    created = Indicator.objects.get(resolution=plan, code="SX01")
    assert Target.objects.get(indicator=created, unit__code="Z111", year=2024).value == 300
    assert client.get(f"/jobs/{job.pk}/").status_code == 200

    export = client.get(f"/resolutions/{plan.pk}/export/")
    sheet = load_workbook(io.BytesIO(export.content))["Giao chỉ tiêu"]
    assert [c.value for c in sheet[2]][:2] == ["SX01", "TCCNQP"]


def test_a_bad_workbook_fails_its_job_with_the_rows_and_writes_nothing(
    client, officer, plan, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    content = filled_template(
        client,
        plan.pk,
        [["", "Không mã", "tấn", "số", "tổng", "tăng"]],
        [["X", "KHONG-CO", 2024, 1]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/resolutions/{plan.pk}/import/",
            {"file": SimpleUploadedFile("chi-tieu.xlsx", content)},
        )
    job = Job.objects.latest("pk")
    job.refresh_from_db()
    assert job.status == "failed" and len(job.errors) >= 2
    assert not plan.indicators.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-errors"' in page
    not_excel = client.post(
        f"/resolutions/{plan.pk}/import/", {"file": SimpleUploadedFile("a.csv", b"a;b")}
    )
    assert not_excel.status_code == 200 and not_excel.context["form"].errors["file"]


def test_only_keepers_import(client, users, plan):
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/resolutions/{plan.pk}/import/").status_code == 403


# --- Records before their number ----------------------------------------------------------


def test_a_draft_without_number_is_registered_on_the_page_and_issued_later(client, officer):
    """Given the tracking officer, when a draft is registered with no symbol, date or start
    year, then the list says its horizon is not yet determined and the page shows the blank
    number line; entering the number later puts it in force."""
    client.force_login(officer)
    response = client.post(
        "/resolutions/new/",
        record_data(
            symbol="",
            issued_on="",
            status="draft",
            horizon_from="",
            horizon_to="",
            subject="về công tác hậu cần đến năm 2030 (dự thảo)",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = Resolution.objects.get(subject="về công tác hậu cần đến năm 2030 (dự thảo)")
    assert draft.symbol == "" and draft.horizon_to is None
    listed = client.get("/resolutions/", {"status": "draft"}).content.decode()
    assert 'data-testid="horizon-unknown"' in listed
    page = client.get(f"/resolutions/{draft.pk}/").content.decode()
    assert "-NQ/QUTW" in page and 'data-testid="issue-resolution"' in page
    response = client.post(
        f"/resolutions/{draft.pk}/issue/",
        {"symbol": "1903-NQ/QUTW", "issued_on": "01/12/2025", "version": draft.version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.symbol, draft.status) == ("1903-NQ/QUTW", "in_force")


def test_an_in_force_record_without_number_is_refused_beside_the_symbol(client, officer):
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data(symbol=""))
    assert response.status_code == 200
    assert "symbol" in response.context["form"].errors
