"""The full-text structures of the search index, one per database.

SQLite: an FTS5 table reading its content from search_searchentry (title_key, body_key),
kept in step by three triggers. Django rebuilds a SQLite table to alter it (new table, copy,
drop, rename), which drops its triggers: a later migration that alters search_searchentry
must create them again and then run `INSERT INTO search_entry_fts(search_entry_fts)
VALUES ('rebuild')`.

PostgreSQL: a generated tsvector column over the folded title (weight A) and text (weight B)
with the 'simple' configuration (the text is folded already; no stemming suits Vietnamese
syllables), and a GIN index on it.
"""

from django.db import migrations, router

SQLITE = [
    """
    CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title_key, body_key,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END
    """,
    """
    CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
    END
    """,
    """
    CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
        INSERT INTO search_entry_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END
    """,
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]
POSTGRESQL = [
    """
    ALTER TABLE search_searchentry ADD COLUMN fts tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_key), 'A')
        || setweight(to_tsvector('simple', body_key), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_fts_gin ON search_searchentry USING GIN (fts)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_fts_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS fts",
]


class VendorSQL(migrations.RunSQL):
    """RunSQL with one script per database vendor (none for other vendors)."""

    def __init__(self, scripts: dict, reverse: dict) -> None:
        self.scripts = scripts
        self.reverse = reverse
        super().__init__(sql=migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        return (self.__class__.__name__, [self.scripts, self.reverse], {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if router.allow_migrate(schema_editor.connection.alias, app_label):
            self._run_sql(schema_editor, self.scripts.get(schema_editor.connection.vendor, []))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if router.allow_migrate(schema_editor.connection.alias, app_label):
            self._run_sql(schema_editor, self.reverse.get(schema_editor.connection.vendor, []))

    def describe(self) -> str:
        return "Full-text structures of the search index"


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [
        VendorSQL(
            {"sqlite": SQLITE, "postgresql": POSTGRESQL},
            {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE},
        )
    ]
