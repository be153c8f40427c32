"""Data: every unit's own line from its kind, and its place in that line from its placements
in the organisation tree (under the nearest unit above it that is in the same line), so that
existing databases keep every figure and gain the lines."""

from django.db import migrations

HOME_LINE_OF_KIND = {
    "party_committee": "party",
    "command": "command",
    "agency": "command",
    "locality": "state",
    "other": "command",
}


def forwards(apps, schema_editor):
    Unit = apps.get_model("org", "Unit")
    UnitPlacement = apps.get_model("org", "UnitPlacement")
    UnitLine = apps.get_model("org", "UnitLine")
    units = {}
    for unit in Unit.objects.all().only("id", "kind", "parent_id"):
        unit.home_line = HOME_LINE_OF_KIND.get(unit.kind, "command")
        units[unit.pk] = unit
    Unit.objects.bulk_update(list(units.values()), ["home_line"], batch_size=500)

    def in_line_above(start_id, line):
        seen = set()
        current = start_id
        while current is not None and current not in seen:
            seen.add(current)
            above = units[current]
            if above.home_line == line:
                return current
            current = above.parent_id
        return None

    rows = []
    placements = UnitPlacement.objects.order_by("unit_id", "valid_from", "id")
    last = {}
    for placement in placements.iterator():
        unit = units[placement.unit_id]
        superior_id = (
            in_line_above(placement.parent_id, unit.home_line) if placement.parent_id else None
        )
        previous = last.get(unit.pk)
        if previous is not None and previous.superior_id == superior_id:
            previous.valid_to = placement.valid_to
            continue
        row = UnitLine(
            unit_id=unit.pk,
            line=unit.home_line,
            superior_id=superior_id,
            primary=True,
            valid_from=placement.valid_from,
            valid_to=placement.valid_to,
        )
        rows.append(row)
        last[unit.pk] = row
    UnitLine.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    apps.get_model("org", "UnitLine").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0005_unit_lines")]

    operations = [migrations.RunPython(forwards, backwards)]
