"""A value's keys checked once per statement, as a set, instead of row by row at the commit
(PostgreSQL); two indexes the composite ones cover dropped.

Migration 0010 left a value two foreign keys: (report, unit, period) → the report's, and the
indicator's. PostgreSQL checks a foreign key one row at a time, each check a look-up of the
referenced row; deferred to the commit, an import of 63,000 values spent 0.6 s of a 2.8 s
import on 126,000 of them. Statement-level triggers with transition tables check the same
rules over the statement's rows at once: one anti-join of the new rows against the reports
and the indicators (a few milliseconds for the whole import), the rows referred to locked
FOR KEY SHARE as a foreign key locks them, so that a concurrent deletion waits for the
writer's commit and then sees its rows.

The rules kept, each raising SQLSTATE 23503 (foreign_key_violation, Django's IntegrityError)
and naming `reporting_datavalue_report_unit_period_fk` or `reporting_datavalue_indicator_fk`:
- a value written (INSERT, COPY, UPDATE, ON CONFLICT) must name an existing report with the
  same unit and period, and an existing indicator;
- a report may not be deleted, nor its id, unit or period changed, while values refer to it
  (Django's CASCADE deletes the values first, as before);
- an indicator may not be deleted while values refer to it (Django's PROTECT says so first).

What the triggers do not do that a key did: they are checked at the end of each statement,
not deferrable to the commit (every service writes a report before its values), and TRUNCATE
of one table alone is not refused (Django's flush empties all of them together).

SQLite (demo and development) declares none of these keys, as for the report, unit and
period since 0010: the indicator's key is dropped there too and the services keep the
columns right. Dropped on both: the single-column indexes on `report_id` (the unique
(report, indicator) index begins with it) and on `indicator_id` (the (indicator, unit,
period) index begins with it), and the report's unique (id, unit, period), which only the
composite key needed. Each index dropped is one fewer to write per row.
"""

import django.db.models.deletion
from django.db import migrations, models

VALUE_KEY = "reporting_datavalue_report_unit_period_fk"
INDICATOR_KEY = "reporting_datavalue_indicator_fk"
OLD_INDICATOR_KEY = "reporting_datavalue_indicator_id_ecbe883a_fk_resolutio"


def _raise(key: str, detail: str) -> str:
    return (
        "RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', "
        f"CONSTRAINT = '{key}', "
        f"MESSAGE = 'insert, update or delete violates key \"{key}\"', "
        f"DETAIL = {detail};"
    )


