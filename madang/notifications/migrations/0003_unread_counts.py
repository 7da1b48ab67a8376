# The bell's count kept per recipient (models.UnreadCount); 0004 fills it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_korean_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnreadCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient_ref', models.CharField(db_index=True, editable=False, max_length=64, verbose_name='받는 사람 참조')),
                ('unread', models.IntegerField(default=0, verbose_name='읽지 않은 알림')),
            ],
            options={
                'verbose_name': '읽지 않은 알림 수',
                'verbose_name_plural': '읽지 않은 알림 수',
            },
        ),
    ]
