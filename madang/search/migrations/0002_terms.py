# Where each database keeps the terms (search/engine.py): FTS5 tables on SQLite, a
# GIN-indexed tsvector column on PostgreSQL. Neither is a model field.

from django.db import migrations

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_post_fts USING fts5("
        "t, b, ti, bi, tokenize = 'ascii', detail = 'column')",
        "DROP TABLE search_post_fts",
    ),
    (
        "CREATE VIRTUAL TABLE search_comment_fts USING fts5("
        "b, bi, tokenize = 'ascii', detail = 'column')",
        "DROP TABLE search_comment_fts",
    ),
    # An entry removed (its post or comment deleted) takes its terms with it.
    (
        "CREATE TRIGGER search_post_fts_gone AFTER DELETE ON search_postentry BEGIN"
        " DELETE FROM search_post_fts WHERE rowid = old.post_id; END",
        "DROP TRIGGER search_post_fts_gone",
    ),
    (
        "CREATE TRIGGER search_comment_fts_gone AFTER DELETE ON search_commententry BEGIN"
        " DELETE FROM search_comment_fts WHERE rowid = old.comment_id; END",
        "DROP TRIGGER search_comment_fts_gone",
    ),
]
POSTGRESQL = [
    (
        "ALTER TABLE search_postentry ADD COLUMN terms tsvector NOT NULL DEFAULT ''",
        "ALTER TABLE search_postentry DROP COLUMN terms",
    ),
    (
        "ALTER TABLE search_commententry ADD COLUMN terms tsvector NOT NULL DEFAULT ''",
        "ALTER TABLE search_commententry DROP COLUMN terms",
    ),
    (
        "CREATE INDEX search_post_terms ON search_postentry USING gin (terms)",
        "DROP INDEX search_post_terms",
    ),
    # The planner's statistics of the terms (most common ones and their shares) are
    # also what search/engine.py reads to choose how to find the newest matches.
    (
        "ALTER TABLE search_postentry ALTER COLUMN terms SET STATISTICS 1000",
        "ALTER TABLE search_postentry ALTER COLUMN terms SET STATISTICS -1",
    ),
    (
        "ALTER TABLE search_commententry ALTER COLUMN terms SET STATISTICS 1000",
        "ALTER TABLE search_commententry ALTER COLUMN terms SET STATISTICS -1",
    ),
    (
        "CREATE INDEX search_comment_terms ON search_commententry USING gin (terms)",
        "DROP INDEX search_comment_terms",
    ),
]


def _run(backwards=False):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        chosen = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
        if chosen is None:
            raise RuntimeError(f"search needs SQLite or PostgreSQL, not {vendor}")
        for forward, backward in reversed(chosen) if backwards else chosen:
            schema_editor.execute(backward if backwards else forward)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [migrations.RunPython(_run(), _run(backwards=True))]
