"""View counts: one per viewer per post per six hours, buffered and flushed in batches.

A viewer is a member, or a guest known by a short-lived signed cookie whose
value is first derived from a keyed hash of the address and browser. Known
bots are not counted. Hits are deduplicated and summed in Redis when
``REDIS_URL`` is set, in the process otherwise (the embedded default serves
from one process), and a flush adds each batch to the posts at least every 10
seconds. A batch's id is stored in the same transaction as its counts
(``ViewBatch``), so a flush that dies at any point can be run again without
losing or doubling a view.

A flush leaves the page cache alone: the counts on cached pages lag by up to
``pagecache.PAGE_TTL`` (a minute), or until the next write to the board. Bumping
the board's generation on every flush renewed every page of a read board every
few seconds, each a render (docs/performance.md).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections import Counter
from functools import cache

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.http import HttpRequest, HttpResponse

from madang.accounts.crypto import keyed_hash
from madang.boards.models import Post, ViewBatch
from madang.core.breaker import Breaker
from madang.core.client import from_trusted_proxy

log = logging.getLogger(__name__)

WINDOW = 6 * 3600
FLUSH_EVERY = 5.0
COOKIE = "madang_v"
COOKIE_SALT = "madang.boards.viewcounts"
PROXY_HEADER = "X-Madang-Views"
BOTS = re.compile(
    r"bot|crawl|spider|slurp|yeti|daum(oa)?|kakaotalk-scrap|facebookexternalhit|embedly|"
    r"preview|headless|lighthouse|python-|curl/|wget|httpclient|go-http-client|okhttp|"
    r"java/|libwww|scrapy|phantomjs|monitor|pingdom|uptime|feed|fetch",
    re.IGNORECASE,
)
_REDIS_PREFIX = "madang:views:"
_HIT_SCRIPT = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return 1
end
return 0
"""
_TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('RPUSH', KEYS[3], ARGV[1])
end
return redis.call('LRANGE', KEYS[3], 0, -1)
"""


def is_bot(request: HttpRequest) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOTS.search(agent))


def viewer_of(request: HttpRequest) -> tuple[str, str | None]:
    """The viewer's key, and the cookie value to set when the guest has none yet."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "m" + keyed_hash(str(user.pk), "viewer"), None
    raw = request.COOKIES.get(COOKIE, "")
    if raw:
        try:
            return "g" + signing.loads(raw, salt=COOKIE_SALT, max_age=WINDOW), None
        except signing.BadSignature:
            pass
    from madang.core.client import client_address

    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    token = keyed_hash(f"{client_address(request)}|{agent}", "viewer")[:24]
    return "g" + token, token


def reported_by_proxy(request: HttpRequest) -> bool:
    """Whether the caching proxy in front reports post-page views itself.

    The shipped nginx (docs/deploy/nginx.md) says so with ``X-Madang-Views:
    mirror`` on every request, and sends a copy of each post-page request to
    ``boards.proxy_views``, whether it answered from its cache or not. The
    header is believed only from a trusted proxy.
    """
    return request.headers.get(PROXY_HEADER) == "mirror" and from_trusted_proxy(request)


def count_view(request: HttpRequest, response: HttpResponse, post_id: int) -> None:
    """Count the view of a post unless this viewer was counted in the last six hours.

    Behind a proxy that reports views, the page request counts nothing: the
    proxy's copy of it does (count_reported_view).
    """
    if not reported_by_proxy(request):
        _count(request, response, post_id)


def count_reported_view(request: HttpRequest, post_id: int) -> None:
    """Count the view in the proxy's copy of a post-page request.

    Its answer goes nowhere, so no guest cookie is set: a new guest stays known
    by the keyed hash of address and browser, the very value the cookie carries.
    """
    _count(request, None, post_id)


