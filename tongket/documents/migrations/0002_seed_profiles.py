"""The two format profiles the system ships with (see documents/profiles.py)."""

import datetime

from django.db import migrations

from tongket.documents.profiles import PARTY_2018, STATE_2020


def seed(apps, schema_editor):
    FormatProfile = apps.get_model("documents", "FormatProfile")
    FormatProfile.objects.get_or_create(
        code="state-30-2020",
        defaults={
            "name": "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)",
            "style": "state",
            "legal_basis": "Nghị định 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư",
            "valid_from": datetime.date(2020, 3, 5),
            "rules": STATE_2020,
        },
    )
    FormatProfile.objects.get_or_create(
        code="party-36-2018",
        defaults={
            "name": "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)",
            "style": "party",
            "legal_basis": "Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng",
            "valid_from": datetime.date(2018, 4, 3),
            "rules": PARTY_2018,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("documents", "FormatProfile").objects.filter(
        code__in=["state-30-2020", "party-36-2018"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
