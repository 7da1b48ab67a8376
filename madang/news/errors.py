"""Why a page was not fetched, as a short code for logs and for the database.

Two kinds, because a caller treats them differently: a refusal is the policy
saying no (trying again will not help: a private address stays private), a
failure is the network or the other site (trying again later may work).
"""

from __future__ import annotations


class FetchError(Exception):
    """A page that was not fetched. ``code`` is short and stable (it is stored);
    ``detail`` says more, for logs only (it may name the address or the host)."""

    retryable = False

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class FetchRefused(FetchError):
    """The policy refuses the address or the answer.

    Codes: ``url`` (not an address we can fetch: no host, user and password in it,
    characters a host cannot hold), ``scheme`` (not http or https), ``port`` (not 80
    or 443), ``address`` (a host or a resolved address that is not public),
    ``redirects`` (more than three), ``too-big`` (past the byte limit, as sent or
    once decompressed), ``not-html`` (a page that is not HTML), ``type`` (another
    kind of answer of the wrong type: oEmbed, pictures), ``encoding`` (compressed
    in a way we did not offer).
    """


class FetchFailed(FetchError):
    """The network or the site failed; another try may work.

    Codes: ``dns`` (the name does not resolve), ``connect`` (refused, unreachable),
    ``tls`` (no valid certificate for the host name), ``timeout`` (the whole fetch
    went past its deadline), ``status`` (an answer other than 2xx or a redirect),
    ``http`` (an answer that is not HTTP, or cut short), ``rate`` (madang asked this
    host too often this minute, or cannot count: later, not now).
    """

    retryable = True
