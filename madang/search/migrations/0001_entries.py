# The index entries (search/models.py); their terms come in 0002.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('boards', '0011_post_media'),
        ('comments', '0007_comment_picture'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommentEntry',
            fields=[
                ('comment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='comments.comment')),
                ('created_at', models.DateTimeField()),
                ('body', models.TextField()),
                ('board', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='boards.board')),
                ('post', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='boards.post')),
            ],
            options={
                'indexes': [models.Index(fields=['created_at', 'comment'], name='search_comment_by_date'), models.Index(fields=['board', 'created_at', 'comment'], name='search_comment_by_board')],
            },
        ),
        migrations.CreateModel(
            name='PostEntry',
            fields=[
                ('post', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='boards.post')),
                ('created_at', models.DateTimeField()),
                ('title', models.TextField()),
                ('body', models.TextField()),
                ('board', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='boards.board')),
            ],
            options={
                'indexes': [models.Index(fields=['created_at', 'post'], name='search_post_by_date'), models.Index(fields=['board', 'created_at', 'post'], name='search_post_by_board')],
            },
        ),
    ]
