"""Ballots at the same moment (P5): every one is counted once, a second ballot of the same
expert — two tabs, one click each — is refused."""

import threading

import pytest
from django.db import connection, connections

from tests.meetings import scene as s
from zhicheng.applications.services import WorkflowError
from zhicheng.meetings.models import Tally, VoteReceipt


@pytest.mark.django_db(transaction=True)
def test_ballots_cast_at_once_each_counted_once_and_a_double_refused():
    built = s.scene()
    meeting = s.opened(built)
    candidate = built.candidates[0]
    voters = built.experts[:5] + built.experts[:1]  # the first expert clicks in two tabs
    outcomes, start = [], threading.Barrier(len(voters))

    def cast(expert):
        try:
            if connection.vendor == "postgresql":
                start.wait(timeout=10)  # all transactions at once, each on its own connection
            s.vote(meeting, expert, candidate, "yes")
            outcomes.append("ok")
        except WorkflowError as refusal:
            outcomes.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(expert,)) for expert in voters]
    for thread in threads:
        thread.start()
        if connection.vendor != "postgresql":
            thread.join()  # SQLite has one writer: the ballots run one after another
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] * 5 + ["您已对该申报人投过票，不能重复投票"]
    assert Tally.objects.get(meeting=meeting).yes == 5
    assert VoteReceipt.objects.filter(application=candidate).count() == 5
