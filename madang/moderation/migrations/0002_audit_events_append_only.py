"""The database itself refuses to change audit records.

PostgreSQL: a trigger rejects UPDATE and DELETE. SQLite: a trigger rejects
UPDATE; deletion is refused by the model (SQLite's test flush deletes rows, and
SQLite has no TRUNCATE to tell the two apart).
"""

from django.db import migrations

POSTGRES_UP = """
CREATE FUNCTION moderation_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_auditevent_no_change
    BEFORE UPDATE OR DELETE ON moderation_auditevent
    FOR EACH ROW EXECUTE FUNCTION moderation_auditevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS moderation_auditevent_no_change ON moderation_auditevent;
DROP FUNCTION IF EXISTS moderation_auditevent_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER moderation_auditevent_no_update
BEFORE UPDATE ON moderation_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS moderation_auditevent_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
