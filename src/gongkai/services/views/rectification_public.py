"""The applicant's side of a rectification, on the progress page: where it stands, the answer
as published (masked), and whether it satisfies them. The reply is opened by the same signed
token as the progress page (services.views.applications), and nothing else.

The progress page includes `services/_rectification_public.html` where it shows a bad rating
(its context carries `evaluation`, read with its rectification, and `token`).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.ratelimits import limited
from gongkai.services.actions.rectifications import applicant_reply
from gongkai.services.forms_rectifications import ReplyForm
from gongkai.services.models import Rectification
from gongkai.services.views.applications import _proof_gone, _proven_case, _status_url, _too_many

REPLY_RATE = "30/h"  # per client address


@never_cache
@require_POST
def track_rectification_reply(request):
    """The applicant says whether the rectification's answer satisfies them."""
    if limited(request, "services.rectification_reply", REPLY_RATE, increment=True):
        return _too_many(request, _("提交次数过多，请一小时后再试。"), retry_after=3600)
    case = _proven_case(request.POST.get("t", ""))
    if case is None:
        return _proof_gone(request)
    rectification = Rectification.objects.filter(evaluation__case_id=case.pk).first()
    form = ReplyForm(request.POST)
    if rectification is None:
        messages.error(request, _("该办件没有需要您评价的整改答复。"))
    elif not form.is_valid():
        messages.error(request, _("请选择“满意”或“不满意”。"))
    else:
        try:
            applicant_reply(rectification=rectification, satisfied=form.is_satisfied)
        except (InvalidTransition, InvalidInput) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("感谢您的反馈，我们已记录您对整改答复的评价。"))
    return redirect(_status_url(case))
