# The posts and comments written before search was installed. A site past LIMIT rows
# indexes them with `madang rebuild_search` instead (in batches, with a progress bar),
# rather than inside a migration that `madang serve` runs before it starts.

import sys

from django.db import migrations

from madang.search import engine
from madang.search.indexing import comment_row, post_row

LIMIT = 100_000
BATCH = 2000


def index_existing(apps, schema_editor):
    using = schema_editor.connection.alias
    Post = apps.get_model("boards", "Post")
    Comment = apps.get_model("comments", "Comment")
    posts = Post.objects.using(using)
    comments = Comment.objects.using(using)
    if posts.count() + comments.count() > LIMIT:
        sys.stderr.write("\n  search: run `madang rebuild_search` to index the existing posts\n")
        return
    rows = list(
        posts.order_by("pk").values_list("pk", "board_id", "created_at", "title", "body_html")
    )
    for start in range(0, len(rows), BATCH):
        engine.store_posts([post_row(*row) for row in rows[start : start + BATCH]], using)
    found = list(
        comments.order_by("pk").values_list(
            "pk", "post_id", "post__board_id", "created_at", "body"
        )
    )
    for start in range(0, len(found), BATCH):
        engine.store_comments([comment_row(*row) for row in found[start : start + BATCH]], using)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_terms")]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
