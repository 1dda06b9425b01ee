"""The audit log: every state change and every read of personal data, chained by keyed hash.

Each row's hash is HMAC-SHA256 (key derived from GONGKAI_DATA_KEY) over its own fields and the
previous row's hash, so a row edited, inserted or deleted in the database behind the
application's back breaks the chain at that row, and cannot be re-forged without the key.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64

# The client address of the request being served, set by core.middleware.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


@lru_cache(maxsize=4)
def _chain_key(data_key: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gongkai", info=b"audit-chain").derive(
        data_key.encode()
    )


def _canonical(event: AuditEvent) -> bytes:
    created = event.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {
        "seq": event.seq,
        "created_at": created,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "success": event.success,
        "ip": event.ip,
        "data": event.data,
        "prev": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(event: AuditEvent) -> str:
    return hmac.new(
        _chain_key(settings.GONGKAI_DATA_KEY), _canonical(event), hashlib.sha256
    ).hexdigest()


def _label(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj
    return obj._meta.label_lower, str(obj.pk)


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    data: dict | None = None,
    success: bool = True,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    `obj` is a model instance or an (object_type, object_id) pair.
    """
    object_type, object_id = _label(obj)
    # Normalise through JSON so the stored value and the hashed value are the same text.
    payload = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_id = actor.pk if actor is not None and actor.pk is not None else None
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label or (actor.get_username() if actor_id else "system"),
            action=action,
            object_type=object_type,
            object_id=object_id,
            success=success,
            ip=current_ip.get(),
            data=payload,
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    message: str
    bad_seq: int | None = None
    bad_id: int | None = None


def verify() -> VerifyResult:
    """Walk the whole chain in order; report the first row that does not hold."""
    expected_seq = 1
    prev = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                f"第 {expected_seq} 条审计记录缺失（下一条为第 {event.seq} 条，id={event.pk}）：记录被删除或插入",
                expected_seq,
                event.pk,
            )
        if event.prev_hash != prev:
            return VerifyResult(
                False,
                checked,
                f"第 {event.seq} 条审计记录（id={event.pk}）与上一条的链接断开：记录被插入或替换",
                event.seq,
                event.pk,
            )
        if compute_hash(event) != event.hash:
            return VerifyResult(
                False,
                checked,
                f"第 {event.seq} 条审计记录（id={event.pk}）的内容与其哈希不符：记录被修改",
                event.seq,
                event.pk,
            )
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if checked > head_seq:
        extra = AuditEvent.objects.filter(seq=head_seq + 1).first()
        return VerifyResult(
            False,
            checked,
            f"第 {head_seq + 1} 条审计记录（id={extra.pk if extra else '?'}）在链尾之后：记录被插入",
            head_seq + 1,
            extra.pk if extra else None,
        )
    if checked < head_seq or head_hash != prev:
        return VerifyResult(
            False,
            checked,
            f"审计链末尾不符：应有 {head_seq} 条，实有 {checked} 条；第 {checked + 1} 条起的记录被删除",
            checked + 1,
            None,
        )
    return VerifyResult(True, checked, f"审计链完整，共 {checked} 条记录")
