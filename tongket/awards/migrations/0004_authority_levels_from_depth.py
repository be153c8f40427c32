"""Authorities were keyed on a depth in the tree (1 = the Ministry, 2 = military regions and
general departments, 3 = divisions and provincial commands, 4 = regiments). Each becomes the
level of the body, and every unit standing at that depth today is given that level once, so
that who may give what is unchanged on the day of the migration and no longer moves with the
tree afterwards."""

from django.db import migrations

LEVELS = {1: "ministry", 2: "region", 3: "division", 4: "regiment"}


def forwards(apps, schema_editor):
    AwardAuthority = apps.get_model("awards", "AwardAuthority")
    AwardingBody = apps.get_model("awards", "AwardingBody")
    Unit = apps.get_model("org", "Unit")
    used = set()
    for authority in AwardAuthority.objects.filter(unit__isnull=True, level__isnull=False):
        level = LEVELS.get(authority.level)
        if level is None:
            continue
        authority.body_level = level
        authority.save(update_fields=["body_level"])
        used.add(authority.level)
    taken = set(AwardingBody.objects.values_list("unit_id", flat=True))
    AwardingBody.objects.bulk_create(
        AwardingBody(unit_id=pk, level=LEVELS[depth])
        for pk, depth in Unit.objects.filter(depth__in=used).values_list("pk", "depth")
        if pk not in taken
    )


def backwards(apps, schema_editor):
    apps.get_model("awards", "AwardAuthority").objects.update(body_level="")
    apps.get_model("awards", "AwardingBody").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_decision_counts_and_body_levels")]
    operations = [migrations.RunPython(forwards, backwards)]
