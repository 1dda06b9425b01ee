"""The audit log is a keyed hash chain: any row changed behind the application's back is found."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from gongkai.core import audit
from gongkai.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def verify_command() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, err.getvalue()
    return 0, out.getvalue()


def test_the_demo_county_starts_the_chain_with_its_creation_events():
    first = AuditEvent.objects.order_by("seq").first()
    assert first.seq == 1
    assert first.action == "department.create"
    assert first.prev_hash == audit.GENESIS


def test_an_intact_chain_verifies():
    code, output = verify_command()
    assert code == 0
    assert "审计链完整" in output


def test_an_edited_row_is_named():
    victim = AuditEvent.objects.get(seq=3)
    AuditEvent.objects.filter(pk=victim.pk).update(data={"name": "篡改"})
    code, output = verify_command()
    assert code == 1
    assert f"第 3 条审计记录（id={victim.pk}）的内容与其哈希不符" in output


def test_an_edited_actor_label_is_found_too():
    AuditEvent.objects.filter(seq=5).update(actor_label="someone-else")
    assert audit.verify().bad_seq == 5


def test_a_deleted_middle_row_is_named():
    AuditEvent.objects.filter(seq=4).delete()
    code, output = verify_command()
    assert code == 1
    assert "第 4 条审计记录缺失" in output


def test_a_deleted_last_row_is_found_through_the_head():
    last = AuditEvent.objects.order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk).delete()
    result = audit.verify()
    assert not result.ok
    assert result.bad_seq == last.seq


def test_a_row_inserted_at_the_end_without_the_key_is_found():
    last = AuditEvent.objects.order_by("-seq").first()
    forged = AuditEvent.objects.create(
        seq=last.seq + 1,
        created_at=last.created_at,
        actor_label="intruder",
        action="user.create",
        prev_hash=last.hash,
        hash="f" * 64,
    )
    result = audit.verify()
    assert not result.ok
    assert result.bad_seq == forged.seq


def test_a_row_appended_with_a_valid_hash_but_behind_the_head_is_found():
    last = AuditEvent.objects.order_by("-seq").first()
    forged = AuditEvent(
        seq=last.seq + 1,
        created_at=last.created_at,
        actor_label="intruder",
        action="user.create",
        prev_hash=last.hash,
        data={},
    )
    forged.hash = audit.compute_hash(forged)
    forged.save()
    result = audit.verify()
    assert not result.ok
    assert "在链尾之后" in result.message


def test_a_row_replaced_in_the_middle_breaks_the_link():
    victim = AuditEvent.objects.get(seq=6)
    replacement = AuditEvent(
        seq=6,
        created_at=victim.created_at,
        actor_label="x",
        action="x",
        prev_hash="1" * 64,
        data={},
    )
    replacement.hash = audit.compute_hash(replacement)
    AuditEvent.objects.filter(pk=victim.pk).update(
        prev_hash=replacement.prev_hash, hash=replacement.hash, actor_label="x", action="x", data={}
    )
    result = audit.verify()
    assert result.bad_seq == 6
    assert "链接断开" in result.message


def test_record_appends_after_the_head_and_moves_it():
    head_before = AuditHead.objects.get(pk=1)
    with transaction.atomic():
        event = audit.record("test.event", data={"日期": "2026-10-30"})
    head = AuditHead.objects.get(pk=1)
    assert event.seq == head_before.seq + 1
    assert event.prev_hash == head_before.hash
    assert (head.seq, head.hash) == (event.seq, event.hash)
    assert audit.verify().ok


def test_data_with_dates_and_chinese_text_survives_the_round_trip():
    from datetime import date

    with transaction.atomic():
        audit.record("test.event", data={"on": date(2026, 10, 1), "理由": "国庆节"})
    assert audit.verify().ok
