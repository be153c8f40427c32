"""Deleting what an entry copies: the entries of the records that followed it are refreshed
when the transaction commits, not left as they were until `reindex_search`."""

from __future__ import annotations

import datetime

import pytest

from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.resolutions.models import Item
from tongket.resolutions.services import indicator_create, indicator_delete, resolution_create
from tongket.resolutions.services.structure import item_create, item_delete
from tongket.search import selectors
from tongket.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(units, django_capture_on_commit_callbacks):
    """A resolution of Quân khu 2 with two objectives, an indicator filed under each."""
    with django_capture_on_commit_callbacks(execute=True):
        resolution = resolution_create(
            by=SYSTEM,
            kind="resolution",
            issuing_unit=units["QK2"],
            owner_unit=units["QK2"],
            subject="Nghị quyết thử xóa mục tiêu",
            issued_on=datetime.date(2024, 7, 1),
            symbol="981-NQ/ĐU",
            confirm_issuer=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        first = item_create(
            by=SYSTEM, resolution=resolution, kind="objective", title="Mục tiêu Hải đăng Cô Tô"
        )
        second = item_create(
            by=SYSTEM, resolution=resolution, kind="objective", title="Mục tiêu Rừng phòng hộ"
        )
    with django_capture_on_commit_callbacks(execute=True):
        under_first = indicator_create(
            by=SYSTEM, resolution=resolution, code="XA1", name="Số trạm đèn", item=first
        )
        under_second = indicator_create(
            by=SYSTEM, resolution=resolution, code="XA2", name="Số ha rừng", item=second
        )
    return resolution, first, second, under_first, under_second


def _entry(indicator) -> SearchEntry | None:
    return SearchEntry.objects.filter(
        source="resolutions.indicator", object_id=indicator.pk
    ).first()


def test_an_objective_deleted_leaves_no_indicator_naming_it(
    filed, admin_user, django_capture_on_commit_callbacks
):
    """Given an indicator filed under objective 1 (its entry names the objective), when the
    objective is deleted and its indicator's objective emptied with it (an UPDATE that sends
    no post_save), then after the commit the indicator's entry no longer names the objective
    and a search by the objective's title finds no indicator."""
    _resolution, first, _second, under_first, under_second = filed
    assert "Hải đăng Cô Tô" in _entry(under_first).body
    query = "hai dang co to"
    assert selectors.search(user=admin_user, query=query, kind="indicator").total == 1

    with django_capture_on_commit_callbacks(execute=True):
        Item.objects.get(pk=first.pk).delete()

    assert "Hải đăng Cô Tô" not in _entry(under_first).body
    assert "Rừng phòng hộ" in _entry(under_second).body
    assert selectors.search(user=admin_user, query=query, kind="indicator").total == 0


def test_the_services_keep_the_indicator_entries_in_step(
    filed, admin_user, django_capture_on_commit_callbacks
):
    """The objective's service refuses while indicators hang on it; once the indicator is
    removed (its entry goes) the objective is removed and the other objective, numbered 1
    now, is written so in its indicator's entry; a resolution deleted takes its indicators'
    entries with it."""
    resolution, first, _second, under_first, under_second = filed
    with pytest.raises(DomainError), django_capture_on_commit_callbacks(execute=True):
        item_delete(by=SYSTEM, item=first)

    with django_capture_on_commit_callbacks(execute=True):
        indicator_delete(by=SYSTEM, indicator=under_first)
    assert _entry(under_first) is None
    with django_capture_on_commit_callbacks(execute=True):
        item_delete(by=SYSTEM, item=Item.objects.get(pk=first.pk))
    assert _entry(under_second).body.startswith("1 Mục tiêu Rừng phòng hộ")

    with django_capture_on_commit_callbacks(execute=True):
        resolution.delete()
    assert _entry(under_second) is None
    assert not SearchEntry.objects.filter(source="resolutions.resolution", object_id=resolution.pk)
    gone = selectors.search(user=admin_user, query="rung phong ho so ha rung")
    assert gone.total == 0
