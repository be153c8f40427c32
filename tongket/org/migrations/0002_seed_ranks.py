"""Data migration: the army's ranks (DOMAIN.md section 5), lowest to highest, and QNCN ranks."""

from django.db import migrations

RANKS = [
    ("binh_nhi", "Binh nhì", "", "soldier"),
    ("binh_nhat", "Binh nhất", "", "soldier"),
    ("ha_si", "Hạ sĩ", "", "nco"),
    ("trung_si", "Trung sĩ", "", "nco"),
    ("thuong_si", "Thượng sĩ", "", "nco"),
    ("thieu_uy", "Thiếu úy", "", "junior_officer"),
    ("trung_uy", "Trung úy", "", "junior_officer"),
    ("thuong_uy", "Thượng úy", "", "junior_officer"),
    ("dai_uy", "Đại úy", "", "junior_officer"),
    ("thieu_ta", "Thiếu tá", "", "senior_officer"),
    ("trung_ta", "Trung tá", "", "senior_officer"),
    ("thuong_ta", "Thượng tá", "", "senior_officer"),
    ("dai_ta", "Đại tá", "", "senior_officer"),
    ("thieu_tuong", "Thiếu tướng", "Chuẩn Đô đốc", "general"),
    ("trung_tuong", "Trung tướng", "Phó Đô đốc", "general"),
    ("thuong_tuong", "Thượng tướng", "Đô đốc", "general"),
    ("dai_tuong", "Đại tướng", "", "general"),
    # Professional soldiers (quân nhân chuyên nghiệp) carry officer-style QNCN ranks.
    ("qncn_thieu_uy", "Thiếu úy QNCN", "", "professional"),
    ("qncn_trung_uy", "Trung úy QNCN", "", "professional"),
    ("qncn_thuong_uy", "Thượng úy QNCN", "", "professional"),
    ("qncn_dai_uy", "Đại úy QNCN", "", "professional"),
    ("qncn_thieu_ta", "Thiếu tá QNCN", "", "professional"),
    ("qncn_trung_ta", "Trung tá QNCN", "", "professional"),
    ("qncn_thuong_ta", "Thượng tá QNCN", "", "professional"),
]


def seed(apps, schema_editor):
    Rank = apps.get_model("org", "Rank")
    for order, (code, name, navy, category) in enumerate(RANKS, start=1):
        Rank.objects.update_or_create(
            code=code, defaults={"name": name, "navy_name": navy, "category": category, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("org", "Rank").objects.filter(code__in=[r[0] for r in RANKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
