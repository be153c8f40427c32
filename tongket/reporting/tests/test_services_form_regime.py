"""The reporting regime of a report form (chế độ báo cáo, Nghị định 09/2019/NĐ-CP, Article
7): the stored parts changed through form_update by the collecting unit's tracking officer
only, versioned and logged; the rest read from the form (form_regime)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.reporting import services
from tongket.reporting.choices import DeliveryMethod
from tongket.reporting.models import FormAssignment, ReportForm
from tongket.reporting.selectors.regime import form_regime

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"


def test_the_demo_forms_carry_a_regime():
    """Given the demo, then every form says how it is sent and where its templates are."""
    for form in ReportForm.objects.all():
        assert form.delivery_methods == [DeliveryMethod.PAPER, DeliveryMethod.SYSTEM]
        assert form.regime_document and form.outline_code and form.data_form_code


def test_the_tracking_officer_changes_the_regime_with_its_version_and_it_is_logged(users):
    """Given the 623 form, when Quân khu 2's tracking officer sets it as sent electronically
    and through the system with new template designations, then the form has them (each
    method once, in a fixed order), its version went up and the change log holds before and
    after."""
    form = ReportForm.objects.get(code=FORM)
    version = form.version
    updated = services.form_update(
        by=users["qk2.theodoi"],
        form=form,
        version=version,
        delivery_methods=[DeliveryMethod.SYSTEM, DeliveryMethod.ELECTRONIC, "system"],
        regime_document="  Hướng dẫn   số 12/HD-BTM ",
        outline_code="Đề cương số 02",
        data_form_code="",
    )
    updated.refresh_from_db()
    assert updated.delivery_methods == ["electronic", "system"]
    assert updated.regime_document == "Hướng dẫn số 12/HD-BTM"
    assert updated.outline_code == "Đề cương số 02" and updated.data_form_code == ""
    assert updated.version == version + 1
    entry = ChangeLog.objects.filter(action="form_update", object_id=str(form.pk)).latest("pk")
    assert entry.before["delivery_methods"] == ["paper", "system"]
    assert entry.after["delivery_methods"] == ["electronic", "system"]
    assert entry.after["outline_code"] == "Đề cương số 02"


def test_a_way_of_sending_that_is_none_or_no_way_at_all_is_refused(users):
    form = ReportForm.objects.get(code=FORM)
    for methods in (["fax"], []):
        with pytest.raises(DomainError) as refused:
            services.form_update(
                by=users["qk2.theodoi"], form=form, version=form.version, delivery_methods=methods
            )
        assert refused.value.field == "delivery_methods"
    form.refresh_from_db()
    assert form.delivery_methods == ["paper", "system"]


def test_a_reporter_and_another_branch_may_not_change_the_regime(users):
    """Given the 623 form of Quân khu 2, then its reporter is refused (403) and Tổng cục
    CNQP's reporter does not see the unit (404); nothing changed."""
    form = ReportForm.objects.get(code=FORM)
    with pytest.raises(PermissionDenied):
        services.form_update(
            by=users["qk2.baocao"], form=form, version=form.version, regime_document="X"
        )
    with pytest.raises(NotFound):
        services.form_update(
            by=users["cnqp.baocao"], form=form, version=form.version, regime_document="X"
        )
    form.refresh_from_db()
    assert form.regime_document != "X"


def test_a_new_form_is_sent_through_the_system_unless_told(users, units):
    created = services.form_create(
        by=users["qk2.theodoi"],
        code="BC-REGIME",
        name="Báo cáo quý",
        owner_unit=units["QK2"],
        period_type="quarter",
    )
    assert created.delivery_methods == ["system"]
    assert (created.regime_document, created.outline_code, created.data_form_code) == ("", "", "")


def test_the_regime_reads_the_rest_from_the_form(users):
    """Given the 623 form, half-yearly, collected by Quân khu 2 from its units under the
    default rule (window from the 15th, 2 working days), then the regime lists Article 7's
    contents in order with the derived ones filled from the form."""
    form = ReportForm.objects.get(code=FORM)
    with translation.override("en"):  # the derived values are told in the page's language
        items = {item.key: item for item in form_regime(user=users["qk2.theodoi"], form=form)}
    assert list(items) == [
        "document",
        "name",
        "content",
        "reporters",
        "receiver",
        "delivery",
        "closing",
        "frequency",
        "deadline",
        "outline",
        "data_forms",
    ]
    assert items["name"].value == form.name and items["name"].term == "Tên báo cáo"
    assert items["receiver"].value == form.owner_unit.name
    asked_now = [
        a
        for a in FormAssignment.objects.filter(form=form).select_related("unit")
        if a.unit.dissolved_on is None
        and (a.valid_to is None or a.valid_to >= timezone.localdate())
    ]
    assert 0 < len(asked_now) <= 22
    assert items["reporters"].value.startswith(f"{len(asked_now)} units asked: ")
    assert "15" in items["closing"].value and "14" in items["closing"].value
    assert "2" in items["deadline"].value
    assert items["outline"].value.startswith("Mẫu số 01/ĐC: ")
    assert "Kết quả thực hiện" in items["outline"].value
    assert "HC01" in items["data_forms"].value and not items["data_forms"].derived
    assert items["delivery"].derived is False and items["closing"].derived is True
    # Without designations, the outline and data forms are the form's own.
    form.outline_code = form.data_form_code = form.regime_document = ""
    items = {item.key: item for item in form_regime(user=users["qk2.theodoi"], form=form)}
    assert "document" not in items
    assert items["outline"].derived and items["data_forms"].derived
    assert "HC01" in items["data_forms"].value
