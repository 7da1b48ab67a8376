"""A test client whose requests are followed by the work they deferred (mails).

The suite runs each test inside a transaction, so work deferred to after a
commit (``core.tasks.defer``) would wait for the end of the test; on the site
it runs once the request's writes are committed. This client runs it as soon
as the request has answered, and takes it off the list so that it runs once.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client


class MailingClient(Client):
    def request(self, **request: Any) -> Any:
        waiting = connection.run_on_commit
        start = len(waiting)
        response = super().request(**request)
        while len(waiting) > start:
            deferred = waiting[start:]
            del waiting[start:]
            for entry in deferred:  # (savepoints, callback, robust)
                entry[1]()
        return response
