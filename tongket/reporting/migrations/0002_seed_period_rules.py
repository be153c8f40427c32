"""Default period rules: the state reporting regime (Nghị định 09/2019/NĐ-CP) — data windows
from the 15th of the month before to the 14th, reports due two working days after the
cut-off. Issuing bodies may add their own rules."""

from django.db import migrations

TYPES = ["month", "quarter", "half_year", "nine_months", "year", "term"]


def seed(apps, schema_editor):
    PeriodRule = apps.get_model("reporting", "PeriodRule")
    for period_type in TYPES:
        PeriodRule.objects.get_or_create(
            issuer=None,
            period_type=period_type,
            defaults={
                "window_start_day": 15 if period_type != "term" else 1,
                "due_working_days": 2,
                "note": "Nghị định 09/2019/NĐ-CP",
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("reporting", "PeriodRule").objects.filter(issuer=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
