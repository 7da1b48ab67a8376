from django.db import migrations, models


class Migration(migrations.Migration):
    """Scraps, read notices and reading filters name their member by key alone."""

    dependencies = [
        ("boards", "0008_fill_member_keys"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="scrap", name="scrap_once_per_member"),
        migrations.RemoveConstraint(model_name="noticeread", name="notice_read_once"),
        migrations.RemoveField(model_name="scrap", name="member"),
        migrations.RemoveField(model_name="noticeread", name="member"),
        migrations.RemoveField(model_name="readingpreferences", name="member"),
        migrations.AlterField(
            model_name="scrap",
            name="member_key",
            field=models.CharField(editable=False, max_length=32),
        ),
        migrations.AlterField(
            model_name="noticeread",
            name="member_key",
            field=models.CharField(editable=False, max_length=32),
        ),
        migrations.AlterField(
            model_name="readingpreferences",
            name="member_key",
            field=models.CharField(editable=False, max_length=32, unique=True),
        ),
        migrations.AddConstraint(
            model_name="scrap",
            constraint=models.UniqueConstraint(
                fields=("member_key", "post"), name="scrap_once_per_member"
            ),
        ),
        migrations.AddConstraint(
            model_name="noticeread",
            constraint=models.UniqueConstraint(
                fields=("member_key", "notice"), name="notice_read_once"
            ),
        ),
    ]
