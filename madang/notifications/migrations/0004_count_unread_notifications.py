# Each recipient's counter, counted from the unread notifications already stored
# (one row per recipient; the partial index `notification_unread` serves the count).
# Backwards, the counters go: 0003 backwards drops their table.

from django.db import migrations
from django.db.models import Count

BATCH = 2000


def count_unread(apps, schema_editor):
    using = schema_editor.connection.alias
    Notification = apps.get_model("notifications", "Notification")
    UnreadCount = apps.get_model("notifications", "UnreadCount")
    UnreadCount.objects.using(using).all().delete()
    counts = (
        Notification.objects.using(using)
        .filter(read_at__isnull=True)
        .order_by()
        .values_list("recipient_ref")
        .annotate(unread=Count("pk"))
    )
    UnreadCount.objects.using(using).bulk_create(
        (UnreadCount(recipient_ref=ref, unread=unread) for ref, unread in counts),
        batch_size=BATCH,
    )


def forget_counts(apps, schema_editor):
    UnreadCount = apps.get_model("notifications", "UnreadCount")
    UnreadCount.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_unread_counts")]

    operations = [migrations.RunPython(count_unread, forget_counts)]
