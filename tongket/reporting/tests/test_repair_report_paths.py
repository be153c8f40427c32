"""`repair_report_paths`: reports left with their unit's former path by a version that did not
follow moves get the path of their unit's place at the end of their period again, with their
roll-ups and completeness rows; `--check` only lists them; a second run changes nothing."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import PATH_SEGMENT, Unit
from tongket.reporting.models import Report
from tongket.reporting.services import completeness, rollups
from tongket.reporting.tests.test_completeness_kept import _rollups, assert_kept, stored

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("repair_report_paths", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_paths_left_behind_by_a_move_are_repaired_with_their_counts(users):
    """Given regiment 98 moved from division 316 to division 355 a year ago, and its reports
    since then put back under 316 as a version that did not follow moves left them (with
    roll-ups and completeness rows counted there), `--check` lists them and changes nothing;
    the repair gives them the path under 355 and the roll-ups and completeness rows the move
    itself gives; a second run finds nothing."""
    e98, sd316, sd355 = (Unit.objects.get(code=c) for c in ("SD316-E98", "SD316", "SD355"))
    old_path = sd316.path + e98.path[-PATH_SEGMENT:]
    assert e98.path == old_path
    day = timezone.localdate() - datetime.timedelta(days=365)
    org_services.unit_move(by=SYSTEM, unit=e98, new_parent=sd355, effective_date=day)
    e98.refresh_from_db()
    moved = Report.objects.filter(unit=e98, period__end__gte=day)
    assert moved.exists() and set(moved.values_list("path_then", flat=True)) == {e98.path}
    right = {"rows": stored(), "rollups": _rollups()}
    ids = list(moved.values_list("pk", flat=True))
    earlier = dict(
        Report.objects.filter(unit=e98, period__end__lt=day).values_list("pk", "path_then")
    )
    assert earlier and set(earlier.values()) == {old_path}

    # As a version that did not follow moves left them: paths, roll-ups and rows under 316.
    Report.objects.filter(pk__in=ids).update(path_then=old_path)
    periods = set(Report.objects.filter(pk__in=ids).values_list("period_id", flat=True))
    rollups.rebuild(period_ids=periods)
    completeness.rebuild(
        pairs=set(Report.objects.filter(pk__in=ids).values_list("form_id", "period_id"))
    )
    assert stored() != right["rows"]
    spoilt = {"rows": stored(), "rollups": _rollups()}

    with pytest.raises(SystemExit):
        run("--check")
    assert set(Report.objects.filter(pk__in=ids).values_list("path_then", flat=True)) == {old_path}
    assert stored() == spoilt["rows"] and _rollups() == spoilt["rollups"]

    out, _err = run()
    assert "SD316-E98" in out and "SD316 › SD316-E98" in out and "SD355 › SD316-E98" in out
    assert f"{len(ids)} report(s)" in out
    assert set(Report.objects.filter(pk__in=ids).values_list("path_then", flat=True)) == {e98.path}
    # Periods that ended before the move keep the path they had.
    assert dict(Report.objects.filter(pk__in=earlier).values_list("pk", "path_then")) == earlier
    assert stored() == right["rows"] and _rollups() == right["rollups"]
    assert_kept()

    out, _err = run()
    assert "Every report's path" in out
    out, _err = run("--check")
    assert "Every report's path" in out


def test_a_database_with_right_paths_is_left_as_it_is(users):
    before = {"rows": stored(), "rollups": _rollups()}
    out, _err = run("--check")
    assert "Every report's path" in out
    out, _err = run()
    assert "Every report's path" in out
    assert stored() == before["rows"] and _rollups() == before["rollups"]
