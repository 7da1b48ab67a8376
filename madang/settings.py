"""Django settings for madang, read from the environment (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

from madang.config import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    key_from_env_or_file,
    media_storage,
    replica_databases,
    rq_queues,
    server_database,
    sqlite_path,
    tasks_backend,
    var_dir,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = var_dir()

DEBUG = env_bool("MADANG_DEBUG")
SECRET_KEY = key_from_env_or_file("MADANG_SECRET_KEY", "secret_key")
MADANG_PSEUDONYM_KEY = key_from_env_or_file("MADANG_PSEUDONYM_KEY", "pseudonym_key")
# Keys of personal data at rest (e-mail encryption, blind indexes, address hashes),
# newest first; older ones only decrypt, during a rotation.
MADANG_DATA_KEYS = env_list(
    "MADANG_DATA_KEY", [key_from_env_or_file("MADANG_DATA_KEY", "data_key")]
)
ALLOWED_HOSTS = env_list("MADANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "madang.core.admin_site.AdminConfig",  # Django's admin under the site's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "madang.core.admin_site.TaskResultsConfig",  # django_tasks_db, named in Korean
    # django-ninja, for the API's docs page: its templates and its Swagger UI files, served
    # from this site (docs/api.md).
    "ninja",
    "madang.core",
    "madang.accounts",
    "madang.media",
    "madang.boards",
    "madang.comments",
    "madang.search",
    "madang.live",
    "madang.feeds",
    "madang.news",
    "madang.moderation",
    "madang.notifications",
    "madang.api",
    "madang.site",
]

MIDDLEWARE = [
    # Outside the rest, so that it compresses whole pages, cached ones included; nothing
    # after it reads a body (core/compression.py).
    "madang.core.compression.compression",
    "madang.core.middleware.trusted_proxy_scheme",
    "django.middleware.security.SecurityMiddleware",
    "madang.core.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "madang.accounts.backends.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "madang.urls"
WSGI_APPLICATION = "madang.wsgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "madang.core.context_processors.site",
    # The header's bell for members (counted only on pages rendered for one member).
    "madang.notifications.bell.header_bell",
]
TEMPLATES = [
    # madang's own templates are Jinja2 (madang/jinja2/, environment in core/templating.py):
    # they render the list and post pages in about half the time (docs/performance.md).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "madang.core.templating.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    # Django's templates for the admin and any other app that brings its own.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///var/madang.sqlite3")
_sqlite_file = sqlite_path(DATABASE_URL)
# Seconds a SQLite write waits for the write lock another writer holds; past them the
# request answers 503 with Retry-After (core/errors.py). Tests lower it.
_sqlite_busy = float(os.environ.get("MADANG_SQLITE_BUSY_TIMEOUT") or 20)
if _sqlite_file is not None:
    DATABASES = {
        "default": {
            "ENGINE": "madang.core.sqlite",
            "NAME": _sqlite_file,
            "OPTIONS": {
                # Writers queue for the lock at BEGIN instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": _sqlite_busy,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    f"PRAGMA busy_timeout={int(_sqlite_busy * 1000)};"
                    "PRAGMA cache_size=-32000;"
                    "PRAGMA mmap_size=268435456;"
                ),
            },
        }
    }
else:
    DATABASES = {"default": server_database(DATABASE_URL)}

# Streaming replicas of the primary (not in the fixed contract: docs/deploy/scale-out.md).
# Reads go to them, writes and a writer's own reads to the primary (madang.core.dbrouter).
DATABASES.update(replica_databases(env_list("MADANG_REPLICA_URLS", []), DATABASE_URL))
MADANG_REPLICAS = [alias for alias in DATABASES if alias != "default"]
# Seconds a client reads from the primary after it wrote; must exceed the replication lag.
MADANG_REPLICA_WINDOW = 10
if MADANG_REPLICAS:
    DATABASE_ROUTERS = ["madang.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "madang.core.dbrouter.read_routing",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "madang.core.breaker.BreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "madang",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "madang",
        }
    }

# --- Background tasks -----------------------------------------------------------------------
# The Django Tasks API (the django-tasks backport; docs/tasks.md), run by `madang worker`:
# queued in the database on the embedded default, in Redis through RQ when REDIS_URL is set.
# MADANG_TASKS_BACKEND=db|rq chooses otherwise. Media conversion is slow: it has a queue of
# its own, so that a worker can be given to it alone and other tasks never wait behind it.
MADANG_TASKS_BACKEND = tasks_backend(os.environ.get("MADANG_TASKS_BACKEND", ""), REDIS_URL)
_TASK_QUEUES = ["default", "media"]
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[MADANG_TASKS_BACKEND],
        "QUEUES": _TASK_QUEUES,
    }
}
if MADANG_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # the RQ backend's system check asks for it
    # Not its dashboard in the admin: its pages speak English only (docs/boards.md, "Admin").
    RQ_SHOW_ADMIN_LINK = False
    # The cache's Redis; a media job may take half an hour before RQ stops it.
    RQ_QUEUES = rq_queues(REDIS_URL, _TASK_QUEUES, timeouts={"media": 30 * 60})
# Tests run each task at once after the commit instead (settings_test.py).
MADANG_TASKS_EAGER = False

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = ["madang.accounts.backends.MemberBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "madang.accounts.sessions"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 3 * 3600
# Messages ride in a signed cookie: writing a post must not touch the session row,
# whose timestamp could otherwise be matched with the post's.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = os.environ.get("MADANG_MEDIA_URL", "/media/")
# Uploads on S3-compatible storage (not in the fixed contract: docs/deploy/scale-out.md).
STORAGES = {
    "default": media_storage(os.environ.get("MADANG_MEDIA_STORAGE_URL", ""), MEDIA_URL),
    "staticfiles": {
        # WhiteNoise's, with a brotli quality that keeps `madang serve`'s start quick
        "BACKEND": "madang.core.staticfiles.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = os.environ.get("MADANG_MEDIA_ROOT", str(VAR_DIR / "media"))
# Uploads (docs/media.md): what one file may be, and how much a member may upload a day.
MADANG_MEDIA_LIMITS = {
    "image_bytes": env_int("MADANG_MEDIA_MAX_IMAGE_BYTES", 20 * 1024 * 1024),
    "video_bytes": env_int("MADANG_MEDIA_MAX_VIDEO_BYTES", 200 * 1024 * 1024),
    "pixels": env_int("MADANG_MEDIA_MAX_PIXELS", 50_000_000),  # one frame
    "frame_pixels": env_int("MADANG_MEDIA_MAX_FRAME_PIXELS", 400_000_000),  # all frames
    "frames": env_int("MADANG_MEDIA_MAX_FRAMES", 3000),
    "side": env_int("MADANG_MEDIA_MAX_SIDE", 12_000),
    "video_seconds": env_int("MADANG_MEDIA_MAX_VIDEO_SECONDS", 600),
    "video_side": env_int("MADANG_MEDIA_MAX_VIDEO_SIDE", 3840),
    "video_fps": env_int("MADANG_MEDIA_MAX_VIDEO_FPS", 120),
    "daily_bytes": env_int("MADANG_MEDIA_DAILY_BYTES", 1024 * 1024 * 1024),
    "daily_files": env_int("MADANG_MEDIA_DAILY_FILES", 300),
}

# --- Security -------------------------------------------------------------------------------
# Outside debug the site is served over https (MADANG_SECURE_COOKIES=false: plain http,
# only to try production settings on one machine).
_https_only = not DEBUG and env_bool("MADANG_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = _https_only
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Proxies (such as the shipped nginx) whose X-Forwarded-For names the client.
MADANG_TRUSTED_PROXIES = env_list("MADANG_TRUSTED_PROXIES", [])
# Their X-Forwarded-Proto says whether the client used https; anyone else's is
# dropped first (madang.core.middleware.trusted_proxy_scheme).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browsers come back over https only, to this host and its subdomains, for a year. The
# shipped nginx sends the same header on everything it serves (docs/deploy/nginx.md).
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if _https_only else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Not preloaded: a place on the browsers' preload list binds every subdomain for months
# beyond any max-age, a commitment for the domain's owner to make (security.W021).
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# http to https. Only behind a trusted proxy: without one the app cannot tell https from
# http (every request would be sent to https again, for ever). Health checks use http.
SECURE_SSL_REDIRECT = _https_only and bool(MADANG_TRUSTED_PROXIES)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Mail -----------------------------------------------------------------------------------
globals().update(email_settings(os.environ.get("MADANG_EMAIL_URL", "")))

# --- madang ---------------------------------------------------------------------------------
MADANG_VERSION = __import__("madang").__version__
MADANG_SITE_NAME = os.environ.get("MADANG_SITE_NAME", "마당")
# The pages' meta description where a page has none of its own; empty: a sentence naming the site.
MADANG_SITE_DESCRIPTION = os.environ.get("MADANG_SITE_DESCRIPTION", "")
# One name for every author, everywhere: the board shows no identities.
MADANG_ANONYMOUS_NAME = os.environ.get("MADANG_ANONYMOUS_NAME", "익명의 마당발")
MADANG_POSTS_PER_PAGE = 20
# Set only by `madang bench` on the server it starts: mounts the framework-floor view.
MADANG_BENCH_FLOOR = env_bool("MADANG_BENCH_FLOOR")
# Off only to measure renders (madang bench): every guest page is then rendered anew.
MADANG_PAGE_CACHE = env_bool("MADANG_PAGE_CACHE", True)
# Seconds a guest's page may lag the board's last write (core/pagegrace.py); 0: never.
MADANG_PAGE_GRACE = env_int("MADANG_PAGE_GRACE", 2)
# Each process keeps boards' rows, categories and notices under their generations
# (boards/boardfacts.py); off only in the test suite, whose writes never commit.
MADANG_KEEP_BOARD_FACTS = True
MADANG_COMMENTS_PER_PAGE = 100
# Search (docs/search.md): whether guests may search, and how often from one address
# (searches a minute; 0: no limit); how long one search may take (seconds); how many
# matches it counts and ranks; how many of the newest titles a one-character word reads.
MADANG_SEARCH_GUESTS = env_bool("MADANG_SEARCH_GUESTS", True)
MADANG_SEARCH_GUEST_LIMIT = env_int("MADANG_SEARCH_GUEST_LIMIT", 30)
MADANG_SEARCH_TIMEOUT = float(os.environ.get("MADANG_SEARCH_TIMEOUT") or 3)
MADANG_SEARCH_MAX_RESULTS = 1000
MADANG_SEARCH_SCAN = 5000
# Live comments (docs/live.md), in the stream process `madang serve` starts beside gunicorn:
# seconds between heartbeats on an open stream; seconds a browser waits to reconnect (the
# stream's retry: advice); seconds between the database feed's looks without Redis; events
# kept per post for a browser that comes back (Last-Event-ID).
MADANG_LIVE_HEARTBEAT = 15.0
MADANG_LIVE_RETRY = 5.0
MADANG_LIVE_POLL = 1.0
MADANG_LIVE_REPLAY = 100
# The API (docs/api.md): requests a minute from one address, and with one personal access
# token (a request with a token counts against both); 0: no limit.
MADANG_API_ADDRESS_LIMIT = env_int("MADANG_API_ADDRESS_LIMIT", 300)
MADANG_API_TOKEN_LIMIT = env_int("MADANG_API_TOKEN_LIMIT", 120)
# Link previews (docs/news.md): requests a minute to one destination host, whichever post
# asks; 0: no limit.
MADANG_NEWS_FETCH_PER_HOST_MINUTE = env_int("MADANG_NEWS_FETCH_PER_HOST_MINUTE", 30)
# Whether the links of posts are fetched for their cards at all (the duplicate check works
# on the links either way).
MADANG_LINK_PREVIEWS = env_bool("MADANG_LINK_PREVIEWS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"madang": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
