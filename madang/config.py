"""Reading madang's settings from the environment.

Only ``madang.settings`` calls these; application code reads ``django.conf.settings``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
# var/ holds the keys and the embedded database, but also static files and media
# that nginx, often another user, serves from disk: others may pass through it to
# those, never list it. The secrets themselves are the owner's alone.
VAR_DIR_MODE = 0o711
SECRET_FILE_MODE = 0o600


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def var_dir() -> Path:
    """The folder for the embedded database and generated keys (``./var`` by default)."""
    path = Path(os.environ.get("MADANG_VAR_DIR", "var")).resolve()
    path.mkdir(mode=VAR_DIR_MODE, parents=True, exist_ok=True)
    _at_most(path, VAR_DIR_MODE)
    return path


def _at_most(path: Path, mode: int) -> None:
    """Take away any permission beyond ``mode`` (a file made under an older, looser rule)."""
    try:
        current = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return
    if current & ~mode:
        # Not ours to change (another owner, a read-only mount): leave it as it is.
        with contextlib.suppress(PermissionError):
            path.chmod(current & mode)


def key_from_env_or_file(env_name: str, file_name: str) -> str:
    """A secret from the environment, or from a 0600 file under var/ made on first use.

    Keys never live in the database: a copy of the database alone must not be
    enough to unmask authors or forge sessions.
    """
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    path = var_dir() / file_name
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        pass
    else:
        _at_most(path, SECRET_FILE_MODE)
        return key
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start at once, one writes and the other reads.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SECRET_FILE_MODE)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def sqlite_path(url: str) -> str | None:
    """The file of a ``sqlite:///path`` URL; a relative path starts at the working folder.

    The file is made here, readable by its owner only, before SQLite opens it (SQLite
    would make it under the process's umask, usually readable by everyone); SQLite
    gives its journal files (``-wal``, ``-shm``) the mode of the database file.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :]
    if name in ("", ":memory:"):
        return ":memory:"
    path = Path(name)
    if not path.is_absolute():
        path = Path.cwd() / path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SECRET_FILE_MODE))
    for suffix in ("", "-wal", "-shm", "-journal"):
        _at_most(Path(f"{path}{suffix}"), SECRET_FILE_MODE)
    return str(path)


