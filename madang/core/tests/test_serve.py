from madang.core.management.commands.serve import worker_shape


def test_embedded_default_serves_from_one_process_with_threads():
    assert worker_shape(None, None, redis=False) == (1, 8)


def test_with_redis_sync_workers_scale_with_cores(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert worker_shape(None, None, redis=True) == (4, 1)
    assert worker_shape(3, 2, redis=True) == (3, 2)
