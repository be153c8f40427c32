"""The usual fields of work; an administrator may add, rename or retire them."""

from django.db import migrations

FIELDS = [
    ("logistics", "Hậu cần", 10),
    ("technical", "Kỹ thuật", 20),
    ("training", "Huấn luyện", 30),
    ("economy_defence", "Kinh tế kết hợp quốc phòng", 40),
    ("defence_industry", "Công nghiệp quốc phòng", 50),
    ("party_building", "Xây dựng Đảng", 60),
    ("local_defence", "Quốc phòng địa phương", 70),
    ("other", "Khác", 99),
]


def seed(apps, schema_editor):
    Field = apps.get_model("resolutions", "Field")
    for code, name, order in FIELDS:
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    Field = apps.get_model("resolutions", "Field")
    Field.objects.filter(code__in=[code for code, _n, _o in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
