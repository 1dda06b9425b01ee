"""The next steps on a request's page. Each step's form posts to its own URL; one view binds
the form, calls the step's action and goes back to the request page, or shows the page again
with the refusal next to the field and the input kept.

A step is declared once in STEPS: its form, the action it calls and what it says when done;
`step_view(name)` is its view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.disclosure import actions, fees, permissions
from gongkai.disclosure.fee_forms import (
    FeeNoticeForm,
    FeePaidForm,
    FeeReceivedForm,
    FeeWaiverForm,
    SplitForm,
)
from gongkai.disclosure.models import Consultation, DisclosureRequest, ProcessingFee, ReviewCase
from gongkai.disclosure.reply_forms import (
    DelayForm,
    ReasonsForm,
    SecrecyReviewForm,
    SendReplyForm,
)
from gongkai.disclosure.rules import FeeMethod
from gongkai.disclosure.staff_forms import (
    AssignForm,
    ConsultationDeliveredForm,
    ConsultationEndForm,
    ConsultationStartForm,
    CorrectedForm,
    CorrectionForm,
    DeliveryForm,
    ExtensionForm,
    ReplyForm,
    ReviewAddForm,
    ReviewConcludeForm,
    ThirdPartyNoticeForm,
)
from gongkai.disclosure.views.staff._access import get_request_for_user
from gongkai.disclosure.views.staff.detail import case_key, detail_page, handlers, request_page
from gongkai.disclosure.views.staff.fees import fee_preview


@dataclass(frozen=True)
class Step:
    """One next step: `act(actor, request, cleaned_data, target)` calls its action."""

    form_class: type[forms.Form]
    act: Callable[[Any, DisclosureRequest, dict, Any], object]
    # What to say when done: a text, or `done(request, result, cleaned_data)`.
    done: str | Callable[[DisclosureRequest, Any, dict], str]
    # The consultation or review case the step's URL names, found among the request's own.
    target: Callable[[DisclosureRequest, dict], Any] | None = None
    # The form's place on the request page, when the step acts on a target of its own.
    key: Callable[[Any], str] | None = None
    # A refusal before the form is read (the action checks again).
    allowed: Callable[[Any, DisclosureRequest], None] | None = None
    form_kwargs: Callable[[DisclosureRequest], dict] = field(default=lambda r: {})
    # A calculator: a button named "calculate" shows the page again with `preview(request,
    # form)` as the form's `preview`, saving nothing.
    preview: Callable[[DisclosureRequest, forms.Form], dict | None] | None = None


def _require_fee_waiver(user, r: DisclosureRequest) -> None:
    if not permissions.can_waive_fee(user, r):
        raise PermissionDenied(_("减免信息处理费须经政府信息公开工作机构负责人同意。"))


def _require_extension_approver(user, r: DisclosureRequest) -> None:
    if not permissions.can_approve_extension(user, r):
        raise PermissionDenied(_("延期答复须经政府信息公开工作机构负责人同意。"))


def _require_secrecy_reviewer(user, r: DisclosureRequest) -> None:
    if not permissions.can_review_secrecy(user, r):
        raise PermissionDenied(_("您没有此申请答复的保密审查权限。"))


def _reply_data(data: dict) -> actions.ReplyData:
    return actions.ReplyData(
        outcome=data["outcome"],
        reply_text=data["reply_text"],
        withheld=data["withheld"],
        published_reference=data["published_reference"],
        fee_method=data["fee_method"],
        fee_pages=data["fee_pages"],
        not_responsible=data["not_responsible"],
        responsible_agency=data["responsible_agency"],
        responsible_agency_contact=data["responsible_agency_contact"],
        agency_unknown=data["agency_unknown"],
        special_procedure=data["special_procedure"],
        legal_basis=data["legal_basis"],
    )


def _drafted(_r, draft: DisclosureRequest, _data) -> str:
    if actions.awaits_secrecy_review(draft):
        return _("已保存答复草稿。予以公开、部分公开的答复须经保密审查后才能发送。")
    return _("已保存答复草稿，核对后请发送答复。")


STEPS: dict[str, Step] = {
    "assign": Step(
        AssignForm,
        lambda actor, r, d, _t: actions.assign_handler(
            actor=actor, request=r, handler=d["handler"]
        ),
        gettext_lazy("已分配经办人。"),
        form_kwargs=lambda r: {"handlers": handlers(r)},
    ),
    "correction": Step(
        CorrectionForm,
        lambda actor, r, d, _t: actions.request_correction(
            actor=actor,
            request=r,
            on=d["on"],
            items=d["items"],
            deadline=d["deadline"],
            late_reason=d["late_reason"],
        ),
        gettext_lazy("已生成补正告知书，答复期限暂停计算，待申请人补正。"),
    ),
    "corrected": Step(
        CorrectedForm,
        lambda actor, r, d, _t: actions.receive_correction(
            actor=actor,
            request=r,
            on=d["on"],
            note=d["note"],
            file=d["file"],
            late_reason=d["late_reason"],
        ),
        gettext_lazy("已登记补正材料，答复期限自收到之日起重新计算。"),
    ),
    "consult": Step(
        ConsultationStartForm,
        lambda actor, r, d, _t: actions.start_consultation(
            actor=actor,
            request=r,
            party=d["party"],
            party_name=d["party_name"],
            on=d["on"],
            matter=d["matter"],
        ),
        gettext_lazy("已生成征求意见函，答复期限暂停计算。收到送达回证后请登记送达日期。"),
    ),
    "consult_delivered": Step(
        ConsultationDeliveredForm,
        lambda actor, r, d, consultation: actions.record_consultation_delivery(
            actor=actor, consultation=consultation, on=d["on"]
        ),
        gettext_lazy("已登记送达日期，意见期限自该日起计算。"),
        target=lambda r, ids: get_object_or_404(Consultation, pk=ids["consultation_pk"], request=r),
    ),
    "consult_end": Step(
        ConsultationEndForm,
        lambda actor, r, d, consultation: actions.end_consultation(
            actor=actor,
            consultation=consultation,
            on=d["on"],
            answer=d["answer"],
            opinion=d["opinion"],
        ),
        gettext_lazy("征求意见已结束，答复期限恢复计算。"),
        target=lambda r, ids: get_object_or_404(Consultation, pk=ids["consultation_pk"], request=r),
    ),
    "consult_notify": Step(
        ThirdPartyNoticeForm,
        lambda actor, r, d, consultation: actions.notify_third_party(
            actor=actor,
            consultation=consultation,
            on=d["on"],
            content=d["content"],
            reason=d["reason"],
        ),
        gettext_lazy("已生成告知第三方决定公开书。"),
        target=lambda r, ids: get_object_or_404(Consultation, pk=ids["consultation_pk"], request=r),
    ),
    "extend": Step(
        ExtensionForm,
        lambda actor, r, d, _t: actions.extend(
            actor=actor, request=r, days=d["days"], reason=d["reason"], on=d["on"]
        ),
        gettext_lazy("已延期答复，并生成延期答复告知书。"),
        allowed=_require_extension_approver,
    ),
    "reply": Step(
        ReplyForm,
        lambda actor, r, d, _t: actions.draft_reply(
            actor=actor, request=r, data=_reply_data(d), attachments=d["attachments"]
        ),
        _drafted,
    ),
    "send": Step(
        SendReplyForm,
        lambda actor, r, d, _t: actions.send_reply(actor=actor, request=r, on=d["on"]),
        gettext_lazy("已作出答复，并生成答复告知书。"),
    ),
    "secrecy": Step(
        SecrecyReviewForm,
        lambda actor, r, d, _t: actions.review_secrecy(
            actor=actor,
            request=r,
            agreed=d["decision"] == SecrecyReviewForm.AGREE,
            opinion=d["opinion"],
            on=d["on"],
        ),
        gettext_lazy("已记录保密审查意见。"),
        allowed=_require_secrecy_reviewer,
    ),
    "reasons": Step(
        ReasonsForm,
        lambda actor, r, d, _t: actions.request_reasons(
            actor=actor, request=r, on=d["on"], grounds=d["grounds"]
        ),
        gettext_lazy("已生成说明理由告知书，答复期限继续计算。"),
    ),
    "delay": Step(
        DelayForm,
        lambda actor, r, d, _t: actions.delay_reply(
            actor=actor, request=r, on=d["on"], reasons=d["reasons"], due=d["due"]
        ),
        gettext_lazy("已确定延迟答复期限，并生成延迟答复告知书。"),
    ),
    "deliver": Step(
        DeliveryForm,
        lambda actor, r, d, _t: actions.record_delivery(
            actor=actor, request=r, on=d["on"], note=d["note"]
        ),
        gettext_lazy("已登记送达。"),
    ),
    "review": Step(
        ReviewAddForm,
        lambda actor, r, d, _t: actions.add_review_case(
            actor=actor,
            request=r,
            kind=d["kind"],
            filed_on=d["filed_on"],
            body=d["body"],
            note=d["note"],
        ),
        gettext_lazy("已登记行政复议或行政诉讼。"),
    ),
    "review_conclude": Step(
        ReviewConcludeForm,
        lambda actor, _r, d, case: actions.conclude_review_case(
            actor=actor, case=case, result=d["result"], concluded_on=d["concluded_on"]
        ),
        gettext_lazy("已登记审结结果。"),
        target=lambda r, ids: get_object_or_404(ReviewCase, pk=ids["case_pk"], request=r),
        key=case_key,
    ),
    # 国办函〔2020〕109号: the information processing fee (views/staff/fees.py shows them).
    "split": Step(
        SplitForm,
        lambda actor, r, d, _t: actions.split_application(
            actor=actor, request=r, count=d["count"], reason=d["reason"], on=d["on"]
        ),
        gettext_lazy("已登记拆分计件。"),
    ),
    "fee_notice": Step(
        FeeNoticeForm,
        lambda actor, r, d, _t: actions.send_fee_notice(
            actor=actor,
            request=r,
            method=d["fee_method"],
            pages=d["fee_pages"],
            payment_method=d["payment_method"],
            on=d["on"],
            received_on=d["received_on"],
        ),
        gettext_lazy("已生成收费通知，答复期限暂停计算，待申请人缴费。"),
        preview=fee_preview,
    ),
    "fee_received": Step(
        FeeReceivedForm,
        lambda actor, r, d, _t: actions.record_fee_notice_received(
            actor=actor, request=r, on=d["on"]
        ),
        gettext_lazy("已登记申请人收到收费通知的日期，缴费期限自次日起计算。"),
    ),
    "fee_paid": Step(
        FeePaidForm,
        lambda actor, r, d, _t: actions.record_fee_payment(
            actor=actor, request=r, on=d["on"], note=d["note"]
        ),
        gettext_lazy("已登记缴费，答复期限自次日起恢复计算。"),
    ),
    "fee_waive": Step(
        FeeWaiverForm,
        lambda actor, r, d, _t: actions.waive_fee(
            actor=actor,
            request=r,
            reason=d["reason"],
            on=d["on"],
            method=d.get("fee_method") or FeeMethod.NONE,
            pages=d.get("fee_pages"),
        ),
        gettext_lazy("已减免信息处理费。"),
        allowed=_require_fee_waiver,
        form_kwargs=lambda r: {"notified": ProcessingFee.objects.filter(request=r).exists()},
    ),
}


def run_step(request, r: DisclosureRequest, name: str, **ids):
    """Bind step `name`'s form, call its action, and go back to the request page; on refused
    input show the page again with the error next to the field and the input kept."""
    step = STEPS[name]
    if step.allowed is not None:
        step.allowed(request.user, r)
    key, form, target = _bind(r, name, request.POST, request.FILES, **ids)
    if step.preview is not None and "calculate" in request.POST:
        form.preview = step.preview(r, form)
        return detail_page(request, r, bound={key: form})
    if form.is_valid():
        try:
            with errors_into(form):
                result = step.act(request.user, r, form.cleaned_data, target)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(r)
        if not form.errors:
            done = step.done(r, result, form.cleaned_data) if callable(step.done) else step.done
            messages.success(request, str(done))
            return redirect(r)
    # A browser does not send a file input's choice again: say so next to the input.
    for field_name in form.fields:
        if request.FILES.getlist(field_name):
            form.add_error(field_name, _("表单未保存，文件需重新选择。"))
    return detail_page(request, r, bound={key: form})


def _bind(r: DisclosureRequest, name: str, data, files=None, **ids):
    """Step `name`'s form on `r` bound to `data`: (its place on the page, form, target)."""
    step = STEPS[name]
    target = step.target(r, ids) if step.target is not None else None
    key = step.key(target) if step.key is not None else name
    form = step.form_class(data, files, auto_id=f"id_{key}_%s", **step.form_kwargs(r))
    return key, form, target


