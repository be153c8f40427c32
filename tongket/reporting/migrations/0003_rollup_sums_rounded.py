"""Round the stored roll-up sums to the six decimals their columns keep (data only).

SQLite added decimals as binary floats and kept sums such as 1437.0787000000003, which a
backup read as 1437.078700 and a restore wrote back as 1437.0787: the rows differed after a
round trip. The service now rounds every sum as it writes it; this rounds the rows written
before. On PostgreSQL the numeric columns are exact and the update changes nothing. The
reverse leaves the rows rounded (the extra digits were noise)."""

from django.db import migrations

ROUND = (
    "UPDATE reporting_rollup SET value_sum = ROUND(value_sum, 6), "
    "weighted_sum = ROUND(weighted_sum, 6), numerator_sum = ROUND(numerator_sum, 6), "
    "denominator_sum = ROUND(denominator_sum, 6)"
)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_seed_period_rules")]

    operations = [migrations.RunSQL(ROUND, reverse_sql=migrations.RunSQL.noop)]