CREATE = [
    # The values written by one statement: their reports (with the same unit and period)
    # and their indicators exist, and stay until this transaction ends.
    f"""
CREATE FUNCTION reporting_value_keys_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    PERFORM 1 FROM reporting_report r
     WHERE r.id IN (SELECT DISTINCT report_id FROM value_new)
     ORDER BY r.id FOR KEY SHARE;
    PERFORM 1 FROM resolutions_indicator i
     WHERE i.id IN (SELECT DISTINCT indicator_id FROM value_new)
     ORDER BY i.id FOR KEY SHARE;
    SELECT n.report_id, n.unit_id, n.period_id INTO bad
      FROM (SELECT DISTINCT report_id, unit_id, period_id FROM value_new) n
     WHERE NOT EXISTS (
        SELECT 1 FROM reporting_report r
         WHERE r.id = n.report_id AND r.unit_id = n.unit_id AND r.period_id = n.period_id)
     LIMIT 1;
    IF FOUND THEN
        {_raise(VALUE_KEY, "format('Key (report_id, unit_id, period_id)=(%s, %s, %s) is not a report of that unit and period.', bad.report_id, bad.unit_id, bad.period_id)")}
    END IF;
    SELECT n.indicator_id INTO bad
      FROM (SELECT DISTINCT indicator_id FROM value_new) n
     WHERE NOT EXISTS (SELECT 1 FROM resolutions_indicator i WHERE i.id = n.indicator_id)
     LIMIT 1;
    IF FOUND THEN
        {_raise(INDICATOR_KEY, "format('Key (indicator_id)=(%s) is not present in table resolutions_indicator.', bad.indicator_id)")}
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reporting_value_keys_insert AFTER INSERT ON reporting_datavalue "
    "REFERENCING NEW TABLE AS value_new FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_value_keys_written()",
    "CREATE TRIGGER reporting_value_keys_update AFTER UPDATE ON reporting_datavalue "
    "REFERENCING NEW TABLE AS value_new FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_value_keys_written()",
    # Reports deleted, or their id, unit or period changed, with values still on them.
    f"""
CREATE FUNCTION reporting_report_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT o.id INTO bad FROM report_old o
         WHERE EXISTS (SELECT 1 FROM reporting_datavalue v WHERE v.report_id = o.id)
         LIMIT 1;
    ELSE
        SELECT o.id INTO bad FROM report_old o
         WHERE NOT EXISTS (
            SELECT 1 FROM report_new n
             WHERE n.id = o.id AND n.unit_id = o.unit_id AND n.period_id = o.period_id)
           AND EXISTS (SELECT 1 FROM reporting_datavalue v WHERE v.report_id = o.id)
         LIMIT 1;
    END IF;
    IF FOUND THEN
        {_raise(VALUE_KEY, "format('Key (id)=(%s) is still referenced from table reporting_datavalue.', bad.id)")}
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reporting_report_keys_delete AFTER DELETE ON reporting_report "
    "REFERENCING OLD TABLE AS report_old FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_report_keys_changed()",
    "CREATE TRIGGER reporting_report_keys_update AFTER UPDATE ON reporting_report "
    "REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_report_keys_changed()",
    # Indicators deleted (or renumbered) with values still on them.
    f"""
CREATE FUNCTION reporting_indicator_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT o.id INTO bad FROM indicator_old o
         WHERE EXISTS (SELECT 1 FROM reporting_datavalue v WHERE v.indicator_id = o.id)
         LIMIT 1;
    ELSE
        SELECT o.id INTO bad FROM indicator_old o
         WHERE NOT EXISTS (SELECT 1 FROM indicator_new n WHERE n.id = o.id)
           AND EXISTS (SELECT 1 FROM reporting_datavalue v WHERE v.indicator_id = o.id)
         LIMIT 1;
    END IF;
    IF FOUND THEN
        {_raise(INDICATOR_KEY, "format('Key (id)=(%s) is still referenced from table reporting_datavalue.', bad.id)")}
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reporting_indicator_keys_delete AFTER DELETE ON resolutions_indicator "
    "REFERENCING OLD TABLE AS indicator_old FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_indicator_keys_changed()",
    "CREATE TRIGGER reporting_indicator_keys_update AFTER UPDATE ON resolutions_indicator "
    "REFERENCING OLD TABLE AS indicator_old NEW TABLE AS indicator_new FOR EACH STATEMENT "
    "EXECUTE FUNCTION reporting_indicator_keys_changed()",
]
DROP = [
    "DROP TRIGGER IF EXISTS reporting_value_keys_insert ON reporting_datavalue",
    "DROP TRIGGER IF EXISTS reporting_value_keys_update ON reporting_datavalue",
    "DROP TRIGGER IF EXISTS reporting_report_keys_delete ON reporting_report",
    "DROP TRIGGER IF EXISTS reporting_report_keys_update ON reporting_report",
    "DROP TRIGGER IF EXISTS reporting_indicator_keys_delete ON resolutions_indicator",
    "DROP TRIGGER IF EXISTS reporting_indicator_keys_update ON resolutions_indicator",
    "DROP FUNCTION IF EXISTS reporting_value_keys_written()",
    "DROP FUNCTION IF EXISTS reporting_report_keys_changed()",
    "DROP FUNCTION IF EXISTS reporting_indicator_keys_changed()",
]
KEYS_DROP = [f"ALTER TABLE reporting_datavalue DROP CONSTRAINT IF EXISTS {VALUE_KEY}"]
KEYS_ADD = [
    f"ALTER TABLE reporting_datavalue ADD CONSTRAINT {VALUE_KEY} "
    "FOREIGN KEY (report_id, unit_id, period_id) "
    "REFERENCES reporting_report (id, unit_id, period_id) DEFERRABLE INITIALLY DEFERRED",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                # No parameters: the functions hold format() placeholders (%s).
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0010_value_composite_key"),
        ("resolutions", "0001_initial"),
    ]

    operations = [
        # The composite key goes before the unique index it refers to.
        migrations.RunPython(_run(KEYS_DROP), _run(KEYS_ADD), elidable=False),
        migrations.RemoveConstraint(model_name="report", name="report_id_unit_period"),
        migrations.AlterField(
            model_name="datavalue",
            name="indicator",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="values",
                to="resolutions.indicator",
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="reporting.report",
            ),
        ),
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