def email_settings(url: str) -> dict[str, object]:
    """Django mail settings from ``MADANG_EMAIL_URL``.

    ``smtp://user:password@host:587/?tls=1`` (or ``?ssl=1``) sends through SMTP;
    ``console://`` (the default) prints mail; ``locmem://`` keeps it in memory.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    url = url.strip()
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"MADANG_EMAIL_URL: unknown scheme {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps" or query.get("ssl", "") in TRUE_WORDS
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": not use_ssl and query.get("tls", "1") in TRUE_WORDS,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": query.get("from", "webmaster@localhost"),
    }


PREPARE_AFTER = 5  # runs of a statement on one connection before it is prepared


def server_database(url: str) -> dict[str, Any]:
    """Django's settings for a PostgreSQL server from its URL.

    Persistent, health-checked connections (one per gunicorn worker, reused
    across requests; ``madang.core.postgres`` checks them without a round trip),
    and a short connect timeout so that requests answer 503 instead of hanging
    while the database is away.

    Parameters are bound by the server, and a statement run a few times on a
    connection is prepared there (psycopg's ``prepare_threshold``): a page's few
    queries are the same on every render, and PostgreSQL planned each of them
    again every time, a quarter of a millisecond apiece. A pooler in front must
    keep a client's connection (PgBouncer in session mode, or 1.21 and later
    with ``max_prepared_statements``): docs/deploy/scale-out.md.
    """
    import dj_database_url

    database: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    database["ENGINE"] = "madang.core.postgres"
    database["OPTIONS"] = {
        "connect_timeout": 5,
        "server_side_binding": True,
        "prepare_threshold": PREPARE_AFTER,
        **database.get("OPTIONS", {}),
    }
    return database


def replica_databases(urls: list[str], primary_url: str) -> dict[str, dict[str, Any]]:
    """Aliases ``replica1``, ``replica2``, ... for the streaming replicas of the primary.

    Each is marked as a test mirror of the primary, so that a test run with
    replicas configured creates no test database on them.
    """
    if not urls:
        return {}
    if sqlite_path(primary_url) is not None:
        raise ValueError("MADANG_REPLICA_URLS needs a PostgreSQL DATABASE_URL")
    databases = {}
    for number, url in enumerate(urls, start=1):
        if not url.startswith(("postgres://", "postgresql://")):
            raise ValueError(f"MADANG_REPLICA_URLS: replica {number} is not a postgres:// URL")
        database = server_database(url)
        database["TEST"] = {"MIRROR": "default"}
        databases[f"replica{number}"] = database
    return databases


S3_QUERY_OPTIONS = {
    "endpoint": "endpoint_url",
    "region": "region_name",
    "style": "addressing_style",
}


def media_storage(url: str, media_url: str) -> dict[str, object]:
    """The storage of uploaded media from ``MADANG_MEDIA_STORAGE_URL``.

    Empty: files under ``MADANG_MEDIA_ROOT``. ``s3://bucket/prefix`` puts them in
    an S3-compatible bucket through django-storages (the ``s3`` extra), with
    ``?endpoint=https://...`` for a store other than AWS, ``&region=...`` and
    ``&style=path`` for stores that want path-style addresses. Credentials come
    the way boto3 finds them (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``,
    or an instance role), never from madang's settings. When ``MADANG_MEDIA_URL``
    is absolute (a CDN in front of the bucket), file URLs are made on it, unsigned.
    """
    from urllib.parse import parse_qs, urlsplit

    url = url.strip()
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("MADANG_MEDIA_STORAGE_URL: expected s3://bucket/prefix")
    options: dict[str, object] = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "file_overwrite": False,  # a second upload of the same name gets a name of its own
        "default_acl": None,  # the bucket's policy decides who reads
        "querystring_auth": True,
    }
    for key, values in parse_qs(parts.query).items():
        if key not in S3_QUERY_OPTIONS:
            known = ", ".join(S3_QUERY_OPTIONS)
            raise ValueError(f"MADANG_MEDIA_STORAGE_URL: unknown option {key!r} (known: {known})")
        options[S3_QUERY_OPTIONS[key]] = values[-1]
    public = urlsplit(media_url)
    if public.scheme in ("http", "https") and public.netloc:
        options["custom_domain"] = public.netloc + public.path.rstrip("/")
        options["url_protocol"] = f"{public.scheme}:"
        options["querystring_auth"] = False
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def tasks_backend(choice: str, redis_url: str) -> str:
    """Where tasks are queued, from ``MADANG_TASKS_BACKEND``: ``db`` (django_tasks_db, in
    the database) or ``rq`` (RQ, in Redis). Empty: ``rq`` when Redis is configured."""
    choice = choice.strip().lower() or ("rq" if redis_url else "db")
    if choice not in ("db", "rq"):
        raise ValueError(f"MADANG_TASKS_BACKEND: expected db or rq, not {choice!r}")
    if choice == "rq" and not redis_url:
        raise ValueError("MADANG_TASKS_BACKEND=rq needs REDIS_URL")
    return choice


def rq_queues(redis_url: str, names: list[str], timeouts: dict[str, int]) -> dict[str, Any]:
    """django-rq's ``RQ_QUEUES``: each queue on ``redis_url``, ``timeouts`` giving a queue's
    job timeout in seconds (RQ's own default otherwise).

    The clients give up on a Redis that does not answer, as the cache's do, so that
    queueing a task never holds a request for long; the worker lengthens the read
    timeout of its own connection past its blocking wait (RQ does it by itself).
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(redis_url)
    query = {"socket_connect_timeout": "1", "socket_timeout": "5", **dict(parse_qsl(parts.query))}
    url = urlunsplit(parts._replace(query=urlencode(query)))
    return {
        name: {"URL": url, **({"DEFAULT_TIMEOUT": timeouts[name]} if name in timeouts else {})}
        for name in names
    }
