"""The request page: the application, the applicant's identity masked (shown in full only
through an audited action), the reply clock, the timeline, documents, consultations, reviews
and the forms of the next steps the request's status allows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import identity, pii
from gongkai.core.clock import clock_state, today
from gongkai.core.decorators import action_view, staff_required
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import DisclosureRequest, RequestEvent
from gongkai.disclosure.rules import ReviewResult, outcome_group
from gongkai.disclosure.staff_forms import (
    AssignForm,
    ConsultationDeliveredForm,
    ConsultationEndForm,
    ConsultationStartForm,
    CorrectedForm,
    CorrectionForm,
    DeliveryForm,
    ExtensionForm,
    ReviewAddForm,
    ReviewConcludeForm,
    ThirdPartyNoticeForm,
)
from gongkai.disclosure.views.staff._access import (
    REQUEST_RELATED,
    applicant_shown,
    get_request_for_user,
)
from gongkai.disclosure.views.staff.fees import fee_context
from gongkai.disclosure.views.staff.reply_page import reply_forms, reply_steps


def request_page(pk: int, **_ids) -> str:
    """The address of request `pk`'s page, where the forms of its steps are."""
    return reverse("disclosure:staff:request", args=[pk])


def handlers(disclosure_request: DisclosureRequest):
    """Who may be assigned: the officers and heads of the agency's disclosure office."""
    return permissions.possible_handlers(disclosure_request.department)


def _masked_email(value: str) -> str:
    local, at, domain = (value or "").partition("@")
    if not at:
        return pii.MASK_CHAR * len(local)
    return f"{local[:1]}{pii.MASK_CHAR * max(len(local) - 1, 1)}@{domain}"


def masked_identity(disclosure_request: DisclosureRequest) -> dict:
    r = disclosure_request
    return {
        "applicant_name": applicant_shown(r),
        "legal_representative": pii.mask_name(r.legal_representative),
        "contact_person": pii.mask_name(r.contact_person),
        "id_number": pii.mask_id_number(r.id_number),
        "phone": identity.mask_phone(r.phone),
        "email": _masked_email(r.email) if r.email else "",
        "address": _("（已隐藏）") if r.address else "",
    }


def _available(user, r: DisclosureRequest, consultations: list) -> dict:
    """Which next steps the request's status allows (the actions check again); a step on a
    consultation is that consultation."""
    processing = r.status == DisclosureRequest.Status.PROCESSING
    is_open = r.status in actions.OPEN_STATES
    open_consultation = next((c for c in consultations if c.ended_on is None), None)
    return {
        "assign": is_open,
        "correction": processing
        and not r.events.filter(kind=RequestEvent.Kind.CORRECTION_REQUESTED).exists(),
        "corrected": actions.awaits_correction(r),
        "consult": processing,
        "consult_delivered": open_consultation
        if open_consultation and open_consultation.delivered_on is None
        else None,
        "consult_end": open_consultation,
        "consult_notify": is_open
        and next((c for c in consultations if c.awaits_disclosure_notice), None),
        "extend": is_open
        and not r.extended
        and r.status != DisclosureRequest.Status.CORRECTION
        and not actions.reply_period_over(r)
        and permissions.can_approve_extension(user, r),
        "reply": processing,
        "deliver": r.finished_on is not None and r.delivered_on is None,
        "review": r.finished_on is not None,
    }


def case_key(case) -> str:
    """The place of a review case's conclusion form on the page (its fields' id prefix)."""
    return f"case{case.pk}"


def detail_page(
    request,
    r: DisclosureRequest,
    *,
    bound: dict | None = None,
    revealed: dict | None = None,
    fee_preview: dict | None = None,
):
    """The request page; `bound` holds forms posted back with errors, by their place on it
    (a step's name, or `case_key(case)` for a review case's conclusion)."""
    user = request.user
    on = today()
    bound = bound or {}
    events = list(r.events.select_related("actor", "document__upload"))
    documents = list(r.documents.select_related("upload"))
    consultations = list(
        r.consultations.select_related(
            "opinion_clock", "letter__upload", "disclosure_notice__upload"
        )
    )
    for consultation in consultations:
        consultation.clock_state = clock_state(consultation.opinion_clock)
    cases = list(r.reviews.all())
    forms = {
        "assign": AssignForm(
            auto_id="id_assign_%s", handlers=handlers(r), initial={"handler": r.handler_id}
        ),
        "correction": CorrectionForm(auto_id="id_correction_%s", initial={"on": on}),
        "corrected": CorrectedForm(auto_id="id_corrected_%s", initial={"on": on}),
        "consult": ConsultationStartForm(auto_id="id_consult_%s", initial={"on": on}),
        "consult_delivered": ConsultationDeliveredForm(
            auto_id="id_consult_delivered_%s", initial={"on": on}
        ),
        "consult_end": ConsultationEndForm(auto_id="id_consult_end_%s", initial={"on": on}),
        "consult_notify": ThirdPartyNoticeForm(auto_id="id_consult_notify_%s", initial={"on": on}),
        "extend": ExtensionForm(auto_id="id_extend_%s", initial={"on": on}),
        **reply_forms(r, on),
        "deliver": DeliveryForm(auto_id="id_deliver_%s", initial={"on": on}),
        "review": ReviewAddForm(auto_id="id_review_%s"),
    }
    forms.update({key: form for key, form in bound.items() if key in forms})
    for case in cases:
        key = case_key(case)
        if key in bound:
            case.form = bound[key]
        elif case.result == ReviewResult.PENDING:
            case.form = ReviewConcludeForm(
                auto_id=f"id_{key}_%s", initial={"result": ReviewResult.PENDING}
            )
        else:
            case.form = None
    context = {
        "r": r,
        "masked": masked_identity(r),
        "revealed": revealed,
        "organisation": r.is_organisation,
        "reply_clock": clock_state(r.reply_clock),
        "correction_clock": clock_state(r.correction_notice_clock),
        "events": events,
        "documents": documents,
        "consultations": consultations,
        "cases": cases,
        "forms": forms,
        # A 保密审查 reviewer who does not handle the request has only that step here.
        "can": {
            **(_available(user, r, consultations) if permissions.can_handle(user, r) else {}),
            **reply_steps(user, r),
        },
        "fee_preview": fee_preview,
        "outcome_label": _outcome_label(r.outcome),
        # 国办函〔2020〕109号: the information processing fee, its notice and next steps.
        **fee_context(user, r, on=on, bound=bound),
    }
    return render(request, "disclosure/staff/detail.html", context)


def _outcome_label(code: str) -> str:
    if not code:
        return ""
    group = outcome_group(code)
    reason = dict(group.reasons).get(code, "")
    return f"{group.label} {reason}".strip()


@staff_required
@require_http_methods(["GET", "HEAD"])
def request_detail(request, pk: int):
    return detail_page(request, get_request_for_user(request.user, pk))


@never_cache
@staff_required
@action_view(request_page)
def request_identity(request, pk: int):
    """查看身份信息: the full identity and contact data, audited; a refusal is audited too."""
    disclosure_request = get_object_or_404(
        DisclosureRequest.objects.select_related(*REQUEST_RELATED), pk=pk
    )
    try:
        revealed = actions.reveal_identity(actor=request.user, request=disclosure_request)
    except PermissionDenied:
        actions.record_refused_identity_view(actor=request.user, request=disclosure_request)
        raise
    revealed["applicant_name"] = disclosure_request.applicant_name
    revealed["legal_representative"] = disclosure_request.legal_representative
    revealed["contact_person"] = disclosure_request.contact_person
    return detail_page(request, disclosure_request, revealed=revealed)
