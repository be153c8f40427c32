"""The vocabulary of the index (`SearchWord`), filled from the entries already there."""

from django.db import migrations, models

BATCH = 500


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    import re

    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchWord = apps.get_model("search", "SearchWord")
    word = re.compile(r"[^\W_]+")
    found: set[str] = set()
    for title_key, body_key in SearchEntry.objects.values_list("title_key", "body_key").iterator(
        chunk_size=BATCH
    ):
        found.update(word.findall(f"{title_key} {body_key}"))
    kept = sorted(w for w in found if 2 <= len(w) <= 40 and not w.isdigit())
    for start in range(0, len(kept), BATCH):
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, length=len(w)) for w in kept[start : start + BATCH]],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indicator_kind")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
                ("length", models.PositiveSmallIntegerField()),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "indexes": [
                    models.Index(fields=["length", "word"], name="search_sear_length_020c43_idx")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
