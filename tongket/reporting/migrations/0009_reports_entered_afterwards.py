"""Mark as entered afterwards (nhập bù) the reports that came into being after their due date
before the services marked such reports (data only).

The rule is the services' (`reporting.services.forms.is_backfill_now`): a report that comes
into being once its due date has passed could not have been sent on time. A report keeps no
time of creation, so the day it came into being is bounded from below by the change log: its
form, its period and its unit were each created (`form_create`, `period_create`,
`unit_create`) before it. A report is marked when the latest of those days is after its due
date (a period of 2021 created in 2026 to key in its reports). Where the log says nothing, the
report is left as it is.

A form's period that somebody opened as in its time (the log of `form_open_period` records
`"backfill": false`, as the demo does for its history) is left as decided. The completeness
rows of the forms and periods touched are counted again. The reverse keeps the marks: which
reports this marked is not kept.
"""

import importlib
from collections import defaultdict

from django.db import migrations
from django.utils import timezone

CREATED = {"form_create": "reportform", "period_create": "period", "unit_create": "unit"}
CHUNK = 2000


def _created_on(apps, action):
    """Object id → local day of its creation, as logged (the first entry counts)."""
    ChangeLog = apps.get_model("core", "ChangeLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = CREATED[action]
    app_label = "org" if model == "unit" else "reporting"
    kind = ContentType.objects.filter(app_label=app_label, model=model).first()
    if kind is None:
        return {}
    days = {}
    for object_id, time in (
        ChangeLog.objects.filter(action=action, content_type=kind)
        .order_by("time", "id")
        .values_list("object_id", "time")
    ):
        if object_id.isdigit():
            days.setdefault(int(object_id), timezone.localtime(time).date())
    return days


def _opened_in_time(apps):
    """(form id, period code) of the periods opened for a form as in their time."""
    ChangeLog = apps.get_model("core", "ChangeLog")
    found = set()
    for object_id, after in ChangeLog.objects.filter(action="form_open_period").values_list(
        "object_id", "after"
    ):
        if isinstance(after, dict) and after.get("backfill") is False and object_id.isdigit():
            found.add((int(object_id), after.get("period")))
    return found


def mark(apps, schema_editor):
    Report = apps.get_model("reporting", "Report")
    Completeness = apps.get_model("reporting", "Completeness")
    forms = _created_on(apps, "form_create")
    periods = _created_on(apps, "period_create")
    units = _created_on(apps, "unit_create")
    in_time = _opened_in_time(apps)
    marked = []
    pairs = set()
    for pk, form_id, period_id, period_code, unit_id, due in (
        Report.objects.filter(is_backfill=False)
        .order_by("pk")
        .values_list("pk", "form_id", "period_id", "period__code", "unit_id", "due_date")
        .iterator(chunk_size=5000)
    ):
        known = [
            day
            for day in (forms.get(form_id), periods.get(period_id), units.get(unit_id))
            if day is not None
        ]
        if not known or max(known) <= due or (form_id, period_code) in in_time:
            continue
        marked.append(pk)
        pairs.add((form_id, period_id))
    for start in range(0, len(marked), CHUNK):
        Report.objects.filter(pk__in=marked[start : start + CHUNK]).update(is_backfill=True)
    # Their completeness rows counted again, as 0008 counted them.
    counted = importlib.import_module("tongket.reporting.migrations.0008_completeness_filled").counted
    by_period = defaultdict(set)
    for form_id, period_id in pairs:
        by_period[period_id].add(form_id)
    for period_id, form_ids in by_period.items():
        Completeness.objects.filter(period_id=period_id, form_id__in=form_ids).delete()
        Completeness.objects.bulk_create(
            counted(Completeness, Report.objects.filter(period_id=period_id, form_id__in=form_ids)),
            batch_size=CHUNK,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_completeness_filled"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
