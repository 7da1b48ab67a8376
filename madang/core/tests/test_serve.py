from madang.core.management.commands.serve import worker_shape


def test_embedded_default_serves_from_one_process_with_threads():
    assert worker_shape(None, None, redis=False) == (1, 8)


def test_with_redis_sync_workers_scale_with_cores(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert worker_shape(None, None, redis=True) == (4, 1)
    assert worker_shape(3, 2, redis=True) == (3, 2)


def test_static_files_collect_with_the_production_storage(tmp_path, settings):
    """Every asset, vendored ones included, survives hashing and compression."""
    import io

    from django.core.management import call_command

    from madang import settings as production

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = production.STORAGES
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/trix-2.1.19/trix.umd.min.js" in manifest
    assert "madang/madang.css" in manifest


def test_serve_answers_with_the_production_server(tmp_path):
    """`madang serve` migrates, collects static files and answers through gunicorn."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "MADANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "DJANGO_SETTINGS_MODULE": "madang.settings",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as answer:
                    body = json.loads(answer.read())
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                time.sleep(0.3)
        assert body is not None and body["database"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            page = answer.read().decode()
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/madang/madang.") and css.endswith(".css")  # hashed name
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as answer:
            assert "max-age" in answer.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=20)
