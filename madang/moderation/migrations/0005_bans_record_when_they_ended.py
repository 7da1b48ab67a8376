"""Bans record when the scheduled job ended them (their time ran out).

Bans that ran out before this field existed have none: the job's first run
ends them, and gives back the writing their silent kind still hides.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0004_audit_events_name_their_board'),
    ]

    operations = [
        migrations.AddField(
            model_name='ban',
            name='ended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='기한 끝 처리'),
        ),
        migrations.AlterField(
            model_name='ban',
            name='lifted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='푼 때'),
        ),
    ]
