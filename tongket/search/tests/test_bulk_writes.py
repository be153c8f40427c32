"""The index follows writes that send no post_save: a unit renamed or moved by restructuring
(its entries copy its name and path), items renumbered in bulk, large changes refreshed by a
background job, and a refresh that costs a few queries per batch, not one per record."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongket.core.models import Job
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.org.services.restructuring import unit_move, unit_rename
from tongket.reporting.models import Report, ReportState
from tongket.reporting.services import report_save
from tongket.resolutions.services import resolution_create
from tongket.resolutions.services.structure import item_create, item_move
from tongket.search import selectors, signals
from tongket.search.models import SearchEntry
from tongket.search.services import entries_refresh

pytestmark = pytest.mark.django_db


def _report_with_narrative(capture, text: str) -> Report:
    """A draft report of a unit of Quân khu 2 with a narrative, indexed."""
    report = (
        Report.objects.filter(
            unit__path__startswith=Unit.objects.get(code="QK2").path,
            unit__children__isnull=True,
            state=ReportState.DRAFT,
            form__sections__isnull=False,
        )
        .select_related("form", "unit")
        .order_by("pk")
        .first()
    )
    key = report.form.sections.order_by("order", "pk").first().key
    with capture(execute=True):
        report_save(by=SYSTEM, report=report, narrative={key: text})
    return report


def _report_entry(report: Report) -> SearchEntry:
    return SearchEntry.objects.get(source="reporting.report", object_id=report.pk)


def test_a_unit_renamed_by_restructuring_is_found_by_its_new_name(
    admin_user, django_capture_on_commit_callbacks
):
    """Given a report of a unit, indexed with the unit's name in its title, when the unit is
    renamed through the restructuring service, then the report is found by the new name."""
    report = _report_with_narrative(
        django_capture_on_commit_callbacks, "Củng cố trạm quan sát ven biển."
    )
    with django_capture_on_commit_callbacks(execute=True):
        unit_rename(
            by=SYSTEM,
            unit=report.unit,
            name="Trung đoàn Phượng Hoàng Xanh",
            effective_date=timezone.localdate(),
        )

    results = selectors.search(user=admin_user, query="phuong hoang xanh", kind="report")

    of_unit = SearchEntry.objects.filter(source="reporting.report", unit=report.unit).count()
    assert report.pk in [hit.entry.object_id for hit in results.hits]
    assert results.total == of_unit
    assert "Trung đoàn Phượng Hoàng Xanh" in _report_entry(report).title


def test_a_unit_moved_with_its_subtree_is_found_under_its_new_parent(
    admin_user, units, django_capture_on_commit_callbacks
):
    """Given a report of a unit of Quân khu 2, when the unit is moved under another branch,
    then the search filtered by the new branch finds the report and by the old one does not."""
    report = _report_with_narrative(
        django_capture_on_commit_callbacks, "Sửa chữa kè chắn sóng đồn biên phòng."
    )
    new_parent = (
        Unit.objects.exclude(path__startswith=units["QK2"].path)
        .filter(dissolved_on__isnull=True, depth__gte=1)
        .order_by("path")
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved = unit_move(
            by=SYSTEM, unit=report.unit, new_parent=new_parent, effective_date=timezone.localdate()
        )
    phrase = "ke chan song don bien phong"

    assert _report_entry(report).unit_path == moved.path
    assert report.pk in [
        hit.entry.object_id
        for hit in selectors.search(user=admin_user, query=phrase, unit=new_parent).hits
    ]
    assert selectors.search(user=admin_user, query=phrase, unit=units["QK2"]).total == 0


def test_items_renumbered_in_bulk_are_indexed_with_their_new_numbers(
    units, django_capture_on_commit_callbacks
):
    """Given a resolution with two objectives, when the second is moved up (the numbers are
    rewritten in bulk), then the resolution's entry lists it as objective 1."""
    with django_capture_on_commit_callbacks(execute=True):
        resolution = resolution_create(
            by=SYSTEM,
            kind="resolution",
            issuing_unit=units["QK2"],
            owner_unit=units["QK2"],
            subject="Nghị quyết thử đánh số lại mục tiêu",
            issued_on=datetime.date(2024, 5, 10),
            symbol="977-NQ/ĐU",
            confirm_issuer=True,
        )
        item_create(by=SYSTEM, resolution=resolution, kind="objective", title="Mục tiêu Alpha")
        second = item_create(
            by=SYSTEM, resolution=resolution, kind="objective", title="Mục tiêu Beta"
        )
    with django_capture_on_commit_callbacks(execute=True):
        item_move(by=SYSTEM, item=second, offset=-1)

    body = SearchEntry.objects.get(source="resolutions.resolution", object_id=resolution.pk).body
    assert "1 Mục tiêu Beta 2 Mục tiêu Alpha" in body


def test_a_change_reaching_many_entries_is_refreshed_by_a_background_job(
    admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    """Given more entries to refresh than are refreshed while the request waits, when a unit
    is renamed, then a job refreshes them, and the new name is found once it has run."""
    report = _report_with_narrative(
        django_capture_on_commit_callbacks, "Trồng rừng phòng hộ quanh thao trường."
    )
    monkeypatch.setattr(signals, "INLINE_LIMIT", 0)
    with django_capture_on_commit_callbacks(execute=True):
        unit_rename(
            by=SYSTEM,
            unit=report.unit,
            name="Tiểu đoàn Sao Mai Đỏ",
            effective_date=timezone.localdate(),
        )

    job = Job.objects.filter(kind="search.refresh").latest("pk")
    assert report.pk in job.params["rows"]["reporting.report"]
    assert job.status == Job.Status.DONE, job.errors
    results = selectors.search(user=admin_user, query="tieu doan sao mai", kind="report")
    assert report.pk in [hit.entry.object_id for hit in results.hits]
    assert "Tiểu đoàn Sao Mai Đỏ" in _report_entry(report).title


def test_refreshing_entries_costs_the_same_queries_for_few_records_as_for_many():
    """Given the demo's resolutions, refreshing the entries of two of them and of all of them
    (one batch) runs the same number of queries: none per record."""
    pks = list(
        SearchEntry.objects.filter(source="resolutions.resolution")
        .order_by("object_id")
        .values_list("object_id", flat=True)[:50]
    )
    assert len(pks) > 5

    with CaptureQueriesContext(connection) as few:
        entries_refresh(source="resolutions.resolution", pks=pks[:2])
    with CaptureQueriesContext(connection) as many:
        written = entries_refresh(source="resolutions.resolution", pks=pks)

    assert written == len(pks)
    assert len(many.captured_queries) == len(few.captured_queries)
