"""Fill the completeness rows from the reports already stored (data only).

The same counts as `reporting.services.completeness` (which keeps the rows on every write
from now on and whose `rebuild_completeness` command recomputes them), written here against
the models as they are at this migration. The reverse empties the table."""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone

SEGMENT = 10  # org.models.PATH_SEGMENT


def counted(Completeness, reports):
    """The completeness rows (unsaved) these reports add up to. Also used by 0009."""
    totals = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for form_id, period_id, path, due, state, first, backfill in (
        reports.order_by()
        .values_list(
            "form_id",
            "period_id",
            "path_then",
            "due_date",
            "state",
            "first_submitted_at",
            "is_backfill",
        )
        .iterator(chunk_size=5000)
    ):
        received = first is not None
        counts = (
            1,
            int(received),
            int(not backfill and received and timezone.localtime(first).date() <= due),
            int(state == "approved"),
            int(backfill),
            int(backfill and received),
        )
        ids = [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]
        for unit_id, parent_id in zip(ids, [None, *ids[:-1]], strict=True):
            total = totals[(form_id, period_id, unit_id, parent_id, due)]
            for index, value in enumerate(counts):
                total[index] += value
    return [
        Completeness(
            form_id=form_id,
            period_id=period_id,
            unit_id=unit_id,
            parent_id=parent_id,
            due_date=due,
            expected=t[0],
            received=t[1],
            on_time=t[2],
            approved=t[3],
            backfill=t[4],
            backfill_received=t[5],
        )
        for (form_id, period_id, unit_id, parent_id, due), t in totals.items()
    ]


def fill(apps, schema_editor):
    Report = apps.get_model("reporting", "Report")
    Completeness = apps.get_model("reporting", "Completeness")
    Completeness.objects.bulk_create(counted(Completeness, Report.objects.all()), batch_size=2000)


def empty(apps, schema_editor):
    apps.get_model("reporting", "Completeness").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_completeness")]

    operations = [migrations.RunPython(fill, empty)]
