"""Checkpoints signed outside the database (issue 11 item 2): whoever can write to the
database but holds no key can no longer shorten, empty or rewrite the trail unnoticed."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.factories import UnitFactory
from zhicheng.audit.anchor import AnchorError, checkpoint_ranges, write_checkpoint
from zhicheng.audit.models import Event
from zhicheng.audit.trail import chain_pending, record_event
from zhicheng.audit.verify import verify_chain
from zhicheng.display import chinese_date

pytestmark = pytest.mark.django_db


def outcome(result):
    return result.ok, result.first_broken_seq, result.reason


@pytest.fixture
def keyed(settings):
    settings.AUDIT_ANCHOR_KEY = "测试用核验密钥-0123456789abcdef"
    settings.AUDIT_CHECKPOINT_DIR = ""


@pytest.fixture
def anchored(keyed, chain):
    """The five events of `chain`, checkpointed."""
    write_checkpoint()
    return chain


def more_events(officer, count):
    subject = UnitFactory()
    for n in range(count):
        record_event(action="unit.review", subject=subject, actor=officer, opinion=f"意见{n}")
    chain_pending()


def rehash_from(seq: int, tamper, **changes):
    """Rewrite event `seq` with `changes` and recompute every hash after it and the head,
    as someone who can write to the database (but holds no key) would."""
    prev_hash = Event.objects.get(seq=seq).prev_hash
    for event in Event.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            for name, value in changes.items():
                setattr(event, name, value)
        event.prev_hash = prev_hash
        event.hash = event.computed_hash()
        tamper("UPDATE audit_event SET opinion = %s, prev_hash = %s, hash = %s WHERE seq = %s",
               [event.opinion, event.prev_hash, event.hash, event.seq])
        prev_hash = event.hash
    tamper("UPDATE audit_chainhead SET last_hash = %s", [prev_hash])


def test_checkpoint_signs_the_new_events_and_verify_compares_each_with_it(keyed, chain, officer):
    first = write_checkpoint()
    nothing_new = write_checkpoint()
    more_events(officer, 3)
    second = write_checkpoint()

    assert (first.from_seq, first.to_seq, nothing_new, second.from_seq, second.to_seq) == (1, 5, None, 6, 8)
    assert [name for _, _, name in checkpoint_ranges()] == ["000000000001-000000000005.json", "000000000006-000000000008.json"]
    assert second.prev_hash == first.hashes[-1] == Event.objects.get(seq=5).hash
    result = verify_chain()
    assert (result.ok, result.checked, result.anchored) == (True, 8, 8)


@pytest.mark.django_db(transaction=True)
def test_checkpoint_signs_what_is_chained_and_on_disk_and_no_further(keyed, officer, monkeypatch):
    from zhicheng.audit import anchor, trail

    subject = UnitFactory()
    for n in range(3):
        record_event(action="unit.review", subject=subject, actor=officer, opinion=f"意见{n}")  # each chained at once
    pending = Event.objects.filter(seq__isnull=True).count()
    events = Event.objects.count()
    durable_end = trail.durable_chain_end()
    # as if the last chaining were still on its way to the disk when the checkpoint looked
    monkeypatch.setattr(anchor, "durable_chain_end", lambda: durable_end - 1)
    first = write_checkpoint()
    monkeypatch.undo()
    second = write_checkpoint()

    assert (pending, durable_end) == (0, events)  # the users' creation too, all chained
    assert (first.from_seq, first.to_seq, second.from_seq, second.to_seq) == (1, durable_end - 1, durable_end, durable_end)
    result = verify_chain()
    assert (result.ok, result.checked, result.anchored) == (True, durable_end, durable_end)


def test_checkpoint_is_refused_without_a_key(settings, chain):
    settings.AUDIT_ANCHOR_KEY = ""

    with pytest.raises(AnchorError, match="未配置核验密钥"):
        write_checkpoint()
    assert checkpoint_ranges() == []


def test_checkpoint_is_refused_over_a_broken_chain(keyed, chain, tamper):
    tamper("UPDATE audit_event SET opinion = '同意' WHERE seq = 2")

    with pytest.raises(AnchorError, match="第 2 条记录内容被改动"):
        write_checkpoint()
    assert checkpoint_ranges() == []


def test_verify_names_a_shortened_chain_by_the_first_removed_number(anchored, tamper):
    # delete the last two events and move the head back to the third: the chain itself is whole
    tamper("DELETE FROM audit_event WHERE seq >= 4")
    tamper("UPDATE audit_chainhead SET last_seq = 3, last_hash = %s", [anchored[2].hash])

    assert outcome(verify_chain()) == (False, 4, "第 4 至第 5 条记录被删除")


def test_verify_names_an_emptied_trail(anchored, tamper):
    tamper("DELETE FROM audit_event")
    tamper("DELETE FROM audit_chainhead")

    assert outcome(verify_chain()) == (False, 1, "第 1 至第 5 条记录被删除")


def test_verify_names_the_first_event_of_a_recomputed_chain(anchored, tamper):
    rehash_from(3, tamper, opinion="同意推荐")

    result = verify_chain()
    signed = chinese_date(timezone.localdate())  # the checkpoint was signed today, in China
    assert outcome(result) == (False, 3, f"第 3 条记录被改写，与{signed}签署的核验点不符")
    assert result.checked == 2


def test_events_past_the_last_checkpoint_are_protected_by_the_chain_alone_until_the_next(anchored, officer, tamper):
    more_events(officer, 2)  # 6 and 7, not yet checkpointed: only the chain protects them
    rehash_from(6, tamper, opinion="同意推荐")

    assert verify_chain().ok  # the limit of anchoring: the next checkpoint signs what is there
    write_checkpoint()
    assert verify_chain().anchored == 7


@pytest.mark.parametrize("forgery", ["hash", "range", "key"])
def test_verify_refuses_a_checkpoint_file_that_is_not_as_signed(anchored, settings, forgery):
    name = "audit/checkpoints/000000000001-000000000005.json"
    document = json.loads(default_storage.open(name).read())
    if forgery == "hash":
        document["hashes"][2] = "0" * 64
    elif forgery == "range":
        document["to_seq"] = 9
    else:
        settings.AUDIT_ANCHOR_KEY = "另一把密钥"
    if forgery != "key":
        default_storage.delete(name)
        default_storage.save(name, ContentFile(json.dumps(document).encode()))

    assert outcome(verify_chain()) == (False, None, "核验点文件 000000000001-000000000005.json 的签名不符：文件被改动，或 AUDIT_ANCHOR_KEY 不是签署时的密钥")


def test_verify_reports_a_missing_checkpoint_file(anchored, officer):
    more_events(officer, 2)
    write_checkpoint()
    more_events(officer, 2)
    write_checkpoint()
    default_storage.delete("audit/checkpoints/000000000006-000000000007.json")

    assert outcome(verify_chain()) == (
        False, 6, "核验点文件缺失：第 6 至第 7 条没有核验点（其后的文件为 000000000008-000000000009.json）"
    )


def test_checkpoints_can_live_in_a_folder(keyed, chain, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "anchors")

    write_checkpoint()

    assert [p.name for p in (tmp_path / "anchors").iterdir()] == ["000000000001-000000000005.json"]
    assert verify_chain().anchored == 5
