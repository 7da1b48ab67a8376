"""Settings for the test suite: the same as production, with fast hashing and local mail."""

from typing import Any

from madang import settings as _production
from madang.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MADANG_TASKS_EAGER = True
# No test reaches another site: the link previews' tests turn fetching on against local
# servers they start (madang/news/tests/conftest.py).
MADANG_LINK_PREVIEWS = False
# Views are flushed by the tests that count them: the flusher thread never ends, and would
# write to the database behind later tests (conftest.py fails a test that starts one).
MADANG_VIEWS_MANUAL_FLUSH = True
# A test's writes never commit, so no generation moves after them (pagecache.touch runs
# on commit): what a process keeps of a board would outlive them. The tests of keeping
# turn it on and run the commit's callbacks (boards/tests/test_board_facts.py).
MADANG_KEEP_BOARD_FACTS = False
# For the same reason a guest's page never lags a write here; the grace has tests of its
# own that turn it on (core/tests/test_page_grace.py).
MADANG_PAGE_GRACE = 0

# A replica alias for the router's tests: a second connection to the test database.
# Routing itself stays off; those tests turn it on (madang/core/tests/test_dbrouter.py).
DATABASES = {
    "default": DATABASES["default"],  # noqa: F405
    "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
}
MADANG_REPLICAS = []
DATABASE_ROUTERS = []
MIDDLEWARE = [name for name in MIDDLEWARE if name != "madang.core.dbrouter.read_routing"]  # noqa: F405

# Templates fail on a value their view did not pass (the site shows nothing there).
_jinja2: dict[str, Any] = _production.TEMPLATES[0]  # madang's Jinja2 templates
TEMPLATES = [
    {
        **_jinja2,
        "OPTIONS": {
            **_jinja2["OPTIONS"],
            "environment": "madang.core.templating.strict_environment",
        },
    },
    *_production.TEMPLATES[1:],
]