def _restore(name: str):
    """The request page with step `name`'s form holding what was typed before the session
    ended (core.drafts): shown to be checked and sent again, nothing done."""

    def restore(request, data, pk: int, **ids):
        r = get_request_for_user(request.user, pk)
        key, form, _target = _bind(r, name, data, **ids)
        return detail_page(request, r, bound={key: form})

    return restore


def step_view(name: str):
    """The POST view of step `name`: the request (`pk`) and any target named in the URL."""
    if name not in STEPS:  # fails when the URLs load, not on the first post
        raise KeyError(f"no step {name!r}")

    @staff_required
    @action_view(request_page, restore=_restore(name))
    def view(request, pk: int, **ids):
        return run_step(request, get_request_for_user(request.user, pk), name, **ids)

    view.__name__ = view.__qualname__ = f"step_{name}"
    return view


def _fee_preview(r: DisclosureRequest, method: str, pages: int) -> dict:
    """The fee by the one method chosen, as the fee notice counts it (actions.fee_quote)."""
    quote = actions.fee_quote(r, method, pages)
    return {"amount": quote.yuan, "basis": fees.basis_text(quote)}


@staff_required
@action_view(request_page, restore=_restore("reply"))
def step_reply(request, pk: int):
    """The reply step, whose form also has the fee calculator (条例 Art. 42, 国办函〔2020〕
    109号): its button shows the page again with the amount, saving nothing."""
    r = get_request_for_user(request.user, pk)
    if "calculate" in request.POST:
        form = ReplyForm(request.POST, auto_id="id_reply_%s")
        fee_input = form.fee_input()
        preview = _fee_preview(r, *fee_input) if fee_input else None
        return detail_page(request, r, bound={"reply": form}, fee_preview=preview)
    return run_step(request, r, "reply")
