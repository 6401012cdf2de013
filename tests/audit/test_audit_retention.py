"""Retention (issue 11 item 3): at least six months, as a setting; the purge never breaks
verification."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import DatabaseError, connection, transaction

from tests.factories import UnitFactory
from zhicheng.audit.anchor import write_checkpoint
from zhicheng.audit.models import ChainHead, Event
from zhicheng.audit.retention import PurgeRefused, purge, retained_since
from zhicheng.audit.trail import chain_pending, record_event
from zhicheng.audit.verify import verify_chain

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def events_on(day: datetime.date, officer, count: int):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False):
        subject = UnitFactory()
        for n in range(count):
            record_event(action="unit.review", subject=subject, actor=officer, opinion=f"{day}第{n + 1}条")
        chain_pending()
        write_checkpoint()


@pytest.fixture
def keyed(settings):
    settings.AUDIT_ANCHOR_KEY = "测试用核验密钥"
    settings.AUDIT_RETENTION_MONTHS = 6


@pytest.mark.parametrize("months", [5, 0, "6"])
def test_a_retention_below_six_months_stops_every_command(settings, months):
    settings.AUDIT_RETENTION_MONTHS = months

    with pytest.raises(SystemCheckError, match="不得少于 6 个月"):
        call_command("check")


def test_the_first_day_kept_is_the_retention_period_back_to_the_first_of_a_month(settings):
    settings.AUDIT_RETENTION_MONTHS = 6
    assert retained_since(TODAY) == datetime.date(2026, 6, 1)
    settings.AUDIT_RETENTION_MONTHS = 14
    assert retained_since(datetime.date(2026, 1, 31)) == datetime.date(2024, 11, 1)


def test_purge_removes_old_events_up_to_a_checkpoint_and_verification_goes_on(keyed, officer):
    events_on(datetime.date(2026, 1, 10), officer, 3)   # 1-3, one checkpoint
    events_on(datetime.date(2026, 5, 20), officer, 2)   # 4-5, the next
    events_on(datetime.date(2026, 9, 1), officer, 2)    # 6-7: within six months of today
    boundary_hash = Event.objects.get(seq=5).hash

    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
        removed = purge(TODAY)
        chain_pending()
        again = purge(TODAY)

    assert (removed, again) == ((1, 5), (0, 0))
    assert sorted(Event.objects.exclude(action="audit.purge").values_list("seq", flat=True)) == [6, 7]
    head = ChainHead.objects.get()
    assert (head.purged_through, head.purged_hash) == (5, boundary_hash)
    assert Event.objects.get(action="audit.purge").details == {"first": 1, "last": 5, "kept_from": "2026-06-01", "months": 6}
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 3)  # 6, 7 and the purge itself


def test_purge_stops_at_the_last_checkpoint_that_is_old_enough(keyed, officer):
    events_on(datetime.date(2026, 1, 10), officer, 2)   # 1-2
    events_on(datetime.date(2026, 11, 20), officer, 1)  # 3: young
    with time_machine.travel(datetime.datetime(2026, 1, 11, 10, 0), tick=False):
        record_event(action="unit.review", subject=UnitFactory(), actor=officer)  # old, but in the young checkpoint
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
        chain_pending()
        write_checkpoint()  # 4: old event, checkpointed after a young one

        assert purge(TODAY) == (1, 2)
    assert sorted(Event.objects.exclude(action="audit.purge").values_list("seq", flat=True)) == [3, 4]


def test_purge_is_refused_over_a_broken_trail_and_without_a_key(keyed, officer, tamper, settings):
    events_on(datetime.date(2026, 1, 10), officer, 3)
    tamper("UPDATE audit_event SET opinion = '同意' WHERE seq = 2")

    with pytest.raises(PurgeRefused, match="第 2 条记录内容被改动"):
        purge(TODAY)
    settings.AUDIT_ANCHOR_KEY = ""
    with pytest.raises(PurgeRefused, match="未配置核验密钥"):
        purge(TODAY)
    assert Event.objects.count() == 3 and ChainHead.objects.get().purged_through == 0


def test_the_database_refuses_to_remove_events_younger_than_six_months(keyed, officer):
    events_on(datetime.date(2026, 11, 1), officer, 2)
    statement = "DELETE FROM audit_event WHERE seq = 1"
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_chainhead SET purged_through = 1, purged_hash = %s", [Event.objects.get(seq=1).hash])
            with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
                cursor.execute(statement)
        assert Event.objects.filter(seq=1).exists()
    else:  # no triggers: the purge itself keeps to the period
        with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
            assert purge(TODAY) == (0, 0)
        assert Event.objects.count() == 2
