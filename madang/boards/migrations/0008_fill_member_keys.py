"""Each scrap, read notice and reading filter gets its member's key, from the member id
it still holds.

The key is HMAC(HKDF(data key, "member-rows"), member id) under the newest data key,
which lives outside the database: this migration reads it from the settings, where
every madang process finds it (``MADANG_DATA_KEY`` or ``var/data_key``), as
``madang rotate_data_key`` does. A separate command would leave rows without a key
between the migrations, and the next migration, which drops the member ids, could not
run until it had. The computation is written out here rather than imported, so that
the migration keeps computing what it computed when it was written
(``accounts.memberkeys.member_key_under`` computes the same).
"""

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations


def member_key(secret: str, member_id: int) -> str:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"madang", info=b"member-rows").derive(
        secret.encode()
    )
    return hmac.new(key, str(member_id).encode(), hashlib.sha256).hexdigest()[:32]


def fill_member_keys(apps, schema_editor):
    secret = settings.MADANG_DATA_KEYS[0]
    for name in ("Scrap", "NoticeRead", "ReadingPreferences"):
        model = apps.get_model("boards", name)
        rows = model.objects.filter(member_key__isnull=True).only("pk", "member_id")
        batch = []
        for row in rows.iterator(chunk_size=2000):
            row.member_key = member_key(secret, row.member_id)
            batch.append(row)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["member_key"])
                batch = []
        model.objects.bulk_update(batch, ["member_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0007_reading_rows_get_member_keys"),
    ]

    operations = [
        # Back: nothing to undo here. Going back past the next migration works on empty
        # tables only: the member ids it drops are gone by design.
        migrations.RunPython(fill_member_keys, migrations.RunPython.noop),
    ]
