"""The resolution page and its parts: status, relations, parties, files, objectives and
tasks, assignments and indicators. Other branches 404."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.resolutions import services
from tongket.resolutions.models import Assignment, Indicator, Item, ResolutionAttachment
from tongket.ui.tests.resolutions.helpers import HTMX, PDF, resolution, unit

pytestmark = pytest.mark.django_db


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