def _count(request: HttpRequest, response: HttpResponse | None, post_id: int) -> None:
    if request.method != "GET" or is_bot(request):
        return
    viewer, new_cookie = viewer_of(request)
    if new_cookie is not None and response is not None:
        response.set_cookie(
            COOKIE,
            signing.dumps(new_cookie, salt=COOKIE_SALT),
            max_age=WINDOW,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    try:
        counter().hit(post_id, viewer)
    except Exception as error:  # Redis away: the page still renders, the view goes uncounted
        log.warning("view not counted: %s", type(error).__name__)


class InProcessCounter:
    """For the embedded default: one process, so a dict is the shared truth."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[tuple[int, str], float] = {}
        self.pending: Counter[int] = Counter()
        self.thread: threading.Thread | None = None

    def hit(self, post_id: int, viewer: str) -> bool:
        now = time.monotonic()
        with self.lock:
            self._start_flusher()
            expires = self.seen.get((post_id, viewer))
            if expires is not None and expires > now:
                return False
            if len(self.seen) > 500_000:
                self.seen = {key: exp for key, exp in self.seen.items() if exp > now}
            self.seen[(post_id, viewer)] = now + WINDOW
            self.pending[post_id] += 1
            return True

    def flush(self) -> int:
        with self.lock:
            batch, self.pending = self.pending, Counter()
        if not batch:
            return 0
        try:
            apply_batch(uuid.uuid4().hex, dict(batch))
        except Exception:
            with self.lock:
                self.pending.update(batch)  # nothing was applied: keep it for the next try
            raise
        return sum(batch.values())

    def _start_flusher(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            if getattr(settings, "MADANG_VIEWS_MANUAL_FLUSH", False):
                return
            self.thread = threading.Thread(target=self._flush_forever, daemon=True)
            self.thread.start()

    def _flush_forever(self) -> None:
        from django.db import close_old_connections

        while True:
            time.sleep(FLUSH_EVERY)
            try:
                self.flush()
            except Exception:
                log.exception("view flush failed; will retry")
            finally:
                close_old_connections()


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.hit_script = self.redis.register_script(_HIT_SCRIPT)
        self.take_script = self.redis.register_script(_TAKE_SCRIPT)
        self.breaker = Breaker("views")

    def hit(self, post_id: int, viewer: str) -> bool:
        seen_key = f"{_REDIS_PREFIX}seen:{post_id}:{viewer}"
        keys = [seen_key, f"{_REDIS_PREFIX}pending"]
        return bool(self.breaker.call(self.hit_script, keys=keys, args=[WINDOW, post_id]))

    def flush(self) -> int:
        batch_id = uuid.uuid4().hex
        batches = self.take_script(
            keys=[
                f"{_REDIS_PREFIX}pending",
                f"{_REDIS_PREFIX}batch:{batch_id}",
                f"{_REDIS_PREFIX}batches",
            ],
            args=[batch_id],
        )
        total = 0
        for raw_id in batches:
            pending_id = raw_id.decode()
            key = f"{_REDIS_PREFIX}batch:{pending_id}"
            counts = {int(k): int(v) for k, v in self.redis.hgetall(key).items()}
            if counts:
                total += apply_batch(pending_id, counts)
            self.redis.delete(key)
            self.redis.lrem(f"{_REDIS_PREFIX}batches", 0, raw_id)
        return total


def apply_batch(batch_id: str, counts: dict[int, int]) -> int:
    """Add one batch to the posts, once: a batch already applied is skipped."""
    try:
        with transaction.atomic():
            return _apply_batch(batch_id, counts)
    except IntegrityError:  # another flusher applied this very batch a moment ago
        return 0


def _apply_batch(batch_id: str, counts: dict[int, int]) -> int:
    with transaction.atomic():
        _, created = ViewBatch.objects.get_or_create(batch_id=batch_id)
        if not created:
            return 0
        ids = sorted(counts)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            Post.objects.filter(pk__in=chunk).update(
                view_count=F("view_count")
                + Case(*[When(pk=pk, then=Value(counts[pk])) for pk in chunk], default=Value(0))
            )
    return sum(counts.values())


@cache
def _counter_for(url: str) -> InProcessCounter | RedisCounter:
    return RedisCounter(url) if url else InProcessCounter()


def counter() -> InProcessCounter | RedisCounter:
    return _counter_for(settings.REDIS_URL)


def flush_views() -> int:
    return counter().flush()


def forget_old_batches() -> int:
    """Batch ids only matter while a batch may still be retried; a day is plenty."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = ViewBatch.objects.filter(applied_at__lt=cutoff).delete()
    return deleted
