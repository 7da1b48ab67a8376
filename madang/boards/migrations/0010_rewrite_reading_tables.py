"""The tables of scraps, read notices and reading filters are rewritten on PostgreSQL.

Dropping a column there only hides it: every row's member id stays in the table's
files, and so do the row versions the previous migrations replaced, until the rows are
written anew. ``VACUUM FULL`` copies the live rows into new files without the dropped
column and deletes the old files, as the purge of client addresses does
(``accounts.actions.purge_client_addresses``). It cannot run inside a transaction,
hence a migration of its own that runs outside one. SQLite rebuilt these tables when
the column was dropped.
"""

from django.db import migrations

TABLES = ("boards_scrap", "boards_noticeread", "boards_readingpreferences")


def rewrite(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"VACUUM FULL {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("boards", "0009_reading_rows_name_no_member"),
    ]

    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop, atomic=False),
    ]
