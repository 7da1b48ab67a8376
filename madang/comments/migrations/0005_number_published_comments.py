"""Give every published comment its number, in the order it was written, and each
post the highest number given. Comments deleted or hidden before numbers were
stored were never shown with a number that must stay: they get none."""

from django.db import migrations

NUMBER_COMMENTS = """
UPDATE comments_comment SET number = ranked.place
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY post_id ORDER BY id) AS place
    FROM comments_comment WHERE status = 'published'
) AS ranked
WHERE comments_comment.id = ranked.id
"""

LAST_NUMBERS = """
UPDATE boards_post SET last_comment_number = (
    SELECT COALESCE(MAX(number), 0) FROM comments_comment
    WHERE comments_comment.post_id = boards_post.id
)
WHERE comment_count > 0
"""


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_comment_number"),
        ("boards", "0005_post_last_comment_number"),
    ]

    operations = [
        migrations.RunSQL(NUMBER_COMMENTS, migrations.RunSQL.noop),
        migrations.RunSQL(LAST_NUMBERS, migrations.RunSQL.noop),
    ]
