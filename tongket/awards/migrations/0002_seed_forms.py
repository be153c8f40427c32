"""Award forms and emulation titles of Luật Thi đua, khen thưởng 2022 / Nghị định
152/2025/NĐ-CP (and, in the army, Thông tư 118/2023/TT-BQP), with a first authority table:
editable by an administrator."""

from django.db import migrations

# code, name, category, collectives, individuals, rank, repeat years, authority levels
FORMS = [
    ("HCBVTQ", "Huân chương Bảo vệ Tổ quốc", "award", True, True, 90, 5, []),
    ("HCCCBVTQ", "Huy chương Chiến sĩ vẻ vang", "award", False, True, 70, 5, []),
    ("BK-TTG", "Bằng khen của Thủ tướng Chính phủ", "award", True, True, 60, 2, []),
    ("BK-BQP", "Bằng khen của Bộ trưởng Bộ Quốc phòng", "award", True, True, 50, 1, [1]),
    ("BK-DV", "Bằng khen (của Tư lệnh quân khu, Thủ trưởng tổng cục và tương đương)", "award", True, True, 40, 1, [2]),
    ("GK", "Giấy khen", "award", True, True, 20, 1, [2, 3, 4]),
    ("CSTD-TQ", "Chiến sĩ thi đua toàn quân", "title", False, True, 55, 3, [1]),
    ("CSTD-CS", "Chiến sĩ thi đua cơ sở", "title", False, True, 30, 1, [2, 3]),
    ("CS-TT", "Chiến sĩ tiên tiến", "title", False, True, 10, 1, [3, 4]),
    ("CO-TD", "Cờ thi đua", "title", True, False, 45, 1, [1, 2]),
    ("DV-QT", "Đơn vị Quyết thắng", "title", True, False, 35, 1, [2, 3]),
    ("DV-TT", "Đơn vị tiên tiến", "title", True, False, 15, 1, [3, 4]),
    ("VMTD-MM", 'Đơn vị vững mạnh toàn diện "Mẫu mực, tiêu biểu"', "title", True, False, 38, 1, [1, 2]),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardAuthority = apps.get_model("awards", "AwardAuthority")
    for code, name, category, collectives, individuals, rank, repeat, levels in FORMS:
        form, _created = AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "for_collectives": collectives,
                "for_individuals": individuals,
                "rank": rank,
                "repeat_years": repeat,
                "legal_basis": "Luật Thi đua, khen thưởng 2022; Thông tư 118/2023/TT-BQP",
            },
        )
        for level in levels:
            AwardAuthority.objects.get_or_create(form=form, level=level, unit=None)


def unseed(apps, schema_editor):
    apps.get_model("awards", "AwardForm").objects.filter(
        code__in=[row[0] for row in FORMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
