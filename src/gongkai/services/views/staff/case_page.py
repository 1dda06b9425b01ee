"""The case page: the application with the applicant masked (shown in full only through an
audited action), its materials and documents, the steps with who, when and which opinion,
both clocks, the special procedures and notices, and the forms of the next steps its status
allows (each posts to its own address: steps.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.clock import clock_state, today
from gongkai.core.decorators import action_view, staff_required
from gongkai.core.downloads import serve_upload
from gongkai.core.models import Clock
from gongkai.services import forms_staff, permissions
from gongkai.services.actions.ratings import can_rate
from gongkai.services.actions.reveal import record_refused_reveal, reveal_applicant
from gongkai.services.models import Case, CaseDocument, CaseMaterial
from gongkai.services.queries import handlers_for
from gongkai.services.views.staff._access import (
    CASE_RELATED,
    get_case_for_user,
    masked_applicant,
)

Status = Case.Status
# Before a decision is taken the case may still be withdrawn, voided or forwarded.
UNDECIDED = (Status.SUBMITTED, Status.AWAITING_APPLICANT, Status.REVIEW, Status.DECISION)


def case_page_url(number: str, **_ids) -> str:
    """The address of case `number`'s page, where the forms of its steps are."""
    return reverse("services:staff:case", args=[number])


def flagged_materials(materials: list[CaseMaterial]) -> list[CaseMaterial]:
    """The rows a one-time notice asked for: missing or not as required."""
    wanted = (CaseMaterial.State.MISSING, CaseMaterial.State.DEFECTIVE)
    return [row for row in materials if row.state in wanted]


def available(user, case: Case, procedures: list) -> dict:
    """Which next steps the case's status allows this user (the actions check again)."""
    decides = permissions.can_decide(user, case.department)
    legal = case.legal_clock
    open_procedure = next((p for p in procedures if p.ended_on is None), None)
    return {
        "assign": case.status in UNDECIDED or case.status == Status.SPECIAL,
        "accept": case.status == Status.SUBMITTED,
        "refuse": case.status == Status.SUBMITTED,
        "notice": case.status == Status.SUBMITTED,
        "supply": case.status == Status.AWAITING_APPLICANT,
        "review": case.status == Status.REVIEW,
        "extend": decides
        and not case.extended
        and case.status in (Status.REVIEW, Status.DECISION)
        and legal is not None
        and legal.state == Clock.State.RUNNING
        and today() <= legal.due_date,
        "special_start": case.status in (Status.REVIEW, Status.DECISION),
        "special_end": open_procedure,
        "decide": decides and case.status == Status.DECISION,
        "close": case.status in UNDECIDED,
        "deliver": case.status == Status.COMPLETED and case.delivered_on is None,
    }


def blank_forms(case: Case, materials: list, on) -> dict:
    return {
        "assign": forms_staff.AssignForm(
            auto_id="id_assign_%s",
            handlers=handlers_for(case.department),
            initial={"handler": case.handler_id},
        ),
        "accept": forms_staff.AcceptForm(auto_id="id_accept_%s"),
        "refuse": forms_staff.RefuseForm(auto_id="id_refuse_%s"),
        "notice": forms_staff.NoticeForm(auto_id="id_notice_%s", materials=materials),
        "supply": forms_staff.SupplyForm(
            auto_id="id_supply_%s", materials=flagged_materials(materials)
        ),
        "review": forms_staff.ReviewForm(auto_id="id_review_%s"),
        "extend": forms_staff.ExtendForm(auto_id="id_extend_%s"),
        "special_start": forms_staff.SpecialStartForm(
            auto_id="id_special_start_%s", initial={"on": on}
        ),
        "special_end": forms_staff.SpecialEndForm(auto_id="id_special_end_%s", initial={"on": on}),
        "decide": forms_staff.DecideForm(auto_id="id_decide_%s"),
        "close": forms_staff.CloseForm(auto_id="id_close_%s"),
        "deliver": forms_staff.DeliverForm(
            auto_id="id_deliver_%s", initial={"on": on, "method": case.delivery}
        ),
    }


def case_page(request, case: Case, *, bound: dict | None = None, revealed: dict | None = None):
    """The case page; `bound` holds a step's form posted back with errors, by step name."""
    on = today()
    materials = list(case.materials.select_related("upload"))
    steps = list(case.steps.select_related("actor", "document"))
    documents = list(case.documents.select_related("upload"))
    procedures = list(case.special_procedures.all())
    notices = list(case.notices.select_related("issued_by"))
    forms = blank_forms(case, materials, on)
    forms.update({key: form for key, form in (bound or {}).items() if key in forms})
    can = available(request.user, case, procedures)
    context = {
        "case": case,
        "masked": masked_applicant(case),
        "revealed": revealed,
        "materials": materials,
        "steps": steps,
        "documents": documents,
        "procedures": procedures,
        "notices": notices,
        "intake_clock": clock_state(case.intake_clock),
        "legal_clock": clock_state(case.legal_clock),
        "promised_clock": clock_state(case.promised_clock),
        "forms": forms,
        "can": can,
        "nothing_to_do": not any(can.values()),
        "can_rate": can_rate(case),  # the window's rating pad (一次一评)
    }
    return render(request, "services/staff/case.html", context)


@staff_required
@require_http_methods(["GET", "HEAD"])
def case_detail(request, number: str):
    return case_page(request, get_case_for_user(request.user, number))


@never_cache
@staff_required
@action_view(case_page_url)
def case_identity(request, number: str):
    """查看完整信息: the applicant's identity and contact data, audited; a refusal too."""
    case = get_object_or_404(Case.objects.select_related(*CASE_RELATED), number=number)
    try:
        revealed = reveal_applicant(actor=request.user, case=case)
    except PermissionDenied:
        record_refused_reveal(actor=request.user, case=case)
        raise
    return case_page(request, case, revealed=revealed)


@staff_required
@require_http_methods(["GET", "HEAD"])
def material_download(request, number: str, pk: int):
    case = get_case_for_user(request.user, number)
    row = get_object_or_404(
        CaseMaterial.objects.select_related("upload__file"), pk=pk, case=case, upload__isnull=False
    )
    return serve_upload(row.upload, f"case-file-{row.upload.pk}")


@staff_required
@require_http_methods(["GET", "HEAD"])
def document_download(request, number: str, pk: int):
    case = get_case_for_user(request.user, number)
    document = get_object_or_404(
        CaseDocument.objects.select_related("upload__file"), pk=pk, case=case
    )
    return serve_upload(document.upload, f"case-file-{document.upload.pk}")
