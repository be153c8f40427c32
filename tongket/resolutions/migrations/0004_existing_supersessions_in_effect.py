"""Supersession links recorded before links could wait for their source's issue were all
applied at once: mark them in effect, the target in force before them (the earlier status
was not kept), except where the source is still a draft."""

from django.db import migrations


def forwards(apps, schema_editor):
    Relation = apps.get_model("resolutions", "ResolutionRelation")
    Relation.objects.filter(kind="supersedes").exclude(source__status="draft").update(
        in_effect=True, target_status_before="in_force"
    )


def backwards(apps, schema_editor):
    Relation = apps.get_model("resolutions", "ResolutionRelation")
    Relation.objects.update(in_effect=False, target_status_before="", target_status_since_before=None)


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0003_unnumbered_records_and_supersession_effect")]
    operations = [migrations.RunPython(forwards, backwards)]
