"""A roll-up's unit loses its single-column index: the unique (unit, period, basis,
indicator) index begins with it, and every roll-up row written (a large import's rebuild
writes tens of thousands) paid for both."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0010_user_version"),
        ("reporting", "0011_value_keys_checked_per_statement"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rollup",
            name="unit",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="org.unit",
            ),
        ),
    ]
