"""One composite key for a value's report, unit and period (PostgreSQL); roll-ups without keys.

A value kept three foreign keys beside its indicator's: to its report, to its unit and to
its period, the last two repeating the report's. PostgreSQL checks every key of every new
row (deferred: at the commit), so an import of 63,000 values spent about 0.9 s of its commit
on 252,000 look-ups. One key (report, unit, period) → the report's (id, unit, period) checks
once what the three checked, and also what they did not: that a value's unit and period are
its report's. The report's own keys keep its unit and period existing.

Django has no composite foreign keys: the three fields lose their database constraint
(`db_constraint=False`, their indexes stay) and the composite key is SQL, on PostgreSQL
only. SQLite (demo and development) rebuilds a table from Django's state on every change of
it and would drop a key Django does not know, so there the services alone keep the three
columns right (they write them from the report). Deletion rules stay Django's on both.

Roll-ups, derived rows rebuilt from the values, lose their three database keys too (Django's
CASCADE keeps them): a large import's rebuild wrote tens of thousands of rows whose keys
PostgreSQL checked one by one at the commit.

On an existing database the key is added NOT VALID and then validated, which reads the
value table once without blocking writes to it.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY = "reporting_datavalue_report_unit_period_fk"
ADD = [
    f"ALTER TABLE reporting_datavalue ADD CONSTRAINT {KEY} "
    "FOREIGN KEY (report_id, unit_id, period_id) "
    "REFERENCES reporting_report (id, unit_id, period_id) "
    "DEFERRABLE INITIALLY DEFERRED NOT VALID",
    f"ALTER TABLE reporting_datavalue VALIDATE CONSTRAINT {KEY}",
]
DROP = [f"ALTER TABLE reporting_datavalue DROP CONSTRAINT IF EXISTS {KEY}"]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0010_user_version"),
        ("reporting", "0009_reports_entered_afterwards"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("id", "unit", "period"), name="report_id_unit_period"
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="reporting.report",
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="unit",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="period",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reporting.period",
            ),
        ),
        migrations.RunPython(_run(ADD), _run(DROP), elidable=False),
        # Roll-ups are derived rows (rebuilt from the values): Django's CASCADE keeps them.
        *[
            migrations.AlterField(
                model_name="rollup",
                name=name,
                field=models.ForeignKey(
                    db_constraint=False, on_delete=django.db.models.deletion.CASCADE, to=to
                ),
            )
            for name, to in (
                ("indicator", "resolutions.indicator"),
                ("period", "reporting.period"),
                ("unit", "org.unit"),
            )
        ],
    ]
