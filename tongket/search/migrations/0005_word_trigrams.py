"""On PostgreSQL, a trigram index (pg_trgm) on the vocabulary of the index, so that the
"did you mean" lookup (`suggestions.similar_words`: words starting with, ending with or
holding a piece of the slip, `LIKE 'x%'`, `'%x'`, `'%x%'`) reads an index instead of every
word. pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
Where it cannot be created the lookup works as before, without the index; SQLite needs
nothing (its vocabulary is read through its own B-tree)."""

from django.db import migrations, router, transaction

INDEX = "search_word_trgm"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not router.allow_migrate(connection.alias, "search"):
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create it: the lookup runs without the index
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchword USING GIN (word gin_trgm_ops)"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_words")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
