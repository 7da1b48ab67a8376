from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from madang.accounts import crypto
from madang.accounts.actions import purge_client_addresses, record_client_trace
from madang.accounts.models import ClientTrace
from madang.core import scheduler


def test_raw_addresses_go_after_48_hours_and_hashes_stay(db):
    record_client_trace(kind=ClientTrace.Kind.POST, object_id=1, address="203.0.113.5")
    record_client_trace(kind=ClientTrace.Kind.COMMENT, object_id=2, address="2001:db8::1")
    old = ClientTrace.objects.get(object_id=1)
    ClientTrace.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=48, minutes=1)
    )
    assert purge_client_addresses() == 1
    old.refresh_from_db()
    assert old.address is None
    assert old.address_hash == crypto.address_hash("203.0.113.5")
    assert ClientTrace.objects.get(object_id=2).address == "2001:db8::1"


def test_the_hash_is_keyed_not_a_plain_digest(db):
    import hashlib

    assert crypto.address_hash("203.0.113.5") not in {
        hashlib.sha256(b"203.0.113.5").hexdigest()[:32],
        hashlib.md5(b"203.0.113.5").hexdigest(),  # noqa: S324 - what an attacker would try
    }


def test_the_purge_runs_at_least_hourly_from_the_worker(db):
    jobs = {job.name: job for job in scheduler.default_jobs()}
    assert jobs["purge-client-addresses"].every <= timedelta(hours=1)
    record_client_trace(kind=ClientTrace.Kind.POST, object_id=1, address="203.0.113.5")
    ClientTrace.objects.update(created_at=timezone.now() - timedelta(days=3))
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert "purge-client-addresses" in out.getvalue()
    assert ClientTrace.objects.get().address is None


def test_scheduler_runs_due_jobs_and_survives_a_failing_one(db):
    calls = []

    def boom():
        raise RuntimeError("broken")

    jobs = [
        scheduler.Job("fails", timedelta(hours=1), boom),
        scheduler.Job("works", timedelta(hours=1), lambda: calls.append(1)),
    ]
    now = timezone.now()
    assert scheduler.run_due(jobs, now) == ["works"]
    assert scheduler.run_due(jobs, now + timedelta(minutes=30)) == []
    assert scheduler.run_due(jobs, now + timedelta(hours=1)) == ["works"]
    assert jobs[0].last_run is None  # tried again next time
    assert calls == [1, 1]


def test_purge_command(db):
    out = io.StringIO()
    call_command("purge_client_addresses", stdout=out)
    assert "raw addresses forgotten: 0" in out.getvalue()
