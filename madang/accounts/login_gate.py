"""Whether a login's right password is enough, or the mailbox must vouch for it too.

Failures are counted per account (from browsers it has not used), per address
(any accounts), per browser the account has used (device cookie) and per
account and address. Under their limits the password decides, as usual. Past
them nothing is locked (an attacker's failures must never keep the owner out):

- from a browser that has logged in to the account, only its own failures
  count, so strangers cannot touch it;
- from an address the member has logged in from (``places``), the right
  password still works, until that account has failed there too often;
- anywhere else the right password mails a one-time login link
  (``loginlinks``), and a wrong one gets the same answer and mails nothing.

The counters are read before the password is checked; when they cannot be read
the login is refused (503), as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from madang.accounts import devices, places, throttle
from madang.accounts.models import Member
from madang.core.client import client_address

Pairs = list[tuple[throttle.Limit, str]]


@dataclass(frozen=True)
class LoginGate:
    address: str
    open: bool  # under every limit: the password decides
    address_vouches: bool  # a known address still takes the right password
    failures: Pairs  # what a wrong password counts against

    @classmethod
    def read(cls, request: HttpRequest, username: str) -> LoginGate:
        """The counters of this attempt; ThrottleUnavailable when the store is away."""
        address = places.network_of(client_address(request))
        at_address = (throttle.LOGIN_PER_KNOWN_ADDRESS, f"{username}|{address}")
        if devices.is_trusted(request, username):
            browser = devices.device_id(request) or request.COOKIES.get(devices.COOKIE, "")
            own: Pairs = [(throttle.LOGIN_PER_DEVICE, f"{browser}|{username}")]
        else:
            own = [(throttle.LOGIN_PER_ADDRESS, address), (throttle.LOGIN_PER_ACCOUNT, username)]
        pairs = [*own, at_address]
        counts = throttle.hits_many(pairs)
        under = [count < limit.count for (limit, _value), count in zip(pairs, counts, strict=True)]
        return cls(address=address, open=all(under[:-1]), address_vouches=under[-1], failures=pairs)

    def lets_in(self, member: Member) -> bool:
        """Whether the right password alone logs the member in here."""
        if self.open:
            return True
        return self.address_vouches and places.is_known_address(member=member, address=self.address)

    def count_failure(self) -> None:
        throttle.record_many(self.failures)
