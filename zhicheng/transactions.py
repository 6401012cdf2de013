"""One transaction per step, retried when the database gives up on it under load.

PostgreSQL may end a transaction with a deadlock (40P01) or a serialisation failure
(40001) that another transaction caused; SQLite answers "database is locked" when its one
writer stays too long.  None of these says anything about the step itself, so the step is
run again from the start, a few times with a short random pause; it is not shown to a
person as an error unless the database stays busy, and then as a Chinese page asking them
to try again (status 503), never a 500.
"""

import functools
import random
import time

from django.db import OperationalError, connection, transaction
from django.shortcuts import render

ATTEMPTS = 5
TRANSIENT_STATES = {"40P01", "40001"}


def is_transient(error: Exception) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in TRANSIENT_STATES:
        return True
    return connection.vendor == "sqlite" and "database is locked" in str(error)


def atomic(func):
    """`transaction.atomic` for a service step, retried on a transient failure when the
    step is the outermost transaction (inside another one, the outer step retries)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        outermost = not connection.in_atomic_block
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as error:
                if not (outermost and attempt < ATTEMPTS and is_transient(error)):
                    raise
            time.sleep(random.uniform(0, 0.02 * 2**attempt))

    return run


class BusyMiddleware:
    """A transient failure that outlasted the retries, or hit a write outside any step:
    a page saying so, status 503, nothing changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and is_transient(exception):
            return render(request, "web/busy.html", status=503)
        return None
