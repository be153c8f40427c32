"""The reporting regime on a report form's page (a card), on its edit page (the tracking
officer's), and as a "Chế độ báo cáo" workbook linked from the page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tongket.core.models import ChangeLog
from tongket.reporting.models import ReportForm

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"


def edit_data(form: ReportForm, **changed) -> dict:
    """What the edit page posts, as it shows the form, with `changed` on top."""
    data = {
        "name": form.name,
        "description": form.description,
        "is_active": "on",
        "line": form.line,
        "delivery_methods": form.delivery_methods,
        "regime_document": form.regime_document,
        "outline_code": form.outline_code,
        "data_form_code": form.data_form_code,
        "version": form.version,
        "indicator": [link.indicator_id for link in form.form_indicators.all()],
    }
    data.update(changed)
    return data


def test_the_form_page_shows_the_regime_and_links_its_export(client, users):
    """Given the 623 form, when a reporter of Quân khu 2 opens it, then the regime card lists
    the decree's contents (who receives, how sent, the designations) and links the export;
    the edit link is the keeper's only."""
    form = ReportForm.objects.get(code=FORM)
    client.force_login(users["qk2.baocao"])
    response = client.get(f"/report-forms/{form.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="form-regime"' in page
    assert f"/report-forms/{form.pk}/regime/" in page
    keys = [item.key for item in response.context["regime"]]
    assert keys[:2] == ["document", "name"] and keys[-1] == "data_forms"
    assert "Biểu số 01/BC" in page and form.owner_unit.name in page
    assert f'href="/report-forms/{form.pk}/edit/" title' not in page
    client.force_login(users["qk2.theodoi"])
    page = client.get(f"/report-forms/{form.pk}/").content.decode()
    assert f'href="/report-forms/{form.pk}/edit/" title' in page


def test_the_tracking_officer_edits_the_regime_on_the_edit_page(client, users):
    """Given the 623 form, when Quân khu 2's tracking officer saves it as sent electronically
    with a new regime document, then the form has them, a new version and a log row; choosing
    no way of sending is refused beside the field."""
    form = ReportForm.objects.get(code=FORM)
    client.force_login(users["qk2.theodoi"])
    page = client.get(f"/report-forms/{form.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].initial["delivery_methods"] == ["paper", "system"]
    response = client.post(
        f"/report-forms/{form.pk}/edit/",
        edit_data(
            form,
            delivery_methods=["electronic"],
            regime_document="Quyết định số 99/QĐ-BTL",
            outline_code="",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = ReportForm.objects.get(pk=form.pk)
    assert saved.delivery_methods == ["electronic"]
    assert saved.regime_document == "Quyết định số 99/QĐ-BTL" and saved.outline_code == ""
    assert saved.version == form.version + 1
    entry = ChangeLog.objects.filter(action="form_update", object_id=str(form.pk)).latest("pk")
    assert entry.after["regime_document"] == "Quyết định số 99/QĐ-BTL"
    response = client.post(f"/report-forms/{form.pk}/edit/", edit_data(saved, delivery_methods=[]))
    assert response.status_code == 200
    assert "delivery_methods" in response.context["form"].errors
    response = client.post(
        f"/report-forms/{form.pk}/edit/", edit_data(saved, delivery_methods=["fax"])
    )
    assert response.status_code == 200
    assert "delivery_methods" in response.context["form"].errors
    assert ReportForm.objects.get(pk=form.pk).version == saved.version


def test_a_reporter_may_not_edit_the_regime(client, users):
    form = ReportForm.objects.get(code=FORM)
    client.force_login(users["qk2.baocao"])
    response = client.post(
        f"/report-forms/{form.pk}/edit/", edit_data(form, regime_document="Khác")
    )
    assert response.status_code == 403
    assert ReportForm.objects.get(pk=form.pk).regime_document == form.regime_document


def test_the_regime_exports_as_a_workbook_with_text_kept_text(client, users):
    """Given a regime document that a spreadsheet would run as a formula, when the form's
    regime is exported, then the "Chế độ báo cáo" sheet lists the decree's contents with it
    kept as text; another branch's reporter does not find the form."""
    form = ReportForm.objects.get(code=FORM)
    ReportForm.objects.filter(pk=form.pk).update(regime_document='=HYPERLINK("http://x","y")')
    client.force_login(users["qk2.baocao"])
    response = client.get(f"/report-forms/{form.pk}/regime/")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Chế độ báo cáo"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Nội dung chế độ báo cáo", "Quy định")
    terms = [row[1] for row in rows[1:]]
    assert terms[:3] == [
        "Văn bản quy định chế độ báo cáo",
        "Tên báo cáo",
        "Nội dung yêu cầu báo cáo",
    ]
    assert "Thời hạn gửi báo cáo" in terms and terms[-1] == "Mẫu biểu số liệu báo cáo"
    document = sheet.cell(row=2, column=3)
    assert document.value == '=HYPERLINK("http://x","y")' and document.data_type == "s"
    assert dict(zip(terms, (row[2] for row in rows[1:]), strict=True))["Tên báo cáo"] == form.name
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/report-forms/{form.pk}/regime/").status_code == 404
