"""保密审查 of a reply before it releases information (条例 Art. 17: each agency reviews
information before it is disclosed, with its own procedure and who is responsible).

A reply that releases information (予以公开, 部分公开) is sent only once its draft has been
reviewed and agreed by someone other than its drafter, holding the role the settings name
(permissions.can_review_secrecy). The opinion and the reviewer go on the timeline as a staff-only
event; a new draft needs a new review.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidTransition
from gongkai.core.models import User
from gongkai.disclosure import permissions
from gongkai.disclosure.actions._shared import check_day, event, lock, required
from gongkai.disclosure.models import DisclosureRequest, RequestEvent
from gongkai.disclosure.rules import DISCLOSING_OUTCOMES


def needs_secrecy_review(request: DisclosureRequest) -> bool:
    """Art. 17: the outcomes that release information are reviewed before they are sent."""
    return request.outcome in DISCLOSING_OUTCOMES


def awaits_secrecy_review(request: DisclosureRequest) -> bool:
    """A draft that releases information, not yet agreed by a reviewer."""
    return (
        request.status == DisclosureRequest.Status.PROCESSING
        and request.drafted_by_id is not None
        and needs_secrecy_review(request)
        and request.secrecy_reviewed_by_id is None
    )


@transaction.atomic
def review_secrecy(
    *, actor: User, request: DisclosureRequest, agreed: bool, opinion: str, on: date
) -> DisclosureRequest:
    """Record the 保密审查 of the reply's draft: agreed, the reply may be sent (not dated
    before `on`); not agreed, the draft stays unsent and the opinion on the timeline tells the
    officer what to change (a new draft is reviewed again)."""
    request = lock(request)
    if not permissions.can_review_secrecy(actor, request):
        raise PermissionDenied(_("您没有此申请答复的保密审查权限。"))
    if request.drafted_by_id == actor.pk:
        raise PermissionDenied(_("保密审查须由拟稿人以外的人员进行，不能审查自己拟定的答复。"))
    if not awaits_secrecy_review(request):
        raise InvalidTransition(_("此申请没有待保密审查的答复。"))
    opinion = required(opinion, "opinion", _("请填写保密审查意见。"), 2000)
    check_day(on, request)
    if agreed:
        request.secrecy_reviewed_by, request.secrecy_reviewed_on = actor, on
        request.secrecy_opinion = opinion
        request.save(
            update_fields=["secrecy_reviewed_by", "secrecy_reviewed_on", "secrecy_opinion"]
        )
    verdict = _("同意公开") if agreed else _("不同意公开，退回经办人修改")
    event(
        request,
        RequestEvent.Kind.SECRECY_REVIEWED,
        on=on,
        actor=actor,
        note=f"{verdict}：{opinion}",
        public=False,
    )
    audit.record(
        "disclosure.secrecy_review",
        actor=actor,
        obj=request,
        data={"agreed": agreed, "on": on, "drafted_by": request.drafted_by_id},
    )
    return request
