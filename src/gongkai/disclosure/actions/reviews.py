"""行政复议 and 行政诉讼 about 政府信息公开 work (annual-report table 四): recorded against a
request's handling, or against the agency alone (its proactive disclosure, or no request
at all), and concluded with their result and the day they were decided."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department, User
from gongkai.disclosure import permissions
from gongkai.disclosure.actions._shared import (
    choice,
    event,
    lock,
    not_after_today,
    require_handler,
    required,
)
from gongkai.disclosure.models import DisclosureRequest, RequestEvent, ReviewCase
from gongkai.disclosure.rules import ReviewKind, ReviewResult

SUBJECT_MAX = 200


def _check_case(kind: str, filed_on: date | None, body: str) -> str:
    choice(kind, ReviewKind, "kind", _("请选择行政复议或行政诉讼类型。"))
    if filed_on is None:
        raise InvalidInput(_("请填写立案日期。"), "filed_on")
    not_after_today(filed_on, "filed_on")
    body = (body or "").strip()
    if len(body) > 100:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 100}, "body")
    return body


@transaction.atomic
def add_review_case(
    *,
    actor: User,
    request: DisclosureRequest,
    kind: str,
    filed_on: date,
    body: str = "",
    note: str = "",
) -> ReviewCase:
    """A case about a request's handling: against the request's agency, on its timeline."""
    request = lock(request)
    require_handler(actor, request)
    body = _check_case(kind, filed_on, body)
    if filed_on < request.received_on:
        raise InvalidInput(_("立案日期不能早于收到申请的日期。"), "filed_on")
    case = ReviewCase.objects.create(
        request=request,
        department=request.department,
        subject=request.info_title[:SUBJECT_MAX],
        kind=kind,
        filed_on=filed_on,
        body=body,
        note=note,
    )
    event(
        request,
        RequestEvent.Kind.REVIEW,
        on=filed_on,
        actor=actor,
        note=case.get_kind_display(),
        public=False,
    )
    audit.record(
        "disclosure.review_add", actor=actor, obj=case, data={"kind": kind, "filed_on": filed_on}
    )
    return case


@transaction.atomic
def record_review_case(
    *,
    actor: User,
    department: Department,
    kind: str,
    filed_on: date,
    subject: str,
    body: str = "",
    note: str = "",
) -> ReviewCase:
    """A case against the agency that is about no request: its proactive disclosure (e.g. a
    document not published, 条例 Art. 51's complaint turned into a suit) or other work."""
    if not permissions.can_handle_department(actor, department):
        raise PermissionDenied(_("您不是该机关的依申请公开经办人。"))
    if department.kind == Department.Kind.VILLAGE:
        raise InvalidInput(_("村（社区）不是行政机关，请选择其所属的乡镇。"), "department")
    body = _check_case(kind, filed_on, body)
    subject = required(
        subject, "subject", _("请填写事由，如“对未主动公开某文件不服”。"), SUBJECT_MAX
    )
    case = ReviewCase.objects.create(
        department=department,
        subject=subject,
        kind=kind,
        filed_on=filed_on,
        body=body,
        note=(note or "").strip(),
    )
    audit.record(
        "disclosure.review_add",
        actor=actor,
        obj=case,
        data={"kind": kind, "filed_on": filed_on, "department": department.pk},
    )
    return case


def _require_case_handler(actor: User, case: ReviewCase) -> None:
    if case.request_id is not None:
        require_handler(actor, case.request)
    elif not permissions.can_handle_department(actor, case.department):
        raise PermissionDenied(_("您不是该机关的依申请公开经办人。"))


@transaction.atomic
def conclude_review_case(
    *, actor: User, case: ReviewCase, result: str, concluded_on: date | None
) -> ReviewCase:
    """The result and the day it was decided (table 四 counts it in that day's year)."""
    case = ReviewCase.objects.select_for_update().select_related("department").get(pk=case.pk)
    _require_case_handler(actor, case)
    choice(result, ReviewResult, "result", _("请选择结果。"))
    if result == ReviewResult.PENDING:
        concluded_on = None
    elif concluded_on is None:
        raise InvalidInput(_("请填写审结日期。"), "concluded_on")
    elif concluded_on < case.filed_on or concluded_on > today():
        raise InvalidInput(_("审结日期应在立案日期与今天之间。"), "concluded_on")
    case.result, case.concluded_on = result, concluded_on
    case.save(update_fields=["result", "concluded_on"])
    audit.record(
        "disclosure.review_conclude",
        actor=actor,
        obj=case,
        data={"result": result, "concluded_on": concluded_on},
    )
    return case
