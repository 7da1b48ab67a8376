from django.db import migrations, models


class Migration(migrations.Migration):
    """Scraps, read notices and reading filters get a column for the member's key
    (``accounts.memberkeys``), filled by the next migration; the one after drops the
    member id they hold now."""

    dependencies = [
        ("boards", "0006_post_submission_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="scrap",
            name="member_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.AddField(
            model_name="noticeread",
            name="member_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.AddField(
            model_name="readingpreferences",
            name="member_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
    ]
