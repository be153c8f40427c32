"""Indicators (chỉ tiêu) as search hits: found by name, unit of measure and definition typed
without diacritics, opened on their resolution's page, hidden as their resolution is."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
from django.core.management import call_command

from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update
from tongket.resolutions.services import indicator_create, resolution_create, resolution_update
from tongket.search import selectors
from tongket.search.models import SearchEntry

pytestmark = pytest.mark.django_db

_NUMBERS = itertools.count(951)


def _indicator(units, capture, *, unit="QK2", name, description="", unit_of_measure="%"):
    with capture(execute=True):
        resolution = resolution_create(
            by=SYSTEM,
            kind="resolution",
            issuing_unit=units[unit],
            owner_unit=units[unit],
            subject="Nghị quyết về xây dựng lực lượng",
            issued_on=datetime.date(2024, 5, 10),
            symbol=f"{next(_NUMBERS)}-NQ/ĐU",
            confirm_issuer=True,
        )
    with capture(execute=True):
        indicator = indicator_create(
            by=SYSTEM,
            resolution=resolution,
            code=f"CT{resolution.pk}",
            name=name,
            unit_of_measure=unit_of_measure,
            description=description,
        )
    return resolution, indicator


def _indicator_hits(results):
    return [hit for hit in results.hits if hit.entry.source == "resolutions.indicator"]


def test_an_indicator_is_found_by_its_name_and_definition_without_diacritics(
    units, users, django_capture_on_commit_callbacks
):
    """Given an indicator of a resolution of Quân khu 2, a reporter of Quân khu 2 finds it by
    its name and by a word of its definition typed without diacritics, as an indicator, with
    its unit of measure in the title and a link to the resolution's page."""
    resolution, indicator = _indicator(
        units,
        django_capture_on_commit_callbacks,
        name="Tỷ lệ quân nhân đạt huấn luyện bơi vũ trang",
        description="Tính trên quân số có mặt; người được miễn luyện tập không tính.",
    )
    reader = users["qk2.baocao"]

    hits = _indicator_hits(selectors.search(user=reader, query="ty le dat huan luyen boi vu trang"))
    assert [hit.entry.object_id for hit in hits] == [indicator.pk]
    hit = hits[0]
    assert hit.entry.kind == "indicator"
    assert "(%)" in hit.entry.title
    assert "<mark>bơi</mark>" in hit.title_html
    assert hit.url == f"/resolutions/{resolution.pk}/"

    by_definition = selectors.search(user=reader, query="mien luyen tap", kind="indicator")
    assert [h.entry.object_id for h in by_definition.hits] == [indicator.pk]


def test_an_indicator_outside_the_scope_or_the_clearance_is_not_found(
    units, users, django_capture_on_commit_callbacks
):
    """An indicator of another branch is not found; an indicator of a resolution marked
    secret is not found by a user of its unit without clearance (its entry takes the
    resolution's mark) and is found once the user is cleared."""
    _, elsewhere = _indicator(
        units,
        django_capture_on_commit_callbacks,
        name="Số cơ sở dân quân tự vệ biển kiện toàn",
        unit_of_measure="cơ sở",
    )
    marked, secret = _indicator(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        name="Số trận địa phòng không nhân dân được củng cố",
        unit_of_measure="trận địa",
    )
    with django_capture_on_commit_callbacks(execute=True):
        resolution_update(by=SYSTEM, resolution=marked, classification="secret")
    reader = users["daklak.baocao"]
    assert not selectors.search(user=reader, query="dan quan tu ve bien kien toan").total

    qk2 = users["qk2.baocao"]
    assert not selectors.search(user=qk2, query="tran dia phong khong nhan dan").total
    assert (
        SearchEntry.objects.get(source="resolutions.indicator", object_id=secret.pk).classification
        == "secret"
    )
    user_update(by=SYSTEM, user=qk2, clearance="secret")
    qk2.refresh_from_db()
    found = selectors.search(user=qk2, query="tran dia phong khong nhan dan")
    assert secret.pk in [hit.entry.object_id for hit in _indicator_hits(found)]
    # The entry of the indicator of another branch is there: only the scope hid it.
    assert SearchEntry.objects.filter(source="resolutions.indicator", object_id=elsewhere.pk)


def test_the_command_indexes_indicators(units, users, django_capture_on_commit_callbacks):
    _, indicator = _indicator(
        units, django_capture_on_commit_callbacks, name="Tỷ lệ đảng viên trẻ được kết nạp"
    )
    SearchEntry.objects.filter(source="resolutions.indicator").delete()

    call_command("reindex_search", "--keep-file-text", stdout=io.StringIO())

    hits = _indicator_hits(selectors.search(user=users["qk2.baocao"], query="dang vien tre"))
    assert indicator.pk in [hit.entry.object_id for hit in hits]
