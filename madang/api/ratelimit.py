"""How often one address, and one access token, may call the API.

The counters are the site's own (``accounts.throttle``: Redis, or a table on the
embedded default), counted in windows of a minute under keyed hashes. Every
request counts against its address; one with a token also against the token,
so that an app is held to its own share wherever it runs, and many tokens from
one address to the address's. Past a limit the answer is 429 with Retry-After.

When the counters cannot be reached (Redis away), requests go through
uncounted, as searches do: the API's reads are bounded in time, and its writes
pass the writing gate, whose own limits fail closed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from madang.accounts import throttle
from madang.core import durations
from madang.core.client import client_address

log = logging.getLogger(__name__)
WINDOW = 60  # seconds


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        message = _("요청이 너무 많습니다. %(seconds)s 뒤에 다시 시도해 주세요.") % {
            "seconds": durations.seconds(retry_after)
        }
        super().__init__(429, message)
        self.retry_after = retry_after


def address_limit() -> throttle.Limit:
    return throttle.Limit("api-address", int(settings.MADANG_API_ADDRESS_LIMIT), WINDOW)


def token_limit() -> throttle.Limit:
    return throttle.Limit("api-token", int(settings.MADANG_API_TOKEN_LIMIT), WINDOW)


def check_rate(request: HttpRequest, token_id: int | None) -> None:
    """Count this request; raise ``RateLimited`` when its address or token is over."""
    pairs = [(address_limit(), client_address(request))]
    if token_id is not None:
        pairs.append((token_limit(), str(token_id)))
    pairs = [(limit, value) for limit, value in pairs if limit.count > 0]
    if not pairs:
        return
    try:
        over = throttle.first_over(pairs)
    except throttle.ThrottleUnavailable:
        log.warning("API rate limits not counted: the counter store is away")
        return
    if over is not None:
        value = next(value for limit, value in pairs if limit is over)
        raise RateLimited(throttle.retry_after(over, value))
    throttle.record_many(pairs)
