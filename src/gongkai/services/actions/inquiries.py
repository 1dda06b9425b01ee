"""首问负责: whoever is first asked records the question and owns it until it is answered or
handed to the window that is responsible; each hand-over is recorded (who, to whom, when)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, identity
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import User
from gongkai.services import permissions
from gongkai.services.actions._shared import choice, required
from gongkai.services.models import Inquiry, ServiceItem


def _lock(inquiry: Inquiry) -> Inquiry:
    return Inquiry.objects.select_for_update().get(pk=inquiry.pk)


def _require_owner(actor: User, inquiry: Inquiry) -> None:
    if actor.pk != inquiry.owner_id:
        raise PermissionDenied(_("只有此咨询的当前负责人可以办理。"))
    if inquiry.closed_at is not None:
        raise InvalidTransition(_("此咨询已经办结。"))


@transaction.atomic
def record_inquiry(
    *,
    actor: User,
    via: str,
    name: str,
    question: str,
    phone: str = "",
    item: ServiceItem | None = None,
) -> Inquiry:
    """首问登记: the staff member first asked records the question and becomes its owner."""
    if not permissions.is_services_staff(actor):
        raise PermissionDenied(_("只有政务服务工作人员可以登记首问。"))
    choice(via, Inquiry.Via, "via", _("请选择来访方式。"))
    name = required(name, "name", _("请填写来访人姓名。"), 100)
    question = required(question, "question", _("请填写咨询事项。"), 2000)
    phone = identity.check_phone(phone) if (phone or "").strip() else ""
    inquiry = Inquiry.objects.create(
        via=via,
        name=name,
        phone=phone,
        question=question,
        item=item,
        first_contact=actor,
        owner=actor,
    )
    audit.record(
        "services.inquiry_record",
        actor=actor,
        obj=inquiry,
        data={"via": via, "item": item.code if item else None},
    )
    return inquiry


@transaction.atomic
def hand_over_inquiry(*, actor: User, inquiry: Inquiry, to: User, note: str = "") -> Inquiry:
    """移交: the owner hands the inquiry to a colleague of the responsible window, who owns it
    from then on; the first contact stays on record."""
    inquiry = _lock(inquiry)
    _require_owner(actor, inquiry)
    if to.pk == actor.pk:
        raise InvalidInput(_("请选择另一位工作人员。"), "to")
    if inquiry.item_id is not None:
        responsible = permissions.can_handle_cases(to, inquiry.item.department)
    else:
        responsible = permissions.is_services_staff(to)
    if not responsible:
        raise InvalidInput(_("所选人员不是负责该事项的窗口工作人员。"), "to")
    note = (note or "").strip()
    if len(note) > 500:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 500}, "note")
    previous = inquiry.owner_id
    inquiry.owner, inquiry.handed_at = to, timezone.now()
    inquiry.save(update_fields=["owner", "handed_at"])
    audit.record(
        "services.inquiry_hand_over",
        actor=actor,
        obj=inquiry,
        data={"from": previous, "to": to.pk, "note": note},
    )
    return inquiry


@transaction.atomic
def close_inquiry(*, actor: User, inquiry: Inquiry, answer: str) -> Inquiry:
    """办结: the owner records the answer given."""
    inquiry = _lock(inquiry)
    _require_owner(actor, inquiry)
    inquiry.answer = required(answer, "answer", _("请填写答复情况。"), 2000)
    inquiry.closed_at = timezone.now()
    inquiry.save(update_fields=["answer", "closed_at"])
    audit.record("services.inquiry_close", actor=actor, obj=inquiry, data={})
    return inquiry
